// Templates for the liveness-to-safety product (checker/smt/liveness_to_safety) with two or
// three conditions: an actor that has not moved since the save. k-induction over the
// product otherwise strings together unreachable states ahead of a closing loop: stale
// frames in flight while ARQ's sender is READY at the saved message, or the saved
// acknowledgement counted as delivered while the sender still waits for it.
//
// An actor is the prefix of its variables' names ("sender" of "sender.next"; channels,
// "s2r[0].bit", are none). Its position is a value v of its control state ("sender.state")
// when that is a variable; an actor with one control state (ARQ's receiver) has none, and
// is taken under `saved = 1` alone. For each such position and each other variable x of
// the actor, under "position and x = saved.x" (the copy follows the state until the save,
// so before it every such equality holds):
//   saved.<actor>.state = v                the actor was there at the save too
//   count(L) - count(saved L) in -cap..0   no channel holds more than in the copy
//   count(L) - count(saved L)              and one fewer once the saved message at p
//     + fair.delivered(saved L[p]) <= 0      was delivered (nothing sent refills it)
//   and saved.L[p].f = saved.y ->          the saved message at p, whose field f matched
//     fair.delivered(saved L[p]) = 0       the actor's variable y, was not delivered
//                                          (f and y of one declared range)
// and, what a channel holds rather than how many: per value v of the control state, pair
// (y, x) of the actor's small variables and field name F of y's range, under "position, y and x
// equal to their copies",
//   stale(F, y) - saved stale(F, y) <= 0   the messages of every channel with a field F whose
//                                          F differs from y (a second candidate: equals y),
//                                          counted by value, no more than in the copy
//   stale(F, y) + fair.delivered(L)        and one fewer once something was delivered on the
//     - saved stale(F, y) <= 0             fair link L since the save (per fair link)
// (checker/smt/invariant_mining.hpp: a flight count whose flags count only while a pair of
// variables differs, or is equal). A sender that has not moved adds only its current frame,
// and the receiver's answer to a stale frame is a stale ACK: what is stale may pass from one
// channel to the other, never grow; and what the waiting sender can take without moving is
// a stale ACK, so each delivery on its link uses one up. The loop k-induction strung
// together with two messages (a stale frame of message 0, or a stale ACK delivered to a
// sender waiting for ACK 1, that the saved state did not hold) is ruled out by these.
// Houdini keeps what is inductive; the rest are proposals only.
#pragma once

#include <vector>

#include "checker/smt/control_state.hpp"
#include "checker/smt/invariant_mining.hpp"
#include "checker/smt/liveness_to_safety.hpp"

namespace synack::checker::smt {

// The templates above, over the product's variables.
std::vector<Candidate> unmoved_actor_candidates(const LivenessToSafety& product);

}  // namespace synack::checker::smt
