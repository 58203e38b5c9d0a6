#include "checker/store/slot_table.hpp"

#include <algorithm>
#include <atomic>

namespace synack::checker::store {

namespace {
// A slice of the table to touch per task: 4 MB.
constexpr std::size_t kTouchSlice = std::size_t{1} << 20;
// Entries in the smallest page: one write per page maps it.
constexpr std::size_t kEntriesPerPage = 4096 / sizeof(std::uint32_t);
}  // namespace

void SlotTable::reset(std::size_t size, const ParallelFor& parallel) {
  // The old entries go first, so that growing never holds both tables.
  entries_.memory.reset();
  size_ = 0;
  entries_ = allocate_zeroed_array<std::uint32_t>(size);
  size_ = size;
  power_of_two_ = std::has_single_bit(size);
  ++epoch_;
  // The memory is zero already, but its pages are not yet mapped: touching them here, on
  // every thread when the table is large, keeps the page faults (and the kernel's zeroing)
  // off the one thread that inserts afterwards.
  const std::size_t slices = (size + kTouchSlice - 1) / kTouchSlice;
  auto touch = [&](std::size_t s) {
    const std::size_t end = std::min(size, (s + 1) * kTouchSlice);
    for (std::size_t i = s * kTouchSlice; i < end; i += kEntriesPerPage) entries_[i] = 0;
  };
  if (parallel && slices > 1)
    parallel(slices, touch);
  else
    for (std::size_t s = 0; s < slices; ++s) touch(s);
}

void SlotTable::place(std::size_t pos, std::uint32_t entry) {
  while (entries_[pos])
    if (++pos == size_) pos = 0;
  entries_[pos] = entry;
}

void SlotTable::place_shared(std::size_t pos, std::uint32_t entry) {
  for (;;) {
    std::atomic_ref<std::uint32_t> slot(entries_[pos]);
    std::uint32_t empty = 0;
    // Relaxed: the slices only race for empty slots; whoever reads the table afterwards
    // does so after the pool has joined every slice.
    if (slot.load(std::memory_order_relaxed) == 0 &&
        slot.compare_exchange_strong(empty, entry, std::memory_order_relaxed))
      return;
    if (++pos == size_) pos = 0;
  }
}

void rebuild_in_slices(std::uint32_t count, const ParallelFor& parallel,
                       const std::function<void(std::uint32_t, std::uint32_t, bool)>& slice) {
  const std::size_t slices = (std::size_t{count} + kRebuildSlice - 1) / kRebuildSlice;
  if (!parallel || slices <= 1) {
    slice(0, count, false);
    return;
  }
  parallel(slices, [&](std::size_t s) {
    const auto first = static_cast<std::uint32_t>(s * kRebuildSlice);
    slice(first, std::min(count, first + kRebuildSlice), true);
  });
}

}  // namespace synack::checker::store
