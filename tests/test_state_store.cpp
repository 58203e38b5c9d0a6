#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <stdexcept>
#include <vector>

#include "checker/layout.hpp"
#include "checker/state_store.hpp"
#include "checker/store/plain_store.hpp"
#include "inserted_printer.hpp"

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
      REQUIRE(inserted.added());
      REQUIRE(inserted.index() == i);
    }
    CHECK(store.size() == n);
    for (std::uint64_t i = 0; i < n; i += 997) {
      std::uint64_t packed[2] = {i * 7919, i ^ 0x55};
      auto again = store.insert(packed, 0);
      REQUIRE(again);
      CHECK_FALSE(again.added());
      CHECK(again.index() == i);
      std::uint64_t stored[2];
      store.state(static_cast<std::uint32_t>(i), stored);
      CHECK(stored[0] == i * 7919);
      CHECK(stored[1] == (i ^ 0x55));
    }
    CHECK(store.parent(0) == StateStore::kNoParent);
    CHECK(store.parent(12345) == 12344);
    CHECK(store.size() == n);
    if (kind == StoreKind::kPlain) {
      // Four chunks of 64 K states of 16 bytes (whole words: the store knows no layout);
      // parents rising by one, 2 bits each, 400,000 bits in one block of 64 KiB, and 781
      // samples of 16 bytes (a vector of capacity 1,024); a table of 2^19 entries of 4
      // bytes (load 0.38).
      CHECK(store.bytes() == 4 * 65536 * 16 + 65536 + 1024 * 16 + 524288 * 4);
    } else {
      // No two states share a half here, the tree's worst case: each half is interned (8
      // bytes and its table), the roots take two 18-bit ids at most, the parents two bits,
      // the table 3 * 2^17 entries (load 0.51) of 4 bytes: about 52 bytes per state.
      CHECK(store.bytes() > n * 16);
      CHECK(store.bytes() < n * 54);
    }
  }
}

