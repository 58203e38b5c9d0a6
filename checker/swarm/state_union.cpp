#include "checker/swarm/state_union.hpp"

#include <algorithm>

namespace synack::checker {

void StateUnion::add(const std::vector<std::uint64_t>& hashes) {
  std::lock_guard lock(mutex_);
  if (over_cap_) return;
  hashes_.insert(hashes_.end(), hashes.begin(), hashes.end());
  // Compacting when the buffer has doubled keeps the work n log n over all members.
  if (hashes_.size() > 2 * distinct_ + (std::size_t{1} << 20)) compact();
}

std::optional<std::uint64_t> StateUnion::size() {
  std::lock_guard lock(mutex_);
  if (!over_cap_) compact();
  if (over_cap_) return std::nullopt;
  return distinct_;
}

std::optional<std::vector<std::uint64_t>> StateUnion::take_distinct() {
  std::lock_guard lock(mutex_);
  if (!over_cap_) compact();
  if (over_cap_) return std::nullopt;
  distinct_ = 0;
  return std::move(hashes_);
}

void StateUnion::compact() {
  std::sort(hashes_.begin(), hashes_.end());
  hashes_.erase(std::unique(hashes_.begin(), hashes_.end()), hashes_.end());
  distinct_ = hashes_.size();
  // The union only grows: past the cap now is past it at the end, whatever the order.
  if (distinct_ > max_distinct_) {
    over_cap_ = true;
    std::vector<std::uint64_t>().swap(hashes_);
  }
}

}  // namespace synack::checker
