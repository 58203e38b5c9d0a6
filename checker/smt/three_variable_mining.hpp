// Candidate invariants that relate three numbers of one actor: x = y + z + c or
// x = y - z + c, modulo 2^b where x and y look like sequence numbers (both declared
// 0..2^b - 1, b >= 4), exactly otherwise; everywhere, or under a value of the actor's
// control state.
//
//   server.state = SYN-RECEIVED -> server.iss = server.isn_clock - server.isn_step (mod 2^32)
//
// Why: a TCP endpoint's ISS is the value its ISN clock had before the clock advanced by its
// step, and with open ISNs (tcp.isn=differ) the clock, the step and the ISS are all
// unknowns; no two of them are related by a constant. Without the fact, k-induction's
// arbitrary start states on the three-way handshake's claim (retransmission, capacity 2
// and a duplicate together) hold a server whose clock disagrees with its ISS, which lets a
// stale RST's SEQ equal the client's RCV.NXT (README, "Three variables").
//
// Proposed only where (a) at least kMinDistinct different value triples in the scope agree,
// (b) none of the three is constant in the scope and (c) the fact is not said already
// unguarded: a constant among them would make it a two-variable fact (a difference the
// pair templates propose). Bounded: actors x numbers^3 x scopes; at most `max_candidates`.
// Houdini (checker/smt/houdini) proves or drops them like any other candidate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "checker/smt/invariant_mining.hpp"

namespace synack::checker::smt {

std::vector<Candidate> propose_three_variable_candidates(
    const std::vector<SmtVar>& vars, const std::vector<std::vector<std::int64_t>>& samples,
    std::size_t max_candidates, const Deadline& deadline);

}  // namespace synack::checker::smt
