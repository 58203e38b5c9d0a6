#include <catch2/catch.hpp>

#include <algorithm>

#include "checker/state_store.hpp"

using synack::checker::StateStore;
using synack::checker::StoreKind;

namespace {
constexpr StoreKind kKinds[] = {StoreKind::kPlain, StoreKind::kTree};
}  // namespace

TEST_CASE("the state store deduplicates, keeps insertion order and parents") {
  for (StoreKind kind : kKinds) {
    INFO("--store " << synack::checker::store_name(kind));
    StateStore store(2, kind);
    CHECK(store.kind() == kind);
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
    if (kind == StoreKind::kPlain) {
      // Four chunks of 64 K states of 16 bytes, 2^18 parents of 4 bytes (the vector's
      // capacity), a table of 2^19 entries of 4 bytes (load 0.38).
      CHECK(store.bytes() == 4 * 65536 * 16 + 262144 * 4 + 524288 * 4);
    } else {
      // No two states share a half here, the tree's worst case: each half is interned (8
      // bytes and its table), the roots take two 18-bit ids at most, the parents two bits,
      // the table 3 * 2^17 entries (load 0.51) of 4 bytes: about 52 bytes per state.
      CHECK(store.bytes() > n * 16);
      CHECK(store.bytes() < n * 54);
    }
  }
}

TEST_CASE("past its index bits the store takes bits from the tag instead of refusing states") {
  // An index of 4 bits holds 14 states (index + 1 <= 15); the store must widen it, as it
  // does at 2^28 states, and still find every state, by insert and by find.
  for (StoreKind kind : kKinds) {
    INFO("--store " << synack::checker::store_name(kind));
    StateStore store(1, kind, 4);
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
}

TEST_CASE("the default store indexes 2^28 states with a tag and up to 2^32 - 1 in all") {
  for (StoreKind kind : kKinds) {
    StateStore store(1, kind);
    CHECK(store.index_bits() == 28);
  }
  CHECK(StateStore::kCapacity == 4'294'967'295u);
}

// The engines' results do not depend on the form because both answer every call alike:
// the same hash (the distributed owner and swarm's hashes come from it), the same index
// for each state in insertion order, the same parents, the same answers to find.
TEST_CASE("the plain and tree stores answer every call alike") {
  StateStore plain(3, StoreKind::kPlain), tree(3, StoreKind::kTree);
  std::uint64_t x = 1;
  for (std::uint32_t i = 0; i < 150'000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    // Few distinct values per word, so that states repeat and halves are shared.
    std::uint64_t packed[3] = {(x >> 60) & 7, (x >> 50) & 3, (x >> 40) & 3};
    const std::uint64_t h = plain.hash(packed);
    REQUIRE(tree.hash(packed) == h);
    const std::uint32_t parent = i == 0 ? StateStore::kNoParent : i / 4;
    auto a = plain.insert(packed, h, parent);
    auto b = tree.insert(packed, h, parent);
    REQUIRE(a == b);
  }
  REQUIRE(plain.size() == tree.size());
  CHECK(plain.size() == 8 * 4 * 4);
  for (std::uint32_t i = 0; i < plain.size(); ++i) {
    std::uint64_t p[3], t[3];
    plain.state(i, p);
    tree.state(i, t);
    CHECK(std::equal(p, p + 3, t));
    CHECK(plain.parent(i) == tree.parent(i));
    CHECK(tree.find(t, tree.hash(t)) == i);
  }
  std::uint64_t absent[3] = {8, 0, 0};
  CHECK_FALSE(plain.find(absent, plain.hash(absent)));
  CHECK_FALSE(tree.find(absent, tree.hash(absent)));
}
