// A monitor tries, in each transition group's steps, only the rules whose named step
// (step.kind, step.actor, step.event) can be that group's (Monitor::plan_groups). The
// plan is pinned rule by rule, and observing through it must give exactly what trying
// every rule gives, over every state and message of a small layout.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/layout.hpp"
#include "checker/monitor.hpp"

namespace checker = synack::checker;
using checker::Monitor;
using checker::Value;

namespace {

struct Planned {
  checker::Layout layout;
  Monitor monitor;
  std::vector<Monitor::StepId> steps;

  Planned()
      : monitor({"m",
                 {{"r0"}, {"r1"}, {"r2"}, {"r3"}, {"r4"}},
                 {{"step.kind == env && step.actor == a && step.event == go", {{"r0", "1"}}},
                  {"step.actor == b && (a.state' != a.state || b.x' != b.x)", {{"r1", "1"}}},
                  {"step.kind != tick && (step.message.f == 2 || a.state == 3)", {{"r2", "1"}}},
                  {"a.state == 1", {{"r3", "1"}}},
                  {"!(step.kind == deliver) && step.actor == a", {{"r4", "1"}}}}}) {
    layout.add({"a.state", 3, {}, nullptr});
    layout.add({"b.x", 3, {}, nullptr});
    monitor.add_slots(layout);
    monitor.bind(layout, {{"a", "b"}, {"none", "go", "stop"}, {{"f", 3}}});
    steps = {{Monitor::kEnv, 0, 1},      // a takes go
             {Monitor::kEnv, 0, 2},      // a takes stop
             {Monitor::kDeliver, 1, 0},  // a message delivered to b
             {Monitor::kTick, 2, 0},     // the clock
             {Monitor::kLose, 0, 0}};    // a message to a lost
    monitor.plan_groups(steps);
  }
};

}  // namespace

TEST_CASE("a monitor's plan keeps exactly the rules whose named step can be the group's",
          "[monitor]") {
  Planned p;
  using Rules = std::vector<std::uint32_t>;
  CHECK(p.monitor.rules_of_group(0) == Rules{0, 2, 3, 4});
  CHECK(p.monitor.rules_of_group(1) == Rules{2, 3, 4});
  CHECK(p.monitor.rules_of_group(2) == Rules{1, 2, 3});
  CHECK(p.monitor.rules_of_group(3) == Rules{3});
  CHECK(p.monitor.rules_of_group(4) == Rules{2, 3, 4});
}

TEST_CASE("observing through the plan gives what trying every rule gives", "[monitor]") {
  Planned p;
  const std::size_t first = p.layout.find("m.r0").value();
  std::vector<std::size_t> fired(5, 0);
  std::size_t compared = 0;
  for (std::size_t g = 0; g < p.steps.size(); ++g)
    for (Value before = 0; before < 16; ++before)
      for (Value after = 0; after < 16; ++after)
        for (Value f = 0; f < 4; ++f) {
          std::vector<Value> from(p.layout.size(), 0), to(p.layout.size(), 0);
          from[0] = before & 3, from[1] = before >> 2;
          to[0] = after & 3, to[1] = after >> 2;
          Monitor::StepId id = p.steps[g];
          id.message = {f};
          std::vector<Value> all = to, planned = to;
          p.monitor.observe(from.data(), all.data(), id);
          p.monitor.observe(g, from.data(), planned.data(), id);
          REQUIRE(planned == all);
          ++compared;
          for (std::size_t r = 0; r < fired.size(); ++r) fired[r] += all[first + r];
        }
  CHECK(compared == 5 * 16 * 16 * 4);
  // Every rule fired in some of the steps compared, and not in all of them.
  for (std::size_t r = 0; r < fired.size(); ++r) {
    CHECK(fired[r] > 0);
    CHECK(fired[r] < compared);
  }
}
