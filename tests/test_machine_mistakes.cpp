// A user's machine that breaks the rule that a machine is a function of its declared state
// (docs/library.md, "Writing a machine"): a guard or action that throws, state kept outside
// Vars, a step that is not deterministic. Each is the user's mistake, answered by every
// engine that runs machines with one line naming the actor, its machine and where, then
// the run that leads there, and exit 2; synack's own exceptions stay internal errors.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "library/deep_global_machine.hpp"
#include "library/mistake_machine.hpp"
#include "synack/cli.hpp"
#include "tool_run.hpp"

namespace {

// The meter, as actor `m`, counting to 3 when nothing is wrong.
synack::Catalog meter(mistake::Kind kind) {
  return {synack::ScenarioBuilder("mistake/meter", "a meter that counts to 3")
              .model([kind](synack::Composition& c) {
                c.actor("m", mistake::make_meter({kind}), {"start", "tick"});
              })
              .always("below-3", "m.count <= 2", "the meter reaches 3")
              .build()};
}

using Cli = synack::testing::ToolRun;

Cli run_catalog(const synack::Catalog& catalog, std::vector<const char*> args) {
  return synack::testing::run_tool(catalog, std::move(args));
}

// The run to the tick at count 1 (`engine` found it) that the throwing guard fails.
std::string run_to_second_tick(const std::string& engine) {
  return "the run that leads there (3 steps, found by " + engine +
         "; the steps before the last replayed through the Boost.MSM machines):\n"
         "  0. (initial)  m=IDLE\n"
         "  1. m.start    m=RUNNING\n"
         "  2. m.tick     m=RUNNING\n"
         "  3. m.tick     (fails here)\n";
}

const std::string kGuardThrew =
    "mytool: m (machine meter): the guard \"below 3\" threw std::runtime_error \"boom in "
    "guard\" in state RUNNING (count=1) on event tick, row RUNNING --tick [below 3] / count "
    "up--> RUNNING (internal); a machine's code must not throw on a reachable state\n";

}  // namespace

TEST_CASE("machine mistakes: the meter without a mistake reaches 3") {
  CHECK(run_catalog(meter(mistake::Kind::kNone), {"check", "mistake/meter", "--quiet"}).code == 1);
}

TEST_CASE("machine mistakes: a guard that throws is named, with its row and the run, exit 2") {
  const synack::Catalog catalog = meter(mistake::Kind::kThrowInGuard);
  // The explicit search, on one thread and on two: the same line and the same run.
  for (const char* threads : {"1", "2"}) {
    INFO("threads " << threads);
    Cli c = run_catalog(catalog, {"check", "mistake/meter", "--threads", threads});
    CHECK(c.code == 2);
    CHECK(c.err == kGuardThrew + run_to_second_tick("explicit"));
  }
  // The liveness engine, which builds the state graph.
  Cli live = run_catalog(catalog, {"check", "mistake/meter", "--eventually", "m.count == 3"});
  CHECK(live.code == 2);
  CHECK(live.err == kGuardThrew + run_to_second_tick("explicit"));
  // A random walk meets it on its first run, and keeps the run.
  Cli walk = run_catalog(catalog, {"simulate", "mistake/meter", "--seed", "1"});
  CHECK(walk.code == 2);
  CHECK(walk.err == kGuardThrew + run_to_second_tick("simulate"));
  Cli swarm = run_catalog(catalog, {"check", "mistake/meter", "--swarm", "2", "--seed", "1"});
  CHECK(swarm.code == 2);
  CHECK(swarm.err == kGuardThrew + run_to_second_tick("swarm"));
}

TEST_CASE("machine mistakes: an action that throws what is not a std::exception") {
  Cli c = run_catalog(meter(mistake::Kind::kThrowInAction), {"check", "mistake/meter"});
  CHECK(c.code == 2);
  CHECK(c.err ==
        "mytool: m (machine meter): the action \"count up\" threw an exception that is not a "
        "std::exception in state RUNNING (count=2) on event tick, row RUNNING --tick [below 3] "
        "/ count up--> RUNNING (internal); a machine's code must not throw on a reachable state\n"
        "the run that leads there (4 steps, found by explicit; the steps before the last "
        "replayed through the Boost.MSM machines):\n"
        "  0. (initial)  m=IDLE\n"
        "  1. m.start    m=RUNNING\n"
        "  2. m.tick     m=RUNNING\n"
        "  3. m.tick     m=RUNNING\n"
        "  4. m.tick     (fails here)\n");
}

