// A table of distinct 64-bit keys, each numbered in the order it was first added.
//
// The state store's tree (state_tree.hpp) keeps each part of a state here once: the
// values of a group of slots, or a pair of the numbers of two smaller parts. A part
// shared by a million states is stored once, so the states themselves need only the
// numbers of their two halves. Keys live in insertion order in fixed-size chunks (an
// id never moves, and growing never copies them; slab_chunks.hpp); an open-addressing table of
// 32-bit entries (id + 1, 0 for empty) finds a key's id, load at most one half.
#pragma once

#include <cstddef>
#include <cstdint>

#include "checker/store/huge_pages.hpp"
#include "checker/store/slab_chunks.hpp"

namespace synack::checker::store {

class Interner {
 public:
  Interner();

  // The id of `key`, added with the next id if it is new.
  std::uint32_t intern(std::uint64_t key);
  std::uint64_t key(std::uint32_t id) const { return chunks_[id >> kChunkBits][id & kChunkMask]; }
  std::size_t size() const { return count_; }
  std::size_t bytes() const;

 private:
  static constexpr std::uint32_t kChunkBits = 14;
  static constexpr std::uint32_t kChunkMask = (1u << kChunkBits) - 1;

  void grow();

  std::size_t count_ = 0;
  SlabChunks<std::uint64_t> chunks_{std::size_t{1} << kChunkBits};
  // The table's memory, like the chunks', is on huge pages once large (huge_pages.hpp).
  ZeroedArray<std::uint32_t> table_;
  std::size_t table_size_;
  std::size_t mask_;
};

// splitmix64's finalizer: a 64-bit key spread over all 64 bits.
inline std::uint64_t mix64(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace synack::checker::store
