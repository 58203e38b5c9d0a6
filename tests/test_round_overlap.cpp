// Two rounds in flight (checker/successors, Expander::generate_alongside): the next round
// is generated while the current one is committed, and looked up once the commit is done.
// Built under ThreadSanitizer too (scripts/sanitize.sh thread).
#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>

#include <catch2/catch.hpp>

#include "checker/explicit_bfs.hpp"
#include "checker/round_split.hpp"
#include "checker/successors.hpp"
#include "checker/worker_pool.hpp"
#include "same_result.hpp"
#include "two_counter_model.hpp"

using namespace synack::checker;
using synack::testing::require_same;

namespace {

// x counts up to 9 and y follows it (y <= x), so states are the 55 pairs with y <= x;
// (9, 9) is the only dead end. Successors of one parent are often stored by another
// parent of the same round, which is what the commit alongside the generating races with.
class Chase final : public synack::testing::TwoCounterModel {
 public:
  Chase() : TwoCounterModel("chase", 9, 9, {"x", "y", "both"}) {}
  bool apply(std::size_t g, const Value* from, Value* to) const override {
    to[0] = from[0] + (g != 1);
    to[1] = from[1] + (g != 0);
    return to[0] <= 9 && to[1] <= to[0];
  }
};

ExpansionRules chase_rules() {
  ExpansionRules rules;
  rules.new_state_bits = [](const Value* s) { return std::uint64_t(s[0] == s[1]); };
  rules.dead_end_bits = [](const Value* s) { return std::uint64_t(s[0] == 9) << 1; };
  return rules;
}

// Inserts the round's new successors in order, as the engines' commits do.
void commit_round(StateStore& store, const Expander& expander, std::size_t words) {
  for (std::size_t b = 0; b < expander.block_count(); ++b) {
    const ExpandedBlock& block = expander.blocks()[b];
    for (std::uint32_t p = 0; p < block.parents; ++p)
      for (std::uint32_t k = p == 0 ? 0 : block.end[p - 1]; k < block.end[p]; ++k)
        if (!block.successors[k].known)
          store.insert(&block.packed[block.successors[k].index * words],
                       block.hashes[block.successors[k].index], block.first_parent + p);
  }
}

void require_same_blocks(const Expander& alongside, const Expander& after, std::size_t words) {
  REQUIRE(alongside.block_count() == after.block_count());
  for (std::size_t b = 0; b < after.block_count(); ++b) {
    const ExpandedBlock& x = alongside.blocks()[b];
    const ExpandedBlock& y = after.blocks()[b];
    INFO("block of parents from " << y.first_parent);
    CHECK(x.first_parent == y.first_parent);
    CHECK(x.parents == y.parents);
    CHECK(x.end == y.end);
    CHECK(x.dead_end_bits == y.dead_end_bits);
    CHECK(x.hashes == y.hashes);
    CHECK(x.packed == y.packed);
    // One probe end per new successor, beside its hash: the commit's prefetch_inserts and
    // insert read them by the same index.
    CHECK(x.probe_ends.size() == x.hashes.size());
    REQUIRE(y.probe_ends.size() == y.hashes.size());
    CHECK(x.new_bits.size() == x.hashes.size());
    REQUIRE(y.new_bits.size() == y.hashes.size());
    if (x.probe_ends.size() == y.probe_ends.size())
      for (std::size_t k = 0; k < y.probe_ends.size(); ++k) {
        CHECK(x.probe_ends[k].slot == y.probe_ends[k].slot);
        CHECK(x.probe_ends[k].epoch == y.probe_ends[k].epoch);
      }
    REQUIRE(x.successors.size() == y.successors.size());
    for (std::size_t k = 0; k < y.successors.size(); ++k) {
      CHECK(x.successors[k].known == y.successors[k].known);
      CHECK(x.successors[k].index == y.successors[k].index);
      CHECK(x.successors[k].group == y.successors[k].group);
    }
    CHECK(x.new_bits == y.new_bits);
    CHECK(x.messages == y.messages);
    CHECK(x.packed.size() ==
          words * static_cast<std::size_t>(std::count_if(x.successors.begin(), x.successors.end(),
                                                         [](auto& s) { return !s.known; })));
  }
}

}  // namespace

