#include "checker/store/huge_pages.hpp"

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

namespace synack::checker::store {

namespace {

// Under AddressSanitizer large arrays come from its allocator too (aligned the same), so
// that it still sees a store's accesses past an array's end.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kMapLarge = false;
#else
constexpr bool kMapLarge = true;
#endif

std::size_t mapped_size(std::size_t bytes) {
  return (bytes + kHugePage - 1) / kHugePage * kHugePage;
}

// A private anonymous mapping of `size` bytes (a multiple of kHugePage) starting on a
// 2 MB boundary: map one huge page more than asked, then unmap the ends around the
// aligned part.
void* map_aligned(std::size_t size) {
  void* raw =
      mmap(nullptr, size + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = (start + kHugePage - 1) / kHugePage * kHugePage;
  if (aligned > start) munmap(raw, aligned - start);
  const std::uintptr_t tail = start + size + kHugePage - (aligned + size);
  if (tail > 0) munmap(reinterpret_cast<void*>(aligned + size), tail);
  return reinterpret_cast<void*>(aligned);
}

}  // namespace

void ZeroedFree::operator()(void* memory) const {
  if (kMapLarge && bytes >= kHugePage)
    munmap(memory, mapped_size(bytes));
  else
    std::free(memory);
}

std::unique_ptr<void, ZeroedFree> allocate_zeroed(std::size_t bytes) {
  if (bytes < kHugePage) {
    void* memory = std::calloc(bytes == 0 ? 1 : bytes, 1);
    if (!memory) throw std::bad_alloc();
    return {memory, ZeroedFree{bytes}};
  }
  const std::size_t size = mapped_size(bytes);
  void* memory = nullptr;
  if (kMapLarge) {
    memory = map_aligned(size);
    // Advice only: refused where huge pages are unavailable, and then the memory is
    // ordinary pages, which is what it would have been anyway.
    (void)madvise(memory, size, MADV_HUGEPAGE);
  } else {
    if (posix_memalign(&memory, kHugePage, bytes) != 0) throw std::bad_alloc();
    std::memset(memory, 0, bytes);
  }
  return {memory, ZeroedFree{bytes}};
}

}  // namespace synack::checker::store
