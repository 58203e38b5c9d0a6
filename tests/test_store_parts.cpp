// The compressed state store's parts (checker/store): the tree that splits a state
// between slots, the column of roots, the column of parents; and the store on a real
// layout, checked against a plain list of the states it was given.
#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "checker/layout.hpp"
#include "checker/state_store.hpp"
#include "checker/store/parent_column.hpp"
#include "checker/store/root_column.hpp"
#include "checker/store/state_tree.hpp"

using namespace synack::checker;
using namespace synack::checker::store;

namespace {

// Twelve slots of 7 bits, 84 bits: the layout packs nine into the first word (63 bits)
// and three into the second.
Layout two_word_layout() {
  Layout layout;
  // (The name built with append: GCC 12 warns falsely, -Wrestrict, on "s" + to_string.)
  for (int i = 0; i < 12; ++i)
    layout.add({std::string("s").append(std::to_string(i)), 100, {}, {}});
  return layout;
}

}  // namespace

TEST_CASE("the state tree splits between slots and gives back every state exactly") {
  Layout layout = two_word_layout();
  REQUIRE(layout.words() == 2);
  std::vector<Field> fields;
  for (std::size_t i = 0; i < layout.size(); ++i) {
    Layout::Bits b = layout.packed_bits_of(i);
    fields.push_back({b.word, b.shift, b.width});
  }
  StateTree tree(layout.words(), fields);
  // 84 bits: two halves of six slots (42 bits each), each one part (the second in two
  // pieces, three slots in each word).
  CHECK(tree.leaves() == 2);
  std::mt19937_64 random(7);
  std::vector<Value> values(layout.size()), back(layout.size());
  std::vector<Root> roots;
  std::vector<std::vector<std::uint64_t>> packed;
  for (int n = 0; n < 2000; ++n) {
    for (Value& v : values) v = static_cast<Value>(random() % 4);  // few values per half
    packed.emplace_back(2);
    layout.pack(values.data(), packed.back().data());
    roots.push_back(tree.encode(packed.back().data()));
  }
  for (std::size_t n = 0; n < packed.size(); ++n) {
    std::uint64_t out[2] = {~0ULL, ~0ULL};
    tree.decode(roots[n], out);
    CHECK(out[0] == packed[n][0]);
    CHECK(out[1] == packed[n][1]);
    CHECK(tree.same(roots[n], packed[n].data()));
    // 4^6 = 4096 values per half at most: the ids take 12 bits each.
    CHECK(roots[n].first < 4096);
    CHECK(roots[n].second < 4096);
  }
  std::uint64_t other[2] = {packed[0][0] ^ 1, packed[0][1]};
  CHECK_FALSE(tree.same(roots[0], other));
  // The same first half and another second: the comparison reads both halves.
  std::uint64_t second_differs[2] = {packed[0][0], packed[0][1] ^ 1};
  CHECK_FALSE(tree.same(roots[0], second_differs));
}

