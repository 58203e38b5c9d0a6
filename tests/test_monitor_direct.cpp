// A monitor's plan reads most of its rules straight from the step (Monitor::GroupPlan:
// constants, single slots, slots compared with constants, "did any of these slots
// change") and runs the rest as programs over a view built on first need. Whatever form a
// rule takes, observing through the plan must give exactly what running every rule's
// program over the whole step gives, including a rule that reads a monitor variable an
// earlier rule of the same step assigned (it reads the value from before the step).
#include <cstddef>
#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/layout.hpp"
#include "checker/monitor.hpp"

namespace checker = synack::checker;
using checker::Monitor;
using checker::Value;

TEST_CASE("a monitor's direct forms give what its programs give on random steps", "[monitor]") {
  checker::Layout layout;
  layout.add({"a.state", 3, {}, nullptr});
  layout.add({"a.x", 3, {}, nullptr});
  layout.add({"b.y", 3, {}, nullptr});
  Monitor monitor(
      {"m",
       {{"last", 4, 0}, {"seen", 3, 0}, {"flag", 1, 0}, {"copy", 3, 0}},
       {// Any of three slots changed, one of them the monitor's own: kChanged.
        {"step.kind == env && (a.state' != a.state || a.x' != a.x || m.flag' != m.flag)",
         {{"last", "1"}}},
        // Slots compared with constants, before and after; a value read after the step.
        {"a.state == 1 && a.x' == 2", {{"seen", "a.x'"}}},
        // A variable rule 0 may have just set, read as it was before the step.
        // A constant `when` and the variable's own value, before the rule that sets it.
        {"true", {{"flag", "m.flag"}}},
        {"m.last' == 1", {{"flag", "1"}}},
        {"a.state != 3 && b.y' != 0 && m.seen == 0", {{"copy", "b.y"}}},
        // Programs that read only the state before the step, which run on it with no
        // view (a monitor variable among them, as it was before the step).
        {"a.x + b.y > 3", {{"seen", "(a.x + b.y) % 4"}}},
        {"m.seen + a.x > 4", {{"copy", "(m.copy + b.y) % 4"}}},
        // Programs over the view.
        {"!(a.state' == a.state)", {{"last", "2"}}},
        // A delivery's value read after the step.
        {"step.kind == deliver", {{"copy", "b.y'"}}}}});
  monitor.add_slots(layout);
  monitor.bind(layout, {{"a", "b"}, {"none", "go"}, {}});
  const std::vector<Monitor::StepId> steps = {
      {Monitor::kEnv, 0, 1}, {Monitor::kDeliver, 1, 0}, {Monitor::kTick, 2, 0}};
  monitor.plan_groups(steps);
  std::uint32_t seed = 2024;
  auto next = [&seed](Value max) {
    seed = seed * 1103515245u + 12345u;
    return static_cast<Value>((seed >> 16) % static_cast<std::uint32_t>(max + 1));
  };
  const std::vector<Value> maxes = {3, 3, 3, 4, 3, 1, 3};
  std::vector<std::size_t> differs_from_before(layout.size(), 0);
  std::size_t compared = 0;
  for (std::size_t g = 0; g < steps.size(); ++g)
    for (int k = 0; k < 3000; ++k) {
      std::vector<Value> from(layout.size()), to(layout.size());
      for (std::size_t i = 0; i < layout.size(); ++i) from[i] = next(maxes[i]);
      for (std::size_t i = 0; i < layout.size(); ++i) to[i] = next(maxes[i]);
      // Half the steps leave a.state and a.x as they were (kChanged's false case).
      if (k % 2 == 0) to[0] = from[0], to[1] = from[1];
      std::vector<Value> planned = to, every = to;
      monitor.observe(from.data(), every.data(), steps[g]);
      monitor.observe(g, from.data(), planned.data(), steps[g]);
      INFO("group " << g << " step " << k);
      REQUIRE(planned == every);
      ++compared;
      for (std::size_t i = 3; i < layout.size(); ++i) differs_from_before[i] += every[i] != from[i];
    }
  CHECK(compared == 9000);
  // Every monitor variable was set to a new value by some rule, often but not always.
  for (std::size_t i = 3; i < layout.size(); ++i) {
    INFO("slot " << layout.slot(i).name);
    CHECK(differs_from_before[i] > 100);
    CHECK(differs_from_before[i] < compared);
  }
}

TEST_CASE("a monitor watches only the groups whose steps may fire one of its rules", "[monitor]") {
  checker::Layout layout;
  layout.add({"a.state", 3, {}, nullptr});
  Monitor monitor({"m", {{"hit", 1, 0}}, {{"step.kind == env && a.state' == 2", {{"hit", "1"}}}}});
  monitor.add_slots(layout);
  monitor.bind(layout, {{"a"}, {"none", "go"}, {}});
  monitor.plan_groups({{Monitor::kEnv, 0, 1}, {Monitor::kDeliver, 0, 0}});
  CHECK(monitor.watches(0));
  CHECK_FALSE(monitor.watches(1));
  // Unwatched, a step leaves the monitor's variables as they were.
  std::vector<Value> from = {0, 1}, to = {2, 0};
  monitor.observe(1, from.data(), to.data(), {Monitor::kDeliver, 0, 0});
  CHECK(to == std::vector<Value>{2, 1});
  monitor.observe(0, from.data(), to.data(), {Monitor::kEnv, 0, 1});
  CHECK(to == std::vector<Value>{2, 1});
  from = {0, 0};
  monitor.observe(0, from.data(), to.data(), {Monitor::kEnv, 0, 1});
  CHECK(to == std::vector<Value>{2, 1});
  to = {3, 1};
  monitor.observe(0, from.data(), to.data(), {Monitor::kEnv, 0, 1});
  CHECK(to == std::vector<Value>{3, 0});
}
