#include "cli/interrupt.hpp"

#include <csignal>
#include <ctime>

namespace synack::cli {

namespace {

std::atomic<bool> interrupted{false};
// When the first signal came (CLOCK_MONOTONIC, ns; 0: none yet). `timeout` and some job
// runners send one SIGINT both to the process and to its process group, so a single
// interrupt can arrive twice in a row: copies within kEchoNs of the first are that one.
std::atomic<long long> first_signal_ns{0};
constexpr long long kEchoNs = 500'000'000;
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");
static_assert(std::atomic<long long>::is_always_lock_free, "set from a signal handler");

long long monotonic_ns() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);  // async-signal-safe
  return static_cast<long long>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

extern "C" void on_interrupt(int signal) {
  const long long now = monotonic_ns();
  const long long first = first_signal_ns.load(std::memory_order_relaxed);
  if (first == 0) {
    first_signal_ns.store(now, std::memory_order_relaxed);
    interrupted.store(true, std::memory_order_relaxed);
    return;
  }
  if (now - first < kEchoNs) return;  // the first interrupt, delivered again
  // A second interrupt takes the default action: a user who insists is not kept waiting.
  // The signal is blocked while this handler runs and is delivered as it returns.
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

}  // namespace

const std::atomic<bool>* install_interrupt_handlers() {
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  return &interrupted;
}

}  // namespace synack::cli
