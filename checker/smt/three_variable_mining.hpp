// Candidate invariants that relate three numbers of one actor: x = y + z + c, modulo 2^b
// where x looks like a sequence number (declared 0..2^b - 1, b >= 4) and y or z shares its
// range, exactly otherwise; everywhere, or under a value of the actor's control state.
// Every relation x = y +- z + c is of that form with the variables renamed (x = y - z is
// y = x + z), so each is proposed once.
//
//   server.state = SYN-RECEIVED -> server.isn_clock = server.iss + server.isn_step (mod 2^32)
//
// Why: a TCP endpoint's ISS is the value its ISN clock had before the clock advanced by its
// step, and with open ISNs (tcp.isn=differ) the clock, the step and the ISS are all
// unknowns; no two of them are related by a constant. Without the fact, k-induction's
// arbitrary start states on the three-way handshake's claim (retransmission, capacity 2
// and a duplicate together) hold a server whose clock disagrees with its ISS, which lets a
// stale RST's SEQ equal the client's RCV.NXT (README, "A short bmc before mining, three
// variables").
//
// Proposed only where at least kMinDistinct different value triples in the scope agree,
// and not implied by two-variable facts: none of the three is constant in the scope, and of
// the numbers whose differences are constant there (snd_una = iss in SYN-SENT) only one
// takes part; a guarded fact only where the unguarded one was not proposed. Bounded: actors
// x numbers^3 x scopes, at most `max_candidates`. Houdini (checker/smt/houdini) proves or
// drops them like any other candidate.
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
