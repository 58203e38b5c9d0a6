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
    std::uint64_t stored[2];
    store.state(static_cast<std::uint32_t>(i), stored);
    CHECK(stored[0] == i * 7919);
    CHECK(stored[1] == (i ^ 0x55));
  }
  CHECK(store.parent(0) == StateStore::kNoParent);
  CHECK(store.parent(12345) == 12344);
  CHECK(store.size() == n);
  // No two states share a half here, the tree's worst case: each half is interned (8
  // bytes and its table), the roots take two 18-bit ids at most, the parents two bits,
  // the table 3 * 2^17 entries (load 0.51) of 4 bytes: about 52 bytes per state.
  CHECK(store.bytes() > n * 16);
  CHECK(store.bytes() < n * 54);
}

TEST_CASE("past its index bits the store takes bits from the tag instead of refusing states") {
  // An index of 4 bits holds 14 states (index + 1 <= 15); the store must widen it, as it
  // does at 2^28 states, and still find every state, by insert and by find.
  StateStore store(1, 4);
  const std::uint64_t n = 70'000;
  for (std::uint64_t i = 0; i < n; ++i) {
    std::uint64_t packed[1] = {i * 0x9e3779b97f4a7c15ULL};
    auto inserted = store.insert(packed, 0);
    REQUIRE(inserted);
    REQUIRE(inserted->second);
    REQUIRE(inserted->first == i);
  }
  CHECK(store.index_bits() == 17);  // 70,000 + 1 needs 17 bits
  for (std::uint64_t i = 0; i < n; i += 7) {
    std::uint64_t packed[1] = {i * 0x9e3779b97f4a7c15ULL};
    CHECK(store.find(packed, store.hash(packed)) == i);
    auto again = store.insert(packed, 0);
    CHECK_FALSE(again->second);
    CHECK(again->first == i);
  }
  std::uint64_t absent[1] = {3};
  CHECK_FALSE(store.find(absent, store.hash(absent)).has_value());
  CHECK(store.size() == n);
}

TEST_CASE("the default store indexes 2^28 states with a tag and up to 2^32 - 1 in all") {
  StateStore store(1);
  CHECK(store.index_bits() == 28);
  CHECK(StateStore::kCapacity == 4'294'967'295u);
}
