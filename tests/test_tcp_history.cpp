// The TCP endpoint without property-only ghosts: what the properties ask about its history
// is kept by spec monitors (properties/tcp_history.cpp) that read the endpoint's state
// before and after each step, the step's event and the segment it delivers.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/errors.hpp"
#include "checker/smt/smt_check.hpp"
#include "checker/system.hpp"
#include "helpers.hpp"
#include "machines/tcp/tcp.hpp"
#include "properties/tcp_history.hpp"

using synack::checker::Verdict;
using synack::testing::check;
namespace tcp = synack::machines::tcp;

TEST_CASE("the TCP endpoint's variables are RFC 9293's, its ghosts gone to monitors") {
  auto endpoint = tcp::make_endpoint("tcp-endpoint", tcp::Params{});
  std::vector<std::string> names;
  for (const auto& v : endpoint->variables()) names.push_back(v.name);
  CHECK(names == std::vector<std::string>{"iss", "irs", "snd_una", "snd_nxt", "rcv_nxt", "retries",
                                          "passive", "incarnation", "isn_clock", "isn_step",
                                          "queued", "conn_tag", "rto_timer", "tw_timer",
                                          "tfo_cookie", "tfo_accepted", "tx_pending", "in_flight"});
  for (const char* ghost :
       {"peer_syn_seen", "stale_accepted", "reset_closing", "reset_open", "connect_failed",
        "closed_cleanly", "reset_data", "rst_for_fin", "app_received", "delivered", "fin_received"})
    CHECK(std::find(names.begin(), names.end(), ghost) == names.end());
}

// The verdicts and trace lengths the ghosts gave (baselines/bundled.json before the move).
TEST_CASE("properties over the history monitors give the ghosts' verdicts and traces") {
  auto loss = check("tcp/handshake-loss");
  const auto& reset = loss.result("half-open-reset-by-data");
  CHECK(reset.verdict == Verdict::kHolds);
  CHECK(reset.trace->steps.size() == 9);
  CHECK(loss.events("half-open-reset-by-data").back() == "client rcv RST");
  const auto& failed = loss.result("connect-fails-after-retries");
  CHECK(failed.verdict == Verdict::kHolds);
  CHECK(loss.events("connect-fails-after-retries") ==
        std::vector<std::string>{"client connect", "client timeout", "client timeout"});

  auto replay = check("tcp/tfo-replay");
  const auto& twice = replay.result("syn-data-at-most-once");
  CHECK(twice.verdict == Verdict::kViolated);
  CHECK(twice.trace->steps.size() == 6);

  auto close = check("tcp/simultaneous-close");
  CHECK(close.result("both-closed").verdict == Verdict::kHolds);
  CHECK(close.result("both-closed").trace->steps.size() == 10);
}

// A monitor reads the delivered segment's fields: a RST is told from an ACK by its flags,
// though both take LAST-ACK to CLOSED.
TEST_CASE("a monitor reads the fields of the message a step delivers") {
  synack::checker::System sys;
  tcp::Params p;
  p.incarnations = 1;
  auto endpoint = tcp::make_endpoint("tcp-endpoint", p);
  std::size_t c = sys.add_actor("client", endpoint, {"connect", "close", "2MSL timeout"});
  std::size_t s = sys.add_actor("server", endpoint, {"listen", "close"});
  synack::checker::ChannelPolicy reliable{2, true, false, 0};
  sys.add_channel("c2s", c, s, reliable);
  sys.add_channel("s2c", s, c, reliable);
  sys.add_monitor({"seen",
                   {{"rst"}, {"last_flags", 15}},
                   {{"step.kind == deliver && step.message.flags / 4 % 2 == 1", {{"rst", "1"}}},
                    {"step.kind == deliver", {{"last_flags", "step.message.flags"}}}}});
  sys.finalize();
  std::vector<synack::checker::PropertySpec> props{
      {"syn", synack::checker::PropertyKind::kSometimes,
       "seen.last_flags == 1 && server.state == SYN_RECEIVED", "", Verdict::kHolds},
      // A SYN that reaches the server before it listens draws a RST-ACK, which refuses the
      // client's connection.
      {"no-rst", synack::checker::PropertyKind::kAlways, "seen.rst == 0", "", Verdict::kViolated}};
  auto results = synack::checker::check_properties(sys, props, synack::checker::Limits{});
  CHECK(results.at(0).verdict == Verdict::kHolds);
  CHECK(results.at(0).trace->steps.size() == 3);
  const auto& rst = results.at(1);
  CHECK(rst.verdict == Verdict::kViolated);
  REQUIRE(rst.trace);
  CHECK(rst.trace->steps.size() == 3);
  CHECK(rst.trace->steps.back().info.event == "rcv RST");
  // The Z3 encoding reads the same field of the channel position delivered: the same
  // shortest trace, replayed through the machines.
  synack::checker::smt::SmtLimits limits;
  limits.max_depth = 4;
  auto bmc =
      synack::checker::smt::check_with_smt(sys, props, synack::checker::smt::Engine::kBmc, limits);
  CHECK(bmc.at(0).verdict == Verdict::kHolds);
  CHECK(bmc.at(0).trace->steps.size() == 3);
  CHECK(bmc.at(1).verdict == Verdict::kViolated);
  REQUIRE(bmc.at(1).trace);
  CHECK(bmc.at(1).trace->steps.size() == 3);
}

TEST_CASE("a monitor naming a message field no sender has is refused in one line") {
  synack::checker::System sys;
  auto endpoint = tcp::make_endpoint("tcp-endpoint", tcp::Params{});
  std::size_t c = sys.add_actor("client", endpoint, {"connect"});
  std::size_t s = sys.add_actor("server", endpoint, {"listen"});
  sys.add_channel("c2s", c, s, {1, true, false, 0});
  sys.add_channel("s2c", s, c, {1, true, false, 0});
  sys.add_monitor({"seen", {{"x"}}, {{"step.message.flag == 1", {{"x", "1"}}}}});
  CHECK_THROWS_WITH(sys.finalize(), Catch::StartsWith("monitor seen: "));
}

TEST_CASE("the history monitor refuses a sequence space too small for its counts") {
  CHECK_THROWS_WITH(synack::properties::tcp_history("server", {}, 2),
                    "the TCP history monitor needs a sequence space of at least 3 (it has 2)");
}
