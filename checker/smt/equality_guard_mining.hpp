// Candidate invariants whose condition is an equality between two numbers, with a value
// guard: "this message belongs to the connection now open" and what follows from it.
//
//   c2s[0].flags = 2 and c2s[0].ack = server.snd_nxt -> server.irs = client.iss
//   client.state = ESTABLISHED and client.rcv_nxt = server.snd_nxt -> s2c[0].flags != 4
//   s2c[0].flags = 2 and s2c[0].ack = client.snd_nxt -> server_history.app_received = 1
//
// Why: the other templates guard on values of discrete variables (control states, message
// kinds), and a message that acknowledges the receiver's current SND.NXT is told from a
// stale one only by comparing two numbers. Spacer's proof of issue 22's grown-together
// three-way claim adds exactly such clauses to the mined lemmas (docs/z3-proofs.md), and
// the counterexample to induction of tcp/tfo-invalid-cookie's data-exactly-once holds an
// ACK of the client's data with the server's application never having received it.
//
// The equalities x = y: x a channel position's field or an actor's variable, y a variable
// of another actor (a message field against its receiver's), both declared over the same
// range of at least three values and neither a control state nor a presence flag. The
// guards: for a message field, a value of one of its position's kinds (its other discrete
// fields, of another range than the field's; not a value an empty position shows), then
// that and a value of the receiver's control state; for two actors' variables, a value of
// the first's control state, then that and one of the second's. A scope (the samples of
// the guards where x = y) needs two samples, and not every sample of the guards may have
// the equality; a scope that selects the same samples as one before it is skipped. Its
// facts, only where the guards alone do not say them, nor the first guard alone with the
// equality: the range and the excluded values of each discrete variable (those of the
// compared range aside: sequence numbers of a small space are discrete too), and constant
// differences between two actor numbers of one range (modular where both look like
// sequence numbers). Bounded: the pairs in the order above (message fields first), at most
// `max_candidates`; Houdini (checker/smt/houdini) proves or drops them like any other.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "checker/smt/invariant_mining.hpp"

namespace synack::checker::smt {

// A channel ("c2s": its positions are "c2s[<k>].<field>") and the actor that receives from
// it ("server": its variables are "server.<name>").
struct ChannelReceiver {
  std::string channel, receiver;
};

std::vector<Candidate> propose_equality_guarded_candidates(
    const std::vector<SmtVar>& vars, const std::vector<std::vector<std::int64_t>>& samples,
    const std::vector<ChannelReceiver>& receivers, std::size_t max_candidates,
    const Deadline& deadline);

}  // namespace synack::checker::smt
