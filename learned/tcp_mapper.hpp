// A learned TCP client or server facing synack's own tcp-endpoint over channels: the
// learned model with a reverse mapper, an actor that speaks the spec's concrete segments.
//
// The learner's mapper turned concrete segments into the abstract `FLAGS(V,V,LEN)` inputs
// and the stack's answers into `FLAGS(SEQ,ACK,LEN)` with SEQ and ACK among NEXT, CURRENT,
// FRESH and ZERO. This actor runs that mapping backwards, keeping the numbers beside the
// learned state: iss (the client's initial sequence number), snd_nxt, rcv_nxt (unknown
// until a SYN arrives), and the acknowledgment number of the last segment received.
//
//   - A segment the spec sends is the model's input when its numbers are valid (the
//     learner only ever sent valid ones): before the peer's SYN is known, a SYN, or a
//     SYN-ACK or RST-ACK that acknowledges our SYN (ack == snd_nxt); after it, seq ==
//     rcv_nxt and, with ACK, ack == snd_nxt. Its flags pick the input (SYN-ACK is
//     `SYN+ACK(V,V,0)`, data `ACK+PSH(V,V,1)`...). A segment with invalid numbers, or
//     flags the model has no input for, has no input: the actor takes nothing and records
//     it in `refused` (sticky), which the property `inputs-valid` reads.
//   - An answer becomes a concrete segment: seq FRESH and CURRENT are iss (a new ISN, or
//     the ISN again in a SYN-ACK), NEXT is snd_nxt, ZERO is the last acknowledgment number
//     received (RFC 9293 3.10.7.1's reset, seq = SEG.ACK; 0 before any); ack NEXT and
//     CURRENT are rcv_nxt, ZERO is 0. An answer with the ACK bit and ack FRESH has no
//     number the peer could check: it is recorded in `unaccepted`, as in the
//     learned-to-learned composition. SYN, FIN and data advance snd_nxt; a RST sent or
//     received forgets the peer's numbers (synced = 0).
//
// Numbers are modulo the spec's sequence space (the `seq` field's range + 1). The mapper
// is TCP's: the learned alphabet's flag names and (SEQ,ACK,LEN) form are read from the
// symbols. It serves a client and a server alike, for ONE connection: a server that has
// synchronised with the spec takes a new SYN only after a RST (a SYN with an old number is
// refused), so a second connection beside the first is outside what it maps. A second
// connection after the first (a client that reconnects, a server that accepts a new SYN
// after a RST) would need a new ISN, which the learner's stack chose and the model does
// not say; the mapper has one. So it counts the SYNs with a FRESH number it sends in
// `connections` (0, 1, 2 for "more"), and the composition's assumption `one-connection`
// (connections <= 1) makes every verdict that rests on a second one inconclusive, naming
// it. Local state: [learned state, in, out, unaccepted, refused, snd_nxt, rcv_nxt,
// synced, last_ack, connections].
#pragma once

#include <memory>

#include "checker/machine.hpp"
#include "learned/compose_map.hpp"
#include "learned/mealy.hpp"

namespace synack::learned {

// `spec` is the peer (tcp-endpoint): its codec is this actor's too; `side` is which of the
// map's sides (calls and state names) the model is. Throws InputError when the spec's
// messages are not TCP segments (fields flags, seq, ack, data), or when the model or map
// does not fit (as make_networked_mealy).
std::shared_ptr<const checker::MachineType> make_tcp_mapped(
    std::shared_ptr<const MealyMachine> model, const ComposeMap& map, Side side,
    std::shared_ptr<const checker::MachineType> spec, checker::Value iss);

}  // namespace synack::learned
