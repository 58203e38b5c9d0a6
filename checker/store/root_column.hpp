// One root per stored state, in index order, in as few bits as its values need.
//
// A root (state_tree.hpp) is a pair: the ids of a state's two halves (32 bits each at
// most), or the bits of a state of one part (64 at most) and 0: never over 64 bits. Roots are kept
// in chunks of 64 K, each packing every root into the same number of bits: as many as the largest
// value in the chunk needs. The ids only grow, so a later chunk starts as wide as the one before,
// and a root wider than its chunk re-packs that one chunk (64 K roots, never the column).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace synack::checker::store {

struct Root {
  std::uint64_t first = 0;
  std::uint32_t second = 0;
  bool operator==(const Root&) const = default;
};

class RootColumn {
 public:
  void push(Root root);
  Root get(std::size_t index) const;
  std::size_t size() const { return count_; }
  // The memory get(index) reads, to prefetch.
  const void* address(std::size_t index) const;
  std::size_t bytes() const;

 private:
  static constexpr std::uint32_t kChunkBits = 16;
  static constexpr std::size_t kChunkStates = std::size_t{1} << kChunkBits;

  struct Chunk {
    std::uint32_t first_bits = 1, second_bits = 0;
    std::unique_ptr<std::uint64_t[]> words;  // kChunkStates roots, then one spare word
  };
  static std::size_t words_for(std::uint32_t bits);
  static Root read(const Chunk& chunk, std::size_t slot);
  static void write(Chunk& chunk, std::size_t slot, Root root);
  // Makes `chunk` (its first `used` roots) wide enough for `root`.
  static void widen(Chunk& chunk, std::size_t used, Root root);

  std::size_t count_ = 0;
  std::vector<Chunk> chunks_;
};

}  // namespace synack::checker::store
