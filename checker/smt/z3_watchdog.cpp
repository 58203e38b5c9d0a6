#include "checker/smt/z3_watchdog.hpp"

#include <chrono>
#include <utility>

namespace synack::checker::smt {

namespace {
// How often the deadline is looked at: well within the second a run may overrun, and a
// negligible cost beside the solver.
constexpr std::chrono::milliseconds kPoll{10};
}  // namespace

Z3Watchdog::Z3Watchdog(const Deadline& deadline, std::vector<z3::context*> contexts)
    : deadline_(deadline), contexts_(std::move(contexts)) {
  if (deadline_.watchable()) thread_ = std::thread([this] { watch(); });
}

Z3Watchdog::~Z3Watchdog() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void Z3Watchdog::watch() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, kPoll, [this] { return done_; })) {
    if (!deadline_.expired()) continue;
    // Z3_interrupt is made to be called from another thread while the context works. Again
    // at every poll: Z3 4.8 forgets an interrupt when the next solver call begins, and one
    // may begin after this one (the caller sees the deadline only between calls).
    for (z3::context* ctx : contexts_) ctx->interrupt();
  }
}

}  // namespace synack::checker::smt
