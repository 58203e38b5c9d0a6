#include "checker/distributed/round_outcome.hpp"

#include <algorithm>

namespace synack::checker::distributed {

RoundOutcome settle_round(const RoundEvents& events) {
  const std::size_t n = events.first_event.size();
  RoundOutcome out;
  out.decides.assign(n, false);
  // The one-process search breaks after the parent whose expansion decides the last
  // undecided property; until then it takes every successor of every parent.
  Position last_decision = 0;
  bool all_decide = true;
  for (std::size_t k = 0; k < n; ++k) {
    if (!events.undecided[k]) continue;
    if (events.first_event[k] == kNowhere)
      all_decide = false;
    else
      last_decision = std::max(last_decision, events.first_event[k]);
  }
  const Position done =
      all_decide ? position(parent_of(last_decision), kAfterSuccessors) : kNowhere;

  if (events.error < std::min(events.cut, done)) {
    out.kind = RoundOutcome::Kind::kError;
    out.stop = events.error;
    return out;
  }
  // Decided: every property whose first event comes no later than where the search stops.
  const Position stop = std::min(events.cut, done);
  bool every_decided = true;
  for (std::size_t k = 0; k < n; ++k) {
    if (!events.undecided[k]) continue;
    out.decides[k] = events.first_event[k] <= stop && events.first_event[k] != kNowhere;
    every_decided = every_decided && out.decides[k];
  }
  if (events.cut < done) {
    // The insertion that reaches --max-states ends the parent there; if it also decided
    // the last property, the search is done rather than limited.
    out.kind = RoundOutcome::Kind::kStop;
    out.stop = events.cut;
    if (!every_decided) out.limit = "max-states";
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
