// Candidate invariants proposed from sample states: the first half of strengthening the
// Z3 engines with facts the explicit engine observed (the second, checker/smt/houdini,
// keeps only those Z3 proves inductive). Mining is a heuristic that only proposes: nothing
// here is ever assumed without that proof, so the samples may come from a partial search.
//
// Templates, over the state variables of a TransitionSystem:
//   x in lo..hi                       the observed range of one variable
//   x != v                            a control state never observed (within its range)
//   x == y, x <= y, x - y in lo..hi   relations between pairs
//   x - y in lo..hi (mod 2^b)         pairs of sequence numbers: slots declare no modulus,
//                                     so two variables that share the range 0..2^b - 1
//                                     (b >= 4) are taken to be numbers of that space
//   sum of the presence flags of one channel in lo..hi   (messages in flight)
//   x = y + z, x = y - z (mod 2^b)    three numbers of one actor (checker/smt/
//                                     three_variable_mining: an ISN clock, its step and
//                                     the ISS it gave)
//   x in 0..2^j - 1                   a set of flags (a payload of TLS messages, one bit
//                                     each: x declared 0..2^b - 1, 4 < b <= 16) whose
//                                     samples never set a bit from j up; everywhere only.
//                                     The observed range is not inductive over a set that
//                                     grows by OR (4 | 963 is past 0..963); this one is,
//                                     and it stays linear
// the others each either everywhere or under a control state (`client.state == S -> ...`, for every
// variable named "<actor>.state"). Facts under two guards (a message kind in a channel
// position and a control state) come from checker/smt/message_slot_mining. A pair is proposed only
// where its relation says more than the two ranges do in the same scope, and a guarded fact only
// where it says more than the unguarded one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <z3++.h>

#include "checker/smt/transition_system.hpp"
#include "checker/smt/unrolling.hpp"

namespace synack::checker::smt {

// A fact given as an expression over the state (a user's `--invariant`:
// checker/smt/user_invariants), for Candidate::kStated.
class StatedFact {
 public:
  virtual ~StatedFact() = default;
  virtual z3::expr at(const z3::expr_vector& s) const = 0;
  virtual bool holds(const std::vector<std::int64_t>& s) const = 0;
  virtual const std::string& text() const = 0;
};

struct Candidate {
  enum Kind {
    kRange,
    kExcluded,  // a value no sample of a control state takes, or 0 no sample of a number does
    kEqual,
    kLessEq,
    kDifference,
    kModularDifference,
    kFlightCount,
    // a = b + (each of `sum`) - (each of `minus`) + lo, modulo `modulus` where it is not 0
    // (three variables of one actor: checker/smt/three_variable_mining). The variables are
    // named only through a, b, sum and minus, so that the liveness product's lifting
    // (product_lemmas' on_copy) maps every one of them.
    kLinear,
    // The values of `sum` are one of `tuples` (a skeleton seen: checker/smt/
    // skeleton_mining). Houdini weakens it instead of dropping it: a state outside it adds
    // its own tuple (weakened_by). With `shaped`, each tuple goes on with the form of each
    // of those numbers (checker/smt/shape_mining).
    kOneOf,
    // a = lo (mod modulus): the parity of a step that never changes (checker/smt/shape_mining)
    kResidue,
    // `stated`: what the user claims (checker/smt/user_invariants), proved like the others
    kStated
  } kind;
  std::shared_ptr<const StatedFact> stated;  // kStated
  std::size_t a = 0;                         // the variable (kFlightCount: unused, see `sum`)
  std::size_t b = 0;                         // the second variable of a pair
  std::int64_t lo = 0;       // kRange, kDifference, kModularDifference, kFlightCount;
                             // kExcluded: the value
  std::int64_t hi = 0;       // (kModularDifference: a signed difference, |lo|, |hi| < modulus/2)
  std::int64_t modulus = 0;  // kModularDifference
  std::vector<std::size_t> sum;    // kFlightCount: the presence flags added up
  std::vector<std::size_t> minus;  // kFlightCount: flags subtracted (checker/smt/product_lemmas)
  // kFlightCount: the i-th flag of `sum` (of `minus`), if it has an i-th pair here, counts
  // only while its pair differs, or with `if_equal` while it is equal (a message's field and
  // an actor's variable: checker/smt/unmoved_actor_lemmas).
  std::vector<std::pair<std::size_t, std::size_t>> sum_if_differ, minus_if_differ;
  bool if_equal = false;
  bool guarded = false;  // only where state variable `guard` has value `guard_value`
  std::size_t guard = 0;
  std::int64_t guard_value = 0;
  // With `guard`, more conditions: each pair of variables equal (the liveness product's
  // templates, checker/smt/product_lemmas: a variable equal to its saved copy).
  std::vector<std::pair<std::size_t, std::size_t>> also_equal;
  // And only where `guard2` has value `guard2_value` too (a message's kind in a channel
  // position and an actor's control state: checker/smt/message_slot_mining). Needs `guarded`.
  bool guarded2 = false;
  std::size_t guard2 = 0;
  std::int64_t guard2_value = 0;
  // With `guard`, more conditions: each variable with its value (a whole skeleton:
  // checker/smt/skeleton_mining).
  std::vector<std::pair<std::size_t, std::int64_t>> also_values;
  // kOneOf: one tuple of values of `sum` per skeleton; kAnyValue where the i-th variable's
  // value does not matter because the flag `only_if_set[i]` (kNoFlag: none) is 0 (the kind
  // of a message not in flight).
  static constexpr std::int64_t kAnyValue = INT64_MIN;
  static constexpr std::size_t kNoFlag = SIZE_MAX;
  std::vector<std::size_t> only_if_set;
  std::vector<std::vector<std::int64_t>> tuples;
  // kOneOf over numbers too: after the values of `sum`, each tuple has one entry per number
  // of `shaped`, a form code (checker/smt/number_form.hpp): `x = c` for a small constant,
  // or `x = clock - j * step + d (mod modulus)` for a counter of `counters`; kAnyValue where
  // the number has no form or its position `shaped_only_if_set` is empty.
  struct Counter {
    std::size_t clock = 0, step = 0;
    std::int64_t modulus = 0;
    bool operator==(const Counter&) const = default;
  };
  std::vector<std::size_t> shaped, shaped_only_if_set;
  std::vector<Counter> counters;

