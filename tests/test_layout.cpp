#include <catch2/catch.hpp>

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
