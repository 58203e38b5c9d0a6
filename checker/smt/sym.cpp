#include "checker/smt/sym.hpp"

#include <algorithm>
#include <bit>
#include <limits>
#include <string>

namespace synack::checker::smt {

namespace {

Paths* either(Paths* a, Paths* b) {
  return a ? a : b;
}

// A result: concrete when the expression folds to a number (x - x), symbolic otherwise.
// The ranges say so only while the variables in `e` keep theirs: relied on.
SymInt make(Paths* paths, const z3::expr& e, std::int64_t lo, std::int64_t hi) {
  if (lo == hi) {
    paths->rely(e);
    return SymInt(lo);
  }
  return SymInt(*paths, e, lo, hi);
}

// A comparison decided by the operands' ranges alone: right while they hold.
SymBool fold_by_ranges(const SymInt& a, const SymInt& b, bool value) {
  Paths* p = either(a.paths(), b.paths());
  if (!a.is_concrete()) p->rely(a.expr(p->ctx()));
  if (!b.is_concrete()) p->rely(b.expr(p->ctx()));
  return value;
}

// The machine's own arithmetic leaving 64 bits: undefined behaviour in the concrete code
// the explicit engine runs, so there is no one meaning for Z3's unbounded integers to
// encode faithfully. Refused, naming the operation and its operands' ranges.
[[noreturn]] void throw_overflow(const char* op, const SymInt& a, const SymInt& b) {
  auto range = [](const SymInt& v) {
    return v.lo() == v.hi() ? std::to_string(v.lo())
                            : std::to_string(v.lo()) + ".." + std::to_string(v.hi());
  };
  throw Unsupported(std::string("machine arithmetic that may overflow 64 bits (") + range(a) + " " +
                    op + " " + range(b) + ")");
}

// Values spanning at most this many numbers have their bits spelled out value by value.
constexpr std::int64_t kNarrow = 64;

int width(std::int64_t hi) {
  return hi <= 0 ? 0 : static_cast<int>(std::bit_width(static_cast<std::uint64_t>(hi)));
}

void require_bits(const SymInt& a, const char* op) {
  if (a.lo() < 0 || a.hi() > (std::int64_t{1} << 32))
    throw Unsupported(std::string("bitwise ") + op +
                      " on a value that may be negative or wider "
                      "than 32 bits");
}

// Bit i of a non-negative value. A narrow value (flags, an option, a message set) says it
// by the values it may take, a disjunction of equalities: div and mod, even by constants,
// cost the engines dearly (Spacer's projections and k-induction's step case alike). A
// wide one (a set of a dozen TLS messages) takes one mod: x mod 2^(i+1) >= 2^i.
z3::expr bit(const SymInt& a, int i, z3::context& ctx) {
  if (a.is_concrete()) return ctx.bool_val(((a.value() >> i) & 1) != 0);
  z3::expr x = a.expr(ctx);
  if (a.hi() - a.lo() > kNarrow)
    return z3::mod(x, ctx.int_val(std::int64_t{2} << i)) >= ctx.int_val(std::int64_t{1} << i);
  z3::expr_vector with_bit(ctx);
  for (std::int64_t v = a.lo(); v <= a.hi(); ++v)
    if (((v >> i) & 1) != 0) with_bit.push_back(x == ctx.int_val(v));
  return z3::mk_or(with_bit);
}

// Combines two operands bit by bit: set(bit_a, bit_b) says whether the result's bit is set.
template <class Set>
SymInt bitwise(const SymInt& a, const SymInt& b, Set set, int bits) {
  Paths* paths = either(a.paths(), b.paths());
  z3::context& ctx = paths->ctx();
  z3::expr sum = ctx.int_val(0);
  for (int i = 0; i < bits; ++i) {
    z3::expr on = set(bit(a, i, ctx), bit(b, i, ctx)).simplify();
    if (on.is_false()) continue;
    sum = sum + z3::ite(on, ctx.int_val(std::int64_t{1} << i), ctx.int_val(0));
  }
  return make(paths, sum.simplify(), 0, (std::int64_t{1} << bits) - 1);
}

// -2^63 / -1 is 2^63: past 64 bits like an overflowing sum (and C++ leaves the remainder
// undefined with it; x86 traps on both, so folding them here raised SIGFPE).
bool quotient_overflows(const SymInt& a, const SymInt& b) {
  return a.lo() == std::numeric_limits<std::int64_t>::min() && b.lo() == -1;
}

}  // namespace

SymBool::SymBool(Paths& paths, const z3::expr& e) : expr_(e), paths_(&paths) {}

SymBool operator!(const SymBool& a) {
  if (a.is_concrete()) return !a.value_;
  return SymBool(*a.paths_, !*a.expr_);
}

SymBool operator&&(const SymBool& a, const SymBool& b) {
  if (a.is_concrete()) return a.value_ ? b : SymBool(false);
  if (b.is_concrete()) return b.value_ ? a : SymBool(false);
  return SymBool(*a.paths_, *a.expr_ && *b.expr_);
}

SymBool operator||(const SymBool& a, const SymBool& b) {
  if (a.is_concrete()) return a.value_ ? SymBool(true) : b;
  if (b.is_concrete()) return b.value_ ? SymBool(true) : a;
  return SymBool(*a.paths_, *a.expr_ || *b.expr_);
}

SymBool operator==(const SymBool& a, const SymBool& b) {
  if (a.is_concrete() && b.is_concrete()) return a.value_ == b.value_;
  Paths* paths = either(a.paths_, b.paths_);
  return SymBool(*paths, a.expr(paths->ctx()) == b.expr(paths->ctx()));
}

SymInt::SymInt(Paths& paths, const z3::expr& e, std::int64_t lo, std::int64_t hi)
    : lo_(lo), hi_(hi), expr_(e), paths_(&paths) {}

std::int64_t SymInt::concrete() const {
  return is_concrete() ? lo_ : paths_->enumerate(*expr_, lo_, hi_);
}

SymInt operator+(const SymInt& a, const SymInt& b) {
  std::int64_t lo = 0, hi = 0;
  if (__builtin_add_overflow(a.lo_, b.lo_, &lo) || __builtin_add_overflow(a.hi_, b.hi_, &hi))
    throw_overflow("+", a, b);
  if (a.is_concrete() && b.is_concrete()) return lo;
  Paths* p = either(a.paths_, b.paths_);
  return make(p, a.expr(p->ctx()) + b.expr(p->ctx()), lo, hi);
}

SymInt operator-(const SymInt& a, const SymInt& b) {
  std::int64_t lo = 0, hi = 0;
  if (__builtin_sub_overflow(a.lo_, b.hi_, &lo) || __builtin_sub_overflow(a.hi_, b.lo_, &hi))
    throw_overflow("-", a, b);
  if (a.is_concrete() && b.is_concrete()) return lo;
  Paths* p = either(a.paths_, b.paths_);
  return make(p, a.expr(p->ctx()) - b.expr(p->ctx()), lo, hi);
}

SymInt operator*(const SymInt& a, const SymInt& b) {
  if (!a.is_concrete() && !b.is_concrete())
    throw Unsupported("a product of two state-dependent values (nonlinear)");
  const SymInt& sym = a.is_concrete() ? b : a;
  std::int64_t c = a.is_concrete() ? a.lo_ : b.lo_;
  std::int64_t x = 0, y = 0;
  if (__builtin_mul_overflow(sym.lo_, c, &x) || __builtin_mul_overflow(sym.hi_, c, &y))
    throw_overflow("*", a, b);
  if (a.is_concrete() && b.is_concrete()) return x;
  return make(sym.paths_, *sym.expr_ * sym.paths_->ctx().int_val(c), std::min(x, y),
              std::max(x, y));
}

SymInt operator/(const SymInt& a, const SymInt& b) {
  if (a.is_concrete() && b.is_concrete()) {
    if (quotient_overflows(a, b)) throw_overflow("/", a, b);
    return b.lo_ == 0 ? 0 : a.lo_ / b.lo_;
  }
  if (!b.is_concrete() || b.lo_ <= 0)
    throw Unsupported("division by a state-dependent or non-positive value");
  z3::context& ctx = a.paths_->ctx();
  z3::expr m = ctx.int_val(b.lo_);
  z3::expr e = a.lo_ >= 0 ? *a.expr_ / m : z3::ite(*a.expr_ >= 0, *a.expr_ / m, -(-*a.expr_ / m));
  std::int64_t x = a.lo_ / b.lo_, y = a.hi_ / b.lo_;
  return make(a.paths_, e, std::min(x, y), std::max(x, y));
}

SymInt operator%(const SymInt& a, const SymInt& b) {
  if (a.is_concrete() && b.is_concrete()) {
    if (quotient_overflows(a, b)) throw_overflow("%", a, b);
    return b.lo_ == 0 ? 0 : a.lo_ % b.lo_;
  }
  if (!b.is_concrete() || b.lo_ <= 0)
    throw Unsupported("remainder by a state-dependent or non-positive value");
  z3::context& ctx = a.paths_->ctx();
  z3::expr m = ctx.int_val(b.lo_);
  if (a.lo_ >= 0) return make(a.paths_, z3::mod(*a.expr_, m), 0, std::min(a.hi_, b.lo_ - 1));
  z3::expr e = z3::ite(*a.expr_ >= 0, z3::mod(*a.expr_, m), -z3::mod(-*a.expr_, m));
  return make(a.paths_, e, -(b.lo_ - 1), b.lo_ - 1);
}

SymInt operator&(const SymInt& a, const SymInt& b) {
  if (a.is_concrete() && b.is_concrete()) return a.lo_ & b.lo_;
  require_bits(a, "and");
  require_bits(b, "and");
  int bits = std::min(width(a.hi_), width(b.hi_));
  return bitwise(
      a, b, [](const z3::expr& x, const z3::expr& y) { return x && y; }, bits);
}

SymInt operator|(const SymInt& a, const SymInt& b) {
  if (a.is_concrete() && b.is_concrete()) return a.lo_ | b.lo_;
  require_bits(a, "or");
  require_bits(b, "or");
  int bits = std::max(width(a.hi_), width(b.hi_));
  // Setting known bits (a set gains a message): a + the bits of c that a lacks, a test per
  // bit of c rather than per bit of the result.
  if (a.is_concrete() != b.is_concrete()) {
    const SymInt& x = a.is_concrete() ? b : a;
    std::int64_t c = a.is_concrete() ? a.lo_ : b.lo_;
    z3::context& ctx = x.paths()->ctx();
    z3::expr sum = x.expr(ctx);
    for (int i = 0; i < bits; ++i)
      if ((c >> i) & 1)
        sum = sum + z3::ite(bit(x, i, ctx), ctx.int_val(0), ctx.int_val(std::int64_t{1} << i));
    return make(x.paths(), sum.simplify(), std::max(x.lo_, c), (std::int64_t{1} << bits) - 1);
  }
  return bitwise(
      a, b, [](const z3::expr& x, const z3::expr& y) { return x || y; }, bits);
}

SymInt operator<<(const SymInt& a, int k) {
  return a * SymInt(std::int64_t{1} << k);
}

SymBool operator==(const SymInt& a, const SymInt& b) {
  if (a.is_concrete() && b.is_concrete()) return a.lo_ == b.lo_;
  if (a.hi_ < b.lo_ || b.hi_ < a.lo_) return fold_by_ranges(a, b, false);  // ranges apart
  Paths* p = either(a.paths_, b.paths_);
  return SymBool(*p, a.expr(p->ctx()) == b.expr(p->ctx()));
}

SymBool operator<(const SymInt& a, const SymInt& b) {
  if (a.is_concrete() && b.is_concrete()) return a.lo_ < b.lo_;
  if (a.hi_ < b.lo_) return fold_by_ranges(a, b, true);
  if (a.lo_ >= b.hi_) return fold_by_ranges(a, b, false);
  Paths* p = either(a.paths(), b.paths());
  return SymBool(*p, a.expr(p->ctx()) < b.expr(p->ctx()));
}

SymInt mod_floor(const SymInt& a, std::int64_t m) {
  if (a.is_concrete()) return ((a.value() % m) + m) % m;
  if (a.lo() >= 0 && a.hi() < m) return a;
  z3::context& ctx = a.paths()->ctx();
  z3::expr x = a.expr(ctx);
  z3::expr mm = ctx.int_val(m);
  // One step of wrap-around either way stays linear, which suits the engines better
  // than div/mod: a sum of two in-range values, or a difference.
  if (a.lo() >= 0 && a.hi() < 2 * m) return make(a.paths(), z3::ite(x >= mm, x - mm, x), 0, m - 1);
  if (a.lo() >= -m && a.hi() < m) return make(a.paths(), z3::ite(x < 0, x + mm, x), 0, m - 1);
  if (a.lo() >= -m && a.hi() < 2 * m)
    return make(a.paths(), z3::ite(x >= mm, x - mm, z3::ite(x < 0, x + mm, x)), 0, m - 1);
  return make(a.paths(), z3::mod(x, mm), 0, m - 1);
}

SymInt ite(const SymBool& c, const SymInt& a, const SymInt& b) {
  if (c.is_concrete()) return c.value() ? a : b;
  if (a.is_concrete() && b.is_concrete() && a.value() == b.value()) return a;
  z3::context& ctx = c.paths()->ctx();
  return make(c.paths(), z3::ite(c.expr(ctx), a.expr(ctx), b.expr(ctx)), std::min(a.lo(), b.lo()),
              std::max(a.hi(), b.hi()));
}

// Without branching: one path, an if-then-else term.
SymInt min_of(const SymInt& a, const SymInt& b) {
  if (a.is_concrete() && b.is_concrete()) return std::min(a.value(), b.value());
  Paths* p = either(a.paths(), b.paths());
  z3::expr x = a.expr(p->ctx()), y = b.expr(p->ctx());
  return make(p, z3::ite(x < y, x, y), std::min(a.lo(), b.lo()), std::min(a.hi(), b.hi()));
}

SymInt max_of(const SymInt& a, const SymInt& b) {
  if (a.is_concrete() && b.is_concrete()) return std::max(a.value(), b.value());
  Paths* p = either(a.paths(), b.paths());
  z3::expr x = a.expr(p->ctx()), y = b.expr(p->ctx());
  return make(p, z3::ite(x < y, y, x), std::max(a.lo(), b.lo()), std::max(a.hi(), b.hi()));
}

}  // namespace synack::checker::smt
