// A monitor tries, in each transition group's steps, only the rules whose named step
// (step.kind, step.actor, step.event) can be that group's (Monitor::plan_groups). The
// plan is pinned rule by rule, and observing through it must give exactly what trying
// every rule gives, over every state and message of a small layout.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>
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

TEST_CASE("a group that cannot change a slot drops a rule that needs that slot changed",
          "[monitor]") {
  checker::Layout layout;
  layout.add({"a.state", 3, {}, nullptr});
  layout.add({"b.x", 3, {}, nullptr});
  Monitor monitor({"m",
                   {{"moved"}, {"same"}},
                   {{"step.actor == a && (a.state' != a.state || b.x' != b.x)", {{"moved", "1"}}},
                    {"a.state' == a.state && m.moved == 0", {{"same", "1"}}}}});
  monitor.add_slots(layout);
  monitor.bind(layout, {{"a", "b"}, {"none"}, {}});
  // Group 0 may change any slot, group 1 only b.x, group 2 nothing (m.* as the monitor's).
  const std::vector<Monitor::StepId> steps = {
      {Monitor::kDeliver, 0, 0}, {Monitor::kLose, 0, 0}, {Monitor::kLose, 0, 0}};
  const std::vector<std::vector<bool>> writes = {
      {}, {false, true, true, true}, {false, false, true, true}};
  monitor.plan_groups(steps, writes);
  using Rules = std::vector<std::uint32_t>;
  CHECK(monitor.rules_of_group(0) == Rules{0, 1});
  CHECK(monitor.rules_of_group(1) == Rules{0, 1});
  // a.state' != a.state and b.x' != b.x are both false there: "moved" cannot fire, and
  // a.state' == a.state is true, which leaves "same" to its other conjunct.
  CHECK(monitor.rules_of_group(2) == Rules{1});
  // A layout of another size is synack's own mistake, not a plan to guess at.
  CHECK_THROWS_WITH(monitor.plan_groups(steps, {{}, {}, {true}}),
                    "plan_groups: a group's writable slots do not match the layout");
}

