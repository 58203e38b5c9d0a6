// Interrupts Z3 when a run's deadline expires or the run is interrupted (SIGINT, SIGTERM).
// A solver call gets what is left of the budget as its timeout when it begins, but a
// fixedpoint query, a simplification or a feasibility check of the encoding may have none,
// and a signal comes at any time: the watchdog cancels whatever Z3 is doing in the run's
// contexts then, and at every poll after. Z3 answers `unknown` ("canceled", read as Deadline::why)
// or throws "canceled"; the callers, seeing the deadline expired, report the property inconclusive.
// An interrupt does not outlive the watchdog that sent it (see its destructor), so a
// context may go on working once a watchdog whose deadline ended alone is gone (a
// portfolio's k-induction, stopped on the run's context: checker/smt/portfolio.hpp).
// Nor may one land while Z3 tears down what cannot be interrupted: see Z3Quiet.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include <z3++.h>

#include "checker/smt/deadline.hpp"

namespace synack::checker::smt {

class Z3Watchdog {
 public:
  // Watches `deadline` (if it is watchable) until destroyed; `contexts` must outlive the
  // watchdog. It registers with `deadline` (Deadline::watchdog): the watchdogs of one
  // deadline are made and destroyed in one thread, the last made first destroyed.
  Z3Watchdog(const Deadline& deadline, std::vector<z3::context*> contexts);
  // Takes back an interrupt it sent, with a solver call in each context: destroy it in the
  // thread that works in `contexts` (a context is used by one thread at a time).
  ~Z3Watchdog();
  Z3Watchdog(const Z3Watchdog&) = delete;
  Z3Watchdog& operator=(const Z3Watchdog&) = delete;

 private:
  friend class Z3Quiet;
  void watch();
  bool watches(const z3::context& ctx) const;

  const Deadline& deadline_;
  Z3Watchdog* previous_;  // the deadline's watchdog before this one
  std::vector<z3::context*> contexts_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::size_t quiet_ = 0;     // Z3Quiet spells in progress: no interrupt is sent
  bool interrupted_ = false;  // written by thread_, read once it is joined
  std::thread thread_;
};

// While it lives, no watchdog of `deadline` or of a budget it is a share of interrupts
// `ctx`, and an interrupt already sent there is taken back. For teardown that Z3 cannot
// survive being interrupted in: a Spacer fixedpoint's destructor simplifies terms, an
// interrupt makes that throw, and an exception out of a destructor aborts the process
// (`--engine spacer` stopped at its deadline sometimes ended so). Make it in the thread
// that works in `ctx`, and keep it short: a signal meanwhile waits for it to end.
class Z3Quiet {
 public:
  Z3Quiet(const Deadline& deadline, z3::context& ctx);
  ~Z3Quiet();
  Z3Quiet(const Z3Quiet&) = delete;
  Z3Quiet& operator=(const Z3Quiet&) = delete;

 private:
  std::vector<Z3Watchdog*> held_;
};

}  // namespace synack::checker::smt
