// The state store's table grown on several threads (store/slot_table.hpp): every call
// answers as after a growth on one thread, for both forms. Built under ThreadSanitizer
// too (scripts/sanitize.sh thread).
#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/state_store.hpp"
#include "checker/worker_pool.hpp"
#include "inserted_printer.hpp"

using synack::checker::StateStore;
using synack::checker::StoreKind;
using synack::checker::WorkerPool;
using synack::checker::store::Inserted;

namespace {

constexpr StoreKind kGrowingKinds[] = {StoreKind::kPlain, StoreKind::kTree};

// The state numbered i: two words whose halves repeat often, so that the tree shares
// parts, and whose hashes collide into clusters in a small table.
void state_of(std::uint64_t i, std::uint64_t* packed) {
  packed[0] = (i % 97) * 0x9e3779b97f4a7c15ULL;
  packed[1] = i / 97;
}

}  // namespace

TEST_CASE("the store's table grows on several threads to the answers of one thread") {
  for (StoreKind kind : kGrowingKinds) {
    INFO("--store " << synack::checker::store_name(kind));
    // A table of 4 slots, so both stores' index starts at the table's 2 bits (below the 8
    // asked): the table grows about 20 times, each a rebuild of every state that also
    // widens the index to the new table's size.
    StateStore serial(2, kind, 8, 4);
    StateStore pooled(2, kind, 8, 4);
    StateStore reversed(2, kind, 8, 4);
    WorkerPool pool(3);
    std::size_t pooled_rebuilds = 0, reversed_rebuilds = 0;
    pooled.set_parallel([&](std::size_t tasks, const std::function<void(std::size_t)>& task) {
      ++pooled_rebuilds;
      pool.help(tasks, task);
    });
    // The slices in the opposite order, on this thread: the entries of a cluster arrive
    // in another order than one thread's, deterministically.
    reversed.set_parallel([&](std::size_t tasks, const std::function<void(std::size_t)>& task) {
      ++reversed_rebuilds;
      for (std::size_t t = tasks; t-- > 0;) task(t);
    });

    const std::uint64_t n = 300'000;
    std::uint64_t packed[2];
    for (std::uint64_t i = 0; i < n; ++i) {
      state_of(i, packed);
      const auto parent = static_cast<std::uint32_t>(i / 3);
      auto a = serial.insert(packed, parent);
      auto b = pooled.insert(packed, parent);
      auto c = reversed.insert(packed, parent);
      REQUIRE(a);
      REQUIRE(a.index() == i);
      REQUIRE(a.added());
      REQUIRE(b == a);
      REQUIRE(c == a);
      if (i % 5 == 0) {  // a state met again
        state_of(i / 2, packed);
        REQUIRE(pooled.insert(packed, 0) == Inserted::at(static_cast<std::uint32_t>(i / 2), false));
        REQUIRE(reversed.insert(packed, 0) ==
                Inserted::at(static_cast<std::uint32_t>(i / 2), false));
      }
    }
    // Rebuilds of more than one slice (16 K states) went through the threads; the first
    // ones stay on the inserting thread. Past 16 K states: 4 doublings of the plain table
    // and 9 growths by 1.5 or 4/3 of the tree's, each widening the index to the table's
    // size in the same rebuild.
    CHECK(pooled_rebuilds == (kind == StoreKind::kPlain ? 4u : 9u));
    CHECK(reversed_rebuilds == pooled_rebuilds);
    CHECK(pooled.size() == n);
    CHECK(pooled.index_bits() == serial.index_bits());
    CHECK(pooled.index_bits() == 19);  // 300,000 + 1 needs 19 bits
    CHECK(pooled.bytes() == serial.bytes());
    CHECK(reversed.bytes() == serial.bytes());
    for (std::uint64_t i = 0; i < n; ++i) {
      state_of(i, packed);
      const std::uint64_t h = serial.hash(packed);
      REQUIRE(pooled.find(packed, h) == i);
      REQUIRE(reversed.find(packed, h) == i);
      REQUIRE(pooled.parent(static_cast<std::uint32_t>(i)) == i / 3);
    }
    for (std::uint64_t i = n; i < n + 1000; ++i) {
      state_of(i, packed);
      REQUIRE_FALSE(pooled.find(packed, pooled.hash(packed)));
      REQUIRE_FALSE(reversed.find(packed, reversed.hash(packed)));
    }
  }
}
