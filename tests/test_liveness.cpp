// The liveness engine on small graphs drawn by hand: every verdict, prefix and cycle
// below can be checked on paper. Nodes are states; each group is an edge kind that is
// enabled in the nodes listed for it.
#include <catch2/catch.hpp>

#include <atomic>
#include <map>

#include "checker/errors.hpp"
#include "checker/fairness.hpp"
#include "checker/lasso_fairness.hpp"
#include "checker/liveness.hpp"
#include "checker/trace_judged.hpp"

using namespace synack::checker;

namespace {

struct Edge {
  Value from, to;
};

// A graph as a Model. A group is an edge kind owned by an actor (or, for "deliver" and
// "lose", by channel c): `go` from 0 to 1, say.
class Graph final : public Model {
 public:
  struct Kind {
    std::string name;
    GroupRole role;
    std::vector<Edge> edges;
  };
  Graph(Value nodes, std::vector<Kind> kinds, bool replay_fails = false)
      : kinds_(std::move(kinds)), replay_fails_(replay_fails) {
    layout_.add({"n", nodes - 1, {}, nullptr});
  }
  // Raises `flag` when a step is taken from `node`: an interrupt that arrives while the
  // graph is being explored, after its last check.
  void interrupt_leaving(Value node, std::atomic<bool>* flag) {
    interrupt_node_ = node;
    interrupt_flag_ = flag;
  }
  const Layout& layout() const override { return layout_; }
  std::vector<Value> initial_state() const override { return {0}; }
  std::size_t group_count() const override { return kinds_.size(); }
  std::string group_name(std::size_t g) const override { return kinds_[g].name; }
  bool apply(std::size_t g, const Value* from, Value* to) const override {
    if (interrupt_flag_ && from[0] == interrupt_node_) *interrupt_flag_ = true;
    for (const Edge& e : kinds_[g].edges)
      if (e.from == from[0]) {
        to[0] = e.to;
        return true;
      }
    return false;
  }
  StepInfo describe(std::size_t g, const Value*) const override {
    StepInfo info;
    info.actor = kinds_[g].role.actor;
    info.event = kinds_[g].name;
    return info;
  }
  GroupRole group_role(std::size_t g) const override { return kinds_[g].role; }
  std::vector<std::string> actor_names() const override { return {"a", "b"}; }
  std::vector<ChannelEnds> channel_ends() const override { return {{"c", "a", "b"}}; }
  std::string summary(const Value* s) const override { return "n=" + std::to_string(s[0]); }
  std::optional<std::string> replay(const std::vector<std::size_t>&,
                                    const std::vector<std::vector<Value>>&) const override {
    if (replay_fails_) return std::string("deliberately broken");
    return std::nullopt;
  }

 private:
  Layout layout_;
  std::vector<Kind> kinds_;
  bool replay_fails_;
  Value interrupt_node_ = 0;
  std::atomic<bool>* interrupt_flag_ = nullptr;
};

GroupRole actor(const char* name) {
  return {GroupRole::kEnv, name, "", 0};
}
// The message a delivery moves is read from slot 0 (the node): any fixed value would do.
GroupRole channel(GroupRole::Kind kind) {
  return {kind, "b", "c", 0};
}

PropertySpec eventually(std::string expr, std::vector<std::string> fairness = {}) {
  return liveness("p", PropertyKind::kEventually, std::move(expr), std::move(fairness), "",
                  Verdict::kHolds);
}

Result check_one(const Model& model, const PropertySpec& spec, Limits limits = {}) {
  auto results = check_liveness(model, {spec}, limits);
  REQUIRE(results.size() == 1);
  return results[0];
}

// The nodes a trace visits, initial state first.
std::vector<Value> nodes(const Trace& t) {
  std::vector<Value> out{t.initial[0]};
  for (const auto& step : t.steps) out.push_back(step.state[0]);
  return out;
}

}  // namespace

TEST_CASE("eventually: a run that ends in a cycle short of the goal is a violation") {
  // 0 -> 1 -> 2 -> 1 ..., and 0 -> 3 (the goal) on another branch. A checker that looks
  // only at runs ending in a dead end (Stateright's documented gap) misses this one.
  Graph g(4, {{"next", actor("a"), {{0, 1}, {1, 2}, {2, 1}}}, {"jump", actor("a"), {{0, 3}}}});
  Result r = check_one(g, eventually("n == 3"));
  CHECK(r.verdict == Verdict::kViolated);
  REQUIRE(r.trace);
  CHECK(r.trace->prefix_length() == 1);
  CHECK(r.trace->cycle_length() == 2);
  CHECK(nodes(*r.trace) == std::vector<Value>{0, 1, 2, 1});
  CHECK(r.states == 4);
  CHECK(r.transitions == 4);
  CHECK(r.depth == 3);
}

