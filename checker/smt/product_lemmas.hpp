// Strengthening lemmas for the liveness-to-safety product (checker/smt/liveness_to_safety):
// what k-induction and Spacer lack there is how the saved copy relates to the state and
// what the loop flags imply. Two stages, each Houdini (checker/smt/houdini):
//   1. the system's own lemmas, mined from its reachable states and kept by Houdini over
//      the system alone (checker/smt/mine_lemmas, as for safety); inductive there, so on
//      the product too, for the state and again for the saved copy (a reachable state,
//      or the initial one before the save);
//   2. templates over the product's variables, kept by Houdini over the product with the
//      lifted lemmas of 1 assumed:
//        saved = 0 -> x = saved.x                      the copy follows the state until
//                                                      the save
//        saved = 1 -> saved.x <= x, and x <= saved.x   for every system variable x: a
//                                                      counter that only grows is at
//                                                      least its copy; one a loop cannot
//                                                      change equals it
//        f = 0, f = 1                                  for every flag f (pending, saved,
//                                                      avoid, fair.*), unguarded, and
//                                                      under every value of every other
//                                                      flag and of every control state
//                                                      (x named "<actor>.state")
//        an actor unmoved since the save              checker/smt/unmoved_actor_lemmas
// The engines assume both as lemmas of the product, and every proof checks them again from
// scratch together (initial, closed under a step from a state that is not bad), so a
// stage that relied on something false would cost the proof, never make a wrong one.
#pragma once

#include <cstddef>
#include <string>

#include "checker/smt/houdini.hpp"
#include "checker/smt/liveness_to_safety.hpp"
#include "checker/smt/mine_lemmas.hpp"
#include "checker/smt/unrolling.hpp"

namespace synack::checker::smt {

// The templates above.
std::vector<Candidate> product_candidates(const LivenessToSafety& product);

// Both stages (`mine`; else the templates alone); none: Z3 gave up (reason).
MinedLemmas product_lemmas(const LivenessToSafety& product, bool mine, const MiningLimits& limits,
                           const Deadline& deadline);

// One lemma per line in the product's names ("saved = 1 -> saved.sender.next <= sender.next").
std::string product_lemmas_text(const LivenessToSafety& product, const Lemmas& lemmas);

}  // namespace synack::checker::smt
