// Results never depend on the number of threads: the workers only generate successors,
// and one thread commits them in the order a one-thread search meets them. Every figure
// a user sees (verdict, states and transitions when decided, depth, the trace chosen, the
// limit hit) is compared with --threads 1, with rounds from the default down to a single
// state, so that any ordering the commit got wrong would show.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "checker/errors.hpp"
#include "checker/explicit_bfs.hpp"
#include "checker/liveness.hpp"
#include "helpers.hpp"

using namespace synack::checker;

namespace {

Limits with(unsigned threads, std::uint32_t round_states) {
  Limits limits;
  limits.threads = threads;
  limits.round_states = round_states;
  return limits;
}

using Shapes = std::vector<std::pair<unsigned, std::uint32_t>>;
// Thread counts and round sizes to compare with one thread and default rounds: rounds of
// a single state hand over work at every step, odd sizes cut levels anywhere.
const Shapes kShapes = {{2, 1u << 14}, {3, 1}, {4, 7}, {2, 100}};
// For larger models, where a round per state would be slow.
const Shapes kLargeShapes = {{2, 1u << 14}, {3, 997}};

void require_same(const Result& one, const Result& many) {
  INFO(one.property);
  CHECK(many.verdict == one.verdict);
  CHECK(many.states == one.states);
  CHECK(many.transitions == one.transitions);
  CHECK(many.depth == one.depth);
  CHECK(many.limit == one.limit);
  REQUIRE(many.trace.has_value() == one.trace.has_value());
  if (!one.trace) return;
  CHECK(many.trace->cycle_start == one.trace->cycle_start);
  REQUIRE(many.trace->steps.size() == one.trace->steps.size());
  for (std::size_t k = 0; k < one.trace->steps.size(); ++k) {
    CHECK(many.trace->steps[k].group == one.trace->steps[k].group);
    CHECK(many.trace->steps[k].state == one.trace->steps[k].state);
  }
}

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
      require_same(one.results[k], many.results[k]);
  }
}

// x and y count up to 20, one step each; `boom` at x == 13 throws like a machine whose
// variable left its declared range.
class Grid final : public Model {
 public:
  explicit Grid(bool boom) : boom_(boom) {
    layout_.add({"x", 20, {}, nullptr});
    layout_.add({"y", 20, {}, nullptr});
  }
  const Layout& layout() const override { return layout_; }
  std::vector<Value> initial_state() const override { return {0, 0}; }
  std::size_t group_count() const override { return 2; }
  std::string group_name(std::size_t g) const override { return g == 0 ? "x" : "y"; }
  bool apply(std::size_t g, const Value* from, Value* to) const override {
    to[0] = from[0] + (g == 0);
    to[1] = from[1] + (g == 1);
    if (boom_ && to[0] == 13) throw synack::InputError("x = 13 outside its declared range");
    return to[0] <= 20 && to[1] <= 20;
  }
  StepInfo describe(std::size_t g, const Value*) const override {
    StepInfo info;
    info.actor = "grid";
    info.event = group_name(g);
    return info;
  }
  std::string summary(const Value* s) const override {
    return "x=" + std::to_string(s[0]) + " y=" + std::to_string(s[1]);
  }
  std::optional<std::string> replay(const std::vector<std::size_t>&,
                                    const std::vector<std::vector<Value>>&) const override {
    return std::nullopt;
  }

 private:
  Layout layout_;
  bool boom_;
};

PropertySpec always(std::string name, std::string expr) {
  return {std::move(name), PropertyKind::kAlways, std::move(expr), "", Verdict::kHolds};
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
