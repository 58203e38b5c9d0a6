#include "checker/liveness.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "checker/errors.hpp"
#include "checker/expr.hpp"
#include "checker/fair_cycles.hpp"
#include "checker/fairness.hpp"
#include "checker/graph_paths.hpp"
#include "checker/lasso_fairness.hpp"
#include "checker/state_graph.hpp"
#include "checker/trace.hpp"
#include "checker/trace_judged.hpp"

namespace synack::checker {

namespace {

using Clock = std::chrono::steady_clock;

// A property as the analysis needs it: which states a bad run must stay in (`avoid`),
// and where it may start doing so (`start`).
struct Question {
  const PropertySpec* spec;
  Fairness fairness;
  std::size_t goal;                    // predicate index: the state a run must reach
  std::optional<std::size_t> premise;  // leads-to: where the obligation begins
};

// Thrown by the analysis when a limit stops it (Analysis's poll): the limit's name.
struct AnalysisStopped {
  std::string limit;
};

class Analysis {
 public:
  // `poll` is called now and then during each property's analysis, which on a graph of
  // millions of states takes seconds: it throws AnalysisStopped at a limit.
  Analysis(const Model& model, const StateGraph& graph, Poll poll)
      : model_(model),
        graph_(graph),
        poll_(std::move(poll)),
        paths_(graph),
        region_stamp_(graph.states(), 0) {}

  // The lasso of a violation, or nothing when the property holds.
  std::optional<Trace> counterexample(const Question& q) {
    const std::vector<bool>& goal = graph_.truth[q.goal];
    auto avoids = [&](std::uint32_t s) { return !goal[s]; };
    auto starts = [&](std::uint32_t s) {
      if (!avoids(s)) return false;
      if (q.spec->kind == PropertyKind::kEventually) return s == 0;
      if (q.spec->kind == PropertyKind::kLeadsTo) return bool(graph_.truth[*q.premise][s]);
      return true;  // always-eventually: from anywhere
    };

    // The region: states a bad run can be in once it has started.
    StateSet region{&region_stamp_, ++region_mark_};
    std::vector<std::uint32_t> members, work;
    for (std::uint32_t s = 0; s < graph_.states(); ++s)
      if (starts(s)) {
        region_stamp_[s] = region.mark;
        work.push_back(s);
      }
    while (!work.empty()) {
      std::uint32_t s = work.back();
      work.pop_back();
      if ((members.size() & 0xffff) == 0) poll_();
      members.push_back(s);
      for (std::uint64_t e = graph_.edges_begin(s); e < graph_.edges_end(s); ++e) {
        std::uint32_t t = graph_.target[e];
        if (region.contains(t) || !avoids(t)) continue;
        region_stamp_[t] = region.mark;
        work.push_back(t);
      }
    }
    auto in_region = [&](std::uint32_t s) { return region.contains(s); };

    // Where a bad run can stay: fair components, and states with no successor at all.
    FairCycles fair(graph_, q.fairness, model_.group_count(), poll_);
    std::vector<std::vector<std::uint32_t>> components = fair.components(members, region);
    std::vector<std::uint32_t> component_of(graph_.states(), kNone);
    std::vector<std::uint32_t> stay;
    for (std::size_t c = 0; c < components.size(); ++c)
      for (std::uint32_t s : components[c]) {
        component_of[s] = static_cast<std::uint32_t>(c);
        stay.push_back(s);
      }
    for (std::uint32_t s : members)
      if (graph_.dead_end(s)) stay.push_back(s);
    if (stay.empty()) return std::nullopt;

    // The start closest to the initial state (index order is BFS order) from which the
    // region leads to a place to stay; then the shortest way there inside the region.
    std::vector<bool> leads_there = paths_.can_reach(stay, in_region);
    std::uint32_t start = kNone;
    for (std::uint32_t s = 0; s < graph_.states() && start == kNone; ++s)
      if (leads_there[s] && starts(s)) start = s;
    if (start == kNone) throw InternalError("liveness: no start leads to a reachable fair cycle");
    std::vector<std::uint64_t> prefix = paths_.from_initial(start);
    auto tail = paths_.shortest(start, in_region, [&](std::uint32_t s) {
      return component_of[s] != kNone || graph_.dead_end(s);
    });
    if (!tail) throw InternalError("liveness: a start that reaches a fair cycle has no path to it");
    prefix.insert(prefix.end(), tail->begin(), tail->end());
    std::uint32_t anchor = prefix.empty() ? 0 : graph_.target[prefix.back()];

    std::vector<std::uint64_t> loop;
    if (component_of[anchor] != kNone)
      loop = fair.cycle(anchor, components[component_of[anchor]], paths_);
    return to_trace(prefix, loop);
  }

 private:
  static constexpr std::uint32_t kNone = 0xffffffffu;

  Trace to_trace(const std::vector<std::uint64_t>& prefix, const std::vector<std::uint64_t>& loop) {
    const Layout& layout = model_.layout();
    Trace trace;
    trace.initial.resize(layout.size());
    graph_.store.unpack(0, layout, trace.initial.data());
    const std::vector<Value>* previous = &trace.initial;
    auto add = [&](std::uint64_t e) {
      TraceStep step;
      step.group = graph_.group[e];
      step.state.resize(layout.size());
      graph_.store.unpack(graph_.target[e], layout, step.state.data());
      step.info = model_.describe(step.group, previous->data());
      trace.steps.push_back(std::move(step));
      previous = &trace.steps.back().state;
    };
    trace.steps.reserve(prefix.size() + loop.size());
    for (std::uint64_t e : prefix) add(e);
    trace.cycle_start = trace.steps.size();
    for (std::uint64_t e : loop) add(e);
    return trace;
  }