TEST_CASE("eventually holds when every run reaches the goal, and trivially at the start") {
  Graph g(4,
          {{"next", actor("a"), {{0, 1}, {1, 2}, {2, 3}, {3, 3}}}, {"skip", actor("a"), {{0, 2}}}});
  CHECK(check_one(g, eventually("n == 3")).verdict == Verdict::kHolds);
  CHECK(check_one(g, eventually("n == 0")).verdict == Verdict::kHolds);
  CHECK(check_one(g, eventually("n == 1")).verdict == Verdict::kViolated);
}

TEST_CASE("a dead end short of the goal is a lasso with an empty cycle") {
  Graph g(3, {{"next", actor("a"), {{0, 1}}}, {"other", actor("a"), {{0, 2}}}});
  Result r = check_one(g, eventually("n == 2"));
  CHECK(r.verdict == Verdict::kViolated);
  REQUIRE(r.trace);
  CHECK(r.trace->is_lasso());
  CHECK(r.trace->prefix_length() == 1);
  CHECK(r.trace->cycle_length() == 0);
  CHECK(nodes(*r.trace) == std::vector<Value>{0, 1});
}

TEST_CASE("weak fairness: a step enabled forever is taken") {
  // a idles at 0 forever unless b's `go`, enabled at 0 all along, must be taken.
  Graph g(2, {{"idle", actor("a"), {{0, 0}}}, {"go", actor("b"), {{0, 1}}}});
  Result unfair = check_one(g, eventually("n == 1"));
  CHECK(unfair.verdict == Verdict::kViolated);
  REQUIRE(unfair.trace);
  CHECK(unfair.trace->prefix_length() == 0);
  CHECK(unfair.trace->cycle_length() == 1);
  CHECK(check_one(g, eventually("n == 1", {"wf(a)"})).verdict == Verdict::kViolated);
  Result fair = check_one(g, eventually("n == 1", {"wf(b)"}));
  CHECK(fair.verdict == Verdict::kHolds);
  CHECK(fair.fairness == std::vector<std::string>{"wf(b)"});
  CHECK(check_one(g, eventually("n == 1", {"wf(go)"})).verdict == Verdict::kHolds);
}

TEST_CASE("weak fairness does not help a step enabled only now and then; strong does") {
  // Like a lossy channel: 0 -send-> 1, and at 1 the message is lost (back to 0) or
  // delivered (to 2). Delivery is enabled infinitely often but not continuously.
  Graph g(3, {{"send", actor("a"), {{0, 1}}},
              {"lose", channel(GroupRole::kLose), {{1, 0}}},
              {"deliver", channel(GroupRole::kDeliver), {{1, 2}}}});
  Result none = check_one(g, eventually("n == 2"));
  CHECK(none.verdict == Verdict::kViolated);
  REQUIRE(none.trace);
  CHECK(nodes(*none.trace) == std::vector<Value>{0, 1, 0});
  // Weak fairness on a channel position is refused (equal messages share a position);
  // the same step as an actor's, enabled now and then, is not helped by weak fairness.
  REQUIRE_THROWS_WITH(check_one(g, eventually("n == 2", {"wf(deliver)"})),
                      Catch::Contains("weak fairness on a channel position is not offered"));
  Graph by_actor(3, {{"send", actor("a"), {{0, 1}}},
                     {"lose", channel(GroupRole::kLose), {{1, 0}}},
                     {"take", actor("b"), {{1, 2}}}});
  CHECK(check_one(by_actor, eventually("n == 2", {"wf(b)", "wf(a)"})).verdict ==
        Verdict::kViolated);
  CHECK(check_one(g, eventually("n == 2", {"fair-loss(c)"})).verdict == Verdict::kHolds);
  CHECK(check_one(g, eventually("n == 2", {"fair-loss"})).verdict == Verdict::kHolds);
}

