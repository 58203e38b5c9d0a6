// --json for a check that a user's machine stopped (exit 2): the file is still written,
// whole (it was not written at all, leaving a previous run's results in place), with no
// results and the error: its kind, its message, the actor, machine and row it names, and
// the run that leads there in the steps of a counterexample's trace
// (reports/machine_error_json.hpp).
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "library/mistake_machine.hpp"
#include "library/overflow_machine.hpp"
#include "temp_dir.hpp"
#include "tool_run.hpp"

namespace {

using synack::testing::run_tool;

// The meter, as actor `m`, whose guard throws on the tick at count 1.
synack::Catalog throwing_meter(bool generic) {
  const mistake::Params p{mistake::Kind::kThrowInGuard};
  return {synack::ScenarioBuilder("mistake/meter", "a meter that counts to 3")
              .model([=](synack::Composition& c) {
                c.actor("m", generic ? mistake::make_generic_meter(p) : mistake::make_meter(p),
                        {"start", "tick"});
              })
              .always("below-3", "m.count <= 2", "the meter reaches 3")
              .build()};
}

// A counter whose count reaches 3 in three ticks, declared 0..2 (tests/test_bound_exceeded.cpp).
synack::Catalog overflowing_counter() {
  const overflow::Params p{5, 2, 5};
  return {synack::ScenarioBuilder("overflow/count", "a counter and a sink")
              .channel_params(3, 0, false, true)
              .model([p](synack::Composition& c) {
                auto counter = c.actor("counter", overflow::make_counter(p), {"tick"});
                auto sink = c.actor("sink", overflow::make_sink(p));
                c.channel("c2s", counter, sink, c.channel_policy());
              })
              .always("p", "counter.count != 4", "never reached: the machine throws first")
              .build()};
}

// The --json file a check writes, after a previous run's results were left there.
nlohmann::json checked_json(const synack::Catalog& catalog, std::vector<const char*> args,
                            int& code) {
  synack::testing::TempDir dir("machine_error_json");
  const std::string file = (dir.path / "out.json").string();
  std::ofstream(file) << "{\"results\": \"a previous run's\"}\n";
  args.insert(args.end(), {"--quiet", "--json", file.c_str()});
  code = run_tool(catalog, args).code;
  return nlohmann::json::parse(synack::testing::slurp(file));
}

// What every such document has around the error: no results (no verdict stands).
nlohmann::json with_error(nlohmann::json error) {
  return {{"synack_version", SYNACK_VERSION},   {"inputs", nlohmann::json::array()},
          {"results", nlohmann::json::array()}, {"coverage", nlohmann::json::array()},
          {"notes", nlohmann::json::array()},   {"error", std::move(error)}};
}

}  // namespace

TEST_CASE("machine error json: a guard that throws, with the run to it") {
  int code = 0;
  const nlohmann::json json = checked_json(throwing_meter(false), {"check", "mistake/meter"}, code);
  CHECK(code == 2);
  // The steps before the failing one as a counterexample's trace has them; the failing
  // step has no state after it, only its group and whose step it is.
  const nlohmann::json error = nlohmann::json::parse(R"json({
    "scenario": "mistake/meter",
    "kind": "threw",
    "message": "m (machine meter): the guard \"below 3\" threw std::runtime_error \"boom in guard\" in state RUNNING (count=1) on event tick, row RUNNING --tick [below 3] / count up--> RUNNING (internal); a machine's code must not throw on a reachable state",
    "actor": "m",
    "machine": "meter",
    "row": "RUNNING --tick [below 3] / count up--> RUNNING (internal)",
    "engine": "explicit",
    "initial_state": "m=IDLE",
    "trace": [
      {"step": 1, "group": "m.start", "actor": "m", "event": "start", "message": "",
       "outcome": "", "sent": [], "sent_on": [], "layered": [], "state": "m=RUNNING",
       "slots": {"m.state": "RUNNING", "m.count": "0"}},
      {"step": 2, "group": "m.tick", "actor": "m", "event": "tick", "message": "",
       "outcome": "", "sent": [], "sent_on": [], "layered": [], "state": "m=RUNNING",
       "slots": {"m.state": "RUNNING", "m.count": "1"}}
    ],
    "failed_step": {"step": 3, "group": "m.tick", "actor": "m"}
  })json");
  CHECK(json.dump(2) == with_error(error).dump(2));
}

