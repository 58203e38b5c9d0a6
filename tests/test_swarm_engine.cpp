// The swarm engine on hand-checked toy models, so that it runs under the sanitizers
// (scripts/sanitize.sh): members on several threads, dead ends at the depth bound, and
// findings whose shortest length can be worked out on paper.
#include <catch2/catch.hpp>

#include "checker/swarm/swarm.hpp"
#include "two_counter_model.hpp"

using namespace synack::checker;

namespace {

// A walker on a size x size grid, one step in each of four directions.
class SwarmGrid final : public synack::testing::TwoCounterModel {
 public:
  explicit SwarmGrid(Value size)
      : TwoCounterModel("walker", size - 1, size - 1, {"east", "north", "west", "south"}),
        size_(size) {}
  bool apply(std::size_t g, const Value* from, Value* to) const override {
    to[0] = from[0] + (g == 0) - (g == 2);
    to[1] = from[1] + (g == 1) - (g == 3);
    return to[0] >= 0 && to[1] >= 0 && to[0] < size_ && to[1] < size_;
  }

 private:
  Value size_;
};

// A counter that steps by one or skips by three up to top, and is stuck there.
class SwarmCounter final : public Model {
 public:
  explicit SwarmCounter(Value top) : top_(top) { layout_.add({"x", top, {}, nullptr}); }
  const Layout& layout() const override { return layout_; }
  std::vector<Value> initial_state() const override { return {0}; }
  std::size_t group_count() const override { return 2; }
  std::string group_name(std::size_t g) const override { return g == 0 ? "step" : "skip"; }
  bool apply(std::size_t g, const Value* from, Value* to) const override {
    to[0] = from[0] + (g == 0 ? 1 : 3);
    return to[0] <= top_;
  }
  StepInfo describe(std::size_t g, const Value*) const override {
    StepInfo info;
    info.actor = "counter";
    info.event = group_name(g);
    return info;
  }
  std::string summary(const Value* s) const override { return "x=" + std::to_string(s[0]); }
  std::optional<std::string> replay(const std::vector<std::size_t>&,
                                    const std::vector<std::vector<Value>>&) const override {
    return std::nullopt;
  }

 private:
  Layout layout_;
  Value top_;
};

PropertySpec swarm_property(PropertyKind kind, std::string expr) {
  return {"p", kind, std::move(expr), "", Verdict::kHolds};
}

SwarmReport swarm(const Model& model, const std::vector<PropertySpec>& specs, std::size_t members,
                  unsigned threads, std::size_t max_depth = 1000) {
  SwarmOptions o;
  o.members = members;
  o.seed = 4;
  o.threads = threads;
  o.max_depth = max_depth;
  return run_swarm(model, specs, o);
}

}  // namespace

TEST_CASE("swarm engine: the far corner of a grid, shortest from every finished member") {
  SwarmGrid grid(16);
  std::vector<PropertySpec> specs = {swarm_property(PropertyKind::kAlways, "!(x == 15 && y == 15)"),
                                     swarm_property(PropertyKind::kSometimes, "x == 3 && y == 9")};
  // Depth bounds 100, 50, 25, 12, 6, 3, twice.
  SwarmReport one = swarm(grid, specs, 12, 1, 100);
  SwarmReport three = swarm(grid, specs, 12, 3, 100);
  REQUIRE(one.results[0].verdict == Verdict::kViolated);
  REQUIRE(one.results[1].verdict == Verdict::kHolds);
  // Manhattan distances: 30 and 12 steps.
  CHECK(one.results[0].trace->steps.size() == 30);
  CHECK(one.results[1].trace->steps.size() == 12);
  CHECK(one.union_states == std::optional<std::uint64_t>(256));
  for (const MemberReport& m : one.members) {
    // A member with a bound below a target's distance cannot reach it; the others finish
    // (256 states is no budget) and so have the shortest path.
    CHECK(m.stopped_by.empty());
    // Each cell within its bound stored once: the insert after a lookup that missed
    // resumes where the lookup left off (store::ProbeEnd), and stores no duplicate.
    std::uint64_t within = 0;
    for (std::size_t x = 0; x < 16; ++x)
      for (std::size_t y = 0; y < 16; ++y) within += x + y <= m.depth_bound;
    CHECK(m.states == within);
    CHECK(m.shortened_length[0] == (m.depth_bound >= 30 ? 30u : 0u));
    CHECK(m.shortened_length[1] == (m.depth_bound >= 12 ? 12u : 0u));
  }
  for (std::size_t k = 0; k < 2; ++k) {
    CHECK(one.found_by[k] == three.found_by[k]);
    CHECK(one.results[k].trace->steps.size() == three.results[k].trace->steps.size());
  }
  for (std::size_t m = 0; m < 12; ++m)
    CHECK(one.members[m].transitions == three.members[m].transitions);
}

TEST_CASE("swarm engine: a dead end at the depth bound is found there") {
  // 10 = 3 + 3 + 3 + 1: the counter's dead end is four steps away. A bound of four leaves
  // it unexpanded at the bound, where the member must still see it has no successor.
  SwarmCounter counter(10);
  std::vector<PropertySpec> specs = {swarm_property(PropertyKind::kDeadlockFree, "")};
  SwarmReport at_bound = swarm(counter, specs, 1, 1, 4);
  REQUIRE(at_bound.results[0].verdict == Verdict::kViolated);
  CHECK(at_bound.results[0].trace->steps.size() == 4);
  CHECK(at_bound.results[0].trace->steps.back().state[0] == 10);
  SwarmReport short_of_it = swarm(counter, specs, 1, 1, 3);
  CHECK(short_of_it.results[0].verdict == Verdict::kInconclusive);
  CHECK(short_of_it.results[0].limit == "swarm: not a proof");
  CHECK(short_of_it.members[0].depth_cut);
  // A dead end that is a declared proper end is no deadlock.
  SwarmReport ends = swarm(counter, {swarm_property(PropertyKind::kDeadlockFree, "x == 10")}, 2, 2);
  CHECK(ends.results[0].verdict == Verdict::kInconclusive);
  CHECK(ends.some_member_complete);
}

TEST_CASE("swarm engine: a liveness property is refused") {
  SwarmCounter counter(10);
  PropertySpec live = swarm_property(PropertyKind::kEventually, "x == 10");
  CHECK_THROWS_WITH(swarm(counter, {live}, 2, 1),
                    "--swarm: p is a liveness property; a swarm of bounded searches cannot show "
                    "that no fair cycle exists; choose safety properties with --property");
}
