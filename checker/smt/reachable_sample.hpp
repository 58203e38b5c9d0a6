// Reachable states of a composition, found by the explicit interpreter, as states of its
// symbolic encoding: the samples invariant mining proposes candidates from.
//
// The explicit engine starts from one initial state, while the encoding may leave some
// initial values open (an ISN clock). The search starts from a few initial states Z3
// picks within the encoding's init, each different from those before. It is breadth
// first and stops at `max_states`: a partial search only proposes candidates that Houdini
// then drops, it never makes anything unsound.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "checker/smt/system_encoding.hpp"
#include "checker/smt/unrolling.hpp"

namespace synack::checker::smt {

struct SampleLimits {
  std::size_t initial_states = 8;  // distinct initial states Z3 is asked for
  std::size_t max_states = 20000;  // over all of them
  std::uint64_t seed = 0x5eed;     // where the open initial values are spread (fixed: the
                                   // same samples every run)
};

struct ReachableSample {
  std::vector<std::vector<std::int64_t>> states;  // as values of enc.state_vars()
  bool complete = false;                          // every reachable state from those starts
  std::size_t starts = 0;                         // how many initial states
};

ReachableSample sample_reachable(const SystemEncoding& enc, const SampleLimits& limits,
                                 const Deadline& deadline);

}  // namespace synack::checker::smt
