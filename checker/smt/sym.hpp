// Integers and booleans that may be symbolic, for running machine code under Paths.
//
// A SymInt is either a concrete number (the common case: constants, parameters, values
// the code computed from them) or a Z3 integer expression with a known range lo..hi.
// Arithmetic and comparisons on concrete values stay concrete, so the expressions Z3
// sees contain only what truly depends on the state. Branching on a symbolic SymBool
// (an `if`, `?:`, `&&` in a condition) asks Paths which way to go.
//
// Integers are mathematical (Z3's Int sort); the code's own wrap-around (sequence numbers
// modulo their space, 2^32 on a real TCP) is explicit in the machines, through mod_floor.
// Bitwise operators work on non-negative values of known width, bit by bit.
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <type_traits>

#include <z3++.h>

#include "checker/smt/paths.hpp"

namespace synack::checker::smt {

class SymBool {
 public:
  SymBool(bool b) : value_(b) {}  // NOLINT: a concrete truth converts silently
  SymBool(Paths& paths, const z3::expr& e);

  bool is_concrete() const { return !expr_.has_value(); }
  bool value() const { return value_; }  // concrete only
  z3::expr expr(z3::context& ctx) const { return expr_ ? *expr_ : ctx.bool_val(value_); }
  Paths* paths() const { return paths_; }

  // Where the code branches: concrete, the value; symbolic, the path explorer decides.
  explicit operator bool() const { return is_concrete() ? value_ : paths_->decide(*expr_); }

  friend SymBool operator!(const SymBool& a);
  friend SymBool operator&&(const SymBool& a, const SymBool& b);
  friend SymBool operator||(const SymBool& a, const SymBool& b);
  friend SymBool operator&&(const SymBool& a, bool b) { return a && SymBool(b); }
  friend SymBool operator&&(bool a, const SymBool& b) { return SymBool(a) && b; }
  friend SymBool operator||(const SymBool& a, bool b) { return a || SymBool(b); }
  friend SymBool operator||(bool a, const SymBool& b) { return SymBool(a) || b; }
  friend SymBool operator==(const SymBool& a, const SymBool& b);
  friend SymBool operator!=(const SymBool& a, const SymBool& b) { return !(a == b); }

 private:
  bool value_ = false;
  std::optional<z3::expr> expr_;
  Paths* paths_ = nullptr;
};

class SymInt {
 public:
  SymInt() = default;
  template <class I>
  requires std::is_integral_v<I> || std::is_enum_v<I> SymInt(
      I v)  // NOLINT: numbers and enumerators convert silently, as to int
      : lo_(static_cast<std::int64_t>(v)), hi_(lo_) {}
  // A symbolic value known to lie in lo..hi.
  SymInt(Paths& paths, const z3::expr& e, std::int64_t lo, std::int64_t hi);

  bool is_concrete() const { return !expr_.has_value(); }
  std::int64_t value() const { return lo_; }  // concrete only
  std::int64_t lo() const { return lo_; }
  std::int64_t hi() const { return hi_; }
  z3::expr expr(z3::context& ctx) const { return expr_ ? *expr_ : ctx.int_val(lo_); }
  Paths* paths() const { return paths_; }

  // Where the code needs a number (an array index, a switch): one path per value.
  std::int64_t concrete() const;

  SymInt& operator+=(const SymInt& b) { return *this = *this + b; }
  SymInt& operator-=(const SymInt& b) { return *this = *this - b; }
  SymInt& operator|=(const SymInt& b) { return *this = *this | b; }
  SymInt& operator&=(const SymInt& b) { return *this = *this & b; }
  SymInt& operator++() { return *this = *this + 1; }
  SymInt& operator--() { return *this = *this - 1; }
  SymInt operator++(int) {
    SymInt old = *this;
    ++*this;
    return old;
  }
  SymInt operator--(int) {
    SymInt old = *this;
    --*this;
    return old;
  }

  friend SymInt operator+(const SymInt& a, const SymInt& b);
  friend SymInt operator-(const SymInt& a, const SymInt& b);
  friend SymInt operator-(const SymInt& a) { return SymInt(0) - a; }
  friend SymInt operator*(const SymInt& a, const SymInt& b);
  // C++'s truncating division and remainder.
  friend SymInt operator/(const SymInt& a, const SymInt& b);
  friend SymInt operator%(const SymInt& a, const SymInt& b);
  friend SymInt operator&(const SymInt& a, const SymInt& b);
  friend SymInt operator|(const SymInt& a, const SymInt& b);
  friend SymInt operator<<(const SymInt& a, int k);

  friend SymBool operator==(const SymInt& a, const SymInt& b);
  friend SymBool operator!=(const SymInt& a, const SymInt& b) { return !(a == b); }
  friend SymBool operator<(const SymInt& a, const SymInt& b);
  friend SymBool operator<=(const SymInt& a, const SymInt& b) { return !(b < a); }
  friend SymBool operator>(const SymInt& a, const SymInt& b) { return b < a; }
  friend SymBool operator>=(const SymInt& a, const SymInt& b) { return !(a < b); }

 private:
  std::int64_t lo_ = 0, hi_ = 0;
  std::optional<z3::expr> expr_;
  Paths* paths_ = nullptr;
};

// a modulo m in 0..m-1 for m > 0, whatever the sign of a: sequence-number wrap-around.
SymInt mod_floor(const SymInt& a, std::int64_t m);
// Concretely, for any mix of integer widths (a 32-bit sequence space needs 64-bit values).
template <std::integral A, std::integral M>
std::common_type_t<A, M> mod_floor(A a, M m) {
  return ((a % m) + m) % m;
}

// The smaller / larger of two values; std::min would need one type on both sides.
SymInt min_of(const SymInt& a, const SymInt& b);
SymInt max_of(const SymInt& a, const SymInt& b);
template <std::integral A, std::integral B>
std::common_type_t<A, B> min_of(A a, B b) {
  return a < b ? a : b;
}
template <std::integral A, std::integral B>
std::common_type_t<A, B> max_of(A a, B b) {
  return a < b ? b : a;
}

// `c ? a : b` as one term, without branching: for code that would otherwise multiply
// paths over a choice that does not change what happens next (which slot a message takes).
SymInt ite(const SymBool& c, const SymInt& a, const SymInt& b);
template <class A, class B>
requires(std::is_integral_v<A> || std::is_enum_v<A>) &&
    (std::is_integral_v<B> || std::is_enum_v<B>)auto ite(bool c, A a, B b) {
  // An enumerator counts as its number, as it does in the value-generic machines' fields.
  auto number = [](auto x) {
    if constexpr (std::is_enum_v<decltype(x)>)
      return static_cast<std::underlying_type_t<decltype(x)>>(x);
    else
      return x;
  };
  using R = std::common_type_t<decltype(number(a)), decltype(number(b))>;
  return c ? static_cast<R>(number(a)) : static_cast<R>(number(b));
}

// The value as a number: for a plain integer, itself; for a SymInt, one path per value.
template <std::integral I>
std::int64_t concrete(I v) {
  return static_cast<std::int64_t>(v);
}
inline std::int64_t concrete(const SymInt& v) {
  return v.concrete();
}

// Whether a generic machine function runs concretely or symbolically.
template <class V>
inline constexpr bool is_symbolic = std::is_same_v<V, SymInt>;

}  // namespace synack::checker::smt
