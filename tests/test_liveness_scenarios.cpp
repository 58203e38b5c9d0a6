// Liveness on the bundled protocols (issue: seed 002 sections 12 to 15): verdicts, the
// fairness each one needs, and every lasso's prefix and cycle.
#include <catch2/catch.hpp>

#include "helpers.hpp"

using synack::checker::PropertyKind;
using synack::checker::Result;
using synack::checker::Verdict;
using synack::testing::check;
using Steps = std::vector<std::string>;

namespace {

// One property of a bundled scenario, checked under other fairness than it declares.
Result check_under(const std::string& scenario, const std::string& property,
                   std::vector<std::string> fairness, const std::vector<std::string>& sets = {}) {
  auto all = synack::properties::bundled_scenarios();
  auto spec = *synack::properties::find_scenario(all, scenario).property(property);
  spec.fairness = std::move(fairness);
  auto model = synack::testing::build(scenario, sets);
  return synack::checker::check_properties(*model, {spec}, {})[0];
}

}  // namespace

TEST_CASE("alternating bit: in order, exactly once, and every message gets through") {
  auto c = check("arq/stop-and-wait");
  for (const char* p :
       {"in-order-exactly-once", "every-message-delivered", "completes", "deadlock-free"}) {
    INFO(p);
    CHECK(c.result(p).verdict == Verdict::kHolds);
    CHECK(c.result(p).states == 107);
  }
  CHECK(c.result("every-message-delivered").transitions == 407);
  CHECK(c.result("every-message-delivered").fairness == Steps{"fair-loss"});
}

TEST_CASE("alternating bit: without fair loss, a message can be lost forever") {
  Result r = check_under("arq/stop-and-wait", "every-message-delivered", {});
  CHECK(r.verdict == Verdict::kViolated);
  REQUIRE(r.trace);
  // send, then resend and lose the same frame forever.
  CHECK(r.trace->prefix_length() == 1);
  CHECK(r.trace->cycle_length() == 2);
  CHECK(r.trace->steps[1].info.event == "timeout");
  CHECK(r.trace->steps[2].info.event == "lose");
  // Weak fairness on the timer is not what is missing: the channel is.
  CHECK(check_under("arq/stop-and-wait", "every-message-delivered", {"wf(sender)"}).verdict ==
        Verdict::kViolated);
}

TEST_CASE("stop-and-wait without a sequence bit delivers a retransmission twice") {
  auto c = check("arq/stop-and-wait-no-seq");
  const auto& r = c.result("in-order-exactly-once");
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(r.states == 10);
  // The timeout fires before the ACK is back (a late ACK); the copy is taken as new.
  CHECK(c.steps("in-order-exactly-once") == Steps{"sender send", "sender timeout",
                                                  "receiver rcv DATA DATA0 m0",
                                                  "receiver rcv DATA DATA0 m0"});
}

TEST_CASE("the alternating-bit protocol fails on a reordering channel") {
  auto c = check("arq/stop-and-wait-reordering");
  const auto& r = c.result("in-order-exactly-once");
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(r.states == 39);
  // An old copy of frame 0 overtakes and is taken for message 2's frame (also bit 0).
  CHECK(c.steps("in-order-exactly-once") ==
        Steps{"sender send", "sender timeout", "receiver rcv DATA DATA0 m0", "sender rcv ACK ACK0",
              "sender send", "receiver rcv DATA DATA1 m1", "receiver rcv DATA DATA0 m0"});
}

TEST_CASE("zero window: without the persist timer both sides wait forever") {
  auto c = check("tcp/zero-window");
  const auto& r = c.result("sender-progress");
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(r.states == 151);
  REQUIRE(r.trace);
  CHECK(r.trace->prefix_length() == 5);
  CHECK(r.trace->cycle_length() == 0);  // nothing is enabled: stuck, not looping
  CHECK(c.steps("sender-progress") == Steps{"sender send", "receiver rcv DATA DATA 0",
                                            "receiver read", "sender rcv ACK ACK 1 wnd=0",
                                            "r2s lose ACK 1 wnd=1"});
  CHECK(c.model->summary(r.trace->steps.back().state.data()) ==
        "sender=ESTABLISHED receiver=ESTABLISHED");
  CHECK(c.result("deadlock-free").verdict == Verdict::kViolated);

  auto persist = check("tcp/zero-window", {"tcp.persist_timer=true"});
  CHECK(persist.result("sender-progress").verdict == Verdict::kHolds);
  CHECK(persist.result("sender-progress").states == 188);
  CHECK(persist.result("deadlock-free").verdict == Verdict::kHolds);
}

