// The stores' memory for large columns and tables (checker/store/huge_pages.hpp,
// slab_chunks.hpp): zeroed, aligned to huge pages when large, chunks that never move and
// are carved from slabs of whole huge pages once the column is past its first slab.
#include <catch2/catch.hpp>

#include <cstdint>
#include <set>
#include <vector>

#include "checker/store/huge_pages.hpp"
#include "checker/store/slab_chunks.hpp"

using namespace synack::checker::store;

namespace {
bool all_zero(const std::uint32_t* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if (p[i] != 0) return false;
  return true;
}
}  // namespace

TEST_CASE("zeroed memory: small from the allocator, large on a 2 MB boundary") {
  auto small = allocate_zeroed_array<std::uint32_t>(1000);
  CHECK(all_zero(small.get(), 1000));
  small[999] = 7;  // writable to its end
  CHECK(small[999] == 7);

  // Not a multiple of the huge page: the mapping is rounded up, the array starts aligned.
  const std::size_t n = (kHugePage * 3) / sizeof(std::uint32_t) + 12345;
  auto large = allocate_zeroed_array<std::uint32_t>(n);
  CHECK(reinterpret_cast<std::uintptr_t>(large.get()) % kHugePage == 0);
  CHECK(all_zero(large.get(), n));
  large[0] = 1;
  large[n - 1] = 2;
  CHECK(large[0] == 1);
  CHECK(large[n - 1] == 2);

  auto empty = allocate_zeroed(0);
  CHECK(empty.get() != nullptr);
}

TEST_CASE("slab chunks: single chunks first, then whole huge pages of them") {
  // 64 K parents of 4 bytes: 256 KB a chunk, eight to a 2 MB slab.
  SlabChunks<std::uint32_t> parents(std::size_t{1} << 16);
  std::vector<std::uint32_t*> handed;
  for (int c = 0; c < 8; ++c) handed.push_back(parents.add());
  CHECK(parents.size() == 8);
  CHECK(parents.bytes() == 8 * (std::size_t{1} << 18));  // eight single chunks

  // The ninth opens a slab of eight: the bytes count all of it, and its chunks follow one
  // another in memory from a 2 MB boundary.
  handed.push_back(parents.add());
  CHECK(parents.bytes() == 16 * (std::size_t{1} << 18));
  CHECK(reinterpret_cast<std::uintptr_t>(handed[8]) % kHugePage == 0);
  for (int c = 9; c < 16; ++c) {
    handed.push_back(parents.add());
    CHECK(handed[c] == handed[c - 1] + (std::size_t{1} << 16));
  }
  CHECK(parents.bytes() == 16 * (std::size_t{1} << 18));
  handed.push_back(parents.add());  // the 17th: a second slab
  CHECK(parents.bytes() == 24 * (std::size_t{1} << 18));
  CHECK(reinterpret_cast<std::uintptr_t>(handed[16]) % kHugePage == 0);

  // Every chunk zeroed, distinct, and where it was handed out.
  std::set<std::uint32_t*> distinct(handed.begin(), handed.end());
  CHECK(distinct.size() == handed.size());
  for (std::size_t c = 0; c < handed.size(); ++c) {
    CHECK(parents[c] == handed[c]);
    CHECK(all_zero(handed[c], std::size_t{1} << 16));
    handed[c][(std::size_t{1} << 16) - 1] = static_cast<std::uint32_t>(c + 1);
  }
  for (std::size_t c = 0; c < handed.size(); ++c)
    CHECK(parents[c][(std::size_t{1} << 16) - 1] == c + 1);
  CHECK(parents.back() == handed.back());
}

TEST_CASE("slab chunks of an odd size fill whole huge pages with the fewest chunks") {
  // Five words of 64 K states: 2.5 MB a chunk, a huge page's worth alone; four of them
  // make 10 MB, five huge pages.
  const std::size_t chunk = std::size_t{5} << 16;
  SlabChunks<std::uint64_t> states(chunk);
  states.add();
  CHECK(states.bytes() == chunk * 8);
  std::uint64_t* first_of_slab = states.add();
  CHECK(reinterpret_cast<std::uintptr_t>(first_of_slab) % kHugePage == 0);
  // The slab's first chunk ends in its second huge page: the rest is mapped, not counted.
  CHECK(states.bytes() == chunk * 8 + 2 * kHugePage);
  for (int c = 2; c < 5; ++c) CHECK(states.add() == first_of_slab + (c - 1) * chunk);
  CHECK(states.bytes() == 5 * chunk * 8);
}

TEST_CASE("slab chunks: singles only up to a huge page, not up to a whole slab") {
  // States of 10 bytes: 640 KB a chunk, sixteen to a slab of 10 MB (five huge pages).
  // Four singles make 2.5 MB; the fifth chunk opens the first slab.
  const std::size_t chunk = std::size_t{10} << 16;
  SlabChunks<unsigned char> states(chunk);
  for (int c = 0; c < 4; ++c) states.add();
  CHECK(states.bytes() == 4 * chunk);
  unsigned char* first_of_slab = states.add();
  CHECK(reinterpret_cast<std::uintptr_t>(first_of_slab) % kHugePage == 0);
  // Counted up to the huge page the chunks handed out end in, not the whole slab: a
  // --max-memory limit stopped searches at half the states it allowed when it was.
  CHECK(states.bytes() == 4 * chunk + kHugePage);
  for (int c = 5; c < 20; ++c) CHECK(states.add() == first_of_slab + (c - 4) * chunk);
  CHECK(states.bytes() == 20 * chunk);
  states.add();
  CHECK(states.bytes() == 20 * chunk + kHugePage);
}