TEST_CASE("a round generated alongside a commit equals the round expanded after it") {
  Chase chase;
  const std::size_t words = chase.layout().words();
  for (const StoreKind kind : {StoreKind::kPlain, StoreKind::kTree})
    for (std::uint32_t round : {1u, 2u, 5u}) {
      INFO("rounds of " << round
                        << (kind == StoreKind::kTree ? " (tree store)" : " (plain store)"));
      StateStore store(chase.layout(), kind);
      std::vector<std::uint64_t> packed(words);
      chase.layout().pack(chase.initial_state().data(), packed.data());
      store.insert(packed.data(), StateStore::kNoParent);
      Expander overlapping(chase, store, chase_rules(), 2, round);
      Expander plain(chase, store, chase_rules(), 1, round);
      std::uint32_t last = 1;
      overlapping.expand(0, last);
      std::size_t alongside = 0, known_after_commit = 0;
      while (true) {
        const std::uint32_t next_last =
            static_cast<std::uint32_t>(std::min<std::size_t>(store.size(), last + round));
        if (next_last == last) {
          // Nothing stored beyond this round: commit it, then expand the next one plainly.
          commit_round(store, overlapping, words);
          if (last == store.size()) break;
          const std::uint32_t first = last;
          last = static_cast<std::uint32_t>(std::min<std::size_t>(store.size(), last + round));
          overlapping.expand(first, last);
          continue;
        }
        const std::size_t before = store.size();
        overlapping.generate_alongside(last, next_last, [&] {
          commit_round(store, overlapping, words);
          return true;
        });
        overlapping.look_up();
        plain.expand(last, next_last);
        require_same_blocks(overlapping, plain, words);
        ++alongside;
        // Successors the commit stored meanwhile are found by the lookup after it.
        for (std::size_t b = 0; b < plain.block_count(); ++b)
          for (const Successor& s : plain.blocks()[b].successors)
            known_after_commit += s.known && s.index >= before;
        last = next_last;
      }
      CHECK(store.size() == 55);
      CHECK(alongside > 0);
      CHECK(known_after_commit > 0);
    }
}

TEST_CASE("a search cut by a limit or a decision mid-round stops as one thread does") {
  Chase chase;
  auto spec = [](std::string expr) {
    return PropertySpec{"p", PropertyKind::kAlways, std::move(expr), "", Verdict::kHolds};
  };
  for (std::uint64_t max_states : {1u, 2u, 7u, 30u, 54u, 55u, 1000u}) {
    Limits one;
    one.max_states = max_states;
    auto expected = check_explicit(chase, {spec("x < 9 || y < 5")}, one);
    for (std::uint32_t round : {1u, 2u, 3u, 16u}) {
      for (unsigned threads : {2u, 3u}) {
        INFO(max_states << " states at most, " << threads << " threads, rounds of " << round);
        Limits limits = one;
        limits.threads = threads;
        limits.round_states = round;
        auto many = check_explicit(chase, {spec("x < 9 || y < 5")}, limits);
        require_same(expected[0], many[0]);
      }
    }
  }
  Limits one;
  auto full = check_explicit(chase, {spec("x + y < 30")}, one);
  CHECK(full[0].verdict == Verdict::kHolds);
  CHECK(full[0].states == 55);
  CHECK(full[0].transitions == 45 + 45 + 45);
}

TEST_CASE("the worker pool runs a batch alongside the caller's own work") {
  for (unsigned threads : {1u, 2u, 4u}) {
    INFO(threads << " threads");
    WorkerPool pool(threads);
    std::vector<std::atomic<int>> ran(50);
    std::thread::id own_thread;
    pool.run_alongside(
        ran.size(), [&](std::size_t t, unsigned) { ++ran[t]; },
        [&] {
          own_thread = std::this_thread::get_id();
          return true;
        });
    CHECK(own_thread == std::this_thread::get_id());
    for (auto& r : ran) CHECK(r == 1);

    // The caller's work ends the search: what is not started is skipped.
    std::vector<std::atomic<int>> skipped(50);
    pool.run_alongside(
        skipped.size(), [&](std::size_t t, unsigned) { ++skipped[t]; }, [] { return false; });
    int total = 0;
    for (auto& r : skipped) {
      CHECK(r <= 1);
      total += r;
    }
    if (threads == 1) CHECK(total == 0);

    // What the caller's work throws comes out once every started task has returned.
    std::atomic<int> started{0}, finished{0};
    CHECK_THROWS_WITH(pool.run_alongside(
                          50,
                          [&](std::size_t, unsigned) {
                            ++started;
                            ++finished;
                          },
                          []() -> bool { throw std::runtime_error("the commit failed"); }),
                      "the commit failed");
    CHECK(started == finished);
    if (threads == 1) CHECK(started == 0);
  }
}