TEST_CASE("zero window with the persist timer needs every fairness it declares") {
  std::vector<std::string> sets{"tcp.persist_timer=true"};
  // Without fair loss the probe's answer may be lost forever.
  Result lossy =
      check_under("tcp/zero-window", "sender-progress", {"wf(sender)", "wf(receiver)"}, sets);
  CHECK(lossy.verdict == Verdict::kViolated);
  REQUIRE(lossy.trace);
  CHECK(lossy.trace->cycle_length() > 0);
  // Without weak fairness for the receiver its application need never read.
  Result lazy =
      check_under("tcp/zero-window", "sender-progress", {"wf(sender)", "fair-loss"}, sets);
  CHECK(lazy.verdict == Verdict::kViolated);
}

TEST_CASE("congestion control: RFC 5681's rules hold, and fast recovery is always left") {
  auto c = check("tcp/congestion");
  for (const char* p : {"cwnd-at-least-one", "timeout-resets-window", "fast-retransmit-halves",
                        "recovery-ends-at-ssthresh", "fast-recovery-left"}) {
    INFO(p);
    CHECK(c.result(p).verdict == Verdict::kHolds);
    CHECK(c.result(p).states == 272082);
  }
  const auto& reached = c.result("fast-recovery-reached");
  CHECK(reached.verdict == Verdict::kHolds);
  CHECK(reached.depth == 13);
  CHECK(reached.states == 1277);
  // Spurious timeouts resend segment 0 three times; its copies bring the duplicates.
  CHECK(c.events("fast-recovery-reached").back() == "sender rcv ACK");
  CHECK(c.model->summary(reached.trace->steps.back().state.data()) ==
        "sender=FAST-RECOVERY receiver=RECEIVING");
}

TEST_CASE("congestion control: a repeated timeout holds ssthresh (RFC 5681 3.1)") {
  auto model = synack::testing::build("tcp/congestion");
  synack::checker::PropertySpec repeated{
      "repeated", PropertyKind::kSometimes,
      "sender_history.last == REPEATED_TIMEOUT && sender.ssthresh == sender_history.prev_ssthresh "
      "&& sender.cwnd == 1",
      "", Verdict::kHolds};
  Result r = synack::checker::check_properties(*model, {repeated}, {})[0];
  CHECK(r.verdict == Verdict::kHolds);
  REQUIRE(r.trace);
  CHECK(r.trace->steps.size() == 3);  // send, RTO, RTO
}

TEST_CASE("fast recovery is left even without fairness: it can last only finitely many steps") {
  CHECK(check_under("tcp/congestion", "fast-recovery-left", {}).verdict == Verdict::kHolds);
}

TEST_CASE("handshake loss: every connect ends, and a half-open client is reset") {
  auto c = check("tcp/handshake-loss");
  CHECK(c.result("connect-terminates").verdict == Verdict::kHolds);
  CHECK(c.result("half-open-resolved").verdict == Verdict::kHolds);
  CHECK(c.result("half-open-resolved").states == 6187);
  CHECK(c.result("half-open-resolved").fairness == Steps{"fair-loss", "wf(client)", "wf(server)"});
}

TEST_CASE("half-open: fair loss alone is not enough, an ACK war starves the timers") {
  Result r = check_under("tcp/handshake-loss", "half-open-resolved", {"fair-loss"});
  CHECK(r.verdict == Verdict::kViolated);
  REQUIRE(r.trace);
  CHECK(r.trace->prefix_length() == 12);
  REQUIRE(r.trace->cycle_length() == 2);
  // Each side answers the other's unacceptable ACK with an ACK (RFC 9293 3.10.7.4).
  CHECK(r.trace->steps[12].info.actor == "server");
  CHECK(r.trace->steps[12].info.event == "rcv ACK");
  CHECK(r.trace->steps[13].info.actor == "client");
  CHECK(r.trace->steps[13].info.event == "rcv ACK");
}

// Time passes in every state where no timer is due, even when nothing else happens: such
// a tick changes no state, so the safety search drops it, but a run may consist of it.
TEST_CASE("timed liveness: a run may let time pass forever while nothing else happens") {
  using synack::checker::liveness;
  auto model = synack::testing::build("tcp/time-wait");
  auto leaves_closed = [&](std::vector<std::string> fairness) {
    return synack::checker::check_properties(
        *model,
        {liveness("leaves-closed", PropertyKind::kEventually, "client.state != CLOSED",
                  std::move(fairness), "", Verdict::kHolds)},
        {})[0];
  };
  // Nobody calls connect, and the clock ticks forever (fair to the clock, too).
  for (auto fairness : {std::vector<std::string>{}, std::vector<std::string>{"wf(clock)"}}) {
    Result r = leaves_closed(fairness);
    INFO(fairness.size());
    CHECK(r.verdict == Verdict::kViolated);
    REQUIRE(r.trace);
    CHECK(r.trace->prefix_length() == 0);
    REQUIRE(r.trace->cycle_length() == 1);
    CHECK(r.trace->steps[0].info.actor == "clock");
    CHECK(r.trace->steps[0].info.event == "tick");
  }
  // Fair to the client, its connect is taken: the idle ticks are no fair run.
  CHECK(leaves_closed({"wf(client)"}).verdict == Verdict::kHolds);
}
