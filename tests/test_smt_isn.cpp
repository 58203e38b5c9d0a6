// Initial sequence numbers the Z3 engines choose (tcp.isn=free or differ): counterexamples
// start from the chosen clock values, are replayed through the real machines from there,
// and agree with the explicit engine once those values are pinned.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/smt/smt_check.hpp"
#include "helpers.hpp"

namespace {

using synack::checker::Result;
using synack::checker::Verdict;
namespace smt = synack::checker::smt;

Result bmc(const std::string& scenario, const std::string& property,
           const std::vector<std::string>& sets, std::size_t depth) {
  return synack::testing::check_smt(scenario, property, sets, smt::Engine::kBmc, depth);
}

std::string slot_text(const synack::checker::Model& model,
                      const std::vector<synack::checker::Value>& s, const std::string& name) {
  const auto& layout = model.layout();
  for (std::size_t i = 0; i < layout.size(); ++i)
    if (layout.slot(i).name == name) return layout.slot(i).print(s[i]);
  FAIL("no slot " << name);
  return "";
}

}  // namespace

TEST_CASE("free ISNs: the two-way handshake's stale SYN from a chosen clock", "[smt-isn]") {
  auto model =
      synack::testing::build("tcp/two-way-handshake", {"tcp.isn=free", "channel.capacity=1"});
  REQUIRE(model->open_initial_slots().size() == 4);  // each side's clock start and step
  Result r = bmc("tcp/two-way-handshake", "no-stale-connection",
                 {"tcp.isn=free", "channel.capacity=1"}, 6);
  REQUIRE(r.verdict == Verdict::kViolated);
  const auto& t = r.trace.value();  // replayed, or check_with_smt would have thrown
  REQUIRE(t.steps.size() == 4);
  // Any shortest violation: the client connects, the server listens and takes the SYN,
  // the client aborts (in some order after the connect).
  CHECK(t.steps[0].info.event == "connect");
  std::vector<std::string> rest;
  for (std::size_t i = 1; i < 4; ++i)
    rest.push_back(t.steps[i].info.actor + " " + t.steps[i].info.event);
  std::sort(rest.begin(), rest.end());
  CHECK(rest == std::vector<std::string>{"client abort", "server listen", "server rcv SYN"});
  // The server took the SYN of the connection the client abandoned: its IRS is the ISN the
  // client's clock gave that connection, whatever value Z3 chose for it.
  std::string isn = slot_text(*model, t.initial, "client.isn_clock");
  CHECK(slot_text(*model, t.steps.back().state, "server.irs") == isn);
  CHECK(slot_text(*model, t.steps.back().state, "client.state") == "CLOSED");
}

TEST_CASE("32-bit sequence numbers: the two-way handshake's stale SYN", "[smt-isn]") {
  const std::vector<std::string> sets = {"tcp.isn=free", "tcp.seq_bits=32", "channel.capacity=1"};
  auto model = synack::testing::build("tcp/two-way-handshake", sets);
  Result r = bmc("tcp/two-way-handshake", "no-stale-connection", sets, 6);
  REQUIRE(r.verdict == Verdict::kViolated);
  const auto& t = r.trace.value();
  REQUIRE(t.steps.size() == 4);
  std::string isn = slot_text(*model, t.initial, "client.isn_clock");
  CHECK(slot_text(*model, t.steps.back().state, "server.irs") == isn);
  // Every value Z3 chose fits the 32-bit space, and the replay kept it.
  for (const char* var : {"client.isn_clock", "client.isn_step", "server.isn_clock"}) {
    std::int64_t v = std::stoll(slot_text(*model, t.initial, var));
    CHECK(v >= 0);
    CHECK(v <= 4294967295);
  }
}

// The issue expected no-stale-connection to hold on the three-way handshake for every
// 32-bit choice of ISNs that differ between incarnations. The model disproves it: when the
// server's ISS is the last value of the space, 2^32 - 1, the client's RCV.NXT wraps to 0,
// and the RST-ACK a CLOSED server sent earlier (SEQ=0, RFC 9293 3.10.7.1) is then exactly
// acceptable (RFC 5961) and resets the new connection.
TEST_CASE("differing 32-bit ISNs: a stale RST with SEQ=0 meets RCV.NXT = 0", "[smt-isn]") {
  const std::vector<std::string> sets = {"tcp.isn=differ", "tcp.seq_bits=32",
                                         "channel.duplicates=0", "tcp.incarnations=1"};
  auto model = synack::testing::build("tcp/three-way-handshake", sets);
  Result r = bmc("tcp/three-way-handshake", "no-stale-connection", sets, 8);
  REQUIRE(r.verdict == Verdict::kViolated);
  const auto& t = r.trace.value();
  REQUIRE(t.steps.size() == 8);
  CHECK(slot_text(*model, t.initial, "server.isn_clock") == "4294967295");
  // differ: each side's step is coprime with the space of 2^32 (odd).
  CHECK(std::stoi(slot_text(*model, t.initial, "client.isn_step")) % 2 == 1);
  CHECK(std::stoi(slot_text(*model, t.initial, "server.isn_step")) % 2 == 1);
  bool stale_rst = false;
  for (const auto& step : t.steps)
    stale_rst = stale_rst || (step.info.actor == "client" && step.info.event == "rcv RST" &&
                              step.info.message.find("seq=0") != std::string::npos);
  CHECK(stale_rst);
}

// The same counterexample in a space of 16 with the start pinned at its last value, in
// both engines: equal verdicts, equal lengths.
TEST_CASE("an ISN clock pinned at the space's last value: explicit and bmc agree", "[smt-isn]") {
  const std::vector<std::string> sets = {"tcp.isn_start=15", "channel.duplicates=0",
                                         "tcp.incarnations=1"};
  auto checked = synack::testing::check("tcp/three-way-handshake", sets);
  const Result& ex = checked.result("no-stale-connection");
  REQUIRE(ex.verdict == Verdict::kViolated);
  CHECK(ex.trace->steps.size() == 8);
  Result r = bmc("tcp/three-way-handshake", "no-stale-connection", sets, 8);
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(r.trace->steps.size() == 8);
}
