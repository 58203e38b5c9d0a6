// Strengthening lemmas for the liveness-to-safety product (checker/smt/liveness_to_safety):
// what k-induction and Spacer lack there is how the saved copy relates to the state and
// what the loop flags imply. Candidates are proposed from templates, and, with `--lemmas
// mine`, also from reachable states of the system; Houdini (checker/smt/houdini) keeps
// those Z3 proves inductive over the product itself, so they are lemmas of the product
// like any other, assumed by the engines and checked again with every proof.
//
// Templates, over the product's variables:
//   saved = 1 -> saved.x <= x, and x <= saved.x     for every system variable x: a counter
//                                                   that only grows is at least its copy;
//                                                   one a loop cannot change equals it
//   f = 0, f = 1                                    for every flag f (pending, saved, avoid,
//                                                   fair.*), unguarded, and under every
//                                                   value of every other flag and of every
//                                                   control state (x named "<actor>.state")
//   the system's facts mined from reachable states, on the state and again on the saved
//   copy (which is a reachable state, or the initial one before the save)   (mine only)
#pragma once

#include <cstddef>
#include <string>

#include "checker/smt/houdini.hpp"
#include "checker/smt/liveness_to_safety.hpp"
#include "checker/smt/mine_lemmas.hpp"
#include "checker/smt/unrolling.hpp"

namespace synack::checker::smt {

// The candidates above; `mine`: with the system's facts from its reachable states (how many
// were read: `samples`).
std::vector<Candidate> product_candidates(const LivenessToSafety& product, bool mine,
                                          const MiningLimits& limits, const Deadline& deadline,
                                          std::size_t& samples);

// Houdini over the product (none: Z3 gave up, reason).
MinedLemmas product_lemmas(const LivenessToSafety& product, bool mine, const MiningLimits& limits,
                           const Deadline& deadline);

// One lemma per line in the product's names ("saved = 1 -> saved.sender.next <= sender.next").
std::string product_lemmas_text(const LivenessToSafety& product, const Lemmas& lemmas);

}  // namespace synack::checker::smt
