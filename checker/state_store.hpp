// The explicit engine's visited set and BFS queue in one structure.
//
// States are stored packed (Layout::pack) in insertion order in fixed-size chunks, so
// the store doubles as the BFS queue and a state's index is its discovery order. Each
// state also keeps the index of its BFS parent and the group that produced it, which is
// all a shortest trace needs. The hash table holds 32-bit indices only, with open
// addressing and linear probing: no allocation per state, and about
// words*8 + 6 + 4/load bytes per state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace synack::checker {

class StateStore {
 public:
  static constexpr std::uint32_t kNoParent = 0xffffffffu;

  explicit StateStore(std::size_t words_per_state);

  // Inserts a packed state unless present. Returns its index and whether it was new.
  std::pair<std::uint32_t, bool> insert(const std::uint64_t* packed, std::uint32_t parent,
                                        std::uint16_t group);

  std::size_t size() const { return count_; }
  const std::uint64_t* state(std::uint32_t index) const;
  std::uint32_t parent(std::uint32_t index) const { return parents_[index]; }
  std::uint16_t group(std::uint32_t index) const { return groups_[index]; }

  // Bytes held by the store (chunks, parents, groups, hash table), for limits and stats.
  std::size_t bytes() const;

 private:
  static constexpr std::size_t kChunkStates = 1u << 16;

  std::uint64_t hash(const std::uint64_t* packed) const;
  bool equal(std::uint32_t index, const std::uint64_t* packed) const;
  std::uint64_t* slot_for_new_state();
  void grow_table();

  std::size_t words_;
  std::size_t count_ = 0;
  std::vector<std::unique_ptr<std::uint64_t[]>> chunks_;
  std::vector<std::uint32_t> parents_;
  std::vector<std::uint16_t> groups_;
  std::vector<std::uint32_t> table_;  // 0 = empty, else index + 1
  std::size_t mask_ = 0;
};

}  // namespace synack::checker
