// What a swarm searches for: per safety property, the states that decide it. An always
// property is decided by a state where its expression is false (a violation), a
// sometimes property by one where it is true (a witness), a deadlock freedom by a dead
// end that is not a proper end (a violation). Parsed once and read by every member at once.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "checker/expr.hpp"
#include "checker/model.hpp"
#include "checker/property.hpp"

namespace synack::checker {

class Targets {
 public:
  // Throws InputError for a liveness property or an expression that does not parse.
  Targets(const Model& model, const std::vector<PropertySpec>& properties);

  std::size_t size() const { return kinds_.size(); }
  bool any_deadlock() const { return any_deadlock_; }
  PropertyKind kind(std::size_t k) const { return kinds_[k]; }

  // Property k is decided by reaching `state` (always, sometimes).
  bool state_decides(std::size_t k, const Value* state) const;
  // Property k is decided by `state` having no successor (deadlock-free).
  bool dead_end_decides(std::size_t k, const Value* state) const;

 private:
  const Model& model_;
  std::vector<PropertyKind> kinds_;
  std::vector<std::optional<Expr>> exprs_;  // none: deadlock-free with the declared ends
  bool any_deadlock_ = false;
};

}  // namespace synack::checker
