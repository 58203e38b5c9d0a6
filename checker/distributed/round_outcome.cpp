#include "checker/distributed/round_outcome.hpp"

#include <algorithm>

namespace synack::checker::distributed {

RoundOutcome settle_round(const RoundEvents& events) {
  const std::size_t n = events.first_event.size();
  RoundOutcome out;
  out.decides.assign(n, false);
  // The one-process search breaks after the parent at whose expansion the last property
  // gets what it wants; until then it takes every successor of every parent.
  Position last_wanted = 0;
  bool all_satisfied = true;
  for (std::size_t k = 0; k < n; ++k) {
    if (!events.wanting[k]) continue;
    if (events.satisfied[k] == kNowhere)
      all_satisfied = false;
    else
      last_wanted = std::max(last_wanted, events.satisfied[k]);
  }
  const Position done =
      all_satisfied ? position(parent_of(last_wanted), kAfterSuccessors) : kNowhere;

  if (events.error < std::min(events.cut, done)) {
    out.kind = RoundOutcome::Kind::kError;
    out.stop = events.error;
    return out;
  }
  // Decided: every property whose first event comes no later than where the search stops.
  const Position stop = std::min(events.cut, done);
  bool every_satisfied = true;
  for (std::size_t k = 0; k < n; ++k) {
    if (events.undecided[k])
      out.decides[k] = events.first_event[k] <= stop && events.first_event[k] != kNowhere;
    if (events.wanting[k])
      every_satisfied =
          every_satisfied && events.satisfied[k] <= stop && events.satisfied[k] != kNowhere;
  }
  if (events.cut < done) {
    // The insertion that reaches --max-states ends the parent there; if it also gave the
    // last property what it wants, the search is done rather than limited.
    out.kind = RoundOutcome::Kind::kStop;
    out.stop = events.cut;
    if (!every_satisfied) out.limit = "max-states";
  } else if (done != kNowhere) {
    out.kind = RoundOutcome::Kind::kStop;
    out.stop = done;
  } else if (!events.other_limit.empty()) {
    out.kind = RoundOutcome::Kind::kStop;
    out.limit = events.other_limit;
  }
  return out;
}

}  // namespace synack::checker::distributed
