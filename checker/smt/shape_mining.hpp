// Shape lemmas (issue 22): the skeleton of a state (checker/smt/skeleton_mining: control
// states, messages in flight, their kinds) together with the form of every number against
// the counters that produce them (checker/smt/number_form.hpp: `x = clock - j * step + d`).
//
// Why: a protocol that draws numbers from a clock advancing by a constant step (TCP's ISN
// generator) compares them only by modular differences, so the states reachable from any
// start and any step are those of one generic start, translated, with every number a fixed
// number of draws behind the clock. The pairwise facts describe this two slots at a time,
// the skeleton facts one skeleton at a time; what the grown-together three-way handshake
// needs is which draw each number came from (a client's ACK of the ISN the server drew
// two draws ago is stale: `server.iss = clock - step` and `ack = clock - 2 * step + 1`
// differ because the step is odd), in every combination the samples show. One candidate,
// "the state's shape is one of those seen" (Candidate::kOneOf with `shaped`), that Houdini
// widens by the shape of each state a step reaches outside it, and for each step its
// parity (Candidate::kResidue), which makes the draws distinct.
//
// Names play no part: a counter is any number that only ever moves by another number
// that never changes, as sampled transitions show (find_counters).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "checker/smt/invariant_mining.hpp"

namespace synack::checker::smt {

using SampledStep = std::pair<std::vector<std::int64_t>, std::vector<std::int64_t>>;

// The counters the sampled steps show: a pair (clock, step) of numbers of one space (
// sequence_space) where the step never changes and the clock, over every step, stays or
// moves by the step, and moves at least once. For each clock, the first such step, those
// of the clock's own actor (the name before its first '.') first.
std::vector<Candidate::Counter> find_counters(const std::vector<SmtVar>& vars,
                                              const std::vector<SampledStep>& steps);

// Whether every number a form could name is told apart in `state`: for each counter, no two
// forms and no form and constant of form_of's take the same value. Only such samples
// propose shapes: a step of 1, or a clock started at 0, makes forms alias.
bool generic_sample(const std::vector<std::int64_t>& state,
                    const std::vector<Candidate::Counter>& counters);

// The shape candidate (with the shapes of the generic samples; none without counters),
// then one parity candidate for each step every sample shows odd.
std::vector<Candidate> propose_shape_candidates(
    const std::vector<SmtVar>& vars, const std::vector<std::vector<std::int64_t>>& samples,
    const std::vector<Candidate::Counter>& counters, bool with_counters);

}  // namespace synack::checker::smt