TEST_CASE("strong fairness prunes a component and finds the fair cycle left inside it") {
  // 1 <-> 2 <-> 3 is one component. Delivery (to the goal 4) is enabled at 3 only. Under
  // fair loss a run may not visit 3 forever, but may cycle 1 <-> 2 forever.
  Graph g(5, {{"step", actor("a"), {{0, 1}, {1, 2}, {2, 3}}},
              {"back", actor("a"), {{2, 1}, {3, 2}}},
              {"deliver", channel(GroupRole::kDeliver), {{3, 4}}}});
  Result r = check_one(g, eventually("n == 4", {"fair-loss"}));
  CHECK(r.verdict == Verdict::kViolated);
  REQUIRE(r.trace);
  for (Value n : nodes(*r.trace)) CHECK(n != 3);
  CHECK(r.trace->prefix_length() == 1);
  CHECK(r.trace->cycle_length() == 2);
  // Weak fairness of a's steps keeps the 1 <-> 2 cycle fair too: it takes them.
  CHECK(check_one(g, eventually("n == 4", {"fair-loss", "wf(a)"})).verdict == Verdict::kViolated);
}

TEST_CASE("the cycle of a lasso meets every fairness constraint") {
  // From 1, a may cycle 1 -> 2 -> 1 or 1 -> 3 -> 1; b's `poke` is enabled at 1 and 3 and
  // goes 3 -> 1 as well. wf(b): poke is disabled at 2, so the cycle through 2 is fair
  // and may skip poke; the lasso found must be a fair cycle, i.e. visit 2 or poke.
  Graph g(4, {{"in", actor("a"), {{0, 1}}},
              {"left", actor("a"), {{1, 2}, {2, 1}}},
              {"right", actor("a"), {{3, 1}}},
              {"poke", actor("b"), {{1, 3}, {3, 1}}}});
  Result r = check_one(g, eventually("n == 0 && n == 1", {"wf(b)"}));
  CHECK(r.verdict == Verdict::kViolated);
  REQUIRE(r.trace);
  auto visited = nodes(*r.trace);
  bool visits_2 = std::find(visited.begin() + 1, visited.end(), 2) != visited.end();
  bool pokes = false;
  for (std::size_t i = r.trace->prefix_length(); i < r.trace->steps.size(); ++i)
    pokes |= r.trace->steps[i].group == 3;
  CHECK((visits_2 || pokes));
  CHECK(r.trace->steps.back().state == (r.trace->prefix_length() == 0
                                            ? r.trace->initial
                                            : r.trace->steps[r.trace->prefix_length() - 1].state));
}

TEST_CASE("leads-to: the obligation starts at the premise, anywhere in the run") {
  // 0 -> 1 (premise) -> 2 -> 1 ..., and 2 -> 3 (the consequence).
  Graph g(4, {{"next", actor("a"), {{0, 1}, {1, 2}, {2, 1}}}, {"out", actor("b"), {{2, 3}}}});
  auto spec = leads_to("p", "n == 1", "n == 3", {}, "", Verdict::kHolds);
  Result r = check_one(g, spec);
  CHECK(r.verdict == Verdict::kViolated);
  REQUIRE(r.trace);
  CHECK(nodes(*r.trace) == std::vector<Value>{0, 1, 2, 1});
  CHECK(r.trace->prefix_length() == 1);
  CHECK(r.trace->cycle_length() == 2);
  CHECK(check_one(g, leads_to("p", "n == 1", "n == 3", {"wf(b)"}, "", Verdict::kHolds)).verdict ==
        Verdict::kViolated);  // `out` is disabled at 1: weak fairness is not enough
  // A premise never reached is no obligation; one followed by the consequence is met.
  CHECK(
      check_one(g, leads_to("p", "n == 0 && n == 1", "n == 3", {}, "", Verdict::kHolds)).verdict ==
      Verdict::kHolds);
  Graph line(3, {{"next", actor("a"), {{0, 1}, {1, 2}, {2, 2}}}});
  CHECK(check_one(line, leads_to("p", "n == 1", "n == 2", {}, "", Verdict::kHolds)).verdict ==
        Verdict::kHolds);
  CHECK(check_one(line, leads_to("p", "n == 2", "n == 1", {}, "", Verdict::kHolds)).verdict ==
        Verdict::kViolated);
}

