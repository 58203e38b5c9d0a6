#include <catch2/catch.hpp>

#include "checker/state_store.hpp"

using synack::checker::StateStore;

TEST_CASE("the state store deduplicates, keeps insertion order and parents") {
  StateStore store(2);
  // Enough states to cross several chunks and force the hash table to grow.
  const std::uint64_t n = 200'000;
  for (std::uint64_t i = 0; i < n; ++i) {
    std::uint64_t packed[2] = {i * 7919, i ^ 0x55};
    auto inserted =
        store.insert(packed, i == 0 ? StateStore::kNoParent : static_cast<std::uint32_t>(i - 1));
    REQUIRE(inserted);
    REQUIRE(inserted->second);
    REQUIRE(inserted->first == i);
  }
  CHECK(store.size() == n);
  for (std::uint64_t i = 0; i < n; i += 997) {
    std::uint64_t packed[2] = {i * 7919, i ^ 0x55};
    auto again = store.insert(packed, 0);
    REQUIRE(again);
    CHECK_FALSE(again->second);
    CHECK(again->first == i);
    CHECK(store.state(static_cast<std::uint32_t>(i))[0] == i * 7919);
  }
  CHECK(store.parent(0) == StateStore::kNoParent);
  CHECK(store.parent(12345) == 12344);
  CHECK(store.size() == n);
  // 16 bytes of state, 4 of parent, and the table's share (here 2^19 entries of 4 bytes
  // for 200,000 states) plus one partly used chunk.
  CHECK(store.bytes() == 4 * 65536 * 16 + 4 * 262144 + (1u << 19) * 4);
}
