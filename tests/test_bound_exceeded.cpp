// A declared bound is a claim about the machines, never an assumption: a machine whose
// var_bounds or message_bounds are too small leaves them in a few steps, and every engine
// says so with the shortest run that does, instead of proving (k-induction, spacer) or
// missing (bmc) what the real machines violate.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "checker/check.hpp"
#include "checker/errors.hpp"
#include "checker/result.hpp"
#include "checker/smt/smt_check.hpp"
#include "checker/smt/system_encoding.hpp"
#include "checker/step_error.hpp"
#include "checker/system.hpp"
#include "library/overflow_machine.hpp"

namespace {

namespace smt = synack::checker::smt;

// A counter sending each count to a sink over a reliable channel with room for three.
synack::Scenario counting(overflow::Params p, const std::string& property) {
  return synack::ScenarioBuilder("overflow/count", "a counter and a sink")
      .channel_params(3, 0, false, true)
      .model([p](synack::Composition& c) {
        auto counter = c.actor("counter", overflow::make_counter(p), {"tick"});
        auto sink = c.actor("sink", overflow::make_sink(p));
        c.channel("c2s", counter, sink, c.channel_policy());
      })
      .always("p", property, "what the real machines violate");
}

// What an engine answers: the error's message and the run that leads there, or its verdict.
struct EngineAnswer {
  std::string error;
  std::vector<std::string> run;
  std::string engine;
  std::vector<std::string> states;  // the control states at the start and after each step
};

EngineAnswer explicit_answer(const synack::Scenario& s) {
  auto model = s.build(s.defaults());
  try {
    auto results = synack::checker::check_properties(*model, s.properties, {});
    return {"verdict " + verdict_text(results.at(0)), {}, {}, {}};
  } catch (const synack::StepError& e) {
    return {e.what(), e.run, e.engine, e.states};
  }
}

EngineAnswer smt_answer(const synack::Scenario& s, smt::Engine engine) {
  auto model = s.build(s.defaults());
  try {
    auto results = smt::check_with_smt(*model, s.properties, engine, {8, 60000});
    return {"verdict " + verdict_text(results.at(0)), {}, {}, {}};
  } catch (const synack::StepError& e) {
    return {e.what(), e.run, e.engine, e.states};
  }
}

// Every engine: the same error after the same shortest run.
void every_engine_reports(const synack::Scenario& s, const std::string& error,
                          const std::vector<std::string>& run) {
  EngineAnswer ex = explicit_answer(s);
  CHECK(ex.error == error);
  CHECK(ex.run == run);
  CHECK(ex.engine == "explicit");
  CHECK(ex.states.size() == run.size());
  for (auto engine : {smt::Engine::kBmc, smt::Engine::kKind, smt::Engine::kSpacer}) {
    INFO(smt::engine_name(engine));
    EngineAnswer a = smt_answer(s, engine);
    CHECK(a.error == error);
    CHECK(a.run == run);
    CHECK(a.engine == smt::engine_name(engine));
    CHECK(a.states == ex.states);
  }
}

}  // namespace

TEST_CASE("bounds: a variable leaving its var_bounds is an input error in every engine") {
  // count reaches 3 in three ticks; var_bounds says 0..2. With the bound assumed, k-induction
  // and spacer proved `count != 3` and bmc found no violation at any depth.
  every_engine_reports(counting({5, 2, 5}, "counter.count != 3"),
                       "counter: variable count = 3 outside its declared range 0..2 (widen it in "
                       "var_bounds, or find the row that took it there)",
                       {"counter.tick", "counter.tick", "counter.tick"});
}

TEST_CASE("bounds: a message field leaving its message_bounds is an input error in every engine") {
  // The second tick sends value 2; message_bounds says 0..1. The sink would hold 2 a step
  // later: with the bound assumed, the Z3 engines proved (or bmc missed) `got != 2`.
  every_engine_reports(counting({5, 5, 1}, "sink.got != 2"),
                       "counter: sent message field value = 2 outside its declared range 0..1 "
                       "(widen it in message_bounds, or find the row that sent it)",
                       {"counter.tick", "counter.tick"});
}