TEST_CASE("a leads-to whose premise holds in no reachable state holds vacuously and says so") {
  // 0 -> 1 -> 2 -> 2; node 3 exists in the layout but is never reached.
  Graph line(4, {{"next", actor("a"), {{0, 1}, {1, 2}, {2, 2}}}});
  Result unreached = check_one(line, leads_to("p", "n == 3", "n == 0", {}, "", Verdict::kHolds));
  CHECK(unreached.verdict == Verdict::kHolds);
  CHECK(unreached.vacuous);
  CHECK(unreached.states == 3);
  // A premise met once, and followed by the consequence, is a real obligation kept.
  Result met = check_one(line, leads_to("p", "n == 1", "n == 2", {}, "", Verdict::kHolds));
  CHECK(met.verdict == Verdict::kHolds);
  CHECK_FALSE(met.vacuous);
  // A violated leads-to is never vacuous, nor is one a limit cut short: the premise may
  // hold beyond what was explored.
  CHECK_FALSE(check_one(line, leads_to("p", "n == 2", "n == 1", {}, "", Verdict::kHolds)).vacuous);
  Limits two;
  two.max_states = 2;
  Result cut = check_one(line, leads_to("p", "n == 2", "n == 0", {}, "", Verdict::kHolds), two);
  CHECK(cut.verdict == Verdict::kInconclusive);
  CHECK_FALSE(cut.vacuous);
  // Only leads-to has a premise: an eventually that holds is never called vacuous.
  CHECK_FALSE(check_one(line, eventually("n == 2")).vacuous);
}

TEST_CASE("always-eventually: a cycle through the goal holds, a cycle beside it does not") {
  Graph round(2, {{"next", actor("a"), {{0, 1}, {1, 0}}}});
  auto ae = [](std::string expr) {
    return liveness("p", PropertyKind::kAlwaysEventually, std::move(expr), {}, "", Verdict::kHolds);
  };
  CHECK(check_one(round, ae("n == 0")).verdict == Verdict::kHolds);
  Graph trap(3, {{"next", actor("a"), {{0, 1}, {1, 0}}}, {"fall", actor("a"), {{1, 2}, {2, 2}}}});
  Result r = check_one(trap, ae("n == 0"));
  CHECK(r.verdict == Verdict::kViolated);
  REQUIRE(r.trace);
  CHECK(nodes(*r.trace) == std::vector<Value>{0, 1, 2, 2});
  CHECK(r.trace->prefix_length() == 2);
  CHECK(r.trace->cycle_length() == 1);
}

TEST_CASE("liveness respects limits: a partial graph is inconclusive") {
  std::vector<Edge> chain;
  for (Value n = 0; n < 99; ++n) chain.push_back({n, n + 1});
  Graph g(100, {{"next", actor("a"), chain}});
  Limits limits;
  limits.max_states = 10;
  Result r = check_one(g, eventually("n == 99"), limits);
  CHECK(r.verdict == Verdict::kInconclusive);
  CHECK(r.limit == "max-states");
  CHECK_FALSE(r.trace);
  CHECK(check_one(g, eventually("n == 99")).verdict == Verdict::kHolds);
  // As in the breadth-first engine, reaching the limit is hitting it.
  limits.max_states = 100;
  CHECK(check_one(g, eventually("n == 99"), limits).verdict == Verdict::kInconclusive);
  limits.max_states = 101;
  CHECK(check_one(g, eventually("n == 99"), limits).verdict == Verdict::kHolds);
  Limits tiny_memory;
  tiny_memory.max_memory_bytes = 1;
  CHECK(check_one(g, eventually("n == 99"), tiny_memory).limit == "max-memory");
}

// The exploration looks at the interrupt flag every 1,024 states; the analysis after it
// looks again before each property (and now and then within one).
TEST_CASE("an interrupt during the exploration stops the analysis after it") {
  std::vector<Edge> chain;
  for (Value n = 0; n < 99; ++n) chain.push_back({n, n + 1});
  Graph g(100, {{"next", actor("a"), chain}});
  std::atomic<bool> interrupted{false};
  g.interrupt_leaving(50, &interrupted);
  Limits limits;
  limits.interrupted = &interrupted;
  Result r = check_one(g, eventually("n == 99"), limits);
  CHECK(interrupted);
  CHECK(r.states == 100);  // the whole graph: the flag came after the exploration's check
  CHECK(r.verdict == Verdict::kInconclusive);
  CHECK(r.limit == "interrupted");
}

