// The form of a number against a counter that advances by a constant slot (issue 22): an ISN
// clock that moves by its step at every draw, so that every number drawn from it, and every
// number a message carries from one, is `clock - j * step + d (mod m)` for a small draw index
// j (how many draws ago) and a small offset d (ISN + 1). Or a small constant (a reset's
// SEQ 0, a TCB's zeroed fields). Two numbers of different draw indices differ by a multiple
// of the step, nonzero while the step is odd, which no difference of two slots says.
//
// A form is coded as one integer so that it can sit in a skeleton's tuple
// (Candidate::kOneOf with `shaped`): constants 0..kFormConstants - 1 as themselves, the
// forms over counter c as kFormBase + ((c * (kMaxDraws + 1) + j) * kOffsets + d + kMaxOffset).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <z3++.h>

#include "checker/smt/invariant_mining.hpp"

namespace synack::checker::smt {

inline constexpr std::int64_t kFormConstants = 4;
inline constexpr std::int64_t kMaxDraws = 4;
inline constexpr std::int64_t kMaxOffset = 2;
inline constexpr std::int64_t kOffsets = 2 * kMaxOffset + 1;
inline constexpr std::int64_t kFormBase = 1 << 20;

struct NumberForm {
  bool constant = false;
  std::int64_t value = 0;  // constant
  std::size_t counter = 0;
  std::int64_t draws = 0, offset = 0;
};

NumberForm decode_form(std::int64_t code);

// The form of `x` in `state` against `counters`, first match in this order: a draw
// index 1..kMaxDraws (offsets 0, 1, -1, 2, -2) over each counter, a constant, index 0;
// nullopt where none fits.
std::optional<std::int64_t> form_of(std::int64_t x, const std::vector<std::int64_t>& state,
                                    const std::vector<Candidate::Counter>& counters);

// Whether `x` has the form `code` in `state` (several may fit; form_of picks the first).
bool has_form(std::int64_t x, std::int64_t code, const std::vector<std::int64_t>& state,
              const std::vector<Candidate::Counter>& counters);

// The same over Z3's copies of the state variables.
z3::expr form_at(const z3::expr& x, std::int64_t code, const z3::expr_vector& s,
                 const std::vector<Candidate::Counter>& counters);

// "server.isn_clock - 2 * server.isn_step + 1" (the name of x is not part of it).
std::string form_text(std::int64_t code, const std::vector<SmtVar>& vars,
                      const std::vector<Candidate::Counter>& counters);

}  // namespace synack::checker::smt
