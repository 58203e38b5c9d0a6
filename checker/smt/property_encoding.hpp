// A property expression (checker/expr) as a Z3 formula over a transition system's state
// variables. Expressions read actor slots by name; a slot with no state variable of that
// name (a channel slot, whose symbolic form is a structured message) is unsupported.
#pragma once

#include <functional>
#include <string>

#include <z3++.h>

#include "checker/expr.hpp"
#include "checker/layout.hpp"

namespace synack::checker::smt {

// `slot_var(i)` gives the expression for layout slot i, or throws Unsupported.
z3::expr encode_property(const Expr& expr, z3::context& ctx,
                         const std::function<z3::expr(std::size_t slot)>& slot_var);
// The expression's value as an integer term (a truth as 0 or 1), as Expr::eval computes it.
z3::expr encode_value(const Expr& expr, z3::context& ctx,
                      const std::function<z3::expr(std::size_t slot)>& slot_var);

}  // namespace synack::checker::smt