TEST_CASE("the root column packs roots as narrow as they are and widens one chunk") {
  RootColumn column;
  std::vector<Root> roots;
  // Small ids first, then wider ones in a later chunk and in the middle of one.
  for (std::uint64_t i = 0; i < 200'000; ++i) {
    Root r{i % 1000, static_cast<std::uint32_t>(i % 7)};
    if (i > 100'000) r = {i * 13, static_cast<std::uint32_t>(i)};
    if (i == 150'000) r = {~0ULL >> 32, 0xffffffffu};
    column.push(r);
    roots.push_back(r);
  }
  REQUIRE(column.size() == roots.size());
  for (std::size_t i = 0; i < roots.size(); ++i) REQUIRE(column.get(i) == roots[i]);
  // The first chunk packs 10 + 3 bits per root: 65,536 * 13 / 8 bytes and a spare word.
  RootColumn small;
  for (std::uint64_t i = 0; i < 1000; ++i) small.push({i, static_cast<std::uint32_t>(i % 7)});
  CHECK(small.bytes() >= 65536 * 13 / 8);
  CHECK(small.bytes() <= 65536 * 13 / 8 + 64);
}

TEST_CASE("a state of one part keeps its own bits as the root") {
  RootColumn column;
  column.push({~0ULL, 0});
  column.push({1, 0});
  CHECK(column.get(0).first == ~0ULL);
  CHECK(column.get(1).first == 1);
}

TEST_CASE("the parent column stores a breadth-first search's parents in about two bits") {
  ParentColumn parents;
  std::vector<std::uint32_t> expected{ParentColumn::kNone};
  parents.push(ParentColumn::kNone);
  std::mt19937 random(3);
  // Each parent gets 0 to 6 new children, in parent order, as in a breadth-first search.
  for (std::uint32_t p = 0; expected.size() < 300'000; ++p)
    for (auto k = static_cast<std::uint32_t>(random() % 7); k > 0; --k) {
      parents.push(p);
      expected.push_back(p);
    }
  for (std::size_t i = 0; i < expected.size(); ++i) REQUIRE(parents.get(i) == expected[i]);
  // n states and about n / 3 parents: n + n / 3 bits in 64 KiB blocks, and 16 bytes of
  // sample per 256 states: under 3 bits per state.
  CHECK(parents.bytes() < expected.size() * 3 / 8);
}

TEST_CASE("the parent column keeps any other order of parents too") {
  SECTION("no parents at all costs nothing") {
    ParentColumn parents;
    for (int i = 0; i < 1000; ++i) parents.push(ParentColumn::kNone);
    CHECK(parents.get(0) == ParentColumn::kNone);
    CHECK(parents.get(999) == ParentColumn::kNone);
    CHECK(parents.bytes() == 0);
  }
  SECTION("a parent that goes back") {
    ParentColumn parents;
    std::vector<std::uint32_t> expected{ParentColumn::kNone, 0, 0, 1, 5, 2, 7, 0};
    for (std::uint32_t p : expected) parents.push(p);
    for (std::size_t i = 0; i < expected.size(); ++i) CHECK(parents.get(i) == expected[i]);
  }
  SECTION("initial states first, then a breadth-first search's parents, in two bits") {
    ParentColumn parents;
    std::vector<std::uint32_t> expected(3, ParentColumn::kNone);
    for (std::uint32_t p = 0; expected.size() < 400'000; ++p)
      for (std::uint32_t k = p % 4; k > 0; --k) expected.push_back(p);
    for (std::uint32_t p : expected) parents.push(p);
    for (std::size_t i = 0; i < expected.size(); ++i) REQUIRE(parents.get(i) == expected[i]);
    // Under four bits per state (whole blocks of 64 KiB and the samples): not 32.
    CHECK(parents.bytes() < expected.size() / 2);
  }
  SECTION("a parent after states without one") {
    ParentColumn parents;
    std::vector<std::uint32_t> expected{ParentColumn::kNone, ParentColumn::kNone, 1, 1};
    for (std::uint32_t p : expected) parents.push(p);
    for (std::size_t i = 0; i < expected.size(); ++i) CHECK(parents.get(i) == expected[i]);
  }
}

TEST_CASE("the store on a layout finds exactly the states it holds") {
  Layout layout = two_word_layout();
  StateStore store(layout, synack::checker::StoreKind::kTree);
  std::mt19937_64 random(11);
  std::vector<std::vector<std::uint64_t>> kept;
  std::vector<Value> values(layout.size());
  for (int n = 0; n < 100'000; ++n) {
    for (Value& v : values) v = static_cast<Value>(random() % 3);
    std::vector<std::uint64_t> packed(2);
    layout.pack(values.data(), packed.data());
    auto inserted = store.insert(packed.data(), StateStore::kNoParent);
    REQUIRE(inserted);
    if (inserted.added()) {
      REQUIRE(inserted.index() == kept.size());
      kept.push_back(packed);
    } else {
      REQUIRE(kept[inserted.index()] == packed);
    }
  }
  // 3^12 = 531,441 states possible: 100,000 draws meet some twice.
  CHECK(kept.size() < 100'000);
  CHECK(store.size() == kept.size());
  std::vector<Value> back(layout.size());
  for (std::uint32_t i = 0; i < kept.size(); i += 101) {
    std::uint64_t out[2];
    store.state(i, out);
    CHECK(std::vector<std::uint64_t>(out, out + 2) == kept[i]);
    CHECK(store.find(kept[i].data(), store.hash(kept[i].data())) == i);
  }
  // 729 values per half: 20 bits of root, 2 of parent and 5.3 to 8 bytes of table per
  // state, and the parts; under 14 bytes per state even at this small size.
  CHECK(store.bytes() < kept.size() * 14);
}
