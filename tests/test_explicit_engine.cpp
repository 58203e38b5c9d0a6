// The explicit engine on a hand-checked toy model: a counter x in 0..top that can step
// by one or skip by three. Every figure below can be worked out on paper.
#include <catch2/catch.hpp>

#include "checker/errors.hpp"
#include "checker/explicit_bfs.hpp"

using namespace synack::checker;

namespace {

class Counter final : public Model {
 public:
  explicit Counter(Value top, bool replay_fails = false) : top_(top), replay_fails_(replay_fails) {
    layout_.add({"x", top, {}, nullptr});
  }
  const Layout& layout() const override { return layout_; }
  std::vector<Value> initial_state() const override { return {0}; }
  std::size_t group_count() const override { return 2; }
  std::string group_name(std::size_t g) const override { return g == 0 ? "step" : "skip"; }
  bool apply(std::size_t g, const Value* from, Value* to) const override {
    Value next = from[0] + (g == 0 ? 1 : 3);
    if (next > top_) return false;
    to[0] = next;
    return true;
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
    if (replay_fails_) return std::string("deliberately broken");
    return std::nullopt;
  }

 private:
  Layout layout_;
  Value top_;
  bool replay_fails_;
};

PropertySpec prop(PropertyKind kind, std::string expr) {
  return {"p", kind, std::move(expr), "", Verdict::kHolds};
}

}  // namespace

TEST_CASE("an invariant violation comes with a shortest trace") {
  Counter model(10);
  auto results = check_explicit(model, {prop(PropertyKind::kAlways, "x != 7")}, Limits{});
  REQUIRE(results.size() == 1);
  const Result& r = results[0];
  CHECK(r.verdict == Verdict::kViolated);
  REQUIRE(r.trace);
  // 7 = 3 + 3 + 1: three steps, not seven.
  CHECK(r.trace->steps.size() == 3);
  CHECK(r.depth == 3);
  CHECK(r.trace->steps.back().state[0] == 7);
  CHECK(r.engine == "explicit");
}

TEST_CASE("an invariant that holds explores every state") {
  Counter model(10);
  auto results = check_explicit(model, {prop(PropertyKind::kAlways, "x <= 10")}, Limits{});
  CHECK(results[0].verdict == Verdict::kHolds);
  CHECK(results[0].states == 11);
  // Steps from 0..9 (10) plus skips from 0..7 (8).
  CHECK(results[0].transitions == 18);
  CHECK(results[0].depth == 4);  // 10 = 3+3+3+1
  CHECK_FALSE(results[0].trace);
}

TEST_CASE("reachability: a witness when reachable, violated when not") {
  Counter model(10);
  auto results = check_explicit(
      model, {prop(PropertyKind::kSometimes, "x == 6"), prop(PropertyKind::kSometimes, "x == 11")},
      Limits{});
  CHECK(results[0].verdict == Verdict::kHolds);
  REQUIRE(results[0].trace);
  CHECK(results[0].trace->steps.size() == 2);
  CHECK(results[1].verdict == Verdict::kViolated);
  CHECK_FALSE(results[1].trace);
  CHECK(results[1].states == 11);
}

TEST_CASE("deadlock freedom tells proper end states from stuck ones") {
  Counter model(10);
  auto stuck = check_explicit(model, {prop(PropertyKind::kDeadlockFree, "false")}, Limits{});
  CHECK(stuck[0].verdict == Verdict::kViolated);
  REQUIRE(stuck[0].trace);
  CHECK(stuck[0].trace->steps.back().state[0] == 10);
  CHECK(stuck[0].trace->steps.size() == 4);
  auto ends = check_explicit(model, {prop(PropertyKind::kDeadlockFree, "x == 10")}, Limits{});
  CHECK(ends[0].verdict == Verdict::kHolds);
}

TEST_CASE("a limit makes undecided properties inconclusive, never holds") {
  Counter model(1000);
  Limits limits;
  limits.max_states = 50;
  auto results = check_explicit(
      model, {prop(PropertyKind::kAlways, "x <= 1000"), prop(PropertyKind::kSometimes, "x == 3")},
      limits);
  CHECK(results[0].verdict == Verdict::kInconclusive);
  CHECK(results[0].limit == "max-states");
  CHECK(results[0].states >= 50);
  CHECK(results[0].states < 60);
  // Found before the limit: a witness is a witness.
  CHECK(results[1].verdict == Verdict::kHolds);
}

TEST_CASE("a limit reached by the last discovered state is still a limit") {
  // 0 -> 1 -> 2 and nothing else: the third state is found while expanding the second,
  // the last state in the queue at that moment.
  Counter model(2);
  Limits limits;
  limits.max_states = 3;
  auto results = check_explicit(model, {prop(PropertyKind::kAlways, "x <= 2")}, limits);
  CHECK(results[0].verdict == Verdict::kInconclusive);
  CHECK(results[0].limit == "max-states");
  limits.max_states = 4;
  CHECK(check_explicit(model, {prop(PropertyKind::kAlways, "x <= 2")}, limits)[0].verdict ==
        Verdict::kHolds);
}

TEST_CASE("a trace that does not replay is an internal error, not a result") {
  Counter model(10, /*replay_fails=*/true);
  REQUIRE_THROWS_AS(check_explicit(model, {prop(PropertyKind::kAlways, "x != 2")}, Limits{}),
                    synack::InternalError);
}
