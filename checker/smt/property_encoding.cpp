#include "checker/smt/property_encoding.hpp"

#include <algorithm>
#include <limits>

namespace synack::checker::smt {

namespace {

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

// A term with the range of values it takes: mathematically, until an operation might leave
// 64 bits (which the parser refuses over the layout's ranges: property_encoding.hpp); from
// then on wrapped as the evaluator wraps, over the whole 64-bit range.
struct Number {
  z3::expr term;
  std::int64_t lo;
  std::int64_t hi;
};

std::int64_t magnitude(std::int64_t v) {
  return v == kMin ? kMax : v < 0 ? -v : v;
}

// The evaluator treats every value as an integer and a truth as 0 or 1; so does this
// translation, converting only where an operator needs the other sort.
class Translator {
 public:
  Translator(const Expr& expr, z3::context& ctx, const SlotTerms& slot_term)
      : expr_(expr), ctx_(ctx), slot_term_(slot_term) {}

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
        return term(x.lhs) == term(x.rhs);
      case Expr::Op::kNe:
        return term(x.lhs) != term(x.rhs);
      case Expr::Op::kLt:
        return term(x.lhs) < term(x.rhs);
      case Expr::Op::kLe:
        return term(x.lhs) <= term(x.rhs);
      case Expr::Op::kGt:
        return term(x.lhs) > term(x.rhs);
      case Expr::Op::kGe:
        return term(x.lhs) >= term(x.rhs);
      default:
        return term(n) != 0;
    }
  }

  z3::expr term(std::int32_t n) { return number(n).term; }

 private:
  Number number(std::int32_t n) {
    const Expr::Node& x = expr_.nodes()[static_cast<std::size_t>(n)];
    switch (x.op) {
      case Expr::Op::kConst:
        return {ctx_.int_val(x.value), x.value, x.value};
      case Expr::Op::kSlot: {
        SlotTerm s = slot_term_(static_cast<std::size_t>(x.value));
        return {s.term, s.lo, s.hi};
      }
      case Expr::Op::kAdd: {
        Number a = number(x.lhs), b = number(x.rhs);
        std::int64_t lo = 0, hi = 0;
        bool out =
            __builtin_add_overflow(a.lo, b.lo, &lo) || __builtin_add_overflow(a.hi, b.hi, &hi);
        return fit(a.term + b.term, lo, hi, out);
      }
      case Expr::Op::kSub: {
        Number a = number(x.lhs), b = number(x.rhs);
        std::int64_t lo = 0, hi = 0;
        bool out =
            __builtin_sub_overflow(a.lo, b.hi, &lo) || __builtin_sub_overflow(a.hi, b.lo, &hi);
        return fit(a.term - b.term, lo, hi, out);
      }
      case Expr::Op::kMul: {
        Number a = number(x.lhs), b = number(x.rhs);
        std::int64_t corners[4] = {0, 0, 0, 0};
        bool out = __builtin_mul_overflow(a.lo, b.lo, &corners[0]) ||
                   __builtin_mul_overflow(a.lo, b.hi, &corners[1]) ||
                   __builtin_mul_overflow(a.hi, b.lo, &corners[2]) ||
                   __builtin_mul_overflow(a.hi, b.hi, &corners[3]);
        auto [lo, hi] = std::minmax({corners[0], corners[1], corners[2], corners[3]});
        return fit(a.term * b.term, lo, hi, out);
      }
      case Expr::Op::kDiv:
        return truncating(x, false);
      case Expr::Op::kMod:
        return truncating(x, true);
      case Expr::Op::kMax: {
        Number a = number(x.lhs), b = number(x.rhs);
        return {z3::ite(a.term < b.term, b.term, a.term), std::max(a.lo, b.lo),
                std::max(a.hi, b.hi)};
      }
      case Expr::Op::kMin: {
        Number a = number(x.lhs), b = number(x.rhs);
        return {z3::ite(a.term < b.term, a.term, b.term), std::min(a.lo, b.lo),
                std::min(a.hi, b.hi)};
      }
      default:
        return {z3::ite(truth(n), ctx_.int_val(1), ctx_.int_val(0)), 0, 1};
    }
  }

  // `term`, whose mathematical range is lo..hi unless computing that overflowed (`out`):
  // as it is when the range fits in 64 bits, else wrapped into them as the evaluator does.
  Number fit(const z3::expr& term, std::int64_t lo, std::int64_t hi, bool out) {
    if (!out) return {term, lo, hi};
    z3::expr half = ctx_.int_val("9223372036854775808");    // 2^63
    z3::expr whole = ctx_.int_val("18446744073709551616");  // 2^64
    return {z3::mod(term + half, whole) - half, kMin, kMax};
  }

  // C++'s truncating / and %, with a zero divisor giving 0 as the evaluator does. Only the
  // most negative value divided by -1 leaves 64 bits (its remainder is 0).
  Number truncating(const Expr::Node& x, bool remainder) {
    Number a = number(x.lhs), d = number(x.rhs);
    z3::expr q = z3::ite(a.term >= 0, a.term / d.term, -((-a.term) / d.term));
    z3::expr r = a.term - d.term * q;
    z3::expr result = remainder ? r : q;
    // A divisor that is the number 0 needs the guard as much as a variable: Z3's division
    // by zero is any value it likes. The parser refuses a literal 0, but a monitor's
    // step.kind, step.event or step.message.* is the number 0 on many steps, and a slot
    // after the step is the number a path set it to.
    if (!d.term.is_numeral())
      result = z3::ite(d.term == 0, ctx_.int_val(0), result);
    else if (d.term.get_numeral_int64() == 0)
      return {ctx_.int_val(0), 0, 0};
    // |result| <= |a|; -2^63 has no positive counterpart, so its quotient by 1 keeps kMin
    // as the lower bound (a range that stopped at -kMax would hide a later overflow).
    std::int64_t m = std::max(magnitude(a.lo), magnitude(a.hi));
    bool out = !remainder && a.lo == kMin && d.lo <= -1 && d.hi >= -1;
    return fit(result, !remainder && a.lo == kMin ? kMin : -m, m, out);
  }

  const Expr& expr_;
  z3::context& ctx_;
  const SlotTerms& slot_term_;
};

}  // namespace

z3::expr encode_property(const Expr& expr, z3::context& ctx, const SlotTerms& slot_term) {
  return Translator(expr, ctx, slot_term).truth(expr.root());
}

z3::expr encode_value(const Expr& expr, z3::context& ctx, const SlotTerms& slot_term) {
  return Translator(expr, ctx, slot_term).term(expr.root());
}

}  // namespace synack::checker::smt
