// Bounds on one exploration, and the threads it may use. Hitting a bound makes every
// undecided property `inconclusive`: a limit is never a pass.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "checker/store/store_kind.hpp"

namespace synack::checker {

struct Limits {
  std::uint64_t max_states = 200'000'000;
  double max_seconds = 0;  // 0: no time limit
  std::size_t max_memory_bytes = std::size_t{16} << 30;
  // Set from outside (SIGINT, SIGTERM: cli/interrupt): the explicit and liveness engines
  // stop at their next check and leave what is undecided `inconclusive (interrupted)`.
  const std::atomic<bool>* interrupted = nullptr;
  // Threads that expand states (the explicit and liveness engines). Results do not
  // depend on it: the workers generate successors, one thread commits them in order.
  unsigned threads = 1;
  // States expanded per parallel round before their successors are committed. Larger
  // rounds keep the workers busy longer; the tests make them tiny to shake out ordering.
  // 0: the engine's choice (round_states_for).
  std::uint32_t round_states = 0;
  // The breadth-first engine: up to this many distinct violating states per always or
  // deadlock-free property, each with its shortest trace (Result::traces, in BFS order),
  // the search going on until each property has them; the verdict and the first trace
  // are those of a search that stops at the first.
  std::size_t max_errors = 1;
  // The breadth-first engine: go on after every property is decided, to the last
  // reachable state (within the bounds above), so that coverage is of the whole space.
  bool explore_all = false;
  // The breadth-first engine writes checkpoints there (checker/checkpoint.hpp), or
  // resumes from one; none: no checkpoints.
  const struct CheckpointOptions* checkpoint = nullptr;
  // The form every state store of the search takes (`--store`): results are the same with
  // either, only memory and time differ.
  StoreKind store = StoreKind::kPlain;

  bool interrupt_requested() const {
    return interrupted && interrupted->load(std::memory_order_relaxed);
  }
};

// The states per round an engine expands when `asked` is 0 (Limits::round_states),
// given the threads that expand them. Several threads need rounds large enough to share
// out; one thread commits each round right behind its own expansion, and a small round
// keeps the table slots and stored states its lookups just brought into the cache there
// for the commit's inserts (tcp/congestion, one thread: 11% less CPU with 2,048 than with
// 16,384 at capacity 4, 8% for the liveness graph at capacity 3; two threads: 11% less
// wall time with 8,192 than with 16,384 at capacity 3, the same at 4; docs/performance.md).
inline std::uint32_t round_states_for(std::uint32_t asked, unsigned threads) {
  if (asked > 0) return asked;
  return threads > 1 ? std::uint32_t{1} << 13 : std::uint32_t{1} << 11;
}

}  // namespace synack::checker
