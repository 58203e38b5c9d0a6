#include "checker/smt/z3_watchdog.hpp"

#include <chrono>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "checker/errors.hpp"

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
    : deadline_(deadline), previous_(deadline.watchdog_.latest), contexts_(std::move(contexts)) {
  if (deadline_.watchable()) {
    try {
      thread_ = std::thread([this] { watch(); });
    } catch (const std::system_error& e) {
      throw InputError(fmt::format(
          "cannot start the thread that stops Z3 at the time limit: the system refused it ({})",
          e.code().message()));
    }
  }
  // Only once nothing can throw: a constructor that throws runs no destructor to undo it.
  deadline_.watchdog_.latest = this;
}

Z3Watchdog::~Z3Watchdog() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  deadline_.watchdog_.latest = previous_;
  // Where the deadline ended alone, the context goes on: a portfolio's k-induction, stopped
  // by Spacer's answer, leaves the run's context to the next property, whose encoding
  // simplifies terms there. An interrupt the last poll sent after k-induction's last solver
  // call would make that an InternalError ("Z3: canceled"). Where the run's budget ended,
  // clearing is harmless: every later step checks the budget first.
  if (interrupted_)
    for (z3::context* ctx : contexts_) forget_interrupt(*ctx);
}

bool Z3Watchdog::watches(const z3::context& ctx) const {
  for (const z3::context* c : contexts_)
    if (c == &ctx) return true;
  return false;
}

void Z3Watchdog::watch() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, kPoll, [this] { return done_; })) {
    if (quiet_ != 0 || !deadline_.expired()) continue;
    // Z3_interrupt is made to be called from another thread while the context works. Again
    // at every poll: Z3 4.8 forgets an interrupt when the next solver call begins, and one
    // may begin after this one (the caller sees the deadline only between calls).
    for (z3::context* ctx : contexts_) ctx->interrupt();
    interrupted_ = true;
  }
}

Z3Quiet::Z3Quiet(const Deadline& deadline, z3::context& ctx) {
  // Found first, counted after: nothing is counted that the destructor would not uncount
  // (it does not run if finding them throws).
  for (const Deadline* d = &deadline; d; d = d->whole())
    for (Z3Watchdog* w = d->watchdog(); w; w = w->previous_)
      if (w->watches(ctx)) held_.push_back(w);
  for (Z3Watchdog* w : held_) {
    // Under the watchdog's lock: an interrupt it is sending lands before the spell
    // begins, and so is taken back below.
    std::lock_guard<std::mutex> lock(w->mutex_);
    ++w->quiet_;
  }
  if (!held_.empty()) forget_interrupt(ctx);
}

Z3Quiet::~Z3Quiet() {
  for (Z3Watchdog* w : held_) {
    std::lock_guard<std::mutex> lock(w->mutex_);
    --w->quiet_;
  }
}

}  // namespace synack::checker::smt