  const Model& model_;
  const StateGraph& graph_;
  Poll poll_;
  GraphPaths paths_;
  std::vector<std::uint32_t> region_stamp_;
  std::uint32_t region_mark_ = 0;
};

}  // namespace

std::vector<Result> check_liveness(const Model& model, const std::vector<PropertySpec>& properties,
                                   const Limits& limits, ExplorationStats* stats,
                                   const ProgressFn& progress) {
  // Everything is parsed before exploring, so bad input fails at once.
  std::vector<Expr> predicates;
  std::vector<Question> questions;
  predicates.reserve(properties.size() * 2);
  for (const PropertySpec& spec : properties) {
    if (!is_liveness(spec.kind))
      throw std::logic_error("the liveness engine got safety property " + spec.name);
    Question q{&spec, resolve_fairness(spec.fairness, model), 0, std::nullopt};
    if (spec.kind == PropertyKind::kLeadsTo) {
      q.premise = predicates.size();
      predicates.push_back(Expr::parse(spec.expression, model.layout()));
      q.goal = predicates.size();
      predicates.push_back(Expr::parse(spec.consequence, model.layout()));
    } else {
      q.goal = predicates.size();
      predicates.push_back(Expr::parse(spec.expression, model.layout()));
    }
    questions.push_back(std::move(q));
  }
  std::vector<const Expr*> predicate_ptrs;
  for (const Expr& e : predicates) predicate_ptrs.push_back(&e);

  const auto start = Clock::now();
  StateGraph graph = explore_graph(model, predicate_ptrs, limits, progress);
  if (stats) {
    stats->states = graph.states();
    stats->transitions = graph.transitions;
    stats->depth = graph.depth;
    stats->seconds = graph.seconds;
    stats->store_bytes = graph.bytes();
    stats->packed_bytes_per_state = model.layout().words() * sizeof(std::uint64_t);
    stats->coverage = graph.coverage;
  }

  // The analysis needs about 40 bytes per state and 4 per edge beyond the graph (stamps,
  // SCC indices, reverse edges): the memory limit covers them too.
  std::string limit = graph.limit;
  std::size_t analysis_bytes = graph.states() * 40 + graph.target.size() * 4;
  if (limit.empty() && graph.bytes() + analysis_bytes >= limits.max_memory_bytes)
    limit = "max-memory";
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  // The analysis honours the limits the exploration does: between properties, and within
  // one (Analysis's poll), the time budget and an interrupt.
  auto stopped_by = [&]() -> std::string {
    if (limits.interrupt_requested()) return "interrupted";
    if (limits.max_seconds > 0 && elapsed() >= limits.max_seconds) return "max-seconds";
    return "";
  };
  std::optional<Analysis> analysis;
  if (limit.empty())
    analysis.emplace(model, graph, [&] {
      if (std::string why = stopped_by(); !why.empty()) throw AnalysisStopped{why};
    });
  std::vector<Result> results;
  for (const Question& q : questions) {
    if (limit.empty()) limit = stopped_by();
    std::optional<Trace> lasso;
    if (limit.empty()) {
      try {
        lasso = analysis->counterexample(q);
      } catch (const AnalysisStopped& stop) {
        limit = stop.limit;
      }
    }
    Result r;
    r.property = q.spec->name;
    r.kind = q.spec->kind;
    r.engine = "explicit";
    r.fairness = q.spec->fairness;
    r.states = graph.states();
    r.transitions = graph.transitions;
    r.depth = graph.depth;
    r.store_bytes = graph.bytes();
    r.store = store_name(graph.store.kind());
    if (!limit.empty()) {
      // A partial graph proves nothing: a cycle may close, or a goal be reached, beyond it.
      r.verdict = Verdict::kInconclusive;
      r.limit = limit;
    } else if (lasso) {
      verify_lasso(model, *lasso);
      verify_lasso_fairness(model, q.fairness, *lasso);
      confirm_trace_judges(model, *q.spec, *lasso, r.engine);
      r.verdict = Verdict::kViolated;
      r.depth = lasso->steps.size();
      r.trace = std::move(lasso);
    } else {
      r.verdict = Verdict::kHolds;
      if (q.spec->kind == PropertyKind::kLeadsTo) {
        const std::vector<bool>& premise = graph.truth[*q.premise];
        r.vacuous = std::find(premise.begin(), premise.end(), true) == premise.end();
        if (r.vacuous) r.premise = q.spec->expression;
      }
    }
    r.seconds = elapsed();
    results.push_back(std::move(r));
  }
  return results;
}

// A lasso must end where its cycle began (or, with no cycle, where nothing is enabled),
// and replay through the real machines.
void verify_lasso(const Model& model, const Trace& trace) {
  std::size_t k = *trace.cycle_start;
  const std::vector<Value>& last = trace.steps.empty() ? trace.initial : trace.steps.back().state;
  if (k < trace.steps.size()) {
    const std::vector<Value>& loop_start = k == 0 ? trace.initial : trace.steps[k - 1].state;
    if (loop_start != last) throw InternalError("liveness: a lasso's cycle does not close");
  } else {
    std::vector<Value> next(last.size());
    for (std::size_t g = 0; g < model.group_count(); ++g)
      if (model.apply(g, last.data(), next.data()) ||
          model.liveness_only_step(g, last.data(), next.data()))
        throw InternalError("liveness: a lasso ends in a state that has a successor");
  }
  verify_by_replay(model, trace);
}

}  // namespace synack::checker
