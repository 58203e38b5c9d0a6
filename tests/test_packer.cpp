// The expander's Packer against Layout's own pack and unpack: the same words and values
// for every shape of layout (fewer than four slots, one word, words whose fours run into
// the next word, a last word too short for a four, 64-bit slots).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include <fmt/format.h>

#include "checker/layout.hpp"
#include "checker/packer.hpp"

using namespace synack::checker;

namespace {

Layout layout_of(const std::vector<Value>& maxima) {
  Layout layout;
  for (std::size_t i = 0; i < maxima.size(); ++i)
    layout.add({fmt::format("s{}", i), maxima[i], {}, nullptr});
  return layout;
}

// Packs and unpacks `states` random states (values within each slot's range) with both,
// and returns how many disagreed.
int disagreements(const Layout& layout, std::mt19937_64& random, int states) {
  const Packer packer(layout);
  int wrong = 0;
  std::vector<Value> state(layout.size()), by_layout(layout.size()), by_packer(layout.size());
  std::vector<std::uint64_t> expected(layout.words()), packed(layout.words());
  for (int n = 0; n < states; ++n) {
    for (std::size_t i = 0; i < layout.size(); ++i) {
      const auto max = static_cast<std::uint64_t>(layout.slot(i).max);
      state[i] = static_cast<Value>(random() % (max + 1));
    }
    layout.pack(state.data(), expected.data());
    // Garbage first: every word must be written, not or-ed into.
    std::fill(packed.begin(), packed.end(), ~std::uint64_t{0});
    packer.pack(state.data(), packed.data());
    std::fill(by_packer.begin(), by_packer.end(), -7);
    packer.unpack(expected.data(), by_packer.data());
    layout.unpack(expected.data(), by_layout.data());
    wrong += packed != expected || by_packer != by_layout || by_packer != state;
  }
  return wrong;
}

}  // namespace

TEST_CASE("the packer writes Layout's words for layouts of every shape") {
  std::mt19937_64 random(19);
  // 1-bit to 63-bit slots (a maximum of 2^63 - 1 takes the whole word).
  const std::vector<Value> widths = {
      1, 3, 7, 255, 1000, (Value{1} << 40) - 1, std::numeric_limits<Value>::max()};
  int layouts = 0, wrong = 0;
  std::vector<std::size_t> word_counts;
  for (std::size_t slots = 1; slots <= 40; ++slots)
    for (int trial = 0; trial < 25; ++trial) {
      std::vector<Value> maxima(slots);
      for (Value& m : maxima) m = widths[random() % widths.size()];
      const Layout layout = layout_of(maxima);
      wrong += disagreements(layout, random, 20);
      word_counts.push_back(layout.words());
      ++layouts;
    }
  CHECK(layouts == 1000);
  CHECK(wrong == 0);
  // The random layouts range from one word to many.
  CHECK(*std::min_element(word_counts.begin(), word_counts.end()) == 1);
  CHECK(*std::max_element(word_counts.begin(), word_counts.end()) >= 20);
}

TEST_CASE("the packer handles fours that run into the next word and a short last word") {
  std::mt19937_64 random(7);
  // Word 0: five 12-bit slots, the second four reaching into word 1 (a 40-bit slot and
  // three 7-bit ones, a four of their own).
  const Layout spill =
      layout_of({4095, 4095, 4095, 4095, 4095, (Value{1} << 40) - 1, 127, 127, 127});
  REQUIRE(spill.words() == 2);
  CHECK(disagreements(spill, random, 200) == 0);
  // Word 0: five 12-bit slots (a four, then one slot whose four reads word 1's slots);
  // word 1: two 40-bit slots, the state's last: they are in no four of their own.
  const Layout split =
      layout_of({4095, 4095, 4095, 4095, 4095, (Value{1} << 40) - 1, (Value{1} << 40) - 1});
  REQUIRE(split.words() == 3);
  CHECK(disagreements(split, random, 200) == 0);
  // Exactly four slots, each a whole word.
  const Layout wide = layout_of(std::vector<Value>(4, std::numeric_limits<Value>::max()));
  REQUIRE(wide.words() == 4);
  CHECK(disagreements(wide, random, 200) == 0);
  // Fewer than four slots: Layout's own loops.
  CHECK(disagreements(layout_of({1, 5, 9}), random, 200) == 0);
  // 18 slots in one word, as tcp/congestion's.
  CHECK(disagreements(layout_of(std::vector<Value>(18, 7)), random, 200) == 0);
}

TEST_CASE("the packer masks values as Layout does") {
  // A value past its slot's maximum cannot reach another slot's bits in either.
  const Layout layout = layout_of({3, 3, 3, 3, 3});
  const Packer packer(layout);
  const Value state[] = {7, 0, 5, 3, 12};
  std::uint64_t expected = 0, packed = 0;
  layout.pack(state, &expected);
  packer.pack(state, &packed);
  CHECK(packed == expected);
  CHECK(packed == (3u | 0u << 2 | 1u << 4 | 3u << 6 | 0u << 8));
}

TEST_CASE("the packer agrees with Layout when every slot is at its maximum") {
  // Random states seldom hold a slot's largest value, whose bits fill its whole width.
  std::mt19937_64 random(23);
  const std::vector<Value> widths = {
      1, 2, 3, 15, 255, 4095, (Value{1} << 40) - 1, std::numeric_limits<Value>::max()};
  int layouts = 0, wrong = 0;
  for (std::size_t slots = 1; slots <= 24; ++slots)
    for (int trial = 0; trial < 20; ++trial) {
      std::vector<Value> maxima(slots);
      for (Value& m : maxima) m = widths[random() % widths.size()];
      const Layout layout = layout_of(maxima);
      const Packer packer(layout);
      std::vector<std::uint64_t> expected(layout.words()), packed(layout.words(), ~0ULL);
      std::vector<Value> by_packer(slots, -7);
      layout.pack(maxima.data(), expected.data());
      packer.pack(maxima.data(), packed.data());
      packer.unpack(packed.data(), by_packer.data());
      wrong += packed != expected || by_packer != maxima;
      ++layouts;
    }
  CHECK(layouts == 480);
  CHECK(wrong == 0);
}
