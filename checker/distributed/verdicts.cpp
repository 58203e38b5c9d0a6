#include "checker/distributed/verdicts.hpp"

#include <stdexcept>

namespace synack::checker::distributed {

Verdicts::Verdicts(const Model& model, const std::vector<PropertySpec>& specs) : model_(model) {
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

bool Verdicts::decided_by_state(std::size_t k, const Value* state) const {
  const Pending& p = pending_[k];
  if (p.result || p.spec->kind == PropertyKind::kDeadlockFree) return false;
  return (p.spec->kind == PropertyKind::kAlways) != p.expr->holds(state);
}

bool Verdicts::violated_by_dead_end(std::size_t k, const Value* state) const {
  const Pending& p = pending_[k];
  if (p.result || p.spec->kind != PropertyKind::kDeadlockFree) return false;
  return !(p.expr ? p.expr->holds(state) : model_.proper_end(state));
}

void Verdicts::decide(std::size_t k, const Figures& figures, Trace trace, std::uint32_t owner,
                      std::uint32_t local) {
  Pending& p = pending_[k];
  p.owner = owner;
  p.local = local;
  Result r = base_result(p, figures);
  r.verdict = p.spec->kind == PropertyKind::kSometimes ? Verdict::kHolds : Verdict::kViolated;
  r.depth = trace.steps.size();
  r.trace = std::move(trace);
  p.result = std::move(r);
  --undecided_;
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
      if (!exhausted) {
        r.verdict = Verdict::kInconclusive;
        r.limit = limit;
      } else {
        // Every reachable state was seen: no violation of an invariant or deadlock
        // freedom, and no witness of a reachability property.
        r.verdict = p.spec->kind == PropertyKind::kSometimes ? Verdict::kViolated : Verdict::kHolds;
      }
      p.result = std::move(r);
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
  return r;
}

}  // namespace synack::checker::distributed