TEST_CASE("machine mistakes: synack's own exceptions from inside a guard stay internal errors") {
  Cli c = run_catalog(meter(mistake::Kind::kThrowInternal), {"check", "mistake/meter"});
  CHECK(c.code == 4);
  CHECK(c.err == "mytool: internal error: synack's own\n");
}

TEST_CASE("machine mistakes: state kept outside Vars is named when the replay diverges, exit 2") {
  // The engines make a new machine for every step, so `hidden` is 0 for them and the meter
  // reaches 3; the real machine, kept for the whole run, has counted two ticks by the third
  // and its guard refuses it. A newly made copy takes it: the machine is at fault.
  for (const char* threads : {"1", "2"}) {
    INFO("threads " << threads);
    Cli c = run_catalog(meter(mistake::Kind::kHiddenMember),
                        {"check", "mistake/meter", "--threads", threads});
    CHECK(c.code == 2);
    CHECK(c.err ==
          "mytool: m (machine meter): keeps state outside its declared Vars: at step 4 "
          "(m.tick), in state RUNNING (count=2), the real machine that took the run's earlier "
          "steps does not take this step, while a newly made one in the same state takes it as "
          "the engines did; declare every data member its guards and actions read or write in "
          "Vars (with its bound in var_bounds)\n"
          "the run that leads there (4 steps; the steps before the last replayed through the "
          "Boost.MSM machines):\n"
          "  0. (initial)  m=IDLE\n"
          "  1. m.start    m=RUNNING\n"
          "  2. m.tick     m=RUNNING\n"
          "  3. m.tick     m=RUNNING\n"
          "  4. m.tick     (fails here)\n");
  }
}

TEST_CASE("machine mistakes: a guard reading a global is not deterministic, exit 2") {
  // Its first tick from RUNNING bumps the global to 1 (refused), then to 2 (taken) when the
  // step is run again: two results from one state. Without the check the state space would
  // silently depend on the order the engine ran the steps in.
  for (const char* threads : {"1", "2"}) {
    INFO("threads " << threads);
    mistake::reset_global();
    Cli c = run_catalog(meter(mistake::Kind::kGlobal),
                        {"check", "mistake/meter", "--threads", threads});
    CHECK(c.code == 2);
    CHECK(c.err ==
          "mytool: m (machine meter): not deterministic: the same step gave two different "
          "results: event tick in state RUNNING (count=0) gave no row fired, then row RUNNING "
          "--tick [below 3] / count up--> RUNNING (internal) fired to RUNNING (count=1); a step "
          "must depend only on the control state, the Vars and the input (no data members "
          "outside Vars, no globals or statics, no clocks or random numbers)\n"
          "the run that leads there (2 steps, found by explicit; the steps before the last "
          "replayed through the Boost.MSM machines):\n"
          "  0. (initial)  m=IDLE\n"
          "  1. m.start    m=RUNNING\n"
          "  2. m.tick     (fails here)\n");
  }
}

TEST_CASE("machine mistakes: a global read only deep in the state space is caught, exit 2") {
  // The walker's poke reads its global only from 16 steps out, past the 3,264 steps
  // nearer (the 1,024 a check runs twice from its first end long before): a sample of
  // the later steps runs twice too. Which steps are sampled depends on the step alone, so
  // one thread and two catch the same one, the first sampled poke that far out.
  const synack::Catalog walk = {
      synack::ScenarioBuilder("mistake/walk", "a walker that pokes a global far out")
          .model([](synack::Composition& c) {
            c.actor("w", deep_global::make_walker(), {"step_x", "step_y", "step_z", "poke"});
          })
          .always("inside", "w.x + w.y + w.z <= 93", "the walker stays on the grid")
          .build()};
  std::string trace =
      "the run that leads there (21 steps, found by explicit; the steps before the last "
      "replayed through the Boost.MSM machines):\n"
      "   0. (initial)  w=WALKING\n";
  int step = 0;
  for (const auto& [event, times] : {std::pair{"step_x", 10}, {"step_y", 4}, {"step_z", 6}})
    for (int i = 0; i < times; ++i) trace += fmt::format("{:4}. w.{:<9}w=WALKING\n", ++step, event);
  trace += "  21. w.poke     (fails here)\n";
  for (const char* threads : {"1", "2"}) {
    INFO("threads " << threads);
    Cli c = run_catalog(walk, {"check", "mistake/walk", "--threads", threads});
    CHECK(c.code == 2);
    CHECK(c.err ==
          "mytool: w (machine walker): not deterministic: the same step gave two different "
          "results: event poke in state WALKING (x=10, y=4, z=6) gave no row fired, then row "
          "WALKING --poke [poked here before]--> WALKING (internal) fired to WALKING (x=10, "
          "y=4, z=6); a step must depend only on the control state, the Vars and the input (no "
          "data members outside Vars, no globals or statics, no clocks or random numbers)\n" +
              trace);
  }
}

