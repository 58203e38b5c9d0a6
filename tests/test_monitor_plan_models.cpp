// The monitor plan (Monitor::plan_groups) against trying every rule, on every bundled
// scenario that has monitors: from each state of a breadth-first walk, every transition
// group's step must give the same successor, monitor variables included, both ways. A rule
// the plan drops wrongly for some group shows as a successor that differs. The same walk
// compares monitors whose writes are remembered beside the machine steps with monitors run
// on every step (System::observe_remembered).
#include <cstddef>
#include <deque>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/system.hpp"
#include "helpers.hpp"

using synack::checker::System;
using synack::checker::Value;

namespace {

struct Compared {
  std::size_t states = 0;
  std::size_t steps = 0;
  std::size_t monitored = 0;  // steps that changed a monitor variable
  std::vector<std::string> differences;
};

// Walks at most `cap` states of `planned`, applying every group in both systems.
Compared compare(const System& planned, const System& every, std::size_t cap) {
  Compared out;
  const std::size_t n = planned.layout().size();
  const std::size_t first = planned.first_monitor_slot();
  std::set<std::vector<Value>> seen{planned.initial_state()};
  std::deque<std::vector<Value>> queue{planned.initial_state()};
  while (!queue.empty() && out.states < cap) {
    std::vector<Value> from = std::move(queue.front());
    queue.pop_front();
    ++out.states;
    for (std::size_t g = 0; g < planned.group_count(); ++g) {
      std::vector<Value> a(n), b(n);
      const bool took_a = planned.apply(g, from.data(), a.data());
      const bool took_b = every.apply(g, from.data(), b.data());
      if (took_a != took_b || (took_a && a != b)) {
        if (out.differences.size() < 5) out.differences.push_back(planned.group_name(g));
        continue;
      }
      if (!took_a) continue;
      ++out.steps;
      if (!std::equal(a.begin() + first, a.end(), from.begin() + first)) ++out.monitored;
      if (seen.insert(a).second) queue.push_back(std::move(a));
    }
  }
  return out;
}

}  // namespace

TEST_CASE(
    "the monitor plan gives the successors that trying every rule gives on every bundled "
    "scenario with monitors",
    "[monitor][scenarios]") {
  std::size_t with_monitors = 0, monitored = 0;
  for (const auto& scenario : synack::properties::bundled_scenarios()) {
    if (!scenario.error.empty()) continue;
    auto planned = synack::testing::build(scenario.name);
    auto every = synack::testing::build(scenario.name);
    auto* p = dynamic_cast<System*>(planned.get());
    auto* e = dynamic_cast<System*>(every.get());
    if (!p || !e || p->first_monitor_slot() == p->layout().size()) continue;
    ++with_monitors;
    e->try_every_monitor_rule_for_testing();
    Compared c = compare(*p, *e, 3000);
    INFO(scenario.name << ": " << c.states << " states, " << c.steps << " steps");
    CHECK(c.differences == std::vector<std::string>{});
    CHECK(c.steps > 0);
    monitored += c.monitored;
  }
  // The comparison ran on the scenarios that have monitors, and their rules fired.
  CHECK(with_monitors == 18);
  CHECK(monitored > 0);
}

TEST_CASE(
    "monitor writes remembered beside the machine steps give the successors of monitors run "
    "on every step, on every bundled scenario with monitors",
    "[monitor][scenarios][cache]") {
  std::size_t with_monitors = 0, monitored = 0;
  std::vector<std::string> remembering;
  for (const auto& scenario : synack::properties::bundled_scenarios()) {
    if (!scenario.error.empty()) continue;
    auto remembered = synack::testing::build(scenario.name);
    auto run = synack::testing::build(scenario.name);
    auto* r = dynamic_cast<System*>(remembered.get());
    auto* e = dynamic_cast<System*>(run.get());
    if (!r || !e || r->first_monitor_slot() == r->layout().size()) continue;
    ++with_monitors;
    std::size_t groups = 0;
    for (std::size_t g = 0; g < r->group_count(); ++g) groups += r->remembers_monitor_writes(g);
    if (groups > 0) remembering.push_back(scenario.name);
    e->remember_monitor_writes_for_testing(false);
    Compared c = compare(*r, *e, 3000);
    INFO(scenario.name << ": " << c.states << " states, " << c.steps << " steps, " << groups
                       << " groups remembering");
    CHECK(c.differences == std::vector<std::string>{});
    monitored += c.monitored;
  }
  CHECK(with_monitors == 18);
  // Where a monitor reads only the acting machine's slots; the others (reading a channel,
  // another actor, or their own variables) run on every step, and are compared here too.
  CHECK(remembering ==
        std::vector<std::string>{"tcp/handshake-loss", "tcp/syn-flood", "tcp/congestion"});
  CHECK(monitored > 0);
}

TEST_CASE("tcp/congestion's monitor writes are remembered for the sender's steps only",
          "[monitor][cache]") {
  auto model = synack::testing::build("tcp/congestion", {"channel.capacity=1"});
  auto* sys = dynamic_cast<System*>(model.get());
  REQUIRE(sys);
  std::vector<std::string> remembering;
  for (std::size_t g = 0; g < sys->group_count(); ++g)
    if (sys->remembers_monitor_writes(g)) remembering.push_back(sys->group_name(g));
  // sender_history reads the sender's slots only, and watches the sender's steps: its two
  // environment events and the ACKs delivered to it.
  CHECK(remembering == std::vector<std::string>{"sender.send", "sender.RTO", "r2s.deliver[0]"});
  // Over the whole state space at capacity 1, both ways give the same successors.
  auto run = synack::testing::build("tcp/congestion", {"channel.capacity=1"});
  auto* e = dynamic_cast<System*>(run.get());
  e->remember_monitor_writes_for_testing(false);
  Compared c = compare(*sys, *e, 1000000);
  CHECK(c.differences == std::vector<std::string>{});
  CHECK(c.states == 54836);
  CHECK(c.monitored > 0);
}
