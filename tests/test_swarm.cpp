// `check --swarm N`: bounded depth-first members biased by a seed find real violations,
// replayed and as short as the members can make them; nothing found is `inconclusive`,
// never `holds`; the same seed and member count give the same findings on any number of
// threads; what a swarm cannot decide is refused with one line.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <set>

#include <nlohmann/json.hpp>

#include "checker/step_error.hpp"
#include "checker/swarm/member_plan.hpp"
#include "checker/swarm/state_union.hpp"
#include "checker/swarm/swarm.hpp"
#include "checker/trace.hpp"
#include "cli_run.hpp"
#include "helpers.hpp"
#include "library/overflow_machine.hpp"

using namespace synack::checker;
using synack::testing::Run;
using synack::testing::run_synack;

namespace {

struct Swarmed {
  std::unique_ptr<Model> model;
  std::vector<PropertySpec> specs;
  SwarmReport report;
};

Swarmed swarm_bundled(const std::string& scenario, std::size_t members, std::uint64_t seed,
                      unsigned threads = 1, std::uint64_t member_states = 1'000'000) {
  auto all = synack::properties::bundled_scenarios();
  Swarmed s;
  s.specs = synack::properties::find_scenario(all, scenario).properties;
  s.model = synack::testing::build(scenario);
  SwarmOptions o;
  o.members = members;
  o.seed = seed;
  o.threads = threads;
  o.member_states = member_states;
  s.report = run_swarm(*s.model, s.specs, o);
  return s;
}

std::vector<std::size_t> groups_of(const Trace& t) {
  std::vector<std::size_t> groups;
  for (const TraceStep& s : t.steps) groups.push_back(s.group);
  return groups;
}

}  // namespace

TEST_CASE("swarm finds the two-way handshake's violations and each trace replays") {
  Swarmed s = swarm_bundled("tcp/two-way-handshake", 8, 1);
  auto bfs = synack::testing::check("tcp/two-way-handshake");
  REQUIRE(s.specs[0].name == "no-stale-connection");
  REQUIRE(s.specs[2].name == "connects");
  const std::vector<Verdict> expected = {Verdict::kViolated, Verdict::kViolated, Verdict::kHolds};
  for (std::size_t k = 0; k < 3; ++k) {
    INFO(s.specs[k].name);
    const Result& r = s.report.results[k];
    CHECK(r.engine == "swarm");
    CHECK(r.verdict == expected[k]);
    REQUIRE(r.trace);
    CHECK_NOTHROW(verify_by_replay(*s.model, *r.trace));
    // Never shorter than the breadth-first search's shortest: and here, where every member
    // finished its search, exactly as short.
    CHECK(r.trace->steps.size() == bfs.results[k].trace->steps.size());
    CHECK(r.depth == r.trace->steps.size());
  }
  CHECK(s.report.results[0].trace->steps.size() == 4);
  CHECK(s.report.results[1].trace->steps.size() == 3);
  // The last state is the violation: the server connected to a client that is not.
  const auto& last = s.report.results[0].trace->steps.back().state;
  CHECK(s.model->summary(last.data()) == "client=CLOSED server=ESTABLISHED");
  CHECK(s.report.found_by[0] == std::optional<std::size_t>(0));
  CHECK(s.report.members.size() == 8);
  CHECK(s.report.union_states == std::optional<std::uint64_t>(3123));
  CHECK(s.report.sum_states == 6136);
}

TEST_CASE("swarm: a member that finishes its search reports the shortest trace") {
  // Tightening the bound after each finding and searching again from states met higher up
  // make a finished member's findings the shortest there are: breadth-first's lengths.
  for (const char* scenario : {"tcp/teardown-merged-fin", "tcp/tfo-replay", "tls13/zero-rtt-replay",
                               "arq/stop-and-wait-reordering", "tcp/syn-flood"}) {
    INFO(scenario);
    Swarmed s = swarm_bundled(scenario, 8, 7);
    auto bfs = synack::testing::check(scenario);
    for (std::size_t k = 0; k < s.specs.size(); ++k) {
      if (is_liveness(s.specs[k].kind) || !bfs.results[k].trace) continue;
      const std::size_t shortest = bfs.results[k].trace->steps.size();
      REQUIRE(s.report.results[k].trace);
      CHECK(s.report.results[k].trace->steps.size() == shortest);
      for (const MemberReport& m : s.report.members) {
        if (m.shortened_length[k] == 0 && m.found_length[k] == 0) continue;
        CHECK(m.shortened_length[k] >= shortest);
        CHECK(m.shortened_length[k] <= m.found_length[k]);
        if (m.stopped_by.empty()) CHECK(m.shortened_length[k] == shortest);
      }
    }
  }
}

