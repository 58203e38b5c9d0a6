#include "checker/smt/deadline.hpp"

#include <algorithm>

namespace synack::checker::smt {

Deadline::Deadline(unsigned timeout_ms, const std::atomic<bool>* interrupted)
    : timeout_ms_(timeout_ms),
      end_(std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms)),
      interrupted_(interrupted) {}

Deadline Deadline::after_checks(std::size_t checks) {
  Deadline d(0);
  d.checks_left_ = std::max<std::size_t>(checks, 1);
  return d;
}

Deadline Deadline::share(unsigned ms) const {
  // Never 0: that would mean no limit of its own.
  Deadline d(std::max(ms, 1u), interrupted_);
  d.whole_ = this;
  return d;
}

Deadline Deadline::or_when(const std::atomic<bool>* stop) const {
  Deadline d(0, stop);  // no time limit of its own: this one's
  d.whole_ = this;
  return d;
}

bool Deadline::interrupt_requested() const {
  if (whole_ && whole_->interrupt_requested()) return true;
  return interrupted_ && interrupted_->load(std::memory_order_relaxed);
}

bool Deadline::expired() const {
  if (whole_ && whole_->expired()) return true;
  if (checks_left_ != 0) return ++checks_ >= checks_left_;
  if (interrupt_requested()) return true;
  return timeout_ms_ != 0 && std::chrono::steady_clock::now() >= end_;
}

const char* Deadline::why() const {
  return interrupt_requested() ? "interrupted" : "timeout";
}

unsigned Deadline::remaining_ms() const {
  if (timeout_ms_ == 0) return whole_ ? whole_->remaining_ms() : 0;
  auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(end_ - std::chrono::steady_clock::now())
          .count();
  // Never 0 while a limit exists: to Z3 and to callers 0 would mean "no limit".
  auto own = static_cast<unsigned>(std::clamp<long long>(left, 1, timeout_ms_));
  unsigned whole = whole_ ? whole_->remaining_ms() : 0;
  return whole == 0 ? own : std::min(own, whole);
}

void Deadline::apply(z3::solver& solver) const {
  z3::params p(solver.ctx());
  p.set("ctrl_c", false);
  if (unsigned left = remaining_ms(); left != 0) p.set("timeout", left);
  solver.set(p);
}

void leave_signals_to_synack(z3::solver& solver) {
  z3::params p(solver.ctx());
  p.set("ctrl_c", false);
  solver.set(p);
}

std::string Deadline::reason(const std::string& z3_reason) const {
  // Z3 4.8 reports its own timeout, and an interrupt, as "canceled".
  if (z3_reason != "canceled") return z3_reason;
  if (interrupt_requested()) return "interrupted";
  return limited() ? "timeout" : z3_reason;
}

void check_budget(const Deadline* deadline, const char* what) {
  if (deadline && deadline->expired())
    throw OutOfBudget(std::string(deadline->why()) + " while " + what);
}

}  // namespace synack::checker::smt
