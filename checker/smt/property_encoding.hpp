// A property expression (checker/expr) as a Z3 formula over a transition system's state
// variables. Expressions read actor slots by name; a slot with no state variable of that
// name (a channel slot, whose symbolic form is a structured message) is unsupported.
//
// Arithmetic means what the explicit engine's evaluator computes. The parser refuses any
// operation whose result could leave 64 bits over the slots' declared ranges
// (checker/expr_ranges.cpp), so Z3's unbounded integers and the evaluator agree without
// wrapping. The translation keeps its own ranges and would still wrap, as the evaluator
// does, an operation whose range left 64 bits: a guard, should a slot's symbolic range
// ever be wider than the layout's.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <z3++.h>

#include "checker/expr.hpp"
#include "checker/layout.hpp"

namespace synack::checker::smt {

// A slot as a term, with the values it can take in the states the formula is asked about.
struct SlotTerm {
  z3::expr term;
  std::int64_t lo = 0;
  std::int64_t hi = 0;
};
using SlotTerms = std::function<SlotTerm(std::size_t slot)>;

// `slot_term(i)` gives layout slot i, or throws Unsupported.
z3::expr encode_property(const Expr& expr, z3::context& ctx, const SlotTerms& slot_term);
// The expression's value as an integer term (a truth as 0 or 1), as Expr::eval computes it.
z3::expr encode_value(const Expr& expr, z3::context& ctx, const SlotTerms& slot_term);

}  // namespace synack::checker::smt
