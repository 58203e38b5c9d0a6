#include "checker/smt/property_encoding.hpp"

namespace synack::checker::smt {

namespace {

// The evaluator treats every value as an integer and a truth as 0 or 1; so does this
// translation, converting only where an operator needs the other sort.
class Translator {
 public:
  Translator(const Expr& expr, z3::context& ctx,
             const std::function<z3::expr(std::size_t)>& slot_var)
      : expr_(expr), ctx_(ctx), slot_var_(slot_var) {}

  z3::expr truth(std::int32_t n) {
    const Expr::Node& x = expr_.nodes()[static_cast<std::size_t>(n)];
    switch (x.op) {
      case Expr::Op::kNot:
        return !truth(x.lhs);
      case Expr::Op::kAnd:
        return truth(x.lhs) && truth(x.rhs);
      case Expr::Op::kOr:
        return truth(x.lhs) || truth(x.rhs);
      case Expr::Op::kImplies:
        return z3::implies(truth(x.lhs), truth(x.rhs));
      case Expr::Op::kEq:
        return number(x.lhs) == number(x.rhs);
      case Expr::Op::kNe:
        return number(x.lhs) != number(x.rhs);
      case Expr::Op::kLt:
        return number(x.lhs) < number(x.rhs);
      case Expr::Op::kLe:
        return number(x.lhs) <= number(x.rhs);
      case Expr::Op::kGt:
        return number(x.lhs) > number(x.rhs);
      case Expr::Op::kGe:
        return number(x.lhs) >= number(x.rhs);
      default:
        return number(n) != 0;
    }
  }

  z3::expr number(std::int32_t n) {
    const Expr::Node& x = expr_.nodes()[static_cast<std::size_t>(n)];
    switch (x.op) {
      case Expr::Op::kConst:
        return ctx_.int_val(x.value);
      case Expr::Op::kSlot:
        return slot_var_(static_cast<std::size_t>(x.value));
      case Expr::Op::kAdd:
        return number(x.lhs) + number(x.rhs);
      case Expr::Op::kSub:
        return number(x.lhs) - number(x.rhs);
      case Expr::Op::kMul:
        return number(x.lhs) * number(x.rhs);
      case Expr::Op::kDiv:
        return truncating(x, false);
      case Expr::Op::kMod:
        return truncating(x, true);
      case Expr::Op::kMax:
        return z3::ite(number(x.lhs) < number(x.rhs), number(x.rhs), number(x.lhs));
      case Expr::Op::kMin:
        return z3::ite(number(x.lhs) < number(x.rhs), number(x.lhs), number(x.rhs));
      default:
        return z3::ite(truth(n), ctx_.int_val(1), ctx_.int_val(0));
    }
  }

 private:
  // C++'s truncating / and %, with a zero divisor giving 0 as the evaluator does.
  z3::expr truncating(const Expr::Node& x, bool remainder) {
    z3::expr a = number(x.lhs), d = number(x.rhs);
    z3::expr q = z3::ite(a >= 0, a / d, -((-a) / d));
    z3::expr r = a - d * q;
    if (d.is_numeral()) return remainder ? r : q;
    return z3::ite(d == 0, ctx_.int_val(0), remainder ? r : q);
  }

  const Expr& expr_;
  z3::context& ctx_;
  const std::function<z3::expr(std::size_t)>& slot_var_;
};

}  // namespace

z3::expr encode_property(const Expr& expr, z3::context& ctx,
                         const std::function<z3::expr(std::size_t)>& slot_var) {
  return Translator(expr, ctx, slot_var).truth(expr.root());
}

z3::expr encode_value(const Expr& expr, z3::context& ctx,
                      const std::function<z3::expr(std::size_t)>& slot_var) {
  return Translator(expr, ctx, slot_var).number(expr.root());
}

}  // namespace synack::checker::smt