TEST_CASE(
    "a plan with group writes observes what trying every rule observes, through || ! -> "
    "and nested conjunctions",
    "[monitor]") {
  checker::Layout layout;
  layout.add({"a.state", 3, {}, nullptr});
  layout.add({"b.x", 3, {}, nullptr});
  Monitor monitor(
      {"m",
       {{"r0"}, {"r1"}, {"r2"}, {"r3"}, {"r4"}, {"r5"}, {"r6"}},
       {{"step.kind == lose && (a.state' != a.state || step.message.f == 1)", {{"r0", "1"}}},
        {"(step.kind == lose || step.kind == deliver) && !(b.x' == b.x) && a.state == 1",
         {{"r1", "1"}}},
        {"step.actor == a && (a.state' == a.state -> b.x == 2)", {{"r2", "1"}}},
        {"(step.kind == lose && a.state' == a.state) && (b.x' != b.x || !(step.message.f != 2))",
         {{"r3", "1"}}},
        {"a.state' == a.state && (b.x' == b.x && (m.r0 == 0 && a.state == b.x'))", {{"r4", "1"}}},
        {"!(a.state' != a.state) || step.kind == env", {{"r5", "1"}}},
        {"a.state == a.state' && b.x' == b.x", {{"r6", "m.r6 + 1 - m.r6"}}}}});
  monitor.add_slots(layout);
  monitor.bind(layout, {{"a", "b"}, {"none", "go"}, {{"f", 3}}});
  const std::vector<Monitor::StepId> steps = {{Monitor::kDeliver, 0, 0},
                                              {Monitor::kLose, 0, 0},
                                              {Monitor::kLose, 0, 0},
                                              {Monitor::kDuplicate, 0, 0},
                                              {Monitor::kEnv, 0, 1}};
  // Deliver and env: any slot; the first lose only b.x, the second nothing, the duplicate
  // only a.state (the monitor's own slots always).
  std::vector<std::vector<bool>> writes(steps.size());
  writes[1] = {false, true};
  writes[2] = {false, false};
  writes[3] = {true, false};
  for (std::size_t g = 1; g <= 3; ++g) writes[g].resize(layout.size(), true);
  monitor.plan_groups(steps, writes);
  using Rules = std::vector<std::uint32_t>;
  // r1 needs b.x changed, which the second lose cannot; r0, r1 and r3 name lose steps
  // (r1 or deliveries), which a duplicate is not. The rest stay undecided or true.
  CHECK(monitor.rules_of_group(1) == Rules{0, 1, 2, 3, 4, 5, 6});
  CHECK(monitor.rules_of_group(2) == Rules{0, 2, 3, 4, 5, 6});
  CHECK(monitor.rules_of_group(3) == Rules{2, 4, 5, 6});

  const std::size_t first = layout.find("m.r0").value();
  std::vector<std::size_t> fired(7, 0);
  std::size_t compared = 0;
  for (std::size_t g = 0; g < steps.size(); ++g)
    for (Value before = 0; before < 16; ++before)
      for (Value after = 0; after < 16; ++after)
        for (Value f = 0; f < 4; ++f)
          for (Value r0 = 0; r0 < 2; ++r0) {
            std::vector<Value> from(layout.size(), 0), to(layout.size(), 0);
            from[0] = before & 3, from[1] = before >> 2;
            to[0] = after & 3, to[1] = after >> 2;
            from[first] = r0;
            // A group's step changes nothing its writes exclude.
            if (!writes[g].empty() &&
                ((!writes[g][0] && to[0] != from[0]) || (!writes[g][1] && to[1] != from[1])))
              continue;
            Monitor::StepId id = steps[g];
            id.message = {f};
            std::vector<Value> all = to, planned = to;
            monitor.observe(from.data(), all.data(), id);
            monitor.observe(g, from.data(), planned.data(), id);
            INFO("group " << g << " before " << before << " after " << after << " f " << f);
            REQUIRE(planned == all);
            ++compared;
            for (std::size_t r = 0; r < fired.size(); ++r) fired[r] += all[first + r];
          }
  // 2 unrestricted groups with 256 pairs, lose 1 and duplicate with 64, lose 2 with 16.
  CHECK(compared == (2 * 256 + 64 + 16 + 64) * 4 * 2);
  for (std::size_t r = 0; r < fired.size(); ++r) {
    INFO("rule " << r);
    CHECK(fired[r] > 0);
    CHECK(fired[r] < compared);
  }
}

TEST_CASE("a group whose rules read more than eight slots sees the whole step", "[monitor]") {
  // The plan copies only the slots a group reads when there are at most eight
  // (Monitor::plan_view); past that it copies all. Both views must give what trying every
  // rule with the whole step gives.
  checker::Layout layout;
  for (int i = 0; i < 10; ++i) layout.add({fmt::format("s{}", i), 3, {}, nullptr});
  Monitor monitor({"m",
                   {{"sum", 40, 0}, {"hit", 1, 0}},
                   {{"step.kind == deliver",
                     {{"sum",
                       "s0 + s1 + s2 + s3 + s4 + s5' + s6' + s7' + "
                       "s8' + s9'"}}},
                    {"s3' == 2 && s9 == 1", {{"hit", "1"}}}}});
  monitor.add_slots(layout);
  monitor.bind(layout, {{"a"}, {"none", "go"}, {}});
  const std::vector<Monitor::StepId> steps = {{Monitor::kDeliver, 0, 0}, {Monitor::kEnv, 0, 1}};
  monitor.plan_groups(steps);
  std::uint32_t seed = 12345;
  auto next = [&seed] {
    return static_cast<Value>((seed = seed * 1103515245u + 12345u) >> 16 & 3);
  };
  std::size_t summed = 0, hit = 0;
  for (std::size_t g = 0; g < steps.size(); ++g)
    for (int k = 0; k < 500; ++k) {
      std::vector<Value> from(layout.size(), 0), to(layout.size(), 0);
      for (int i = 0; i < 10; ++i) from[i] = next(), to[i] = next();
      std::vector<Value> all = to, planned = to;
      monitor.observe(from.data(), all.data(), steps[g]);
      monitor.observe(g, from.data(), planned.data(), steps[g]);
      REQUIRE(planned == all);
      summed += all[10] != 0;
      hit += all[11];
    }
  CHECK(summed > 400);  // the delivery's 500 steps, but for sums of 0
  CHECK(hit > 0);
}
