// Bounded model checking: the shortest path to a target state or out of the declared
// ranges, if one is at most limits.max_depth steps long.
#include <string>

#include "checker/smt/transition_system.hpp"
#include "checker/smt/unrolling.hpp"

namespace synack::checker::smt {

SmtOutcome run_bmc(const TransitionSystem& ts, const SmtLimits& limits) {
  return run_bmc(ts, limits, Deadline(limits.timeout_ms));
}

SmtOutcome run_bmc(const TransitionSystem& ts, const SmtLimits& limits, const Deadline& deadline) {
  BmcSearch search(ts, deadline);
  for (std::size_t depth = 0; depth <= limits.max_depth; ++depth) {
    z3::check_result r = search.reach(depth);
    if (r == z3::sat) return outcome_reached(ts, depth, search.trace());
    if (r == z3::unknown)
      return outcome_unknown(
          depth, "z3 gave up at depth " + std::to_string(depth) + ": " + search.reason());
  }
  SmtOutcome out;
  out.kind = SmtOutcome::kBoundHolds;
  out.depth = limits.max_depth;
  return out;
}

}  // namespace synack::checker::smt
