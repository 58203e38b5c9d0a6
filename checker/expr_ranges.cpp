// What every node of a property can evaluate to, and the refusal of arithmetic that could
// leave 64 bits.
//
// Why refuse rather than wrap: `client.iss * client.iss * client.iss * client.iss >= 0`
// read in 64-bit two's complement is violated by a real, replayed run (the fourth power of
// 2147483649 wraps to a negative number), and `4294967296 * 4294967296 == 0` holds. Both
// verdicts are about arithmetic nobody meant; TLC stops on an overflow too. A slot takes
// values 0..its declared maximum in every state an engine judges (a variable that leaves
// its range ends the run first), so bounds computed from those ranges are bounds on every
// evaluation: what they keep within 64 bits never wraps in the evaluator, and the Z3
// engines' integers agree with it.
#include <algorithm>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/expr_parser.hpp"

namespace synack::checker {

namespace {

// Exact for any two 64-bit operands ("__extension__": GCC and Clang take it under -Wpedantic).
__extension__ typedef __int128 Wide;

constexpr Wide kLowest = std::numeric_limits<Value>::min();
constexpr Wide kHighest = std::numeric_limits<Value>::max();

std::string text_of(Wide v) {
  if (v == 0) return "0";
  const bool negative = v < 0;
  std::string digits;
  for (; v != 0; v /= 10) {
    const int digit = static_cast<int>(v % 10);
    digits.push_back(static_cast<char>('0' + (digit < 0 ? -digit : digit)));
  }
  if (negative) digits.push_back('-');
  return {digits.rbegin(), digits.rend()};
}

Wide magnitude(Wide v) {
  return v < 0 ? -v : v;
}

std::string_view operation(Expr::Op op) {
  switch (op) {
    case Expr::Op::kAdd:
      return "the sum";
    case Expr::Op::kSub:
      return "the difference";
    case Expr::Op::kMul:
      return "the product";
    default:
      return "the quotient";
  }
}

}  // namespace

ExprParser::Range ExprParser::range_of(Expr::Op op, Value v, std::int32_t l, std::int32_t r,
                                       const Token* at) const {
  switch (op) {
    case Expr::Op::kConst:
      return {v, v};
    case Expr::Op::kSlot:
      return {0, layout_.slot(static_cast<std::size_t>(v)).max};
    case Expr::Op::kAdd:
    case Expr::Op::kSub:
    case Expr::Op::kMul:
    case Expr::Op::kDiv:
    case Expr::Op::kMod:
      break;
    case Expr::Op::kMax:
      return {std::max(ranges_[l].lo, ranges_[r].lo), std::max(ranges_[l].hi, ranges_[r].hi)};
    case Expr::Op::kMin:
      return {std::min(ranges_[l].lo, ranges_[r].lo), std::min(ranges_[l].hi, ranges_[r].hi)};
    default:  // comparisons, && || -> !: a truth
      return {0, 1};
  }
  const Wide a_lo = ranges_[l].lo, a_hi = ranges_[l].hi;
  const Wide b_lo = ranges_[r].lo, b_hi = ranges_[r].hi;
  Wide lo = 0, hi = 0;
  switch (op) {
    case Expr::Op::kAdd:
      lo = a_lo + b_lo, hi = a_hi + b_hi;
      break;
    case Expr::Op::kSub:
      lo = a_lo - b_hi, hi = a_hi - b_lo;
      break;
    case Expr::Op::kMul: {
      const Wide corners[] = {a_lo * b_lo, a_lo * b_hi, a_hi * b_lo, a_hi * b_hi};
      lo = *std::min_element(std::begin(corners), std::end(corners));
      hi = *std::max_element(std::begin(corners), std::end(corners));
      break;
    }
    default: {
      // Truncating / and %, a zero divisor giving 0: |a / b| <= |a|, and |a % b| is below
      // both |a| and |b|; each takes a's sign (or 0), and a quotient by a negative divisor
      // the other one.
      const Wide most = std::max(magnitude(a_lo), magnitude(a_hi));
      if (op == Expr::Op::kMod) {
        const Wide below = std::max(magnitude(b_lo), magnitude(b_hi)) - 1;
        const Wide m = std::clamp<Wide>(below, 0, most);
        lo = a_lo < 0 ? -m : 0, hi = a_hi > 0 ? m : 0;
      } else if (b_lo >= 0) {
        lo = std::min<Wide>(a_lo, 0), hi = std::max<Wide>(a_hi, 0);
      } else {
        lo = -most, hi = most;
      }
    }
  }
  if (lo >= kLowest && hi <= kHighest) return {static_cast<Value>(lo), static_cast<Value>(hi)};
  const std::string what = fmt::format(
      "{} of {}..{} and {}..{} can reach {}, past a 64-bit integer (synack refuses "
      "arithmetic that could overflow rather than let it wrap around)",
      operation(op), ranges_[l].lo, ranges_[l].hi, ranges_[r].lo, ranges_[r].hi,
      text_of(hi > kHighest ? hi : lo));
  if (at) fail(*at, what);
  throw InputError(fmt::format("property '{}': {}", text_, what));
}

}  // namespace synack::checker
