// One Z3 run's budget: its time limit (--max-seconds) and its interrupt flag (SIGINT,
// SIGTERM), shared by every solver call and every step of building the encoding. A run
// ends within about a second of either: the encoding checks it between paths and groups
// (OutOfBudget), the solver calls get what is left as Z3's timeout, and Z3Watchdog
// (checker/smt/z3_watchdog.hpp) interrupts a call that is still running when it expires.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>

#include <z3++.h>

namespace synack::checker::smt {

class Z3Watchdog;

class Deadline {
 public:
  // `timeout_ms` 0: no time limit. `interrupted`, if given, is read at every check.
  explicit Deadline(unsigned timeout_ms, const std::atomic<bool>* interrupted = nullptr);
  // A deadline that expires at its `checks`-th call of expired(), whatever the time: tests
  // stop a run in the middle of some work without waiting for a clock. It has no time
  // limit to give Z3, so it is for work that checks it (Z3Watchdog leaves it alone).
  static Deadline after_checks(std::size_t checks);
  // A share of this budget: expires after `ms` or with this one, whichever comes first
  // (the interrupt flag included). For a stage that must leave the rest of the budget to
  // what follows it (the short bmc before mining). It reads this deadline, so it must not
  // outlive it.
  Deadline share(unsigned ms) const;
  // This budget, ended early too once `*stop` is set: each engine of a portfolio
  // (checker/smt/portfolio.hpp) runs under one, and the first to answer stops the other.
  // The stop reads as an interrupt (why() "interrupted"). It must not outlive this one.
  Deadline or_when(const std::atomic<bool>* stop) const;

  bool expired() const;
  bool interrupt_requested() const;
  // Why it expired, as a result's limit: "interrupted" or "timeout".
  const char* why() const;
  // The milliseconds left, at least 1 while running; 0 means no limit at all.
  unsigned remaining_ms() const;
  // Sets the "timeout" parameter of `solver` to what is left, if there is a limit, and
  // leaves SIGINT to synack (leave_signals_to_synack).
  void apply(z3::solver& solver) const;
  // Z3's reason_unknown as the engines report it: "canceled" is this deadline (Z3's own
  // timeout, or Z3Watchdog's interrupt), said as why().
  std::string reason(const std::string& z3_reason) const;
  // Can expire on the clock or by the flag (after_checks's cannot): what a watchdog can
  // wait for.
  bool watchable() const {
    return checks_left_ == 0 &&
           (timeout_ms_ != 0 || interrupted_ || (whole_ && whole_->watchable()));
  }
  // The budget this is a share of (share, or_when), if any.
  const Deadline* whole() const { return whole_; }
  // The last watchdog made on this deadline and still alive (Z3Watchdog registers itself),
  // so that work under a share of it can find what may interrupt its context (Z3Quiet).
  Z3Watchdog* watchdog() const { return watchdog_.latest; }

 private:
  friend class Z3Watchdog;
  // Not copied: a copy is a deadline no watchdog watches.
  struct WatchdogLink {
    Z3Watchdog* latest = nullptr;
    WatchdogLink() = default;
    WatchdogLink(const WatchdogLink&) {}
    WatchdogLink& operator=(const WatchdogLink&) { return *this; }
  };

  unsigned timeout_ms_;
  std::chrono::steady_clock::time_point end_;
  const std::atomic<bool>* interrupted_;
  std::size_t checks_left_ = 0;  // after_checks: the calls of expired() to its end
  mutable std::size_t checks_ = 0;
  const Deadline* whole_ = nullptr;  // share, or_when: the budget this is a share of
  mutable WatchdogLink watchdog_;

  // A time limit here or in the budget this is a share of.
  bool limited() const { return timeout_ms_ != 0 || (whole_ && whole_->limited()); }
};

// Z3 takes SIGINT for itself while a solver call runs (its "ctrl_c" parameter, on by
// default): it cancels that one call, and synack's handler never learns of the signal, so
// the run went on to the next property. Every solver of the engines has it off.
void leave_signals_to_synack(z3::solver& solver);

// Thrown by work that checks the deadline between its steps (building the encoding) when it
// has expired; the caller reports the property `inconclusive (deadline.why())`.
class OutOfBudget : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws OutOfBudget, naming `what` was being done, once `deadline` has expired.
void check_budget(const Deadline* deadline, const char* what);

}  // namespace synack::checker::smt
