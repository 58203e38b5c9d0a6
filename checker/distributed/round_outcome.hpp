// How a round of the distributed search ends, decided from what every rank found in it.
//
// A round expands a range of parents (by global index) on every rank at once. The
// one-process search would have taken the same parents one after the other, stopping at
// the first of: a machine that throws while a parent is expanded, the insertion that
// reaches --max-states, or the end of the parent that decides the last undecided
// property (under --max-errors, that gives a property the last violation it wants). Once the ranks
// have agreed on the earliest position of each kind (a MIN over positions,
// checker/distributed/position.hpp), this function says which of them the one-process search meets
// first, and so what the distributed search reports. Pure: the tests check it without MPI.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "checker/distributed/position.hpp"

namespace synack::checker::distributed {

struct RoundEvents {
  // Per property: the earliest position in the round that decides it (a violating or
  // witnessing state's key, a dead end's kAfterSuccessors); kNowhere when nothing does,
  // or the property was decided before the round.
  std::vector<Position> first_event;
  std::vector<bool> undecided;  // per property, at the start of the round
  // Per property: whether it still wants a state at the start of the round (undecided,
  // or under --max-errors short of violations), and the position where it has all it
  // wants (its first event, or the last violation it wants); kNowhere when this round
  // does not get it there.
  std::vector<bool> wanting;
  std::vector<Position> satisfied;
  Position error = kNowhere;  // the earliest parent a machine threw on
  Position cut = kNowhere;    // the insertion of the --max-states-th state, in this round
  // A limit every rank checks for itself (time, memory, a signal): it ends the search
  // after the round; empty when none was hit.
  std::string other_limit;
};

struct RoundOutcome {
  enum class Kind {
    kGoOn,   // nothing stops the search in this round
    kError,  // a machine threw at `stop` before anything else stopped the search
    kStop,   // the search ends at `stop` (kNowhere: after the whole round)
  };
  Kind kind = Kind::kGoOn;
  Position stop = kNowhere;
  std::vector<bool> decides;  // per property: decided by its first_event in this round
  std::string limit;  // with kStop: the limit that ended it, empty if every property is decided
};

RoundOutcome settle_round(const RoundEvents& events);

}  // namespace synack::checker::distributed
