// A property expression (checker/expr) as a Z3 formula over a transition system's state
// variables. Expressions read actor slots by name; a slot with no state variable of that
// name (a channel slot, whose symbolic form is a structured message) is unsupported.
//
// Arithmetic means what the explicit engine's evaluator computes: 64-bit two's complement
// that wraps around (checker/expr_eval.cpp). Z3's integers are unbounded, so an operation
// whose result may leave 64 bits, judged by the ranges of the slots it reads, is wrapped
// explicitly; one that cannot is left as plain integer arithmetic, which is then the same.
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
