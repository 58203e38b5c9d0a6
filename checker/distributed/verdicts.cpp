#include "checker/distributed/verdicts.hpp"

#include <algorithm>
#include <stdexcept>

namespace synack::checker::distributed {

Verdicts::Verdicts(const Model& model, const std::vector<PropertySpec>& specs,
                   std::size_t max_errors)
    : model_(model), max_errors_(std::max<std::size_t>(max_errors, 1)) {
  for (const PropertySpec& spec : specs) {
    if (is_liveness(spec.kind))
      throw std::logic_error("the distributed search got liveness property " + spec.name);
    bool declared_ends = spec.kind == PropertyKind::kDeadlockFree && spec.expression.empty();
    pending_.push_back({&spec,
                        declared_ends
                            ? std::nullopt
                            : std::optional<Expr>(Expr::parse(spec.expression, model.layout())),
                        std::nullopt, 0, 0});
  }
  undecided_ = pending_.size();
}

std::size_t Verdicts::wanted(std::size_t k) const {
  const Pending& p = pending_[k];
  if (!p.result) return several(p) ? max_errors_ : 1;
  if (!p.result->several || p.result->verdict != Verdict::kViolated) return 0;
  return max_errors_ - std::min(max_errors_, p.result->traces.size());
}

bool Verdicts::done() const {
  for (std::size_t k = 0; k < pending_.size(); ++k)
    if (wanted(k) > 0) return false;
  return true;
}

bool Verdicts::wants_state(std::size_t k, const Value* state) const {
  const Pending& p = pending_[k];
  if (p.spec->kind == PropertyKind::kDeadlockFree || wanted(k) == 0) return false;
  return (p.spec->kind == PropertyKind::kAlways) != p.expr->holds(state);
}

bool Verdicts::wants_dead_end(std::size_t k, const Value* state) const {
  const Pending& p = pending_[k];
  if (p.spec->kind != PropertyKind::kDeadlockFree || wanted(k) == 0) return false;
  return !(p.expr ? p.expr->holds(state) : model_.proper_end(state));
}

Verdict Verdicts::deciding_verdict(std::size_t k) const {
  return pending_[k].spec->kind == PropertyKind::kSometimes ? Verdict::kHolds : Verdict::kViolated;
}

bool Verdicts::decides(std::size_t k, const Value* state) const {
  const Pending& p = pending_[k];
  if (p.spec->kind != PropertyKind::kDeadlockFree)
    return (p.spec->kind == PropertyKind::kAlways) != p.expr->holds(state);
  std::vector<Value> next(model_.layout().size());
  for (std::size_t g = 0; g < model_.group_count(); ++g)
    if (model_.apply(g, state, next.data())) return false;
  return !(p.expr ? p.expr->holds(state) : model_.proper_end(state));
}

void Verdicts::decide(std::size_t k, const Figures& figures, Trace trace, std::uint32_t owner,
                      std::uint32_t local) {
  Pending& p = pending_[k];
  p.owner = owner;
  p.local = local;
  Result r = base_result(p, figures);
  r.verdict = deciding_verdict(k);
  r.depth = trace.steps.size();
  // --max-errors: the first violation is the verdict, and the first of its traces.
  r.several = several(p);
  if (r.several && r.verdict == Verdict::kViolated) r.traces.push_back(trace);
  r.trace = std::move(trace);
  p.result = std::move(r);
  --undecided_;
}

void Verdicts::add_violation(std::size_t k, Trace trace) {
  pending_[k].result->traces.push_back(std::move(trace));
}

RankDecision Verdicts::decision(std::size_t k) const {
  const Pending& p = pending_[k];
  RankDecision d;
  if (!p.result) return d;
  d.decided = true;
  d.verdict = p.result->verdict;
  d.owner = p.owner;
  d.local = p.local;
  d.states = p.result->states;
  d.transitions = p.result->transitions;
  d.store_bytes = p.result->store_bytes;
  return d;
}

std::vector<Result> Verdicts::results(const Figures& final, std::size_t depth, bool exhausted,
                                      const std::string& limit) {
  std::vector<Result> out;
  for (Pending& p : pending_) {
    if (!p.result) {
      Result r = base_result(p, final);
      r.depth = depth;
      close_undecided(r, exhausted, limit);
      p.result = std::move(r);
    } else if (p.result->several && p.result->verdict == Verdict::kViolated &&
               p.result->traces.size() < max_errors_) {
      p.result->traces_limit = limit;  // empty when every violating state was found
    }
    out.push_back(*p.result);
  }
  return out;
}

Result Verdicts::base_result(const Pending& p, const Figures& figures) const {
  Result r;
  r.property = p.spec->name;
  r.kind = p.spec->kind;
  r.engine = "explicit";
  r.states = figures.states;
  r.transitions = figures.transitions;
  r.seconds = figures.seconds;
  r.store_bytes = figures.store_bytes;
  r.several = several(p);
  return r;
}

}  // namespace synack::checker::distributed
