#pragma once

#include <cstdint>

namespace synack::checker::store {

// The lowest `bits` bits set (all 64 for 64 or more): the mask of a field that wide.
inline std::uint64_t low_mask(std::uint32_t bits) {
  return bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
}

}  // namespace synack::checker::store
