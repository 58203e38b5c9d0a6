#include "checker/smt/bmc_first.hpp"

#include <algorithm>

#include "checker/smt/unrolling.hpp"

namespace synack::checker::smt {

std::optional<SmtOutcome> shallow_violation(const TransitionSystem& ts, const SmtLimits& limits,
                                            const Deadline& budget, const ShallowSearch& search) {
  unsigned left = budget.remaining_ms();  // 0: no limit
  unsigned ms = left == 0 ? search.max_ms : std::min(search.max_ms, left / search.share_divisor);
  Deadline share = budget.share(ms);
  SmtLimits shallow{std::min(limits.max_depth, search.depth), 0};
  SmtOutcome o = run_bmc(ts, shallow, share);
  if (o.kind == SmtOutcome::kReached || o.kind == SmtOutcome::kOutOfRange) return o;
  return std::nullopt;  // none that short, or the share ran out: mining goes on
}

}  // namespace synack::checker::smt