TEST_CASE("swarm: a deadlock found is a violation of the breadth-first length") {
  auto all = synack::properties::bundled_scenarios();
  auto model = synack::testing::build("tcp/zero-window");
  std::vector<PropertySpec> specs = {
      *synack::properties::find_scenario(all, "tcp/zero-window").property("deadlock-free")};
  SwarmOptions o;
  o.members = 4;
  o.seed = 5;
  SwarmReport r = run_swarm(*model, specs, o);
  REQUIRE(r.results[0].verdict == Verdict::kViolated);
  CHECK(r.results[0].trace->steps.size() == 5);
  CHECK_NOTHROW(verify_by_replay(*model, *r.results[0].trace));
  // A dead end: no group is enabled in the last state.
  const auto& last = r.results[0].trace->steps.back().state;
  std::vector<Value> next(last.size());
  for (std::size_t g = 0; g < model->group_count(); ++g)
    CHECK_FALSE(model->apply(g, last.data(), next.data()));
}

TEST_CASE("swarm: properties that hold are inconclusive and a witness is a proof") {
  // The three-way handshake is correct: no member finds a violation, and the swarm says
  // it is not a proof. The witness of `connects` is one.
  Swarmed s = swarm_bundled("tcp/three-way-handshake", 4, 3, 2, 20'000);
  for (std::size_t k : {0, 1}) {
    CHECK(s.report.results[k].verdict == Verdict::kInconclusive);
    CHECK(s.report.results[k].limit == "swarm: not a proof");
    CHECK_FALSE(s.report.results[k].trace);
  }
  CHECK(s.report.results[2].verdict == Verdict::kHolds);
  CHECK_NOTHROW(verify_by_replay(*s.model, *s.report.results[2].trace));
  for (const MemberReport& m : s.report.members) {
    CHECK(m.stopped_by == "max-states");
    CHECK(m.expansions <= 20'000);
  }
  CHECK_FALSE(s.report.some_member_complete);
  CHECK(s.report.union_states == std::optional<std::uint64_t>(46202));
  // Member 0's depth-first path to the witness, 9 steps, goes 7 through the states it
  // visited; the others' are no shorter.
  CHECK(s.report.found_by[2] == std::optional<std::size_t>(0));
  CHECK(s.report.members[0].found_length[2] == 9);
  CHECK(s.report.members[0].shortened_length[2] == 7);
  CHECK(s.report.results[2].trace->steps.size() == 7);
}

TEST_CASE("swarm: with every property found a member tightens its bound to the shortest") {
  // Alone, `connects` is found early; the member then searches for shorter witnesses only,
  // finishes within its budget, and so has the breadth-first search's 5 steps.
  auto all = synack::properties::bundled_scenarios();
  auto model = synack::testing::build("tcp/three-way-handshake");
  std::vector<PropertySpec> specs = {
      *synack::properties::find_scenario(all, "tcp/three-way-handshake").property("connects")};
  SwarmOptions o;
  o.members = 1;
  o.seed = 1;
  o.member_states = 20'000;
  SwarmReport r = run_swarm(*model, specs, o);
  const MemberReport& m = r.members[0];
  CHECK(m.stopped_by.empty());
  CHECK(m.depth_cut);
  CHECK(m.states == 6422);
  CHECK(m.shortened_length[0] == 5);
  CHECK(r.results[0].trace->steps.size() == 5);
}

TEST_CASE("swarm: the same seed and member count give the same findings on any threads") {
  Swarmed one = swarm_bundled("tcp/two-way-handshake", 6, 99, 1);
  Swarmed two = swarm_bundled("tcp/two-way-handshake", 6, 99, 2);
  Swarmed other = swarm_bundled("tcp/two-way-handshake", 6, 100, 2);
  for (std::size_t k = 0; k < one.specs.size(); ++k) {
    CHECK(one.report.found_by[k] == two.report.found_by[k]);
    CHECK(groups_of(*one.report.results[k].trace) == groups_of(*two.report.results[k].trace));
  }
  CHECK(one.report.union_states == two.report.union_states);
  CHECK(one.report.union_states.has_value());
  for (std::size_t m = 0; m < 6; ++m) {
    CHECK(one.report.members[m].seed == two.report.members[m].seed);
    CHECK(one.report.members[m].states == two.report.members[m].states);
    CHECK(one.report.members[m].transitions == two.report.members[m].transitions);
    if (m > 0) CHECK(one.report.members[m].seed != other.report.members[m].seed);
  }
  CHECK(one.report.sum_states != other.report.sum_states);
}

TEST_CASE("swarm: the union of the members' states is counted in any order up to a cap") {
  StateUnion a(5), b(5), capped(3);
  for (StateUnion* u : {&a, &capped}) {
    u->add({1, 2, 3});
    u->add({2, 3, 4});
  }
  b.add({2, 3, 4});
  b.add({1, 2, 3});
  CHECK(a.size() == std::optional<std::uint64_t>(4));
  CHECK(b.size() == a.size());
  CHECK_FALSE(capped.size().has_value());
  a.add({9});
  CHECK(a.size() == std::optional<std::uint64_t>(5));
}

TEST_CASE("swarm: members are biased by order, depth bound and rotation") {
  MemberPlan first = plan_member(1, 0, 10, 1000);
  CHECK(first.group_order == std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  CHECK(first.depth_bound == 1000);
  CHECK_FALSE(first.rotates);
  std::vector<std::size_t> bounds;
  std::set<std::vector<std::size_t>> orders;
  for (std::size_t m = 0; m < 8; ++m) {
    MemberPlan p = plan_member(1, m, 10, 1000);
    bounds.push_back(p.depth_bound);
    orders.insert(p.group_order);
    CHECK(p.rotates == ((m % 2 == 1) != (m >= 6)));
    std::vector<std::size_t> sorted = p.group_order;
    std::sort(sorted.begin(), sorted.end());
    CHECK(sorted == first.group_order);  // a permutation
  }
  CHECK(bounds == std::vector<std::size_t>{1000, 500, 250, 125, 62, 31, 1000, 500});
  CHECK(orders.size() == 8);
  CHECK(plan_member(1, 5, 10, 16).depth_bound == 1);
  CHECK(plan_member(1, 4, 10, 4).depth_bound == 1);
  CHECK(plan_member(2, 3, 10, 1000).seed != plan_member(1, 3, 10, 1000).seed);
}

TEST_CASE("swarm: a step leaving a declared range is a step error with the run to it") {
  // A counter whose count leaves its declared 0..2 on the third tick.
  synack::Scenario s =
      synack::ScenarioBuilder("overflow/count", "a counter and a sink")
          .channel_params(3, 0, false, true)
          .model([](synack::Composition& c) {
            auto counter = c.actor("counter", overflow::make_counter({5, 2, 5}), {"tick"});
            auto sink = c.actor("sink", overflow::make_sink({5, 2, 5}));
            c.channel("c2s", counter, sink, c.channel_policy());
          })
          .always("p", "counter.count != 3", "what the real machines violate");
  auto model = s.build(s.defaults());
  SwarmOptions o;
  o.members = 4;
  o.seed = 1;
  try {
    run_swarm(*model, s.properties, o);
    FAIL("no step error");
  } catch (const synack::StepError& e) {
    CHECK(std::string(e.what()) ==
          "counter: variable count = 3 outside its declared range 0..2 (widen it in var_bounds, or "
          "find the row that took it there)");
    CHECK(e.run == std::vector<std::string>{"counter.tick", "counter.tick", "counter.tick"});
    CHECK(e.engine == "swarm");
  }
}

TEST_CASE("swarm on the command line: table, coverage summary, traces and JSON") {
  auto json_path = std::filesystem::temp_directory_path() /
                   ("synack_swarm_" + std::to_string(getpid()) + ".json");
  Run r = run_synack("check tcp/two-way-handshake --swarm 4 --seed 11 --threads 2 --json " +
                     json_path.string());
  CHECK(r.exit_code == 1);
  CHECK(r.err.empty());
  CHECK_THAT(r.out, Catch::Contains("swarm tcp/two-way-handshake: 4 members, seed 11, 2 at a "
                                    "time, depth bounds 1000 to 125, up to 1000000 states each"));
  CHECK_THAT(r.out, Catch::Contains("not a proof: a property without a finding is inconclusive"));
  CHECK_THAT(r.out, Catch::Contains("no-stale-connection: counterexample (4 steps, replayed "
                                    "through the Boost.MSM machines)"));
  nlohmann::json j = nlohmann::json::parse(synack::testing::slurp(json_path));
  std::filesystem::remove(json_path);
  CHECK(j["results"][0]["engine"] == "swarm");
  CHECK(j["results"][0]["verdict"] == "violated");
  CHECK(j["results"][0]["trace"].size() == 4);
  const auto& swarm = j["swarm"].at(0);
  CHECK(swarm["members"] == 4);
  CHECK(swarm["seed"] == 11);
  CHECK(swarm["seed_text"] == "11");
  CHECK(swarm["ranks"] == 1);
  CHECK(swarm["proof"] == false);
  CHECK(swarm["member_reports"].size() == 4);
  CHECK(swarm["findings"][0]["steps"] == 4);
  CHECK(swarm["union_states"].get<std::uint64_t>() <= swarm["sum_states"].get<std::uint64_t>());
  // The HTML report has the summary in its coverage part.
  auto report_dir =
      std::filesystem::temp_directory_path() / ("synack_swarm_report_" + std::to_string(getpid()));
  Run html = run_synack("check tcp/two-way-handshake --swarm 4 --seed 11 --quiet --report " +
                        report_dir.string());
  CHECK(html.exit_code == 1);
  std::string page = synack::testing::slurp(report_dir / "index.html");
  std::filesystem::remove_all(report_dir);
  CHECK_THAT(page, Catch::Contains("<h3>tcp/two-way-handshake: what the swarm covered</h3>"));
  CHECK_THAT(page, Catch::Contains("not a proof: a property without a finding is inconclusive"));
}

namespace {

// The JSON of a swarm check, without what depends on the clock or the thread count.
nlohmann::json swarm_json_of(const std::string& args) {
  auto path = std::filesystem::temp_directory_path() /
              ("synack_swarm_same_" + std::to_string(getpid()) + ".json");
  Run r = run_synack(args + " --quiet --json " + path.string());
  nlohmann::json j = nlohmann::json::parse(synack::testing::slurp(path));
  std::filesystem::remove(path);
  std::function<void(nlohmann::json&)> strip = [&](nlohmann::json& node) {
    if (node.is_object()) {
      for (const char* key : {"seconds", "first_finding_seconds", "threads"}) node.erase(key);
      for (auto& [key, value] : node.items()) strip(value);
    } else if (node.is_array()) {
      for (auto& value : node) strip(value);
    }
  };
  strip(j);
  j["exit_code"] = r.exit_code;
  return j;
}

}  // namespace

TEST_CASE("swarm on the command line: the same seed gives the same JSON on 1 and 2 threads") {
  const std::string args = "check tcp/teardown-merged-fin --swarm 5 --seed 21";
  nlohmann::json one = swarm_json_of(args + " --threads 1");
  nlohmann::json two = swarm_json_of(args + " --threads 2");
  CHECK(one == two);
  CHECK(one["exit_code"] == 1);
  CHECK(one["results"][0]["verdict"] == "violated");
  CHECK(swarm_json_of("check tcp/teardown-merged-fin --swarm 5 --seed 22 --threads 2") != two);
}

TEST_CASE("swarm refuses what it cannot decide with one line") {
  auto refused = [](const std::string& args, const std::string& message) {
    Run r = run_synack("check " + args);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "synack: " + message + "\n");
  };
  refused("tcp/zero-window --swarm 2",
          "--swarm: tcp/zero-window sender-progress is a liveness property; a swarm of bounded "
          "searches cannot show that no fair cycle exists; choose safety properties with "
          "--property");
  refused("tcp/two-way-handshake --swarm 2 --checkpoint cp",
          "--swarm: --checkpoint cannot be combined: swarm members keep no checkpoints (a swarm "
          "is many short searches; run it again with the same --seed)");
  refused("tcp/two-way-handshake --swarm 2 --engine bmc",
          "--swarm: its members are explicit-state searches; --engine bmc cannot run in one");
  refused("tcp/two-way-handshake --swarm 2 --lemmas mine",
          "--swarm: --lemmas cannot be combined: lemmas strengthen the Z3 engines' proofs, and "
          "a swarm's members are explicit-state searches");
  refused("tcp/two-way-handshake --swarm 2 --max-errors 3",
          "--swarm: --max-errors cannot be combined: a swarm reports one trace per property");
  refused("tcp/two-way-handshake --swarm 2 --round-states 100",
          "--swarm: --round-states cannot be combined: swarm members search depth-first, state "
          "by state, in no rounds");
  refused("tcp/two-way-handshake --seed 3", "--seed requires --swarm (see 'synack --help')");
  refused("tcp/two-way-handshake --swarm 0",
          "--swarm: '0' is not a whole number from 1 to 100000 (decimal digits only) (see 'synack "
          "--help')");
  refused("tcp/two-way-handshake --swarm 2 --depth 0",
          "--depth 0: a swarm member needs a depth bound of at least 1");
  // Twenty digits past 2^64 - 1 would wrap or saturate into another seed.
  refused("tcp/two-way-handshake --swarm 2 --seed 18446744073709551616",
          "--seed: '18446744073709551616' is not a number from 0 to 2^64-1 (decimal digits only) "
          "(see 'synack --help')");
  refused("tcp/two-way-handshake --swarm 2 --seed 99999999999999999999",
          "--seed: '99999999999999999999' is not a number from 0 to 2^64-1 (decimal digits only) "
          "(see 'synack --help')");
}
