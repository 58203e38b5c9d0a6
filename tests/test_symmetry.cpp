// Symmetry reduction (checker/symmetry/) on two-phase commit (examples/two-phase-commit):
// the state counts with and without it, the same verdicts and counterexample lengths, the
// canonical form checked against brute force, threads, and Stateright's count explained.
// The refusals are in test_symmetry_refusals.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <deque>
#include <functional>
#include <set>

#include <fmt/format.h>

#include "checker/unhandled.hpp"
#include "reports/coverage_report.hpp"
#include "reports/json_report.hpp"
#include "reports/unhandled.hpp"
#include "symmetry_helpers.hpp"

namespace {

using namespace symmetry_test;
using synack::checker::SymmetricModel;
using synack::checker::Value;
using synack::checker::Verdict;

struct Run {
  std::unique_ptr<Model> model;
  std::vector<Result> results;
};

Run check(const std::string& name, int rms, bool symmetry, unsigned threads = 1,
          std::uint32_t round_states = 1u << 14, std::vector<PropertySpec> extra = {}) {
  const synack::Scenario& s = scenario(name);
  std::vector<PropertySpec> properties = safety_properties(s);
  properties.insert(properties.end(), extra.begin(), extra.end());
  Run run;
  run.model = build(s, rms);
  if (symmetry)
    run.model = synack::checker::with_symmetry(std::move(run.model), s.symmetric, properties);
  synack::checker::Limits limits;
  limits.threads = threads;
  limits.round_states = round_states;
  run.results = synack::checker::check_properties(*run.model, properties, limits);
  return run;
}

const Result& result(const Run& run, const std::string& property) {
  for (const Result& r : run.results)
    if (r.property == property) return r;
  throw std::logic_error("no result for " + property);
}

// The trace is a run of the real system: every step is its group applied to the state
// before (not merely a path between representatives).
void require_real_run(const Model& system, const synack::checker::Trace& trace) {
  std::vector<Value> before = trace.initial, after(before.size());
  REQUIRE(before == system.initial_state());
  for (const auto& step : trace.steps) {
    REQUIRE(system.apply(step.group, before.data(), after.data()));
    REQUIRE(after == step.state);
    before = after;
  }
}

}  // namespace

TEST_CASE("symmetry: two-phase commit stores one state per renaming of the participants") {
  // Without: the example's pinned counts. With: one state per class.
  Run plain3 = check("2pc/commit", 3, false), sym3 = check("2pc/commit", 3, true);
  CHECK(result(plain3, "consistent").states == 1880);
  CHECK(result(sym3, "consistent").states == 409);
  Run plain4 = check("2pc/commit", 4, false), sym4 = check("2pc/commit", 4, true);
  CHECK(result(plain4, "consistent").states == 21442);
  CHECK(result(sym4, "consistent").states == 1450);
  CHECK(result(sym4, "consistent").verdict == Verdict::kHolds);
}

TEST_CASE("symmetry: the stored states are exactly the classes of the reachable states") {
  // The participants' messages name them, so the tie-breaking signatures (each message as
  // its member sees it) are exercised; ordered channels and retransmitted Prepared too.
  struct Case {
    const char* scenario;
    int rms;
    synack::ParamValues settings;
    std::size_t states, classes;
  };
  for (const Case& k : {Case{"2pc/commit", 3, {}, 1880, 409},
                        Case{"2pc/commit", 4, {{"channel.ordered", 1}}, 21442, 1450},
                        Case{"2pc/commit-retransmit", 3, {}, 52081, 9525}}) {
    const synack::Scenario& s = scenario(k.scenario);
    synack::ParamValues values = s.defaults();
    values["rm.count"] = k.rms;
    for (const auto& [name, value] : k.settings) values[name] = value;
    INFO(k.scenario << " with " << k.rms << " participants");
    symmetry_test::Counts c = symmetry_test::brute_force(s, values);
    CHECK(c.states == k.states);
    CHECK(c.classes == k.classes);
    CHECK(c.orbits == k.classes);
    CHECK(c.reduced == k.classes);
    CHECK(c.not_in_orbit == 0);
    CHECK(c.not_invariant == 0);
  }
}