  // The fact over one state's copies of the variables (state_vars() order).
  z3::expr at(const z3::expr_vector& s) const;
  // kLinear: a - b - lo - (each of sum) + (each of minus), in a concrete state and in Z3.
  std::int64_t linear_excess(const std::vector<std::int64_t>& s) const;
  z3::expr linear_at(const z3::expr_vector& s) const;
  // Whether it holds in a concrete state.
  bool holds(const std::vector<std::int64_t>& state) const;
  // kOneOf: the tuple of `state` (kAnyValue where it does not matter), and the candidate
  // with that tuple added, which holds in `state`.
  std::vector<std::int64_t> tuple_of(const std::vector<std::int64_t>& state) const;
  Candidate weakened_by(const std::vector<std::int64_t>& state) const;
  // kOneOf: whether `state` is within `tuple` (a value equal or kAnyValue, a number of its form).
  bool fits(const std::vector<std::int64_t>& tuple, const std::vector<std::int64_t>& state) const;
  // "client.state=SYN-SENT -> client.snd_nxt - client.iss in 1..1 (mod 2^32)": `value`
  // prints variable v's value (a control state by name).
  std::string text(const std::vector<SmtVar>& vars,
                   const std::function<std::string(std::size_t, std::int64_t)>& value) const;
};

// `var` = `value` (a range of one value).
Candidate exactly(std::size_t var, std::int64_t value);
// `fact` only where `guard` has `value` and each pair of `equal` is equal.
Candidate guarded_by(Candidate fact, std::size_t guard, std::int64_t value,
                     std::vector<std::pair<std::size_t, std::size_t>> equal = {});

// The space of `v`'s values if they look like sequence numbers (declared 0..2^b - 1, b >= 4;
// slots declare no modulus), else 0.
std::int64_t sequence_space(const SmtVar& v);
// Control states, message kinds, presence flags, counters of a few values: what facts are
// split on (guards) and what values are excluded one by one.
bool is_discrete(const SmtVar& v);
// (x - y) mod m as a signed value in (-m/2, m/2].
std::int64_t signed_mod(std::int64_t d, std::int64_t m);

// At most `max_candidates` candidates that hold in every sample (each a state as values of
// `vars`, in order), the unguarded ones first. None once `deadline` has expired: on the
// larger models (tcp/tfo-invalid-cookie, 20,000 samples) this takes minutes, and a budget
// must be honoured by every phase.
std::vector<Candidate> propose_candidates(const std::vector<SmtVar>& vars,
                                          const std::vector<std::vector<std::int64_t>>& samples,
                                          std::size_t max_candidates, const Deadline& deadline);

using SampleStates = std::vector<std::vector<std::int64_t>>;

// The first `limit` candidates, in order, that hold in every state of each of `samples`
// (reachable states the proposal did not see: a cheap filter before Houdini's Z3 calls);
// those after the limit are never checked, since the cap would cut them anyway (up to
// 300,000 states each). Once `deadline` expires the rest are kept unfiltered, up to the
// limit. The deadline is read every few thousand states checked, so a budget is honoured
// within milliseconds: one candidate against 300,000 states takes tens of them.
std::vector<Candidate> first_holding_in(std::vector<Candidate> candidates,
                                        const std::vector<const SampleStates*>& samples,
                                        std::size_t limit, const Deadline& deadline);
// All those that hold in every one of `samples`.
std::vector<Candidate> holding_in(std::vector<Candidate> candidates, const SampleStates& samples,
                                  const Deadline& deadline);

}  // namespace synack::checker::smt
