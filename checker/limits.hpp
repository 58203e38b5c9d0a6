// Bounds on one exploration. Hitting any of them makes every undecided property
// `inconclusive`: a limit is never a pass.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace synack::checker {

struct Limits {
  std::uint64_t max_states = 200'000'000;
  double max_seconds = 0;  // 0: no time limit
  std::size_t max_memory_bytes = std::size_t{16} << 30;
  // Set from outside (SIGINT, SIGTERM: cli/interrupt): the explicit and liveness engines
  // stop at their next check and leave what is undecided `inconclusive (interrupted)`.
  const std::atomic<bool>* interrupted = nullptr;

  bool interrupt_requested() const {
    return interrupted && interrupted->load(std::memory_order_relaxed);
  }
};

}  // namespace synack::checker
