// Results never depend on the number of threads, on the bundled scenarios: every figure a
// user sees (verdict, states and transitions when decided, depth, the trace chosen, the
// limit hit) is compared with --threads 1, with rounds from the default down to a single
// state, so that any ordering the commit got wrong would show. The same on toy models,
// also run under ThreadSanitizer: tests/test_parallel_engine.cpp.
#include <catch2/catch.hpp>

#include "checker/state_graph.hpp"
#include "helpers.hpp"
#include "same_graph.hpp"
#include "same_result.hpp"

using namespace synack::checker;

namespace {

using Shapes = std::vector<std::pair<unsigned, std::uint32_t>>;
// Thread counts and round sizes to compare with one thread and default rounds: rounds of
// a single state hand over work at every step, odd sizes cut levels anywhere.
const Shapes kShapes = {{2, 1u << 14}, {3, 1}, {4, 7}, {2, 100}};
// For larger models, where a round per state would be slow.
const Shapes kLargeShapes = {{2, 1u << 14}, {3, 997}};

void compare_threads(const std::string& scenario, const std::vector<std::string>& sets,
                     Limits base = {}, const Shapes& shapes = kShapes) {
  INFO(scenario);
  base.threads = 1;
  auto one = synack::testing::check(scenario, sets, base);
  for (auto [threads, round] : shapes) {
    INFO("threads " << threads << ", rounds of " << round);
    Limits limits = base;
    limits.threads = threads;
    limits.round_states = round;
    auto many = synack::testing::check(scenario, sets, limits);
    REQUIRE(many.results.size() == one.results.size());
    for (std::size_t k = 0; k < one.results.size(); ++k)
      synack::testing::require_same(one.results[k], many.results[k]);
  }
}

}  // namespace

TEST_CASE("safety verdicts, counts and traces are the same with any number of threads") {
  compare_threads("tcp/three-way-handshake", {"channel.capacity=1"});
  // 424,065 states, 2,395,285 transitions.
  compare_threads("tcp/three-way-handshake", {}, {}, kLargeShapes);
  compare_threads("tcp/two-way-handshake", {});
  compare_threads("tcp/teardown-merged-fin", {});
  compare_threads("arq/stop-and-wait-no-seq", {});
}

TEST_CASE("liveness verdicts and lassos are the same with any number of threads") {
  compare_threads("arq/stop-and-wait", {});
  compare_threads("tcp/zero-window", {});
  // 6,311 states; both leads-to properties hold, under fair loss and weak fairness.
  compare_threads("tcp/handshake-loss", {});
}

TEST_CASE("a limit cuts the search at the same state with any number of threads") {
  Limits limits;
  limits.max_states = 5000;
  compare_threads("tcp/three-way-handshake", {}, limits);
}

TEST_CASE("the liveness graph of a bundled scenario is the same with any number of threads") {
  // Deliveries labelled per channel and message, discarded deliveries (steps only runs
  // take) stored after their parent's other successors, fair loss.
  for (const char* scenario : {"arq/stop-and-wait", "tcp/handshake-loss"}) {
    INFO(scenario);
    auto model = synack::testing::build(scenario);
    Limits base;
    base.threads = 1;
    StateGraph one = explore_graph(*model, {}, base, {});
    CHECK(one.limit.empty());
    CHECK_FALSE(one.deliveries.empty());
    CHECK(one.coverage.liveness_only_transitions > 0);
    for (auto [threads, round] : kShapes) {
      INFO("threads " << threads << ", rounds of " << round);
      Limits limits = base;
      limits.threads = threads;
      limits.round_states = round;
      synack::testing::require_same_graph(one, explore_graph(*model, {}, limits, {}));
    }
  }
}
