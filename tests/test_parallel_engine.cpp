// The parallel expansion on toy models: no protocol machine, so this file is also built
// under ThreadSanitizer (scripts/sanitize.sh thread). Results must equal one thread's.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "checker/errors.hpp"
#include "checker/explicit_bfs.hpp"
#include "checker/liveness.hpp"
#include "checker/state_graph.hpp"
#include "same_graph.hpp"
#include "same_result.hpp"
#include "two_counter_model.hpp"

using namespace synack::checker;
using synack::testing::require_same;

namespace {

Limits with(unsigned threads, std::uint32_t round_states) {
  Limits limits;
  limits.threads = threads;
  limits.round_states = round_states;
  return limits;
}

// Thread counts and round sizes: rounds of a single state hand over work at every step,
// odd sizes cut levels anywhere.
const std::vector<std::pair<unsigned, std::uint32_t>> kShapes = {
    {2, 1u << 14}, {3, 1}, {4, 7}, {2, 100}};

// x and y count up to 20, one step each; `boom` at x == 13 throws like a machine whose
// variable left its declared range.
class Grid final : public synack::testing::TwoCounterModel {
 public:
  explicit Grid(bool boom) : TwoCounterModel("grid", 20, 20, {"x", "y"}), boom_(boom) {}
  bool apply(std::size_t g, const Value* from, Value* to) const override {
    to[0] = from[0] + (g == 0);
    to[1] = from[1] + (g == 1);
    if (boom_ && to[0] == 13) throw synack::InputError("x = 13 outside its declared range");
    return to[0] <= 20 && to[1] <= 20;
  }

 private:
  bool boom_;
};

// x turns round 0..11; y climbs to 5 and steps back down, not below 1, where x is a
// multiple of 3: two strongly connected components, y == 0 and the rest.
class Ring final : public synack::testing::TwoCounterModel {
 public:
  Ring() : TwoCounterModel("ring", 11, 5, {"turn", "up", "down"}) {}
  bool apply(std::size_t g, const Value* from, Value* to) const override {
    to[0] = g == 0 ? (from[0] + 1) % 12 : from[0];
    to[1] = from[1] + (g == 1) - (g == 2);
    return g == 0 || (g == 1 && from[1] < 5) || (g == 2 && from[0] % 3 == 0 && from[1] > 1);
  }
};

PropertySpec always(std::string name, std::string expr) {
  return {std::move(name), PropertyKind::kAlways, std::move(expr), "", Verdict::kHolds};
}

PropertySpec eventually_spec(std::string expr) {
  return {"e", PropertyKind::kEventually, std::move(expr), "", Verdict::kHolds};
}

}  // namespace

TEST_CASE("more properties than the workers' bits are decided the same way") {
  Grid grid(false);
  std::vector<PropertySpec> specs;
  for (int k = 0; k < 70; ++k)
    specs.push_back(always(fmt::format("p{}", k), fmt::format("x + y != {}", k % 35 + 1)));
  auto one = check_explicit(grid, specs, with(1, 1u << 14));
  REQUIRE(one.size() == 70);
  CHECK(one[69].verdict == Verdict::kViolated);
  CHECK(one[69].trace->steps.size() == 35);  // x + y == 35 first at depth 35
  for (auto [threads, round] : kShapes) {
    auto many = check_explicit(grid, specs, with(threads, round));
    for (std::size_t k = 0; k < one.size(); ++k) require_same(one[k], many[k]);
  }
}

TEST_CASE("a machine's error surfaces where one thread meets it, or not at all") {
  Grid grid(true);
  for (auto [threads, round] : kShapes) {
    INFO("threads " << threads << ", rounds of " << round);
    // Breadth-first, x == 13 is met (and throws) before x + y == 14 is reached.
    CHECK_THROWS_WITH(check_explicit(grid, {always("p", "x + y != 14")}, with(threads, round)),
                      "x = 13 outside its declared range");
    // x = 0, y = 12 is the last state of depth 12, found by the last parent of depth 11;
    // by then (12, 0) is stored, and a small round may hand it to a worker, which meets
    // x = 13. One thread never expands it: the violation ends the search first.
    auto r = check_explicit(grid, {always("p", "x + y != 12 || x > 0")}, with(threads, round));
    CHECK(r[0].verdict == Verdict::kViolated);
    CHECK(r[0].trace->steps.size() == 12);
  }
}

