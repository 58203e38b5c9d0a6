#include <catch2/catch.hpp>

#include <vector>

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

TEST_CASE("a timed channel delivers a message from its minimum age until its lifetime ends") {
  // Capacity 2, no duplication, MSL 3 ticks, minimum age 1: slots 0-1 hold the messages,
  // slots 2-3 their ages. A message lives through 3 ticks and is gone on the fourth.
  Channel ch("c", {2, false, true, 0, 3, 1}, 0);
  Value s[4] = {0, 0, 0, 0};
  REQUIRE(ch.push(s, 4));
  CHECK(s[2] == 0);
  CHECK_FALSE(ch.deliverable(s, 0));  // age 0: still on its way
  for (Value age = 1; age <= 3; ++age) {
    INFO("age " << age);
    CHECK(ch.tick(s));
    CHECK(ch.has(s, 0));
    CHECK(s[2] == age);
    CHECK(ch.deliverable(s, 0));
  }
  CHECK(ch.tick(s));  // age 4, past the MSL: discarded
  CHECK_FALSE(ch.has(s, 0));
  CHECK_FALSE(ch.tick(s));  // nothing left to age
}

TEST_CASE("removing a message moves every later one down a position, with its age") {
  // Channel::remove walks from the end (no memmove): against the plain shift, for every
  // capacity and position, with ages (timed) and without. Positions hold distinct
  // values, including one past an empty slot, so a value in the wrong place shows.
  int compared = 0;
  for (int capacity = 1; capacity <= 6; ++capacity)
    for (int timed = 0; timed <= 1; ++timed)
      for (int k = 0; k < capacity; ++k) {
        const Channel ch("c", {capacity, true, true, 0, timed ? 5 : 0, 0}, 1);
        std::vector<Value> s(static_cast<std::size_t>(2 + 2 * capacity), 0);
        for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<Value>(10 + i);
        std::vector<Value> expected = s;
        const std::size_t first = 1, ages = 1 + static_cast<std::size_t>(capacity);
        const auto cap = static_cast<std::size_t>(capacity);
        for (std::size_t i = static_cast<std::size_t>(k); i + 1 < cap; ++i) {
          expected[first + i] = expected[first + i + 1];
          if (timed) expected[ages + i] = expected[ages + i + 1];
        }
        expected[first + cap - 1] = 0;
        if (timed) expected[ages + cap - 1] = 0;
        ch.remove(s.data(), k);
        INFO("capacity " << capacity << (timed ? " timed" : "") << " position " << k);
        CHECK(s == expected);
        ++compared;
      }
  CHECK(compared == 42);
}
