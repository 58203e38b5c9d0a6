// Coverage for liveness properties: the liveness engine's graph counts rows fired,
// transitions and new states per group as the breadth-first search does, so that
// `check --coverage` and the JSON's `coverage` say the same for a liveness check as for a
// safety one over the same states; the steps only runs take are counted apart.
#include <catch2/catch.hpp>

#include <filesystem>
#include <numeric>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "helpers.hpp"
#include "reports/coverage_report.hpp"
#include "same_result.hpp"

using namespace synack::checker;
using synack::testing::Run;
using synack::testing::run_synack;

namespace {

// The coverage a check of the scenario's liveness (or safety) properties reports.
Coverage cover_search(const Model& model, const std::string& scenario, bool liveness,
                      Limits limits) {
  auto all = synack::properties::bundled_scenarios();
  std::vector<PropertySpec> specs;
  for (const auto& p : synack::properties::find_scenario(all, scenario).properties)
    if (is_liveness(p.kind) == liveness) specs.push_back(p);
  REQUIRE_FALSE(specs.empty());
  ExplorationStats stats;
  check_properties(model, specs, limits, {}, &stats);
  return stats.coverage;
}

}  // namespace

TEST_CASE("liveness coverage of stop-and-wait ARQ is the safety search's over every state") {
  auto model = synack::testing::build("arq/stop-and-wait");
  Limits all;
  all.explore_all = true;
  Coverage safety = cover_search(*model, "arq/stop-and-wait", false, all);
  Coverage live = cover_search(*model, "arq/stop-and-wait", true, {});
  CHECK(live.liveness_graph);
  CHECK_FALSE(safety.liveness_graph);
  CHECK(live.exhaustive);
  CHECK(live.states == 107);
  CHECK(live.transitions == 352);
  CHECK(live.group_transitions == std::vector<std::uint64_t>{17, 82, 75, 0, 75, 6, 18, 0, 73, 6});
  CHECK(live.group_new_states == std::vector<std::uint64_t>{15, 17, 34, 0, 5, 2, 18, 0, 9, 6});
  // The graph has 407 edges: 55 are deliveries the receiver discards, which the safety
  // search folds into the loss of the same message.
  CHECK(live.liveness_only_transitions == 55);
  synack::testing::require_same_coverage(live, safety, /*why_stopped=*/false);
}

TEST_CASE("liveness coverage with idle clock ticks and discarded deliveries") {
  // Timed and lossy: both kinds of step only runs take are in the graph.
  auto model = synack::testing::build("tcp/handshake-loss");
  Limits all;
  all.explore_all = true;
  Coverage safety = cover_search(*model, "tcp/handshake-loss", false, all);
  Coverage live = cover_search(*model, "tcp/handshake-loss", true, {});
  CHECK(live.states == 6187);
  CHECK(live.transitions + live.liveness_only_transitions == 33481);
  CHECK(live.liveness_only_transitions > 0);
  synack::testing::require_same_coverage(live, safety, /*why_stopped=*/false);
  CHECK(std::accumulate(live.group_new_states.begin(), live.group_new_states.end(), 0ull) == 6186);
  // The same with more threads and other rounds.
  for (auto [threads, round] : {std::pair{2u, 1u}, {3u, 97u}}) {
    INFO("threads " << threads << " rounds of " << round);
    Limits many;
    many.threads = threads;
    many.round_states = round;
    Coverage again = cover_search(*model, "tcp/handshake-loss", true, many);
    synack::testing::require_same_coverage(again, live, /*why_stopped=*/false);
    CHECK(again.liveness_only_transitions == live.liveness_only_transitions);
  }
}

TEST_CASE("liveness coverage of a graph cut short by a limit says which") {
  auto model = synack::testing::build("tcp/handshake-loss");
  Limits small;
  small.max_states = 500;
  Coverage live = cover_search(*model, "tcp/handshake-loss", true, small);
  CHECK_FALSE(live.exhaustive);
  CHECK(live.stopped_by == "max-states");
  CHECK(live.states == 500);
  CHECK(std::accumulate(live.group_new_states.begin(), live.group_new_states.end(), 0ull) == 499);
  CHECK(synack::reports::coverage_scope(live).find("(max-states, 500 states") != std::string::npos);
}

TEST_CASE("check --coverage of a liveness property prints and writes its coverage") {
  auto file = std::filesystem::temp_directory_path() /
              ("synack_live_coverage_" + std::to_string(getpid()) + ".json");
  Run r = run_synack("check arq/stop-and-wait --property completes --coverage --quiet --json " +
                     file.string());
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("arq/stop-and-wait: coverage of every reachable state (107 "
                                    "states, 352 transitions), the liveness engine's graph\n"));
  CHECK_THAT(r.out, Catch::Contains("  not counted above: 55 steps of the liveness graph that "
                                    "only runs take (a delivery\n"));
  CHECK_THAT(r.out, Catch::Contains("  machine arq-sender (sender): 4 of 4 rows fired\n"
                                    "            17  READY --send / send DATA--> WAIT-ACK\n"));
  auto j = nlohmann::json::parse(synack::testing::slurp(file));
  REQUIRE(j["coverage"].size() == 1);
  const auto& c = j["coverage"][0];
  CHECK(c["counted_by"] == "liveness");
  CHECK(c["exhaustive"] == true);
  CHECK(c["liveness_only_transitions"] == 55);
  CHECK(c["machines"][1]["rows"][1]["fired"] == 61);

  // Without --coverage the JSON has it too, also beside a safety property whose search
  // stopped early: the liveness graph saw every state.
  Run both = run_synack(
      "check tcp/zero-window --property sender-progress --property deadlock-free --quiet "
      "--json " +
      file.string());
  CHECK(both.exit_code == 1);
  j = nlohmann::json::parse(synack::testing::slurp(file));
  std::filesystem::remove(file);
  REQUIRE(j["coverage"].size() == 1);
  CHECK(j["coverage"][0]["counted_by"] == "liveness");
  CHECK(j["coverage"][0]["exhaustive"] == true);
  CHECK(j["coverage"][0]["states"] == 151);
}

// Under --max-states the liveness graph stored one state past a limit of 1 (the initial
// state was never weighed against it) and left out the step that reached its last state:
// 2 states and 0 transitions where the safety search beside it said 1 and 0, then N and
// N - 2 where it said N and N - 1, and one level less.
TEST_CASE("liveness graph: --max-states stops it where it stops the breadth-first search") {
  for (int limit : {1, 2, 3}) {
    Run r = run_synack(
        "check arq/stop-and-wait --property in-order-exactly-once --property "
        "completes --threads 1 --quiet --max-states " +
        std::to_string(limit));
    INFO(r.out);
    CHECK(r.exit_code == 3);
    // States, transitions and depth (each of this model's first three states is a level).
    const std::string counts = fmt::format("inconclusive (max-states)  {}       {}            {}",
                                           limit, limit - 1, limit - 1);
    CHECK_THAT(r.out, Catch::Contains("always      " + counts));
    CHECK_THAT(r.out, Catch::Contains("eventually  " + counts));
  }
}
