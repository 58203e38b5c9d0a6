// A scenario that arms a machine's timer but does not offer the timer event that expires
// it: time cannot pass a due timer (System::apply_tick), so it would stop for good and
// every state beyond would go unexplored, without a word (a violated property read
// `holds`). Every engine that runs the machines names the mistake instead, exit 2.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "checker/check.hpp"
#include "checker/result.hpp"
#include "checker/smt/smt_check.hpp"
#include "library/timer_machine.hpp"
#include "synack/cli.hpp"
#include "tool_run.hpp"

namespace {

// The sender `s`, offered `events`, and the acker `a`, over a lossy timed channel each way.
synack::Scenario retrying(std::vector<std::string> events, timers::Params p = {}) {
  return synack::ScenarioBuilder("timers/retry", "a sender that resends on a timer")
      .channel_params(1, 0, true, false)
      .model([events, p](synack::Composition& c) {
        synack::ChannelPolicy timed = c.channel_policy();
        timed.msl = 2;
        auto s = c.actor("s", timers::make_sender(p), events);
        auto a = c.actor("a", timers::make_acker());
        c.channel("s2a", s, a, timed);
        c.channel("a2s", a, s, timed);
      })
      .always("tries-bounded", "s.tries <= 2", "the sender resends at most twice")
      .always("one-resend", "s.tries <= 1", "the sender resends at most once", synack::violated)
      .eventually("ends", "s.state == DONE", {"wf(s)", "wf(clock)"},
                  "the sender ends, acknowledged or giving up");
}

using Cli = synack::testing::ToolRun;

Cli run_timer_cli(const synack::Scenario& scenario, std::vector<const char*> args) {
  return synack::testing::run_tool(synack::Catalog{scenario}, std::move(args));
}

namespace smt = synack::checker::smt;

std::vector<synack::checker::Result> explicit_results(const synack::Scenario& s) {
  return synack::checker::check_properties(*s.build(s.defaults()), s.properties, {});
}

synack::checker::Result kind_result(const synack::Scenario& s, const std::string& property) {
  auto model = s.build(s.defaults());
  std::vector<synack::checker::PropertySpec> one;
  for (const auto& p : s.properties)
    if (p.name == property) one.push_back(p);
  return smt::check_with_smt(*model, one, smt::Engine::kKind, {8, 60000}).at(0);
}

// The sender is offered `give up` but not `retry`: its timer falls due one tick after the
// first send, and only `retry` would take it.
const std::string kRetryLeftOut =
    "mytool: s (machine retrier): timer retry_timer is due and the machine would take its "
    "timer event \"retry\" here, but the scenario does not offer it to s: time cannot pass a "
    "due timer, so it would stop for good and every state beyond would go unexplored; offer "
    "\"retry\" in s's environment events, or do not arm retry_timer\n";

std::string run_to_due_timer(const std::string& engine) {
  return "the run that leads there (3 steps, found by " + engine +
         "; the steps before the last replayed through the Boost.MSM machines):\n"
         "  0. (initial)   s=IDLE a=READY\n"
         "  1. s.send      s=WAITING a=READY\n"
         "  2. clock.tick  s=WAITING a=READY\n"
         "  3. clock.tick  (fails here)\n";
}

}  // namespace

TEST_CASE("timer mistakes: with its timer events offered, the sender's whole space") {
  const synack::Scenario s = retrying({"send", "retry", "give up"});
  auto results = explicit_results(s);
  REQUIRE(results.size() == 3);
  CHECK(results[0].verdict == synack::checker::Verdict::kHolds);  // tries-bounded
  CHECK(results[0].states == 62);
  CHECK(results[1].verdict == synack::checker::Verdict::kViolated);  // one-resend
  CHECK(results[2].verdict == synack::checker::Verdict::kHolds);     // ends
  CHECK(results[2].states == 62);
  CHECK(kind_result(s, "tries-bounded").verdict == synack::checker::Verdict::kHolds);
}

