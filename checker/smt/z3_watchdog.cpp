#include "checker/smt/z3_watchdog.hpp"

#include <chrono>
#include <utility>

namespace synack::checker::smt {

namespace {
// How often the deadline is looked at: well within the second a run may overrun, and a
// negligible cost beside the solver.
constexpr std::chrono::milliseconds kPoll{10};

// Z3 4.8 keeps an interrupt that comes between two solver calls until the next call begins,
// and meanwhile every simplification and model evaluation in the context throws "canceled".
// A solver call with nothing to solve begins, and so clears it.
void forget_interrupt(z3::context& ctx) noexcept {
  try {
    z3::solver nothing(ctx);
    leave_signals_to_synack(nothing);
    nothing.check();
  } catch (...) {  // a destructor's work: the next Z3 call there reports what went wrong
  }
}
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
  // Where the deadline ended alone, the context goes on: a portfolio's k-induction, stopped
  // by Spacer's answer, leaves the run's context to the next property, whose encoding
  // simplifies terms there. An interrupt the last poll sent after k-induction's last solver
  // call would make that an InternalError ("Z3: canceled"). Where the run's budget ended,
  // clearing is harmless: every later step checks the budget first.
  if (interrupted_)
    for (z3::context* ctx : contexts_) forget_interrupt(*ctx);
}

void Z3Watchdog::watch() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, kPoll, [this] { return done_; })) {
    if (!deadline_.expired()) continue;
    // Z3_interrupt is made to be called from another thread while the context works. Again
    // at every poll: Z3 4.8 forgets an interrupt when the next solver call begins, and one
    // may begin after this one (the caller sees the deadline only between calls).
    for (z3::context* ctx : contexts_) ctx->interrupt();
    interrupted_ = true;
  }
}

}  // namespace synack::checker::smt