TEST_CASE("liveness on the state graph is the same with any number of threads") {
  Grid grid(false);
  // Every run ends in (20, 20); one that raises y first never passes x == 5 at y == 0.
  std::vector<PropertySpec> specs = {eventually_spec("x == 20 && y == 20"),
                                     eventually_spec("x == 5 && y == 0")};
  auto one = check_liveness(grid, specs, with(1, 1u << 14));
  CHECK(one[0].verdict == Verdict::kHolds);
  CHECK(one[0].states == 441);
  CHECK(one[1].verdict == Verdict::kViolated);
  for (auto [threads, round] : kShapes) {
    INFO("threads " << threads << ", rounds of " << round);
    auto many = check_liveness(grid, specs, with(threads, round));
    for (std::size_t k = 0; k < one.size(); ++k) require_same(one[k], many[k]);
  }
}

TEST_CASE("the liveness graph is the same graph with 1 2 and 4 threads and tiny rounds") {
  Ring ring;
  Expr even = Expr::parse("x % 2 == 0", ring.layout());
  Expr top = Expr::parse("y == 5", ring.layout());
  const std::vector<const Expr*> predicates = {&even, &top};
  for (std::uint64_t max_states : {std::uint64_t{1} << 40, std::uint64_t{50}}) {
    INFO("at most " << max_states << " states");
    Limits base = with(1, 1u << 14);
    base.max_states = max_states;
    StateGraph one = explore_graph(ring, predicates, base, {});
    if (max_states == 50) {
      CHECK(one.states() == 50);
      CHECK(one.limit == "max-states");
    } else {
      CHECK(one.states() == 72);
      CHECK(one.transitions == 72 + 60 + 16);
      CHECK(one.limit.empty());
      // The 60 states with y >= 1 reach each other (down leads back to y == 1, never to
      // 0); the x-cycle at y == 0 is the other component.
      auto components = synack::testing::cyclic_components(one);
      REQUIRE(components.size() == 2);
      CHECK(components[0].size() + components[1].size() == 72);
    }
    for (auto [threads, round] : std::vector<std::pair<unsigned, std::uint32_t>>{
             {2, 1u << 14}, {2, 1}, {4, 1}, {4, 5}, {2, 13}}) {
      INFO("threads " << threads << ", rounds of " << round);
      Limits limits = base;
      limits.threads = threads;
      limits.round_states = round;
      synack::testing::require_same_graph(one, explore_graph(ring, predicates, limits, {}));
    }
  }
}

namespace {

// Eight jumps from every state over 256 x 256 values: levels of thousands of states, so
// that a round holds more than kMinCommitAlongside parents and the next round is
// generated beside its commit (checker/round_split.hpp); the smaller models above are
// always committed whole.
class Wide final : public synack::testing::TwoCounterModel {
 public:
  Wide() : TwoCounterModel("wide", 255, 255, {"a", "b", "c", "d", "e", "f", "g", "h"}) {}
  bool apply(std::size_t g, const Value* from, Value* to) const override {
    const auto k = static_cast<Value>(g);
    to[0] = (from[0] * 5 + k + 1) % 256;
    to[1] = (from[1] + from[0] * (k + 1) + 1) % 256;
    return true;
  }
};

}  // namespace

TEST_CASE("rounds of thousands of parents, generated beside their commit, end as one thread") {
  Wide wide;
  const std::vector<PropertySpec> specs = {always("holds", "x + y != 511"),
                                           always("broken", "x != 58 || y != 67")};
  for (std::uint64_t max_states :
       {std::uint64_t{1} << 40, std::uint64_t{3000}, std::uint64_t{20000}, std::uint64_t{50001}}) {
    INFO("at most " << max_states << " states");
    Limits base = with(1, 1u << 14);
    base.max_states = max_states;
    const auto one = check_explicit(wide, specs, base);
    if (max_states > 65536) {
      CHECK(one[0].verdict == Verdict::kHolds);
      CHECK(one[0].states == 65536);
      CHECK(one[0].transitions == 8 * 65536);  // every jump is enabled everywhere
      REQUIRE(one[1].verdict == Verdict::kViolated);
      CHECK(one[1].trace->steps.size() == 6);  // the 50,001st state stored
    }
    for (auto [threads, round] : std::vector<std::pair<unsigned, std::uint32_t>>{
             {2, 1u << 14}, {3, 1u << 14}, {2, 2048}, {3, 1500}, {2, 4099}}) {
      INFO("threads " << threads << ", rounds of " << round);
      Limits limits = base;
      limits.threads = threads;
      limits.round_states = round;
      const auto many = check_explicit(wide, specs, limits);
      for (std::size_t k = 0; k < one.size(); ++k) require_same(one[k], many[k]);
    }
  }
}
