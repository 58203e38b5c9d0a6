#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

#include <fmt/format.h>

#include "checker/layout.hpp"

using namespace synack::checker;

TEST_CASE("layout packs and unpacks slots of mixed widths") {
  Layout layout;
  layout.add({"a", 1, {}, nullptr});
  layout.add({"b", 1000, {}, nullptr});
  layout.add({"c", 4, {"A", "B", "C", "D", "E"}, nullptr});
  CHECK(layout.packed_bits() == 1 + 10 + 3);
  CHECK(layout.words() == 1);
  Value in[] = {1, 777, 3};
  std::uint64_t packed[1];
  layout.pack(in, packed);
  Value out[3];
  layout.unpack(packed, out);
  CHECK(out[0] == 1);
  CHECK(out[1] == 777);
  CHECK(out[2] == 3);
  CHECK(layout.print(out) == "a=1 b=777 c=D");
}

TEST_CASE("a slot's maximum of 2^32 or more gets all the bits it needs") {
  // Issue 17: widths were computed from the maximum cast to 32 bits, so 2^32 packed into
  // one bit and 2^32 + 1 into none: distinct states packed alike and the search stopped
  // after one state. Slot values are 64-bit; every maximum up to 2^63 - 1 packs exactly.
  constexpr Value kTwo32 = Value{1} << 32;
  constexpr Value kLargest = std::numeric_limits<Value>::max();
  Layout layout;
  layout.add({"flag", 1, {}, nullptr});
  layout.add({"at_2_32", kTwo32, {}, nullptr});
  layout.add({"past_2_32", kTwo32 + 1, {}, nullptr});
  layout.add({"largest", kLargest, {}, nullptr});
  CHECK(layout.packed_bits() == 1 + 33 + 33 + 63);
  CHECK(layout.words() == 3);  // 1 + 33 | 33 | 63: a slot never straddles two words
  Value in[] = {1, kTwo32, kTwo32 + 1, kLargest};
  Value other[] = {1, 0, 1, kLargest - 1};
  std::uint64_t a[3], b[3];
  layout.pack(in, a);
  layout.pack(other, b);
  CHECK((a[0] != b[0] || a[1] != b[1] || a[2] != b[2]));
  Value out[4];
  layout.unpack(a, out);
  CHECK(out[0] == 1);
  CHECK(out[1] == kTwo32);
  CHECK(out[2] == kTwo32 + 1);
  CHECK(out[3] == kLargest);
}

TEST_CASE("a slot with a negative maximum is refused in one line") {
  Layout layout;
  CHECK_THROWS_WITH(layout.add({"debt", -1, {}, nullptr}),
                    "slot debt has a negative maximum (-1); values range over 0..max");
}

TEST_CASE("layout packs slots into several words and back") {
  Layout layout;
  // 40 + 30 bits do not share a word; 63 bits and a full 64-bit slot take one word each.
  layout.add({"a", (Value{1} << 40) - 1, {}, nullptr});
  layout.add({"b", (Value{1} << 30) - 1, {}, nullptr});
  layout.add({"c", 3, {}, nullptr});
  layout.add({"d", (Value{1} << 62) + 5, {}, nullptr});
  layout.add({"e", 1, {}, nullptr});
  CHECK(layout.words() == 3);
  CHECK(layout.packed_bits() == 40 + 30 + 2 + 63 + 1);
  const Value in[] = {(Value{1} << 40) - 2, 123456789, 2, (Value{1} << 62) + 3, 1};
  std::uint64_t packed[3];
  layout.pack(in, packed);
  CHECK(packed[0] == static_cast<std::uint64_t>(in[0]));
  CHECK(packed[1] == (123456789u | (std::uint64_t{2} << 30)));
  CHECK(packed[2] == (static_cast<std::uint64_t>(in[3]) | (std::uint64_t{1} << 63)));
  Value out[5];
  layout.unpack(packed, out);
  for (int i = 0; i < 5; ++i) CHECK(out[i] == in[i]);
}

TEST_CASE("layout packs runs of slots that cross words exactly as slot by slot") {
  // pack takes four slots of one word at a time: 7-bit slots put nine in a word, so runs
  // of four meet a word's end at every position. Each word must hold its slots' bits and
  // nothing else.
  Layout layout;
  constexpr int kSlots = 40;
  for (int i = 0; i < kSlots; ++i) layout.add({fmt::format("s{}", i), 100, {}, nullptr});
  REQUIRE(layout.words() == 5);
  Value in[kSlots];
  for (int i = 0; i < kSlots; ++i) in[i] = (i * 37 + 11) % 101;
  std::uint64_t packed[5];
  layout.pack(in, packed);
  std::uint64_t expected[5] = {0, 0, 0, 0, 0};
  for (int i = 0; i < kSlots; ++i) {
    const Layout::Bits bits = layout.packed_bits_of(static_cast<std::size_t>(i));
    CHECK(bits.width == 7);
    expected[bits.word] |= static_cast<std::uint64_t>(in[i]) << bits.shift;
  }
  for (int w = 0; w < 5; ++w) CHECK(packed[w] == expected[w]);
  Value out[kSlots];
  layout.unpack(packed, out);
  for (int i = 0; i < kSlots; ++i) CHECK(out[i] == in[i]);
}