TEST_CASE("machine error json: a variable out of its declared range, with the run to it") {
  int code = 0;
  const nlohmann::json json =
      checked_json(overflowing_counter(), {"check", "overflow/count"}, code);
  CHECK(code == 2);
  // The actor that runs the machine is named (its name is the machine's: the message
  // says it once).
  const nlohmann::json error = nlohmann::json::parse(R"json({
    "scenario": "overflow/count",
    "kind": "out_of_range",
    "message": "counter: variable count = 3 outside its declared range 0..2 (widen it in var_bounds, or find the row that took it there)",
    "actor": "counter",
    "machine": "counter",
    "row": null,
    "engine": "explicit",
    "initial_state": "counter=COUNTING sink=COUNTING",
    "trace": [
      {"step": 1, "group": "counter.tick", "actor": "counter", "event": "tick", "message": "",
       "outcome": "", "sent": ["value=1"], "sent_on": ["c2s"], "layered": [],
       "state": "counter=COUNTING sink=COUNTING",
       "slots": {"counter.state": "COUNTING", "counter.count": "1", "sink.state": "COUNTING",
                 "sink.got": "0", "c2s[0]": "value=1", "c2s[1]": "-", "c2s[2]": "-"}},
      {"step": 2, "group": "counter.tick", "actor": "counter", "event": "tick", "message": "",
       "outcome": "", "sent": ["value=2"], "sent_on": ["c2s"], "layered": [],
       "state": "counter=COUNTING sink=COUNTING",
       "slots": {"counter.state": "COUNTING", "counter.count": "2", "sink.state": "COUNTING",
                 "sink.got": "0", "c2s[0]": "value=1", "c2s[1]": "value=2", "c2s[2]": "-"}}
    ],
    "failed_step": {"step": 3, "group": "counter.tick", "actor": "counter"}
  })json");
  CHECK(json.dump(2) == with_error(error).dump(2));
  // bmc finds the same run; a swarm's member hands its error over as text, and the step,
  // taken again, gives back its kind and machine.
  for (const char* engine : {"bmc", "swarm"}) {
    INFO(engine);
    std::vector<const char*> args{"check", "overflow/count"};
    if (engine == std::string("bmc"))
      args.insert(args.end(), {"--engine", "bmc"});
    else
      args.insert(args.end(), {"--swarm", "2", "--seed", "1"});
    nlohmann::json other = checked_json(overflowing_counter(), args, code);
    CHECK(code == 2);
    CHECK(other["error"]["engine"] == engine);
    other["error"]["engine"] = "explicit";
    CHECK(other.dump(2) == with_error(error).dump(2));
  }
}

TEST_CASE("machine error json: a guard that throws while Z3 encodes the machine, no run") {
  int code = 0;
  const nlohmann::json json =
      checked_json(throwing_meter(true), {"check", "mistake/meter", "--engine", "bmc"}, code);
  CHECK(code == 2);
  const nlohmann::json error = nlohmann::json::parse(R"json({
    "scenario": "mistake/meter",
    "kind": "threw",
    "message": "m (machine meter): the guard \"below 3\" threw std::runtime_error \"boom in guard\" on event tick, row RUNNING --tick [below 3] / count up--> RUNNING (internal), while encoding the machine for Z3, which runs its code on every value of its declared ranges, reachable or not; a machine's code must not throw on any of them (--engine explicit runs it on reachable states only)",
    "actor": "m",
    "machine": "meter",
    "row": "RUNNING --tick [below 3] / count up--> RUNNING (internal)",
    "engine": null,
    "initial_state": null,
    "trace": [],
    "failed_step": null
  })json");
  CHECK(json.dump(2) == with_error(error).dump(2));
}
