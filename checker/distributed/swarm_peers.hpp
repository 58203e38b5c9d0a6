// The ranks of an MPI job sharing one swarm (checker/swarm/swarm_peers.hpp), over the
// distributed search's collectives (checker/distributed/comm.hpp).
#pragma once

#include "checker/distributed/comm.hpp"
#include "checker/swarm/swarm_peers.hpp"

namespace synack::checker::distributed {

class MpiSwarmPeers final : public SwarmPeers {
 public:
  explicit MpiSwarmPeers(const Comm& comm) : comm_(comm) {}
  int rank() const override { return comm_.rank(); }
  int size() const override { return comm_.size(); }
  std::vector<std::vector<std::uint64_t>> gather(
      const std::vector<std::uint64_t>& mine) const override;
  // Each hash goes to the rank it falls to (hash mod ranks), which counts the distinct
  // ones it received: no rank ever holds the whole union.
  std::optional<std::uint64_t> count_distinct(
      const std::optional<std::vector<std::uint64_t>>& hashes,
      std::uint64_t max_distinct) const override;

 private:
  const Comm& comm_;
};

}  // namespace synack::checker::distributed
