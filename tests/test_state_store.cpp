#include <catch2/catch.hpp>

#include "checker/state_store.hpp"

using synack::checker::StateStore;

TEST_CASE("the state store deduplicates, keeps insertion order and parents") {
  StateStore store(2);
  // Enough states to cross several chunks and force the hash table to grow.
  const std::uint64_t n = 200'000;
  for (std::uint64_t i = 0; i < n; ++i) {
    std::uint64_t packed[2] = {i * 7919, i ^ 0x55};
    auto [index, fresh] = store.insert(packed, i == 0 ? StateStore::kNoParent : static_cast<std::uint32_t>(i - 1),
                                       static_cast<std::uint16_t>(i % 13));
    REQUIRE(fresh);
    REQUIRE(index == i);
  }
  CHECK(store.size() == n);
  for (std::uint64_t i = 0; i < n; i += 997) {
    std::uint64_t packed[2] = {i * 7919, i ^ 0x55};
    auto [index, fresh] = store.insert(packed, 0, 0);
    CHECK_FALSE(fresh);
    CHECK(index == i);
    CHECK(store.state(static_cast<std::uint32_t>(i))[0] == i * 7919);
    CHECK(store.group(static_cast<std::uint32_t>(i)) == i % 13);
  }
  CHECK(store.parent(0) == StateStore::kNoParent);
  CHECK(store.parent(12345) == 12344);
  CHECK(store.size() == n);
  // 16 bytes of state, 6 of parent and group, and the table's share.
  CHECK(store.bytes() / n < 40);
}