TEST_CASE("bad fairness constraints are refused with what is valid") {
  Graph g(2, {{"go", actor("a"), {{0, 1}}}});
  REQUIRE_THROWS_WITH(check_one(g, eventually("n == 1", {"wf(x)"})),
                      "fairness 'wf(x)': not an actor or a transition group; actors: a, b (or a "
                      "group, as in go)");
  REQUIRE_THROWS_WITH(check_one(g, eventually("n == 1", {"wf(b)"})),
                      Catch::Contains("that actor has no application calls or timers"));
  REQUIRE_THROWS_WITH(check_one(g, eventually("n == 1", {"fair-loss(d)"})),
                      "fairness 'fair-loss(d)': no channel 'd'; channels: c");
  REQUIRE_THROWS_WITH(check_one(g, eventually("n == 1", {"sf(a)"})),
                      Catch::Contains("unknown constraint; valid: wf(ACTOR)"));
  REQUIRE_THROWS_WITH(check_one(g, eventually("n == 1", {"wf(a"})),
                      Catch::Contains("expected NAME(ARGUMENT)"));
}

TEST_CASE("a lasso that does not replay is an internal error") {
  Graph g(2, {{"idle", actor("a"), {{0, 0}}}, {"go", actor("b"), {{0, 1}}}}, true);
  REQUIRE_THROWS_AS(check_one(g, eventually("n == 1")), synack::InternalError);
}

// Every verdict's trace is judged again by the explicit evaluator on its replayed states
// (checker/trace_judged.hpp): a trace that does not show the verdict is synack's bug.
TEST_CASE("a trace is judged again: it must show the verdict it is evidence of") {
  using synack::InternalError;
  Graph g(4, {{"next", actor("a"), {{0, 1}, {1, 2}, {2, 1}}}, {"jump", actor("a"), {{0, 3}}}});
  Result r = check_one(g, eventually("n == 3"));
  REQUIRE(r.trace);
  const Trace& lasso = *r.trace;  // 0 -> 1 -> (2 -> 1)
  REQUIRE(nodes(lasso) == std::vector<Value>{0, 1, 2, 1});
  CHECK_NOTHROW(confirm_trace_judges(g, eventually("n == 3"), lasso, "explicit"));
  // The goal on the cycle, or in the prefix: the run does not avoid it.
  REQUIRE_THROWS_WITH(confirm_trace_judges(g, eventually("n == 2"), lasso, "explicit"),
                      "explicit reported p violated with a run of 3 steps that, replayed through "
                      "the machines, does not show it");
  CHECK_THROWS_AS(confirm_trace_judges(g, eventually("n == 0"), lasso, "kind"), InternalError);
  // always-eventually looks at the cycle alone.
  auto ae = [](std::string expr) {
    return liveness("p", PropertyKind::kAlwaysEventually, std::move(expr), {}, "", Verdict::kHolds);
  };
  CHECK_NOTHROW(confirm_trace_judges(g, ae("n == 0"), lasso, "explicit"));
  CHECK_THROWS_AS(confirm_trace_judges(g, ae("n == 2"), lasso, "explicit"), InternalError);
  // leads-to: from the premise on, and the whole cycle when the premise lies in it (state
  // 1 follows state 2 when the cycle repeats).
  auto to = [](std::string premise, std::string goal) {
    return leads_to("p", std::move(premise), std::move(goal), {}, "", Verdict::kHolds);
  };
  CHECK_NOTHROW(confirm_trace_judges(g, to("n == 1", "n == 3"), lasso, "explicit"));
  CHECK_NOTHROW(confirm_trace_judges(g, to("n == 0", "n == 3"), lasso, "explicit"));
  CHECK_THROWS_AS(confirm_trace_judges(g, to("n == 1", "n == 2"), lasso, "explicit"),
                  InternalError);
  CHECK_THROWS_AS(confirm_trace_judges(g, to("n == 2", "n == 1"), lasso, "explicit"),
                  InternalError);
  CHECK_THROWS_AS(confirm_trace_judges(g, to("n == 3", "n == 0"), lasso, "explicit"),
                  InternalError);  // no premise state at all
  // A run without a cycle is no liveness counterexample.
  Trace path{{0}, {{0, {}, {1}}}, std::nullopt};
  REQUIRE_THROWS_WITH(confirm_trace_judges(g, eventually("n == 3"), path, "bmc"),
                      "bmc reported p violated with a run of 1 step that, replayed through the "
                      "machines, does not show it (it has no cycle)");
  // Safety: the last state violates the invariant, or witnesses the reachability claim.
  PropertySpec always{"p", PropertyKind::kAlways, "n == 0", ""};
  CHECK_NOTHROW(confirm_trace_judges(g, always, path, "spacer"));
  always.expression = "n <= 1";
  CHECK_THROWS_AS(confirm_trace_judges(g, always, path, "spacer"), InternalError);
  PropertySpec sometimes{"p", PropertyKind::kSometimes, "n == 1", ""};
  CHECK_NOTHROW(confirm_trace_judges(g, sometimes, path, "bmc"));
  sometimes.expression = "n == 0";
  REQUIRE_THROWS_WITH(confirm_trace_judges(g, sometimes, path, "bmc"),
                      "bmc reported p holds with a run of 1 step that, replayed through the "
                      "machines, does not show it");
}