TEST_CASE("the plain table doubles when its load would pass 3/4, not before") {
  // docs/performance.md, "The plain table's load": up to 3/4 a longer probe costs no
  // measurable CPU, so the table stays. The growth shows in the bytes (2^16 more 4-byte
  // entries; no chunk or parent block starts at these counts, and the parents' samples,
  // one per 256 states, still fit the capacity they had) and in the index, which takes
  // the bits the larger table needs.
  StateStore store(1, StoreKind::kPlain);
  std::uint64_t i = 0;
  for (; i < 49'151; ++i) REQUIRE(store.insert(&i, 0).added());
  const std::size_t before = store.bytes();
  REQUIRE(store.insert(&i, 0).added());  // the 49,152nd: load exactly 3/4
  ++i;
  CHECK(store.bytes() == before);
  CHECK(store.index_bits() == 16);
  REQUIRE(store.insert(&i, 0).added());  // the 49,153rd
  CHECK(store.bytes() == before + 65536 * 4);
  CHECK(store.index_bits() == 17);
  CHECK(store.find(&i, store.hash(&i)) == 49'152);
}

TEST_CASE("past 2^24 entries the plain table doubles at load 0.6 again") {
  // A tag narrower than 8 bits matches by chance often enough that the longer probes of
  // load 3/4 would cost compares with stored states (cache misses); not measured there,
  // so not taken there.
  using synack::checker::store::PlainStore;
  constexpr std::size_t k24 = std::size_t{1} << 24, k25 = std::size_t{1} << 25;
  STATIC_REQUIRE_FALSE(PlainStore::full_enough(12'582'912, k24, 24));  // 3/4 exactly
  STATIC_REQUIRE(PlainStore::full_enough(12'582'913, k24, 24));
  STATIC_REQUIRE_FALSE(PlainStore::full_enough(20'132'659, k25, 25));  // 0.6 of 2^25, less
  STATIC_REQUIRE(PlainStore::full_enough(20'132'660, k25, 25));
  // What decides is the tag's width, not the size: a test's index narrower than its table
  // keeps a wide tag.
  STATIC_REQUIRE_FALSE(PlainStore::full_enough(24'000'000, k25, 24));
}

TEST_CASE("between 2^23 and 2^24 entries the plain table grows by 1.5, then 4/3") {
  // docs/performance.md, "The plain table in steps": doubling 2^23 entries would leave
  // the table at load 3/8; through 1.5 * 2^23 it stays at least half full. Elsewhere it
  // doubles.
  using synack::checker::store::PlainStore;
  constexpr std::size_t k22 = std::size_t{1} << 22, k23 = std::size_t{1} << 23;
  STATIC_REQUIRE(PlainStore::grown_size(1u << 16) == 1u << 17);
  STATIC_REQUIRE(PlainStore::grown_size(k22) == k23);
  STATIC_REQUIRE(PlainStore::grown_size(k23) == 12'582'912);  // 1.5 * 2^23
  STATIC_REQUIRE(PlainStore::grown_size(12'582'912) == 2 * k23);
  STATIC_REQUIRE(PlainStore::grown_size(2 * k23) == 4 * k23);
  STATIC_REQUIRE(PlainStore::grown_size(std::size_t{1} << 32) == std::size_t{1} << 33);

  // Where a probe starts: the hash's low bits at a power of two; at 1.5 * 2^23 its low 40
  // bits scaled to the size, so that every slot is some hash's home (a mask of the size
  // would never start a probe in a third of them).
  using synack::checker::store::SlotTable;
  const SlotTable pow2(k23), stepped(12'582'912);
  CHECK(pow2.home(0x1234'5678'9abc'def0ULL) == (0x1234'5678'9abc'def0ULL & (k23 - 1)));
  CHECK(stepped.home(0) == 0);
  CHECK(stepped.home(std::uint64_t{1} << 39) == 6'291'456);  // half way
  CHECK(stepped.home(0xff'ffff'ffffULL) == 12'582'911);      // the last slot
  CHECK(stepped.home(0xabcd'ff00'0000'0000ULL | (std::uint64_t{3} << 38)) == 9'437'184);  // 3/4

  // A store whose table starts at 2^23 entries grows once its 6,291,457th state would pass
  // load 3/4, to 1.5 * 2^23 entries, and still finds every state.
  PlainStore store(1, 0, PlainStore::kInitialIndexBits, k23);
  std::uint64_t i = 0;
  for (; i < 6'291'456; ++i) REQUIRE(store.insert(&i, 0).added());
  CHECK(store.table_size() == k23);
  REQUIRE(store.insert(&i, 0).added());
  CHECK(store.table_size() == 12'582'912);
  CHECK(store.index_bits() == 24);
  for (std::uint64_t j = 0; j <= i; j += 4099) CHECK(store.find(&j, store.hash(&j)) == j);
  CHECK(store.find(&i, store.hash(&i)) == i);
  ++i;
  CHECK_FALSE(store.find(&i, store.hash(&i)));
}

TEST_CASE("past its index bits the store takes bits from the tag instead of refusing states") {
  // An index of 4 bits holds 14 states (index + 1 <= 15); the store must widen it one bit
  // at a time (and with its table as that grows), and still find every state, by insert
  // and by find.
  for (StoreKind kind : kKinds) {
    INFO("--store " << synack::checker::store_name(kind));
    StateStore store(1, kind, 4);
    const std::uint64_t n = 70'000;
    for (std::uint64_t i = 0; i < n; ++i) {
      std::uint64_t packed[1] = {i * 0x9e3779b97f4a7c15ULL};
      auto inserted = store.insert(packed, 0);
      REQUIRE(inserted);
      REQUIRE(inserted.added());
      REQUIRE(inserted.index() == i);
    }
    CHECK(store.index_bits() == 17);  // 70,000 + 1 needs 17 bits
    for (std::uint64_t i = 0; i < n; i += 7) {
      std::uint64_t packed[1] = {i * 0x9e3779b97f4a7c15ULL};
      CHECK(store.find(packed, store.hash(packed)) == i);
      auto again = store.insert(packed, 0);
      CHECK_FALSE(again.added());
      CHECK(again.index() == i);
    }
    std::uint64_t absent[1] = {3};
    CHECK_FALSE(store.find(absent, store.hash(absent)).has_value());
    CHECK(store.size() == n);
  }
}

TEST_CASE("the store's index has the bits its table needs, up to 2^32 - 1 states") {
  // A table of 2^16 entries numbers its states in 16 bits, leaving a 16-bit tag; the
  // index takes more as the table grows (an 8-bit tag at 2^24 entries).
  for (StoreKind kind : kKinds) {
    INFO("--store " << synack::checker::store_name(kind));
    StateStore store(1, kind);
    CHECK(store.index_bits() == 16);
    for (std::uint64_t i = 0; i < 60'000; ++i) store.insert(&i, 0);
    // Plain: 49,153 states filled 3/4 of 2^16 entries, now 2^17; tree: 49,153 filled 3/4,
    // now 1.5 * 2^16, whose indices also need 17 bits.
    CHECK(store.index_bits() == 17);
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

TEST_CASE("the plain store keeps a layout's states in the bytes their slots reach") {
  // Twelve slots of 7 bits: nine fill the first word (63 bits), three take 21 bits of the
  // second, so a state takes 8 + 3 = 11 bytes instead of 16.
  synack::checker::Layout layout;
  for (int i = 0; i < 12; ++i)
    layout.add({std::string("s").append(std::to_string(i)), 100, {}, {}});
  REQUIRE(layout.words() == 2);
  REQUIRE(layout.packed_bytes() == 11);
  StateStore store(layout, StoreKind::kPlain);
  std::map<std::vector<std::uint64_t>, std::uint32_t> reference;
  std::vector<std::vector<std::uint64_t>> by_index;
  std::mt19937_64 random(5);
  std::vector<synack::checker::Value> values(layout.size()), back(layout.size());
  auto insert = [&](std::uint32_t parent) {
    std::vector<std::uint64_t> packed(2);
    layout.pack(values.data(), packed.data());
    auto inserted = store.insert(packed.data(), parent);
    REQUIRE(inserted);
    auto known = reference.find(packed);
    REQUIRE(inserted.added() == (known == reference.end()));
    if (known != reference.end()) {
      REQUIRE(inserted.index() == known->second);
      return;
    }
    REQUIRE(inserted.index() == by_index.size());
    reference.emplace(packed, inserted.index());
    by_index.push_back(packed);
  };
  // Random states over every value (the last slot's top bit is bit 20 of the second word,
  // in its third byte), then pairs that differ only there.
  for (std::uint32_t n = 0; n < 150'000; ++n) {
    for (auto& v : values) v = static_cast<synack::checker::Value>(random() % 101);
    insert(n == 0 ? StateStore::kNoParent : n / 7);
  }
  for (synack::checker::Value top : {0, 64, 100}) {
    std::fill(values.begin(), values.end(), 0);
    values[11] = top;
    insert(150'000 / 7);
  }
  CHECK(store.size() == by_index.size());
  for (std::uint32_t i = 0; i < by_index.size(); i += 7) {
    std::uint64_t out[2];
    store.state(i, out);
    REQUIRE(std::vector<std::uint64_t>(out, out + 2) == by_index[i]);
    REQUIRE(store.find(out, store.hash(out)) == i);
    store.unpack(i, layout, back.data());
    layout.pack(back.data(), out);
    REQUIRE(std::vector<std::uint64_t>(out, out + 2) == by_index[i]);
  }
  // The last three: only the top slot differs, each a state of its own.
  const std::size_t n = by_index.size();
  CHECK(by_index[n - 1] != by_index[n - 2]);
  CHECK(store.parent(0) == StateStore::kNoParent);
  CHECK(store.parent(70) == 10);
  // Three chunks of 64 K states of 11 bytes (not 16); parents rising, one block of
  // 64 KiB of bits and 586 samples of 16 bytes (capacity 1,024); a table of 2^18 entries
  // of 4 bytes (load 0.57).
  CHECK(store.bytes() == 3 * 65536 * 11 + 65536 + 1024 * 16 + 262144 * 4);

  // A state with bits past its last byte breaks the store's contract: synack's bug. The
  // store is left as it was, even where the state would have opened a chunk.
  std::uint64_t past[2] = {0, std::uint64_t{1} << 30};
  CHECK_THROWS_AS(store.insert(past, 0), std::logic_error);
  CHECK(store.size() == n);
  for (std::size_t i = n; i < 3 * 65536; ++i) {
    for (auto& v : values) v = static_cast<synack::checker::Value>(random() % 101);
    insert(150'000 / 7 + 1);
  }
  REQUIRE(store.size() == 3 * 65536);
  CHECK_THROWS_AS(store.insert(past, 0), std::logic_error);
  for (auto& v : values) v = 0;
  values[0] = 1;
  insert(150'000 / 7 + 1);
  std::uint64_t out[2];
  store.state(3 * 65536, out);
  CHECK(std::vector<std::uint64_t>(out, out + 2) == by_index.back());
  CHECK(store.find(out, store.hash(out)) == 3 * 65536);
}

TEST_CASE("a failed comparison of two inserts prints what each did") {
  using synack::checker::store::Inserted;
  CHECK(Catch::Detail::stringify(Inserted::at(5, true)) == "index 5, added");
  CHECK(Catch::Detail::stringify(Inserted::at(4'294'967'295u, false)) ==
        "index 4294967295, present");
  CHECK(Catch::Detail::stringify(Inserted::full()) == "full");
}
