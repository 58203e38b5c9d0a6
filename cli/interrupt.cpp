#include "cli/interrupt.hpp"

#include <csignal>

namespace synack::cli {

namespace {

std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

extern "C" void on_interrupt(int signal) {
  interrupted.store(true, std::memory_order_relaxed);
  // The next one takes the default action: a user who insists is not kept waiting.
  std::signal(signal, SIG_DFL);
}

}  // namespace

const std::atomic<bool>* install_interrupt_handlers() {
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  return &interrupted;
}

}  // namespace synack::cli
