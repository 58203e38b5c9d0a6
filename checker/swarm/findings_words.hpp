// What swarm members found, as 64-bit words, for the ranks of an MPI job to hand one
// another (checker/swarm/swarm_peers.hpp): reports, shortest paths, a step that left a
// declared range, and what a member threw (its kind and message: an exception does not
// cross processes, so it is thrown again on the far side as the same kind).
#pragma once

#include <cstdint>
#include <vector>

#include "checker/swarm/member_search.hpp"

namespace synack::checker {

// The members in `findings` whose index is in `members`, in that order.
std::vector<std::uint64_t> findings_to_words(const std::vector<MemberFindings>& findings,
                                             const std::vector<std::size_t>& members);
// Writes each member read from `words` at findings[its index]; throws InternalError when
// the words are not what findings_to_words wrote for a swarm of findings.size() members
// and `properties` properties.
void findings_from_words(const std::vector<std::uint64_t>& words, std::size_t properties,
                         std::vector<MemberFindings>& findings);

}  // namespace synack::checker