TEST_CASE("machine mistakes: a port() that throws is named with the actor that sent, exit 2") {
  // Both actors run the sender machine: the machine's name alone would not say which.
  const synack::Catalog catalog{
      synack::ScenarioBuilder("mistake/send", "a sender and a receiver")
          .channel_params(1, 0)
          .model([](synack::Composition& c) {
            auto s = c.actor("s", mistake::make_sender({mistake::Kind::kThrowInPort}), {"start"});
            auto r = c.actor("r", mistake::make_sender({}));
            c.channel("s2r", s, r, c.channel_policy());
          })
          .always("quiet", "s.sent == 0", "nothing counts")
          .build()};
  Cli c = run_catalog(catalog, {"check", "mistake/send"});
  CHECK(c.code == 2);
  CHECK(c.err ==
        "mytool: s (machine sender): its port() threw std::out_of_range \"no port for peer 1\"; "
        "a machine's code must not throw on a reachable state\n"
        "the run that leads there (1 step, found by explicit; the steps before the last "
        "replayed through the Boost.MSM machines):\n"
        "  0. (initial)  s=IDLE r=IDLE\n"
        "  1. s.start    (fails here)\n");
}

namespace {

// The meter, value-generic, so that the Z3 engines run its code symbolically.
synack::Catalog generic_meter(mistake::Kind kind) {
  return {synack::ScenarioBuilder("mistake/meter", "a meter that counts to 3")
              .model([kind](synack::Composition& c) {
                c.actor("m", mistake::make_generic_meter({kind}), {"start", "tick"});
              })
              .always("below-3", "m.count <= 2", "the meter reaches 3")
              .build()};
}

}  // namespace

TEST_CASE("machine mistakes: code that throws while Z3 encodes the machine is named, exit 2") {
  // Without the mistake the Z3 engines run the meter to 3 as the explicit engine does.
  CHECK(run_catalog(generic_meter(mistake::Kind::kNone),
                    {"check", "mistake/meter", "--engine", "bmc"})
            .code == 1);
  // The symbolic run takes every count in 0..3, reachable or not: the guard throws at
  // count 1 while the machine is encoded, before any run exists (it was an internal error,
  // exit 4, and an exception that is not a std::exception ended the process).
  for (const char* engine : {"bmc", "kind", "spacer", "prove"}) {
    INFO("engine " << engine);
    Cli c = run_catalog(generic_meter(mistake::Kind::kThrowInGuard),
                        {"check", "mistake/meter", "--engine", engine});
    CHECK(c.code == 2);
    CHECK(c.out.empty());
    CHECK(c.err ==
          "mytool: m (machine meter): the guard \"below 3\" threw std::runtime_error \"boom in "
          "guard\" on event tick, row RUNNING --tick [below 3] / count up--> RUNNING (internal), "
          "while encoding the machine for Z3, which runs its code on every value of its "
          "declared ranges, reachable or not; a machine's code must not throw on any of them "
          "(--engine explicit runs it on reachable states only)\n");
  }
  Cli action = run_catalog(generic_meter(mistake::Kind::kThrowInAction),
                           {"check", "mistake/meter", "--engine", "bmc"});
  CHECK(action.code == 2);
  CHECK(action.err ==
        "mytool: m (machine meter): the action \"count up\" threw an exception that is not a "
        "std::exception on event tick, row RUNNING --tick [below 3] / count up--> RUNNING "
        "(internal), while encoding the machine for Z3, which runs its code on every value of "
        "its declared ranges, reachable or not; a machine's code must not throw on any of them "
        "(--engine explicit runs it on reachable states only)\n");
  // The explicit engine meets the same guard on a reachable state, with the run to it.
  Cli ex = run_catalog(generic_meter(mistake::Kind::kThrowInGuard), {"check", "mistake/meter"});
  CHECK(ex.code == 2);
  CHECK(ex.err == kGuardThrew + run_to_second_tick("explicit"));
}
