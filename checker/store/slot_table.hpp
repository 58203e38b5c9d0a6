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

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

namespace synack::checker::store {

// Calls task(t) once for every t in [0, tasks), perhaps on several threads, and returns
// when all have returned. Empty: the store does everything on the calling thread.
using ParallelFor =
    std::function<void(std::size_t tasks, const std::function<void(std::size_t)>& task)>;

class SlotTable {
 public:
  explicit SlotTable(std::size_t size) { reset(size, {}); }

  std::size_t size() const { return size_; }
  std::uint32_t& operator[](std::size_t slot) { return entries_[slot]; }
  std::uint32_t operator[](std::size_t slot) const { return entries_[slot]; }
  const std::uint32_t* address(std::size_t slot) const { return &entries_[slot]; }
  std::size_t bytes() const { return size_ * sizeof(std::uint32_t); }

  // Frees the entries, then makes `size` empty ones, zeroed in slices by `parallel`.
  void reset(std::size_t size, const ParallelFor& parallel);

  // Puts `entry` (not 0) in the first empty slot from `home` on, wrapping at the end.
  // place() is for one thread; place_shared() for several at once, each placing entries
  // no other places.
  void place(std::size_t home, std::uint32_t entry);
  void place_shared(std::size_t home, std::uint32_t entry);

 private:
  std::unique_ptr<std::uint32_t[]> entries_;
  std::size_t size_ = 0;
};

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