TEST_CASE("the worker pool lends its threads to the caller's work in the middle of a batch") {
  for (unsigned threads : {1u, 2u, 4u}) {
    INFO(threads << " threads");
    WorkerPool pool(threads);
    std::vector<std::atomic<int>> ran(64), side(200), after(30);
    std::atomic<bool> helped{false};
    const std::thread::id caller = std::this_thread::get_id();
    pool.run_alongside(
        ran.size(), [&](std::size_t t, unsigned) { ++ran[t]; },
        [&] {
          pool.help(side.size(), [&](std::size_t t) {
            ++side[t];
            if (std::this_thread::get_id() != caller) helped = true;
          });
          // help() returns only once every task has: none is still running.
          for (auto& s : side) REQUIRE(s == 1);
          return true;
        });
    for (auto& r : ran) CHECK(r == 1);
    // Outside any batch: the helpers are idle and wake for it.
    pool.help(after.size(), [&](std::size_t t) { ++after[t]; });
    for (auto& a : after) CHECK(a == 1);
    if (threads == 1) CHECK_FALSE(helped);
  }
  // A helper takes part: the first task the caller takes waits until another thread has
  // run one (with no helper joining it would never return).
  WorkerPool pool(2);
  const std::thread::id caller = std::this_thread::get_id();
  std::atomic<int> by_helper{0};
  pool.help(8, [&](std::size_t) {
    if (std::this_thread::get_id() != caller)
      ++by_helper;
    else
      while (by_helper == 0) std::this_thread::yield();
  });
  CHECK(by_helper >= 1);
}

TEST_CASE("a task that throws in the worker pool's help throws from help once all are done") {
  // The store's rebuild can throw (std::bad_alloc): on a helper that would end the
  // process, and on the caller help() would return while helpers still run the task.
  for (unsigned threads : {1u, 2u, 4u}) {
    INFO(threads << " threads");
    WorkerPool pool(threads);
    const std::thread::id caller = std::this_thread::get_id();
    for (bool on_helper : {false, true}) {
      if (threads == 1 && on_helper) continue;  // no helper to throw
      INFO((on_helper ? "thrown by a helper" : "thrown by the caller"));
      std::vector<std::atomic<int>> ran(400);
      std::atomic<int> thrown{0};
      auto task = [&](std::size_t t) {
        ++ran[t];
        const bool helper = std::this_thread::get_id() != caller;
        if (helper == on_helper) {
          if (thrown.fetch_add(1) == 0) throw std::runtime_error("rebuild failed");
        } else {
          // The others wait for the throw, so that the thrower surely takes a task.
          while (thrown == 0) std::this_thread::yield();
        }
      };
      CHECK_THROWS_WITH(pool.help(ran.size(), task), "rebuild failed");
      CHECK(thrown >= 1);
      // No task was handed out twice.
      for (auto& r : ran) CHECK(r <= 1);
    }
    // The pool still works.
    std::vector<std::atomic<int>> again(50);
    pool.help(again.size(), [&](std::size_t t) { ++again[t]; });
    for (auto& a : again) CHECK(a == 1);
  }
}

TEST_CASE("a round's commit is split where the stored parents beyond it keep the others busy") {
  // Nothing stored beyond the round (the first levels): commit alone, whatever is left.
  CHECK_FALSE(enough_to_generate(0, 0, 2));
  CHECK_FALSE(enough_to_generate(0, 16384, 2));
  // Generating a parent takes about three times as long as committing one: a third as
  // many parents as are left to commit keep one other thread busy, two thirds two.
  CHECK(kGenerateToCommit == 3);
  CHECK(enough_to_generate(5462, 16384, 2));
  CHECK_FALSE(enough_to_generate(5461, 16384, 2));
  CHECK(enough_to_generate(10923, 16384, 3));
  CHECK_FALSE(enough_to_generate(10922, 16384, 3));
  // Beside a commit of fewer than 1,024 parents the two batches more cost more than the
  // overlap gains: the round is committed whole and the next one expanded afresh.
  CHECK(kMinCommitAlongside == 1024);
  CHECK(enough_to_generate(342, 1024, 2));
  CHECK_FALSE(enough_to_generate(341, 1024, 2));
  CHECK_FALSE(enough_to_generate(16384, 1023, 2));
  CHECK_FALSE(enough_to_generate(16384, 0, 2));
}

TEST_CASE("the worker pool runs thousands of short batches back to back, each task once") {
  // The engines post a few batches per round, back to back: each must return only once
  // every task has run, once, however soon the next is posted after it.
  for (unsigned threads : {2u, 3u}) {
    INFO(threads << " threads");
    WorkerPool pool(threads);
    std::vector<std::atomic<int>> ran(3);
    for (int batch = 0; batch < 5000; ++batch) {
      auto task = [&](std::size_t t, unsigned) { ++ran[t]; };
      if (batch % 2 == 0)
        pool.run(ran.size(), task);
      else
        pool.run_alongside(ran.size(), task, [] { return true; });
      for (auto& r : ran) REQUIRE(r == batch + 1);
    }
  }
}
