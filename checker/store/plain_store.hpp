// The plain state store (--store plain, the default): the visited set and BFS queue in
// one structure, behind checker/state_store.hpp.
//
// States are stored packed (Layout::pack) in insertion order, in fixed-size chunks, so
// the store doubles as the BFS queue and a state's index is its discovery order. A state
// takes only the bytes its slots reach (Layout::packed_bytes: 10 bytes, not two words of
// 8, for tcp/congestion's 76 bits), read and compared as unaligned words. Each state also
// keeps the index of its BFS parent, which is all a shortest trace needs (the step
// between parent and child is found again by trying the groups in order), in about two
// bits (store/parent_column.hpp).
//
// The hash table is open addressing with linear probing over 32-bit entries: the low
// bits hold index + 1, the high bits a tag from the state's hash, so that a probe that
// meets another state's entry rarely has to compare the states themselves. The index
// has the bits the table's size needs (16 at first, 24 for 2^24 entries) and the tag the
// rest (store/slot_table.hpp, index_bits_for); at 2^32 entries the tag is gone: up to
// 2^32 - 1 states, a probe compares more often instead of the store refusing them. Growth
// re-inserts states by scanning the chunks in order (sequential memory, no table walk),
// in slices on every thread the engine lends (set_parallel, store/slot_table.hpp).
// Per state: its bytes + about 0.4 (parent) + 4 / load (table). The table doubles when
// its load would pass 3/4 (0.6 past 2^24 entries, where the tag is narrower), but for
// one step of 1.5 and one of 4/3 between 2^23 and 2^24 entries (grown_size): its load is
// 3/8..3/4 up to 2^23 entries, 1/2..3/4 from 1.5 * 2^23 to 2^24, 0.3..0.6 past that.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "checker/store/inserted.hpp"
#include "checker/store/parent_column.hpp"
#include "checker/store/slab_chunks.hpp"
#include "checker/store/slot_table.hpp"

namespace synack::checker::store {

class PlainStore {
 public:
  static constexpr std::uint32_t kNoParent = 0xffffffffu;
  // Indices 0..2^32 - 2: index + 1 must fit an entry, and kNoParent is no index.
  static constexpr std::size_t kCapacity = 0xffffffffu;
  // The widest index the store starts with: below it, the table's size decides.
  static constexpr std::uint32_t kInitialIndexBits = 32;

