// The other processes of an MPI job that run one swarm together (`mpirun -np R synack
// check ... --swarm N --distributed`). Rank r runs members r, r + R, r + 2R, ...; when
// its members have ended, every rank hands every other what its members found, so each
// ends with the findings of all N members and merges them as one process would.
//
// The swarm engine knows only this interface; the MPI implementation lives with the
// distributed search (checker/distributed/swarm_peers.hpp), so checker/swarm has no MPI in it.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace synack::checker {

class SwarmPeers {
 public:
  virtual ~SwarmPeers() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Collective: every rank's words, in rank order (lengths may differ).
  virtual std::vector<std::vector<std::uint64_t>> gather(
      const std::vector<std::uint64_t>& mine) const = 0;
  // Collective: the distinct values of the union of every rank's `hashes` (each rank's
  // sorted and distinct, or none when it had more than `max_distinct`); none when the
  // union has more than `max_distinct` in all, or some rank gave none.
  virtual std::optional<std::uint64_t> count_distinct(
      const std::optional<std::vector<std::uint64_t>>& hashes,
      std::uint64_t max_distinct) const = 0;
};

}  // namespace synack::checker
