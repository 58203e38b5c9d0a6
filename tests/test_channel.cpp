#include <catch2/catch.hpp>

#include "checker/channel.hpp"

using namespace synack::checker;

TEST_CASE("an unordered channel is a sorted multiset") {
  Channel ch("c", {3, false, true, 1}, 0);
  Value s[4] = {0, 0, 0, 0};
  REQUIRE(ch.push(s, 5));
  REQUIRE(ch.push(s, 9));
  REQUIRE(ch.push(s, 5));
  CHECK(s[0] == 10);  // message + 1, descending
  CHECK(s[1] == 6);
  CHECK(s[2] == 6);
  CHECK_FALSE(ch.push(s, 1));  // full
  CHECK(ch.deliverable(s, 0));
  CHECK(ch.deliverable(s, 1));
  CHECK_FALSE(ch.deliverable(s, 2));  // same message as position 1: same successor
  ch.remove(s, 0);
  CHECK(s[0] == 6);
  CHECK(s[2] == 0);
  REQUIRE(ch.duplicate(s, 0));
  CHECK(s[3] == 1);  // one duplication used
  CHECK(s[0] == 6);
  CHECK(s[2] == 6);
  ch.remove(s, 0);
  CHECK_FALSE(ch.duplicate(s, 0));  // budget of one spent
}

TEST_CASE("a FIFO channel delivers the head only and duplicates in place") {
  Channel ch("c", {3, true, false, 2}, 0);
  Value s[4] = {0, 0, 0, 0};
  ch.push(s, 1);
  ch.push(s, 2);
  CHECK(ch.deliverable(s, 0));
  CHECK_FALSE(ch.deliverable(s, 1));
  REQUIRE(ch.duplicate(s, 0));
  CHECK(s[0] == 2);
  CHECK(s[1] == 2);
  CHECK(s[2] == 3);
  CHECK(ch.message(s, 0) == 1);
  CHECK_FALSE(ch.duplicate(s, 1));  // full
}