TEST_CASE("timer mistakes: a due timer whose event is not offered is named by every engine") {
  // Before, the clock stopped silently at the due timer: the check saw 9 of the 62 states,
  // and `one-resend` held, although the sender resends twice once `retry` is offered.
  const synack::Scenario s = retrying({"send", "give up"});
  for (const char* threads : {"1", "2"}) {
    INFO("threads " << threads);
    Cli c = run_timer_cli(s, {"check", "timers/retry", "--threads", threads});
    CHECK(c.code == 2);
    CHECK(c.err == kRetryLeftOut + run_to_due_timer("explicit"));
  }
  Cli live = run_timer_cli(s, {"check", "timers/retry", "--property", "ends"});
  CHECK(live.code == 2);
  CHECK(live.err == kRetryLeftOut + run_to_due_timer("explicit"));
  // The Z3 engines meet it as a range left: the tick takes the timer out of its range.
  for (const char* engine : {"bmc", "kind", "spacer"}) {
    INFO(engine);
    Cli z3 =
        run_timer_cli(s, {"check", "timers/retry", "--property", "one-resend", "--engine", engine});
    CHECK(z3.code == 2);
    CHECK(z3.err == kRetryLeftOut + run_to_due_timer(engine));
  }
  Cli lasso = run_timer_cli(s, {"check", "timers/retry", "--property", "ends", "--engine", "bmc"});
  CHECK(lasso.code == 2);
  CHECK(lasso.err == kRetryLeftOut + run_to_due_timer("bmc"));
  // A random walk and the swarm keep the run they took.
  Cli walk = run_timer_cli(s, {"simulate", "timers/retry", "--seed", "1"});
  CHECK(walk.code == 2);
  CHECK(walk.err == kRetryLeftOut +
                        "the run that leads there (4 steps, found by simulate; the steps before "
                        "the last replayed through the Boost.MSM machines):\n"
                        "  0. (initial)             s=IDLE a=READY\n"
                        "  1. s.send                s=WAITING a=READY\n"
                        "  2. s2a.deliver[0] ack=0  s=WAITING a=READY\n"
                        "  3. clock.tick            s=WAITING a=READY\n"
                        "  4. clock.tick            (fails here)\n");
  Cli swarm = run_timer_cli(
      s, {"check", "timers/retry", "--property", "tries-bounded", "--swarm", "2", "--seed", "1"});
  CHECK(swarm.code == 2);
  CHECK(swarm.err == kRetryLeftOut +
                         "the run that leads there (4 steps, found by swarm; the steps before "
                         "the last replayed through the Boost.MSM machines):\n"
                         "  0. (initial)          s=IDLE a=READY\n"
                         "  1. s.send             s=WAITING a=READY\n"
                         "  2. s2a.lose[0] ack=0  s=WAITING a=READY\n"
                         "  3. clock.tick         s=WAITING a=READY\n"
                         "  4. clock.tick         (fails here)\n");
}

TEST_CASE("timer mistakes: only the timer event the machine would take is named") {
  // `retry` is offered and takes the due timer while a try is left; with none left only
  // `give up` would, and that is the state (after two resends) the mistake shows in. Before,
  // the check saw 59 of the 62 states, and `ends` was violated by a clock stopped for good.
  const std::string error =
      "mytool: s (machine retrier): timer retry_timer is due and the machine would take its "
      "timer event \"give up\" here, but the scenario does not offer it to s: time cannot pass "
      "a due timer, so it would stop for good and every state beyond would go unexplored; offer "
      "\"give up\" in s's environment events, or do not arm retry_timer\n";
  auto run_of = [](const std::string& engine) {
    return "the run that leads there (7 steps, found by " + engine +
           "; the steps before the last replayed through the Boost.MSM machines):\n"
           "  0. (initial)   s=IDLE a=READY\n"
           "  1. s.send      s=WAITING a=READY\n"
           "  2. clock.tick  s=WAITING a=READY\n"
           "  3. s.retry     s=WAITING a=READY\n"
           "  4. clock.tick  s=WAITING a=READY\n"
           "  5. s.retry     s=WAITING a=READY\n"
           "  6. clock.tick  s=WAITING a=READY\n"
           "  7. clock.tick  (fails here)\n";
  };
  const synack::Scenario s = retrying({"send", "retry"});
  for (const char* engine : {"explicit", "bmc", "spacer"}) {
    INFO(engine);
    Cli c = run_timer_cli(
        s, {"check", "timers/retry", "--property", "tries-bounded", "--engine", engine});
    CHECK(c.code == 2);
    CHECK(c.err == error + run_of(engine));
  }
}

TEST_CASE("timer mistakes: a timer never armed needs no timer event offered") {
  // The variant without retries: the scenario leaves both timer events out and the sender
  // never arms its timer, so the clock never waits for it (as synack rtt's loss-free model
  // leaves out the TCP endpoints' timers, which its untimed endpoints never arm).
  const synack::Scenario s = retrying({"send"}, {false});
  auto results = explicit_results(s);
  REQUIRE(results.size() == 3);
  CHECK(results[0].verdict == synack::checker::Verdict::kHolds);
  CHECK(results[0].states == 9);
  CHECK(results[1].verdict == synack::checker::Verdict::kHolds);
  CHECK(kind_result(s, "one-resend").verdict == synack::checker::Verdict::kHolds);
}
