// The explicit engine's visited set and BFS queue in one structure.
//
// States are stored packed (Layout::pack) in insertion order, in fixed-size chunks, so
// the store doubles as the BFS queue and a state's index is its discovery order. Each
// state also keeps the index of its BFS parent, which is all a shortest trace needs (the
// step between parent and child is found again by trying the groups in order).
//
// The hash table is open addressing with linear probing over 32-bit entries: the low
// 28 bits hold index + 1, the high 4 bits a tag from the state's hash, so that a probe
// that meets another state's entry rarely has to compare the states themselves. Growth
// re-inserts states by scanning the chunks in order (sequential memory, no table walk).
// Per state: words * 8 bytes + 4 (parent) + 4 / load (table), load kept in 0.3..0.6.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace synack::checker {

class StateStore {
 public:
  static constexpr std::uint32_t kNoParent = 0xffffffffu;
  // 28 index bits, one value reserved for "empty".
  static constexpr std::size_t kCapacity = (std::size_t{1} << 28) - 2;

  explicit StateStore(std::size_t words_per_state);

  // Inserts a packed state unless present. Returns its index and whether it was new,
  // or nothing when the store is at kCapacity. `hash` must be hash(packed).
  std::optional<std::pair<std::uint32_t, bool>> insert(const std::uint64_t* packed,
                                                       std::uint64_t hash, std::uint32_t parent);
  std::optional<std::pair<std::uint32_t, bool>> insert(const std::uint64_t* packed,
                                                       std::uint32_t parent) {
    return insert(packed, hash(packed), parent);
  }

  // The index of a stored state, if present. Safe from several threads at once while
  // nobody inserts.
  std::optional<std::uint32_t> find(const std::uint64_t* packed, std::uint64_t hash) const;

  std::uint64_t hash(const std::uint64_t* packed) const;

  // Lookups are memory-bound: a table entry and a stored state, each a cache miss. The
  // engine hashes a whole batch of successors first and calls these so the misses
  // overlap instead of queueing: first the table slots, then the states they point at.
  void prefetch_slot(std::uint64_t hash) const { __builtin_prefetch(&table_[hash & mask_]); }
  void prefetch_candidate(std::uint64_t hash) const;

  std::size_t size() const { return count_; }
  const std::uint64_t* state(std::uint32_t index) const;
  std::uint32_t parent(std::uint32_t index) const { return parents_[index]; }

  // Bytes held by the store (chunks, parents, hash table), for limits and stats.
  std::size_t bytes() const;

 private:
  static constexpr std::size_t kChunkStates = 1u << 16;
  static constexpr std::uint32_t kIndexMask = (1u << 28) - 1;

  bool equal(std::uint32_t index, const std::uint64_t* packed) const;
  void place(std::uint64_t h, std::uint32_t index);
  void grow_table();

  std::size_t words_;
  std::size_t count_ = 0;
  std::vector<std::unique_ptr<std::uint64_t[]>> chunks_;
  std::vector<std::uint32_t> parents_;
  std::vector<std::uint32_t> table_;  // 0 = empty, else tag << 28 | (index + 1)
  std::size_t mask_ = 0;
};

}  // namespace synack::checker
