// Candidate invariants about the ORDER of an ordered (FIFO) channel: two of its positions
// against each other, and a message in flight against what its receiver has already seen.
//
//   c2s[1].present = 1 -> c2s[1].seq - c2s[0].seq in 0..1 (mod 4294967296)
//   s2c[1].flags = 4 and s2c[1].present = 1 -> s2c[0].flags != 3
//   s2c[0].flags = 4 and s2c[0].present = 1 -> client.state != ESTABLISHED
//   s2c[0].flags = 4 and client.state = SYN-SENT -> s2c[0].seq - client.rcv_nxt in -1..0 (mod 2^32)
//
// On an ordered channel a message sent earlier sits at a lower position and is delivered
// first, so what the receiver has seen says what may still be in flight; k-induction's
// arbitrary start states have no such history (issue 22: the 32-bit three-way claim with
// one retransmission, capacity 2 and one duplicate, where a RST sent before the server's
// SYN-ACK was still in flight behind the client's view of an ESTABLISHED connection). No
// template of checker/smt/invariant_mining or checker/smt/message_slot_mining relates two
// positions of one channel, nor guards a fact on a message kind alone.
//
// The templates, each only where at least two samples are in its scope:
//   along the channel, positions i < j: a number field's difference c[j].x - c[i].x in its
//     observed range (modulo the sequence space where it has one), under "c[j] present",
//     only where the range is at most a quarter of the space;
//   kinds by order: under "c[j] has kind K", each kind c[i] takes somewhere but never there;
//   message and each end (receiver, then sender): under "c[k] has kind K", each control
//     state of the end never seen there; under "c[k] has kind K" (and then also under each
//     of the end's control states), a number field against each of the end's numbers, in
//     its observed range where that is narrow and not a constant
//     (checker/smt/message_slot_mining proposes constants);
//   message and both ends: under "c[k] has kind K" and one end's control state, each control
//     state of the other end never seen there (but seen under the kind alone).
// Bounded: channels x positions^2 x (fields + kinds^2) + 2 x positions x kinds x (states +
// states x fields x numbers + states^2), and at most `max_candidates`. Houdini proves or drops
// them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "checker/smt/invariant_mining.hpp"

namespace synack::checker::smt {

struct OrderedChannel {
  std::string name;      // its positions are the variables "<name>[<k>].<field>"
  std::string receiver;  // the receiver's variables are "<receiver>.<name>"
  std::string sender;    // and the sender's "<sender>.<name>"
};

std::vector<Candidate> propose_channel_order_candidates(
    const std::vector<SmtVar>& vars, const std::vector<std::vector<std::int64_t>>& samples,
    const std::vector<OrderedChannel>& channels, std::size_t max_candidates,
    const Deadline& deadline);

}  // namespace synack::checker::smt