namespace {

// A lasso over a Graph: from node 0 through the groups named, the cycle from step
// `cycle_start` on.
Trace lasso(const Graph& g, const std::vector<std::size_t>& groups, std::size_t cycle_start) {
  Trace t;
  t.initial = {0};
  std::vector<Value> at = t.initial, next(1);
  for (std::size_t group : groups) {
    REQUIRE(g.apply(group, at.data(), next.data()));
    t.steps.push_back({group, g.describe(group, at.data()), next});
    at = next;
  }
  t.cycle_start = cycle_start;
  return t;
}

void check_fair(const Graph& g, const Trace& t, std::vector<std::string> constraints) {
  synack::checker::verify_lasso_fairness(g, synack::checker::resolve_fairness(constraints, g), t);
}

}  // namespace

TEST_CASE("a lasso's cycle is checked against its fairness on the trace itself") {
  // Every lasso (the explicit engine's, the Z3 engines') goes through this check, apart
  // from the search that chose it: a fairness mistake there would report a run no fair
  // scheduler makes.
  SECTION("weak fairness: enabled all along the cycle and never taken") {
    // `spin` goes 0 -> 1 -> 0; `go` (actor b) can leave from both.
    Graph g(3, {{"spin", actor("a"), {{0, 1}, {1, 0}}}, {"go", actor("b"), {{0, 2}, {1, 2}}}});
    const Trace t = lasso(g, {0, 0}, 0);
    check_fair(g, t, {"wf(a)"});
    check_fair(g, t, {});
    CHECK_THROWS_WITH(check_fair(g, t, {"wf(b)"}),
                      "liveness: a lasso's cycle (steps 1 to 2) is not fair: wf(b) can step in "
                      "every state of it and never does");
  }
  SECTION("weak fairness: disabled in one state of the cycle") {
    Graph g(3, {{"spin", actor("a"), {{0, 1}, {1, 0}}}, {"go", actor("b"), {{0, 2}}}});
    check_fair(g, lasso(g, {0, 0}, 0), {"wf(b)"});
  }
  SECTION("fair loss: a message deliverable on the cycle and never delivered") {
    // The delivery from node 0 carries message -1 (the node less one, as a channel slot).
    Graph g(3, {{"spin", actor("a"), {{0, 1}, {1, 0}}},
                {"deliver", channel(GroupRole::kDeliver), {{0, 2}}}});
    const Trace t = lasso(g, {0, 0}, 0);
    check_fair(g, t, {});
    CHECK_THROWS_WITH(check_fair(g, t, {"fair-loss"}),
                      "liveness: a lasso's cycle (steps 1 to 2) is not fair: fair-loss(c) has "
                      "message -1 deliverable on it and never delivered");
  }
  SECTION("fair loss: the message delivered on the cycle") {
    Graph g(2,
            {{"spin", actor("a"), {{0, 1}}}, {"deliver", channel(GroupRole::kDeliver), {{1, 0}}}});
    check_fair(g, lasso(g, {0, 1}, 0), {"fair-loss"});
  }
  SECTION("a lasso that ends where nothing is enabled has no cycle to check") {
    Graph g(3, {{"spin", actor("a"), {{0, 1}}}, {"go", actor("b"), {{0, 2}}}});
    check_fair(g, lasso(g, {0}, 1), {"wf(b)"});
  }
}