TEST_CASE("symmetry: every safety property of the two-phase scenarios has the same verdict") {
  // The scenarios' own, and a deadlock freedom (violated: a decision lost for good) and a
  // counted reachability goal, with their traces.
  using synack::checker::PropertyKind;
  std::vector<PropertySpec> extra = {
      {"no-deadlock", PropertyKind::kDeadlockFree, "", ""},
      {"two-abort", PropertyKind::kSometimes, "(count r in rm: r.state == ABORTED) == 2", ""}};
  for (const char* name : {"2pc/commit", "2pc/commit-retransmit", "2pc/commit-early"}) {
    CAPTURE(name);
    Run plain = check(name, 3, false, 1, 1u << 14, extra);
    Run sym = check(name, 3, true, 1, 1u << 14, extra);
    REQUIRE(plain.results.size() == sym.results.size());
    for (std::size_t i = 0; i < plain.results.size(); ++i) {
      CAPTURE(plain.results[i].property);
      CHECK(plain.results[i].verdict == sym.results[i].verdict);
      CHECK(plain.results[i].verdict != Verdict::kInconclusive);
      REQUIRE(plain.results[i].trace.has_value() == sym.results[i].trace.has_value());
      if (!plain.results[i].trace) continue;
      CHECK(plain.results[i].trace->steps.size() == sym.results[i].trace->steps.size());
      require_real_run(*build(scenario(name), 3), *sym.results[i].trace);
    }
  }
  // Without retransmission a lost decision leaves a prepared participant stuck.
  CHECK(result(check("2pc/commit", 3, true, 1, 1u << 14, extra), "no-deadlock").verdict ==
        Verdict::kViolated);
}

TEST_CASE("symmetry: the broken coordinator's counterexample is a real run of equal length") {
  Run plain = check("2pc/commit-early", 4, false), sym = check("2pc/commit-early", 4, true);
  const Result& r = result(sym, "consistent");
  REQUIRE(r.verdict == Verdict::kViolated);
  REQUIRE(r.trace->steps.size() == 5);
  CHECK(result(plain, "consistent").trace->steps.size() == 5);
  auto system = build(scenario("2pc/commit-early"), 4);
  require_real_run(*system, *r.trace);
  std::vector<std::string> steps;
  for (const auto& step : r.trace->steps) steps.push_back(step.info.actor + " " + step.info.event);
  CHECK(steps == std::vector<std::string>{"rm[0] prepare", "rm[1] abort", "tm rcv Prepared",
                                          "tm commit", "rm[0] rcv Commit"});
  // The witness of a sometimes property too.
  Run witness = check("2pc/commit", 3, true);
  require_real_run(*build(scenario("2pc/commit"), 3), *result(witness, "can-commit").trace);
  CHECK(result(witness, "can-commit").trace->steps.size() ==
        result(check("2pc/commit", 3, false), "can-commit").trace->steps.size());
}

TEST_CASE("symmetry: two threads and tiny rounds give the one-thread results") {
  Run one = check("2pc/commit-early", 4, true), two = check("2pc/commit-early", 4, true, 2, 3);
  const Result &a = result(one, "consistent"), &b = result(two, "consistent");
  CHECK(a.states == b.states);
  CHECK(a.transitions == b.transitions);
  REQUIRE(b.trace);
  CHECK(a.trace->steps.size() == b.trace->steps.size());
  for (std::size_t k = 0; k < a.trace->steps.size(); ++k)
    CHECK(a.trace->steps[k].state == b.trace->steps[k].state);
  Run full = check("2pc/commit", 4, true, 2, 7);
  CHECK(result(full, "consistent").states == 1450);
}

