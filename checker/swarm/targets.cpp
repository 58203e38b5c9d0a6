#include "checker/swarm/targets.hpp"

#include <fmt/format.h>

#include "checker/errors.hpp"

namespace synack::checker {

Targets::Targets(const Model& model, const std::vector<PropertySpec>& properties) : model_(model) {
  for (const PropertySpec& spec : properties) {
    if (is_liveness(spec.kind))
      throw InputError(fmt::format(
          "--swarm: {} is a liveness property; a swarm of bounded searches cannot show that no "
          "fair cycle exists; choose safety properties with --property",
          spec.name));
    bool declared_ends = spec.kind == PropertyKind::kDeadlockFree && spec.expression.empty();
    kinds_.push_back(spec.kind);
    exprs_.push_back(declared_ends
                         ? std::nullopt
                         : std::optional<Expr>(Expr::parse(spec.expression, model.layout())));
    any_deadlock_ |= spec.kind == PropertyKind::kDeadlockFree;
  }
}

bool Targets::state_decides(std::size_t k, const Value* state) const {
  switch (kinds_[k]) {
    case PropertyKind::kAlways:
      return !exprs_[k]->holds(state);
    case PropertyKind::kSometimes:
      return exprs_[k]->holds(state);
    default:
      return false;
  }
}

bool Targets::dead_end_decides(std::size_t k, const Value* state) const {
  if (kinds_[k] != PropertyKind::kDeadlockFree) return false;
  return !(exprs_[k] ? exprs_[k]->holds(state) : model_.proper_end(state));
}

}  // namespace synack::checker
