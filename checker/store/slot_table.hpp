// The hash table of both state stores (plain_store, tree_store): 32-bit entries, 0 for
// empty, linear probing. Only the stores know what an entry means and where its probe
// starts; this holds the entries and rebuilds them on several threads.
//
// Why a rebuild can be shared out (docs/architecture.md, "Threads"): every entry a store
// re-inserts is distinct, so a thread placing one never has to look at the others, only
// find an empty slot; a compare-and-swap claims it. Linear probing fills the same slots
// whatever the order the entries arrive in (a cluster is the run of slots its entries'
// probes cover, which does not depend on who came first); only which entry sits where
// inside a cluster can differ, and a lookup walks the whole cluster and compares the
// state itself, so every find and insert answers as after a one-thread rebuild.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include "checker/store/huge_pages.hpp"

namespace synack::checker::store {

// Where a lookup that missed left off: the first empty slot on the state's probe path, in
// the table of generation `epoch` (SlotTable::epoch). Until that table is rebuilt, the
// slots before it on the path stay full and hold other states (entries are never removed
// or moved), so an insert of the same state may start probing there instead of at its
// home slot: if the state was inserted meanwhile, it went to the first empty slot on its
// path, which is at `slot` or after it. The default names no table: probe from home.
struct ProbeEnd {
  std::uint64_t slot = 0;
  std::uint64_t epoch = 0;
};

// Asks for the cache line at `at` in a state the core may write. GCC emits
// __builtin_prefetch(at, 1) as a plain read prefetch unless built for PREFETCHW, so on
// x86-64 it is written out (every AMD64 processor has it; Intel's older ones run it as a
// no-op). Volatile: a prefetch alone is no side effect to GCC and could be dropped.
[[gnu::always_inline]] inline void prefetch_for_write(const void* at) {
#if defined(__x86_64__)
  asm volatile("prefetchw %0" : : "m"(*static_cast<const char*>(at)));
#else
  __builtin_prefetch(at, 1);
#endif
}

// Calls task(t) once for every t in [0, tasks), perhaps on several threads, and returns
// when all have returned. Empty: the store does everything on the calling thread.
using ParallelFor =
    std::function<void(std::size_t tasks, const std::function<void(std::size_t)>& task)>;

class SlotTable {
 public:
  explicit SlotTable(std::size_t size) { reset(size, {}); }

  std::size_t size() const { return size_; }
  // Where the probe for a state of hash `h` starts: its low bits when the size is a power
  // of two, else multiply-shift over its low 40 bits (at most 33 bits of position from
  // bits 7..39). The tag (tag_of) has the bits from 32 + the index's on, which the mask
  // never reads, nor the multiply in a table of 2^8 entries or more (smaller ones, which
  // only tests make, trade some of the tag's use for it). The mask where it can: a multiply at
  // every size took 3% more CPU at tcp/congestion capacity 3 in rotated pinned rounds, though
  // within what the build's layout alone moves (docs/performance.md, "The plain table in steps").
  std::size_t home(std::uint64_t h) const {
    if (power_of_two_) return h & (size_ - 1);
    __extension__ typedef unsigned __int128 Wide;
    return static_cast<std::size_t>(static_cast<Wide>(h & 0xffffffffffULL) * size_ >> 40);
  }
  // Starts at 1 and counts the resets: a ProbeEnd of another epoch is stale.
  std::uint64_t epoch() const { return epoch_; }
  // Where a probe for `home` may start: `from`'s slot if it is of this table, else home.
  std::size_t probe_start(std::size_t home, const ProbeEnd& from) const {
    return from.epoch == epoch_ ? static_cast<std::size_t>(from.slot) : home;
  }
  std::uint32_t& operator[](std::size_t slot) { return entries_[slot]; }
  std::uint32_t operator[](std::size_t slot) const { return entries_[slot]; }
  const std::uint32_t* address(std::size_t slot) const { return entries_.get() + slot; }
  std::size_t bytes() const { return size_ * sizeof(std::uint32_t); }

  // Frees the entries, then makes `size` empty ones, their pages touched in slices by
  // `parallel`.
  void reset(std::size_t size, const ParallelFor& parallel);

  // Puts `entry` (not 0) in the first empty slot from `home` on, wrapping at the end.
  // place() is for one thread; place_shared() for several at once, each placing entries
  // no other places.
  void place(std::size_t home, std::uint32_t entry);
  void place_shared(std::size_t home, std::uint32_t entry);

 private:
  ZeroedArray<std::uint32_t> entries_;
  std::size_t size_ = 0;
  bool power_of_two_ = true;
  std::uint64_t epoch_ = 0;
};

// An entry is tag << index_bits | (index + 1), 0 for empty. The index has the bits a table
// of `slots` entries needs (both stores grow theirs before it holds as many states as
// slots), up to 32; the tag the rest, from the hash's top bits, which no table position
// uses. A wide tag saves compares with stored states, each a cache miss: at 2^24 entries
// one entry in 256 passed is compared, where a fixed 28-bit index compared one in 16.
inline std::uint32_t index_bits_for(std::size_t slots) {
  return slots <= 1
             ? 1
             : std::min<std::uint32_t>(32, static_cast<std::uint32_t>(std::bit_width(slots - 1)));
}
// The size after `size` in the sequence 2^k, 1.5 * 2^k, 2^(k+1), ...: growth by 1.5 and
// 4/3 in turn, so that a table grown at load 3/4 is at least half full (`size` >= 2).
constexpr std::size_t stepped_size(std::size_t size) {
  return std::has_single_bit(size) ? size / 2 * 3 : size / 3 * 4;
}
inline std::uint32_t low_bits(std::uint32_t bits) {
  return bits >= 32 ? 0xffffffffu : (1u << bits) - 1;
}
inline std::uint32_t tag_of(std::uint64_t hash, std::uint32_t index_bits) {
  if (index_bits >= 32) return 0;
  return static_cast<std::uint32_t>(hash >> (32 + index_bits)) << index_bits;
}

// How rebuild_in_slices shares states 0..count out: slices of this many, one task each
// (a few per thread even for the first growth, and few enough that handing them out
// costs nothing beside re-inserting them).
inline constexpr std::uint32_t kRebuildSlice = 1u << 14;

// Runs slice(first, end, shared) over [0, count) in slices of kRebuildSlice states,
// through `parallel` when it is set and there is more than one slice (`shared` true: the
// slices run at once and must use place_shared), else in one call on this thread.
void rebuild_in_slices(std::uint32_t count, const ParallelFor& parallel,
                       const std::function<void(std::uint32_t, std::uint32_t, bool)>& slice);

}  // namespace synack::checker::store
