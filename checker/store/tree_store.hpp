// The compressed state store (--store tree): the visited set and BFS queue in one
// structure, behind checker/state_store.hpp.
//
// States are numbered in insertion order, so the store doubles as the BFS queue and a
// state's index is its discovery order. Each state also keeps the index of its BFS
// parent, which is all a shortest trace needs (the step between parent and child is
// found again by trying the groups in order).
//
// Lossless compression (docs/architecture.md, "The state store"): a state is kept as the
// root of its tree (store/state_tree.hpp), the ids of its two halves packed into as few
// bits as they need (store/root_column.hpp), and its parent in about two bits
// (store/parent_column.hpp). Every state is stored exactly: a lookup compares the whole
// state, never a fingerprint.
//
// The hash table is open addressing with linear probing over 32-bit entries: the low
// bits hold index + 1, the high bits a tag from the state's hash, so that a probe that
// meets another state's entry rarely has to compare the states themselves. The index
// has the bits the table's size needs and the tag the rest (store/slot_table.hpp,
// index_bits_for); at 2^32 entries the tag is gone: up to 2^32 - 1 states, a probe
// compares more often instead of the store refusing them. The table grows
// by 1.5 and 4/3 in turn, so its load stays within 0.5..0.75 (5.3 to 8 bytes per state);
// growth frees the old table first and re-inserts the states in index order, in slices on
// every thread the engine lends (set_parallel, store/slot_table.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "checker/layout.hpp"
#include "checker/store/inserted.hpp"
#include "checker/store/parent_column.hpp"
#include "checker/store/root_column.hpp"
#include "checker/store/slot_table.hpp"
#include "checker/store/state_tree.hpp"

namespace synack::checker::store {

class TreeStore {
 public:
  static constexpr std::uint32_t kNoParent = 0xffffffffu;
  // Indices 0..2^32 - 2: index + 1 must fit an entry, and kNoParent is no index.
  static constexpr std::size_t kCapacity = 0xffffffffu;
  // The widest index the store starts with: below it, the table's size decides.
  static constexpr std::uint32_t kInitialIndexBits = 32;

  // States packed by `layout`: the tree splits them between slots.
  explicit TreeStore(const Layout& layout);
  // States of `words_per_state` arbitrary words. `index_bits` below the table's is for
  // tests: the index starts narrower and widens as states arrive.
  // `initial_slots` below the default is for tests: many growths.
  explicit TreeStore(std::size_t words_per_state, std::uint32_t index_bits = kInitialIndexBits,
                     std::size_t initial_slots = kInitialSlots);

  // Threads to rebuild the table on when it grows (empty: this one only). Whatever
  // `parallel` does, every call answers the same.
  void set_parallel(ParallelFor parallel) { parallel_ = std::move(parallel); }

  // Inserts a packed state unless present. Returns its index and whether it was new, or,
  // when the store is at kCapacity, Inserted::full(), which tests false. `hash` must be
  // hash(packed).
  // `from`: where a find of the same state that missed left off (slot_table.hpp), so
  // that the probe does not walk again what that one walked.
  Inserted insert(const std::uint64_t* packed, std::uint64_t hash, std::uint32_t parent,
                  const ProbeEnd& from = {});
  Inserted insert(const std::uint64_t* packed, std::uint32_t parent) {
    return insert(packed, hash(packed), parent);
  }

  // The index of a stored state, if present; if not, and `end` is given, where the probe
  // stopped. Safe from several threads at once while nobody inserts.
  std::optional<std::uint32_t> find(const std::uint64_t* packed, std::uint64_t hash,
                                    ProbeEnd* end = nullptr) const;

  std::uint64_t hash(const std::uint64_t* packed) const;

  // Lookups are memory-bound: a table entry and a stored root, each a cache miss. The
  // engine hashes a whole batch of successors first and calls these so the misses
  // overlap instead of queueing: first the table slots, then the roots they point at.
  [[gnu::always_inline]] void prefetch_slot(std::uint64_t hash) const {
    __builtin_prefetch(table_.address(slot_of(hash)));
  }
  void prefetch_candidate(std::uint64_t hash) const;
  // The slot an insert from `from` probes first, for writing (StateStore::prefetch_insert).
  [[gnu::always_inline]] void prefetch_insert(std::uint64_t hash, const ProbeEnd& from) const {
    prefetch_for_write(table_.address(table_.probe_start(slot_of(hash), from)));
  }

  std::size_t size() const { return roots_.size(); }
  std::size_t words() const { return tree_.words(); }
  // Writes state `index`, packed (words() words), to `packed`. Safe from several threads
  // while nobody inserts.
  void state(std::uint32_t index, std::uint64_t* packed) const {
    tree_.decode(roots_.get(index), packed);
  }
  // State `index` unpacked into `layout.size()` values.
  void unpack(std::uint32_t index, const Layout& layout, Value* state) const;
  std::uint32_t parent(std::uint32_t index) const { return parents_.get(index); }

  // Bits of a table entry that hold the index (the rest are the hash tag).
  std::uint32_t index_bits() const { return index_bits_; }

  // Bytes held by the store (roots, parents, the tree's parts, hash table), for limits
  // and stats.
  std::size_t bytes() const;

 private:
  static constexpr std::size_t kInitialSlots = std::size_t{1} << 16;

  TreeStore(std::size_t words, const std::vector<Field>& fields, std::uint32_t index_bits,
            std::size_t initial_slots);
  std::size_t slot_of(std::uint64_t h) const { return table_.home(h); }
  // Rebuilds the table with `size` entries, for growth or a wider index.
  void rebuild_table(std::size_t size);
  // States [first, end) into the rebuilt table; `shared`: other slices run at once.
  void rebuild_slice(std::uint32_t first, std::uint32_t end, bool shared);

  StateTree tree_;
  RootColumn roots_;
  ParentColumn parents_;
  SlotTable table_;  // 0 = empty, else tag << index_bits_ | (index + 1)
  std::uint32_t index_bits_;
  std::uint32_t index_mask_;
  ParallelFor parallel_;
};

}  // namespace synack::checker::store