TEST_CASE("symmetry: TwoPhase.tla's classes and Stateright's representatives") {
  // The literal transcription is one machine (no actor array to reduce over), so its
  // classes are counted here by brute force over its 8,832 states for 5 participants.
  // Stateright's 2pc example stores 665 states with symmetry: its representative sorts
  // the participants by their state alone, ties kept in index order, which is not a
  // canonical form (two states of one class can have different representatives). Its
  // search, replayed here with that representative, stores 665; the classes are fewer.
  const synack::Scenario& s = scenario("2pc/twophase-tla");
  auto system = build(s, 5);
  const auto& layout = system->layout();
  std::vector<std::size_t> rm_slot;
  for (int i = 0; i < 5; ++i) rm_slot.push_back(*layout.find("twophase.rm" + std::to_string(i)));
  const std::size_t prepared = *layout.find("twophase.tm_prepared");
  const std::size_t sent = *layout.find("twophase.msg_prepared");
  auto rename = [&](const std::vector<Value>& state, const std::vector<int>& image) {
    synack::checker::MemberPermutation p(image);
    std::vector<Value> renamed = state;
    for (int i = 0; i < 5; ++i) renamed[rm_slot[p(i)]] = state[rm_slot[i]];
    renamed[prepared] = p.bits(state[prepared]);
    renamed[sent] = p.bits(state[sent]);
    return renamed;
  };
  auto canonical = [&](const std::vector<Value>& state) {
    std::vector<Value> best;
    std::vector<int> image = {0, 1, 2, 3, 4};
    do {
      std::vector<Value> renamed = rename(state, image);
      if (best.empty() || renamed < best) best = renamed;
    } while (std::next_permutation(image.begin(), image.end()));
    return best;
  };
  auto stateright = [&](const std::vector<Value>& state) {
    std::vector<int> order = {0, 1, 2, 3, 4}, image(5);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return state[rm_slot[a]] < state[rm_slot[b]]; });
    for (int r = 0; r < 5; ++r) image[order[r]] = r;
    return rename(state, image);
  };
  // Search storing rep(state) for each state met; rep = identity: the full search.
  // Stateright's checker explores on from the state met, not from its representative.
  auto search = [&](const std::function<std::vector<Value>(const std::vector<Value>&)>& rep,
                    bool depth_first) {
    std::set<std::vector<Value>> seen{rep(system->initial_state())};
    std::deque<std::vector<Value>> pending{system->initial_state()};
    std::vector<Value> next(layout.size());
    while (!pending.empty()) {
      std::vector<Value> state = depth_first ? pending.back() : pending.front();
      depth_first ? pending.pop_back() : pending.pop_front();
      for (std::size_t g = 0; g < system->group_count(); ++g)
        if (system->apply(g, state.data(), next.data()) && seen.insert(rep(next)).second)
          pending.push_back(next);
    }
    return seen.size();
  };
  CHECK(search([](const std::vector<Value>& state) { return state; }, false) == 8832);
  CHECK(search(stateright, true) == 665);
  CHECK(search(canonical, false) == 314);
}

TEST_CASE("symmetry: the report names the rows fired, as the full search does") {
  // The reduced search wraps the System; the machines' rows were reported for a System
  // only, so --coverage under --symmetry lost them.
  const synack::Scenario& s = scenario("2pc/commit");
  std::vector<PropertySpec> properties = safety_properties(s);
  synack::checker::Limits limits;
  limits.explore_all = true;
  auto fired = [&](bool symmetry) {
    std::unique_ptr<Model> model = build(s, 3);
    if (symmetry) model = synack::checker::with_symmetry(std::move(model), s.symmetric, properties);
    synack::checker::ExplorationStats stats;
    synack::checker::check_properties(*model, properties, limits, {}, &stats);
    std::vector<std::pair<std::string, std::vector<bool>>> out;
    for (const auto& m : synack::reports::machine_coverage(*model, stats.coverage)) {
      std::vector<bool> rows;
      for (std::uint64_t n : m.fired) rows.push_back(n > 0);
      out.emplace_back(m.machine, rows);
    }
    return out;
  };
  const auto full = fired(false), reduced = fired(true);
  REQUIRE(full.size() == 2);  // tm and rm
  CHECK(reduced == full);
  // The figures are the representatives', and the report says so.
  std::unique_ptr<Model> model =
      synack::checker::with_symmetry(build(s, 3), s.symmetric, properties);
  synack::checker::ExplorationStats stats;
  synack::checker::check_properties(*model, properties, limits, {}, &stats);
  CHECK_THAT(synack::reports::format_coverage("2pc/commit", *model, stats.coverage),
             Catch::Contains("2pc/commit: coverage of every reachable state (409 "
                             "representatives of classes under --symmetry, "));
}

