// Evaluating a parsed expression: a walk over its node array (the parser is expr.cpp).
#include <algorithm>
#include <cstdint>

#include "checker/expr.hpp"

namespace synack::checker {

namespace {

// Arithmetic wraps around in 64 bits (two's complement) instead of being undefined: a
// property such as `1000000000 * 1000000000 * 1000000000 > 0` must evaluate to something,
// the same thing every time (found by fuzzing under UBSan).
Value wrap(std::uint64_t v) {
  return static_cast<Value>(v);
}
std::uint64_t bits(Value v) {
  return static_cast<std::uint64_t>(v);
}

}  // namespace

Value Expr::eval_node(std::int32_t n, const Value* s) const {
  const Node& x = nodes_[n];
  switch (x.op) {
    case Op::kConst:
      return x.value;
    case Op::kSlot:
      return s[x.value];
    case Op::kNot:
      return !eval_node(x.lhs, s);
    case Op::kAnd:
      return eval_node(x.lhs, s) && eval_node(x.rhs, s);
    case Op::kOr:
      return eval_node(x.lhs, s) || eval_node(x.rhs, s);
    case Op::kImplies:
      return !eval_node(x.lhs, s) || eval_node(x.rhs, s);
    case Op::kEq:
      return eval_node(x.lhs, s) == eval_node(x.rhs, s);
    case Op::kNe:
      return eval_node(x.lhs, s) != eval_node(x.rhs, s);
    case Op::kLt:
      return eval_node(x.lhs, s) < eval_node(x.rhs, s);
    case Op::kLe:
      return eval_node(x.lhs, s) <= eval_node(x.rhs, s);
    case Op::kGt:
      return eval_node(x.lhs, s) > eval_node(x.rhs, s);
    case Op::kGe:
      return eval_node(x.lhs, s) >= eval_node(x.rhs, s);
    case Op::kAdd:
      return wrap(bits(eval_node(x.lhs, s)) + bits(eval_node(x.rhs, s)));
    case Op::kSub:
      return wrap(bits(eval_node(x.lhs, s)) - bits(eval_node(x.rhs, s)));
    case Op::kMul:
      return wrap(bits(eval_node(x.lhs, s)) * bits(eval_node(x.rhs, s)));
    case Op::kDiv: {
      Value d = eval_node(x.rhs, s);
      if (d == 0) return 0;
      if (d == -1) return wrap(0 - bits(eval_node(x.lhs, s)));  // INT64_MIN / -1 traps
      return eval_node(x.lhs, s) / d;
    }
    case Op::kMod: {
      Value d = eval_node(x.rhs, s);
      return d == 0 || d == -1 ? 0 : eval_node(x.lhs, s) % d;
    }
    case Op::kMax:
      return std::max(eval_node(x.lhs, s), eval_node(x.rhs, s));
    case Op::kMin:
      return std::min(eval_node(x.lhs, s), eval_node(x.rhs, s));
  }
  return 0;
}

std::vector<std::size_t> Expr::slots_read() const {
  std::vector<std::size_t> out;
  for (const Node& n : nodes_)
    if (n.op == Op::kSlot) out.push_back(static_cast<std::size_t>(n.value));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace synack::checker
