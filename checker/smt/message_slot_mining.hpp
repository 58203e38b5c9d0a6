// Candidate invariants that tie a message in flight to the state of an actor, under two
// guards: the message's kind in its channel position and an actor's control state.
//
//   c2s[0].flags = 1 and client.state = SYN-SENT -> c2s[0].seq = client.iss
//   s2c[1].flags = 3 and client.state = SYN-SENT -> s2c[1].ack - client.iss = 1 (mod 2^32)
//
// A SYN in flight carries its sender's ISN only while the sender still has that connection
// (a reset clears the ISN); an ACK in flight acknowledges ISN + 1 only while the receiver
// is still waiting for it. One guard cannot say either, so k-induction's arbitrary start
// states may hold messages no run sends, and the three-way handshake's claim with
// retransmission, capacity 2 and a duplicate is not k-inductive without them (issue 22).
//
// The fields of a channel position (variables named "<channel>[<i>].<field>") that are no
// kind (not discrete) are related to every actor variable (no '[' in its name) that is no
// control state: a constant difference, modular where both look like sequence numbers
// (0..2^b - 1, b >= 4). Only where the message kind alone does not give the same constant.
// Under the same two guards, the values the other control states take. And under two
// control states (`client.state = ESTABLISHED and server.state = ESTABLISHED`), constant
// differences between the actors' numbers (each side's IRS is the other's ISS).
// Bounded: positions x kinds x control states x values x (fields x actor numbers + control
// states), plus control-state pairs x values x pairs of actor numbers; each proposed only
// where at least two samples in the scope agree and neither guard alone says it; Houdini
// (checker/smt/houdini) proves or drops them like any other candidate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "checker/smt/invariant_mining.hpp"

namespace synack::checker::smt {

// At most `max_candidates`, in the order above (message kinds first, position by position;
// then pairs of control states): the cap is a bound on the work after proposing (pruning
// and Houdini), not a choice of the best.
std::vector<Candidate> propose_message_slot_candidates(
    const std::vector<SmtVar>& vars, const std::vector<std::vector<std::int64_t>>& samples,
    std::size_t max_candidates, const Deadline& deadline);

}  // namespace synack::checker::smt