TEST_CASE("symmetry: --unhandled and the JSON say their counts are of representatives") {
  // A reduced search's figures are classes, not states: printed as states they were read
  // as the reachable states (9,525 against 52,081 on 2pc/commit with retransmission).
  const synack::Scenario& s = scenario("2pc/commit");
  std::vector<PropertySpec> properties = safety_properties(s);
  std::unique_ptr<Model> model =
      synack::checker::with_symmetry(build(s, 3), s.symmetric, properties);
  const synack::checker::UnhandledReport reduced =
      synack::checker::unhandled_inputs(*model, synack::checker::Limits{});
  CHECK(reduced.representatives);
  CHECK(reduced.states == 409);
  CHECK_THAT(synack::reports::format_unhandled("2pc/commit", reduced),
             Catch::Contains("(409 representatives of classes under --symmetry; the counts "
                             "below are of representatives"));
  CHECK(synack::reports::unhandled_json("2pc/commit", reduced).at("symmetry") == true);
  const synack::checker::UnhandledReport full =
      synack::checker::unhandled_inputs(*build(s, 3), synack::checker::Limits{});
  CHECK_FALSE(full.representatives);
  CHECK(full.states == 1880);
  CHECK_THAT(synack::reports::format_unhandled("2pc/commit", full),
             Catch::Contains("(1880 reachable states)"));
  CHECK_FALSE(synack::reports::unhandled_json("2pc/commit", full).contains("symmetry"));

  synack::reports::ScenarioRun run;
  run.scenario = &s;
  for (const auto& p : s.params) run.params[p.key] = p.default_value;
  run.params["rm.count"] = 3;
  run.properties = properties;
  run.model = std::move(model);
  run.results = synack::checker::check_properties(*run.model, properties, {});
  std::vector<synack::reports::ScenarioRun> runs;
  runs.push_back(std::move(run));
  const nlohmann::json reduced_json = synack::reports::results_json(runs, {});
  REQUIRE(reduced_json.at("results").size() == properties.size());
  for (const auto& r : reduced_json.at("results")) CHECK(r.at("symmetry") == true);
  runs[0].model = build(s, 3);
  runs[0].results = synack::checker::check_properties(*runs[0].model, properties, {});
  for (const auto& r : synack::reports::results_json(runs, {}).at("results"))
    CHECK_FALSE(r.contains("symmetry"));
}

// A premise that no renaming changes is met by some state of a class exactly when by its
// representative: asked about under symmetry, with the answer of the full search. One
// that tells the members apart is not asked (a conjunct of a symmetric whole may), and the
// result is left unmarked rather than marked wrongly.
TEST_CASE("symmetry: vacuous invariants are marked as without it, when the premise allows") {
  using synack::checker::PropertyKind;
  std::string pairs;  // rm[i] committed and rm[j] aborted, for every ordered pair
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      if (i != j)
        pairs += fmt::format("{}(rm[{}].state == COMMITTED && rm[{}].state == ABORTED -> false)",
                             pairs.empty() ? "" : " && ", i, j);
  const std::vector<PropertySpec> extra = {
      {"counted", PropertyKind::kAlways,
       "(count r in rm: r.state == COMMITTED) >= 1 && (count r in rm: r.state == ABORTED) >= 1 "
       "-> false",
       ""},
      {"met", PropertyKind::kAlways, "(count r in rm: r.state == COMMITTED) == 3 -> true", ""},
      {"pairs", PropertyKind::kAlways, pairs, ""}};
  Run plain = check("2pc/commit", 3, false, 1, 1u << 14, extra);
  Run sym = check("2pc/commit", 3, true, 1, 1u << 14, extra);
  for (const Run* run : {&plain, &sym}) {
    CHECK(result(*run, "counted").verdict == Verdict::kHolds);
    CHECK(result(*run, "counted").vacuous);
    CHECK(result(*run, "counted").premise ==
          "(count r in rm: r.state == COMMITTED) >= 1 && (count r in rm: r.state == ABORTED) >= 1");
    CHECK_FALSE(result(*run, "met").vacuous);
    CHECK(result(*run, "pairs").verdict == Verdict::kHolds);
  }
  CHECK(result(plain, "pairs").vacuous);
  CHECK(result(plain, "pairs").premise == "rm[0].state == COMMITTED && rm[1].state == ABORTED");
  CHECK_FALSE(result(sym, "pairs").vacuous);
}