TEST_CASE("bounds: declared bounds that hold are proved along with the property") {
  // Right bounds: count stops at 5, within 0..5; every engine proves what the machines do.
  synack::Scenario s = counting({5, 5, 5}, "counter.count <= 5 && sink.got <= counter.count");
  CHECK(explicit_answer(s).error == "verdict holds");
  CHECK(smt_answer(s, smt::Engine::kBmc).error == "verdict holds up to depth 8");
  CHECK(smt_answer(s, smt::Engine::kKind).error == "verdict holds");
  CHECK(smt_answer(s, smt::Engine::kSpacer).error == "verdict holds");
}

TEST_CASE("bounds: the Z3 engines check the ranges the property depends on") {
  // The messages' values are out of range from the second tick, but nothing `count <= 5`
  // depends on reads them (no guard, no kept update): they are outside the cone of
  // influence, so the Z3 engines neither rely on their range nor check it, and their proof
  // is about the real machines. The explicit engine packs every variable and must refuse.
  synack::Scenario s = counting({5, 5, 1}, "counter.count <= 5");
  CHECK(explicit_answer(s).run.size() == 2);
  CHECK(smt_answer(s, smt::Engine::kKind).error == "verdict holds");
  CHECK(smt_answer(s, smt::Engine::kSpacer).error == "verdict holds");
}

TEST_CASE("bounds: only a variable a step can take out of range is checked") {
  // `count + 1` ranges over 1..6 against a declared 0..5, but only under `count < 5`: no
  // step leaves the range, and the engines need not check it. Declared 0..2, it does.
  for (int bound : {5, 2}) {
    synack::Scenario s = counting({5, bound, 5}, "counter.count <= 5");
    auto model = s.build(s.defaults());
    z3::context ctx;
    smt::SystemEncoding enc(ctx, dynamic_cast<const synack::checker::System&>(*model),
                            s.properties.at(0));
    const auto& vars = enc.state_vars();
    auto count = std::find_if(vars.begin(), vars.end(),
                              [](const auto& v) { return v.name == "counter.count"; });
    REQUIRE(count != vars.end());
    CHECK(count->may_leave == (bound == 2));
  }
}

TEST_CASE("bounds: the liveness engine reports a range left with the same run") {
  // The same counter under an eventually property: the liveness engine builds the whole
  // graph, meets count = 3 on the third tick, and says so as the breadth-first engine does.
  overflow::Params p{5, 2, 5};
  synack::Scenario s = synack::ScenarioBuilder("overflow/count-live", "a counter and a sink")
                           .channel_params(3, 0, false, true)
                           .model([p](synack::Composition& c) {
                             auto counter = c.actor("counter", overflow::make_counter(p), {"tick"});
                             auto sink = c.actor("sink", overflow::make_sink(p));
                             c.channel("c2s", counter, sink, c.channel_policy());
                           })
                           .eventually("p", "counter.count == 5", {}, "the counter gets there");
  EngineAnswer a = explicit_answer(s);
  CHECK(a.error ==
        "counter: variable count = 3 outside its declared range 0..2 (widen it in var_bounds, or "
        "find the row that took it there)");
  CHECK(a.run == std::vector<std::string>{"counter.tick", "counter.tick", "counter.tick"});
  CHECK(a.engine == "explicit");
}

TEST_CASE("bounds: bmc searches up to its depth and not beyond") {
  // count reaches 3 after exactly three ticks: found at depth 3, not at depth 2.
  synack::Scenario s = counting({5, 5, 5}, "counter.count != 3");
  auto model = s.build(s.defaults());
  auto at = [&](std::size_t depth) {
    return smt::check_with_smt(*model, s.properties, smt::Engine::kBmc, {depth, 60000}).at(0);
  };
  auto found = at(3);
  CHECK(verdict_text(found) == "violated");
  REQUIRE(found.trace.has_value());
  CHECK(found.trace->steps.size() == 3);
  auto missed = at(2);
  CHECK(verdict_text(missed) == "holds up to depth 2");
  CHECK(missed.depth == 2);
}
