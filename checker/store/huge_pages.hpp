// Memory for the stores' large arrays that are read at random (the hash table, the
// packed states), on transparent huge pages where the kernel offers them.
//
// Why: a lookup touches a random table entry and a random stored state; past a few
// million states each is a TLB miss as well as a cache miss, and with 4 KB pages the
// page walk itself misses. Linux hands out 2 MB pages to a region only when asked
// (madvise(MADV_HUGEPAGE)) under the common "madvise" setting of
// /sys/kernel/mm/transparent_hugepage/enabled, and only for the 2 MB-aligned parts of it.
// So an array of at least kHugePage bytes is mapped on its own, aligned to 2 MB, and
// advised; smaller ones come from the ordinary allocator. Where huge pages are off or
// unsupported the advice is ignored and the memory is ordinary: nothing else differs.
// Memory from here is zero-filled.
#pragma once

#include <cstddef>
#include <memory>

namespace synack::checker::store {

inline constexpr std::size_t kHugePage = std::size_t{2} << 20;

// Frees what allocate_zeroed returned, knowing how it was obtained.
struct ZeroedFree {
  std::size_t bytes = 0;  // as asked of allocate_zeroed
  void operator()(void* memory) const;
};

// `bytes` of zeroed memory, aligned for any type; huge pages advised when `bytes` is at
// least kHugePage. Throws std::bad_alloc when the system refuses.
std::unique_ptr<void, ZeroedFree> allocate_zeroed(std::size_t bytes);

// The same, typed: `count` zeroed elements of a trivial type.
template <class T>
struct ZeroedArray {
  std::unique_ptr<void, ZeroedFree> memory;
  T* get() const { return static_cast<T*>(memory.get()); }
  T& operator[](std::size_t i) const { return get()[i]; }
};

template <class T>
ZeroedArray<T> allocate_zeroed_array(std::size_t count) {
  return {allocate_zeroed(count * sizeof(T))};
}

}  // namespace synack::checker::store
