// Room for one packed state, for the stores' calls that decode a state to look at it: on
// the stack for states of up to 16 words (all bundled models), on the heap beyond.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace synack::checker::store {

class PackedScratch {
 public:
  explicit PackedScratch(std::size_t words) {
    if (words > kOnStack) large_.resize(words);
  }
  std::uint64_t* data() { return large_.empty() ? small_ : large_.data(); }

 private:
  static constexpr std::size_t kOnStack = 16;
  std::uint64_t small_[kOnStack];
  std::vector<std::uint64_t> large_;
};

}  // namespace synack::checker::store
