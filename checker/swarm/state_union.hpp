// The distinct states a whole swarm visited, counted from each member's 64-bit state
// hashes as the members finish (exact unless two states share a hash). Members hand
// over their hashes and free them, so memory stays at 8 bytes per distinct state, up to
// a cap past which the union is no longer counted (a swarm of many large members would
// otherwise hold every member's states until the end).
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

namespace synack::checker {

class StateUnion {
 public:
  explicit StateUnion(std::size_t max_distinct) : max_distinct_(max_distinct) {}

  // From any thread. The result does not depend on the order members are added in.
  void add(const std::vector<std::uint64_t>& hashes);
  // The distinct hashes added; none when there were more than max_distinct.
  std::optional<std::uint64_t> size();
  // The distinct hashes added, sorted, handed over; none when there were more than
  // max_distinct. The union is empty afterwards.
  std::optional<std::vector<std::uint64_t>> take_distinct();

 private:
  void compact();  // sort and deduplicate; give up past the cap

  std::mutex mutex_;
  std::size_t max_distinct_;
  std::vector<std::uint64_t> hashes_;
  std::size_t distinct_ = 0;  // hashes_ was this many distinct ones at the last compact()
  bool over_cap_ = false;
};

}  // namespace synack::checker
