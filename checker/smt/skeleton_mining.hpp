// Skeleton lemmas (issue 22): candidate invariants over whole combinations of control
// states and messages in flight, where the pairwise templates (checker/smt/
// invariant_mining, message_slot_mining, channel_order_mining) only see two at a time.
//
// A state's skeleton is the tuple of its discrete variables: control states, presence
// flags, the kinds of the messages in flight (a kind only while its position's flag is
// set), and, unless `with_counters` is off, the small counters (retry budgets, duplicates
// left). From the samples:
//
//   (client.state, server.state, c2s[0].present, c2s[0].flags, ...) in {(...), (...)}
//       the skeleton is one of those seen (kOneOf: Houdini adds a tuple instead of
//       dropping it when a step leaves the set);
//   client.state = SYN-SENT and server.state = LISTEN and c2s[0].present = 1 and ... ->
//       c2s[0].seq - client.iss = 0 (mod 2^32)
//       one candidate per fact that holds over all the skeleton's samples: a constant
//       value, a constant difference of two sequence numbers of one space (each number
//       against the representative of its class of numbers at constant differences from
//       one another, so the facts stay linear in the numbers), a narrow range of the
//       difference of two representatives.
//
// A conjunction `K -> D_K` weakened conjunct by conjunct is the same as Houdini over its
// conjuncts as separate candidates (a model drops exactly those it falsifies), so each
// conjunct is a candidate of its own under the whole skeleton as guard.
//
// Why it helps: TCP compares sequence numbers only by modular differences within each
// end's space, so the reachable states for any ISNs are a translation of those for one
// generic pair; the skeleton facts describe that shape, skeleton by skeleton.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

#include "checker/smt/invariant_mining.hpp"

namespace synack::checker::smt {

// For each variable, the presence flag of its channel position ("c2s[1].seq" ->
// "c2s[1].present"), if it has one and is no flag itself (Candidate::kNoFlag).
std::vector<std::size_t> presence_flags(const std::vector<SmtVar>& vars);
bool is_presence_flag(const SmtVar& v);

// The skeleton as a kOneOf candidate with no tuple yet: `sum` the skeleton's variables,
// `only_if_set` each one's presence flag (Candidate::kNoFlag: always).
Candidate skeleton_of(const std::vector<SmtVar>& vars, bool with_counters);

// The samples by skeleton (as Candidate::tuple_of gives it), each as indices into `samples`.
std::map<std::vector<std::int64_t>, std::vector<std::size_t>> skeletons_seen(
    const Candidate& skeleton, const std::vector<std::vector<std::int64_t>>& samples);

// The seen-skeleton candidate first, then the facts of each skeleton seen at least twice
// (one sample says nothing), at most `max_candidates` in all (skeletons in their order,
// whole).
std::vector<Candidate> propose_skeleton_candidates(
    const std::vector<SmtVar>& vars, const std::vector<std::vector<std::int64_t>>& samples,
    bool with_counters, std::size_t max_candidates, const Deadline& deadline);

}  // namespace synack::checker::smt