  // States of `words_per_state` words, each kept in `bytes_per_state` bytes: every state
  // inserted is 0 from bit 8 * bytes_per_state of its packed form on (Layout::packed_bytes
  // says where a layout's states end). 0 keeps whole words, as do states of one word.
  // `index_bits` below the table's is for tests: the index starts narrower and widens
  // as states arrive (in a search the table's growth widens it first).
  // `initial_slots` below the default (2^16) is for tests: many growths.
  explicit PlainStore(std::size_t words_per_state, std::size_t bytes_per_state = 0,
                      std::uint32_t index_bits = kInitialIndexBits,
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

  // Lookups are memory-bound: a table entry and a stored state, each a cache miss. The
  // engine hashes a whole batch of successors first and calls these so the misses
  // overlap instead of queueing: first the table slots, then the states they point at.
  [[gnu::always_inline]] void prefetch_slot(std::uint64_t hash) const {
    __builtin_prefetch(table_.address(slot_of(hash)));
  }
  void prefetch_candidate(std::uint64_t hash) const;
  // The slot an insert from `from` probes first, for writing (StateStore::prefetch_insert).
  [[gnu::always_inline]] void prefetch_insert(std::uint64_t hash, const ProbeEnd& from) const {
    prefetch_for_write(table_.address(table_.probe_start(slot_of(hash), from)));
  }

  std::size_t size() const { return count_; }
  // Writes state `index`, packed (words_per_state words), to `packed`. Safe from several
  // threads while nobody inserts.
  void state(std::uint32_t index, std::uint64_t* packed) const;
  std::uint32_t parent(std::uint32_t index) const { return parents_.get(index); }

  // Bits of a table entry that hold the index (the rest are the hash tag).
  std::uint32_t index_bits() const { return index_bits_; }
  // Entries in the hash table (its growth: full_enough, grown_size).
  std::size_t table_size() const { return table_.size(); }

  // Whether a table of `slots` entries holding `count` states, with `index_bits` of
  // index in an entry, grows (to grown_size(slots)). At load 3/4 a probe that misses passes
  // about 8.5 slots, against 3.6 at 0.6, and each whose tag matches by chance costs a
  // compare with a stored state (a cache miss). With a tag of 8 bits or more (tables up
  // to 2^24 entries) that is rare, and load up to 3/4 measured no dearer than 0.6
  // (docs/performance.md, "The plain table's load"); with fewer, up to 0.6 as before.
  static constexpr bool full_enough(std::size_t count, std::size_t slots,
                                    std::uint32_t index_bits) {
    return index_bits <= 24 ? count * 4 > slots * 3 : count * 5 > slots * 3;
  }

  // The table doubles, but from 2^23 entries (32 MiB) to 2^24 it goes through 1.5 * 2^23:
  // a table that outgrows 2^23 entries is then at least half full, where doubling left it
  // at 3/8. At tcp/congestion capacity 4 (8.9 M states, load 0.71 instead of 0.53) that
  // takes 16 MB less peak memory, 9.3%, for about 2% more CPU in rotated pinned rounds.
  // Each step is a growth, which re-inserts every state: below 2^23 more of them cost
  // more than the memory is worth beside the process's own 13 to 16 MB (steps from 2^22,
  // one more growth at capacity 4, measured 1.055 of the CPU where steps from 2^23
  // measured 1.043 in the same round), and past 2^24, where the table
  // grows at 0.6, they were not measured: at capacity 5 (63.4 M states) steps all the
  // way would re-insert 2.35 times as many states and end in the same 2^27 entries
  // (docs/performance.md, "The plain table in steps").
  static constexpr std::size_t kStepsFrom = std::size_t{1} << 23;
  static constexpr std::size_t kStepsUntil = std::size_t{1} << 24;
  static constexpr std::size_t grown_size(std::size_t slots) {
    return slots >= kStepsFrom && slots < kStepsUntil ? stepped_size(slots) : 2 * slots;
  }

  // Bytes held by the store (chunks, parents, hash table), for limits and stats.
  std::size_t bytes() const;

 private:
  static constexpr std::size_t kChunkStates = 1u << 16;
  static constexpr std::size_t kInitialSlots = 1u << 16;

  const unsigned char* stored(std::uint32_t index) const {
    return chunks_[index / kChunkStates] + (index % kChunkStates) * stride_;
  }
  bool equal(std::uint32_t index, const std::uint64_t* packed) const;
  // The table grows once its load would pass 3/4 (0.6 past 2^24 entries: full_enough), to
  // grown_size. Up to 3/4 the longer probes cost little (docs/performance.md, "The plain
  // table's load"), and probing eight entries at a time with SSE2 gained nothing. The
  // position is SlotTable::home: the hash's low bits while the size is a power of two, a
  // multiply-shift at 1.5 * 2^k.
  std::size_t slot_of(std::uint64_t h) const { return table_.home(h); }
  // Rebuilds the table with `size` entries, for growth or a wider index.
  void rebuild_table(std::size_t size);
  // States [first, end) into the rebuilt table; `shared`: other slices run at once.
  void rebuild_slice(std::uint32_t first, std::uint32_t end, bool shared);

  std::size_t words_;
  // Bytes per stored state: the words but the last whole, then the last word's low bytes.
  // The last word is read as the 8 bytes that end the state, shifted right by tail_shift_
  // (the bytes of the word before it that this read takes too).
  std::size_t stride_;
  std::uint32_t tail_shift_;
  std::size_t count_ = 0;
  SlabChunks<unsigned char> chunks_;  // kChunkStates states each
  ParentColumn parents_;
  SlotTable table_;  // 0 = empty, else tag << index_bits_ | (index + 1)
  std::uint32_t index_bits_;
  std::uint32_t index_mask_;
  ParallelFor parallel_;
};

}  // namespace synack::checker::store
