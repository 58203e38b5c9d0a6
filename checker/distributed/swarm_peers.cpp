#include "checker/distributed/swarm_peers.hpp"

#include <algorithm>

namespace synack::checker::distributed {

std::vector<std::vector<std::uint64_t>> MpiSwarmPeers::gather(
    const std::vector<std::uint64_t>& mine) const {
  std::vector<Words> outbox(static_cast<std::size_t>(comm_.size()), mine);
  const Received received = comm_.exchange(outbox);
  std::vector<std::vector<std::uint64_t>> all(static_cast<std::size_t>(comm_.size()));
  for (int r = 0; r < comm_.size(); ++r)
    all[static_cast<std::size_t>(r)].assign(received.from(r),
                                            received.from(r) + received.size_from(r));
  return all;
}

std::optional<std::uint64_t> MpiSwarmPeers::count_distinct(
    const std::optional<std::vector<std::uint64_t>>& hashes, std::uint64_t max_distinct) const {
  Words uncounted{hashes ? 0u : 1u};
  comm_.sum(uncounted);
  if (uncounted[0] > 0) return std::nullopt;
  const auto ranks = static_cast<std::uint64_t>(comm_.size());
  std::vector<Words> outbox(ranks);
  for (std::uint64_t h : *hashes) outbox[h % ranks].push_back(h);
  Received received = comm_.exchange(outbox);
  std::sort(received.words.begin(), received.words.end());
  Words distinct{static_cast<std::uint64_t>(
      std::unique(received.words.begin(), received.words.end()) - received.words.begin())};
  comm_.sum(distinct);
  if (distinct[0] > max_distinct) return std::nullopt;
  return distinct[0];
}

}  // namespace synack::checker::distributed
