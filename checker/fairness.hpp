// The fairness a liveness property assumes, written as a list of constraints:
//
//   wf(NAME)       weak fairness: if NAME can take a step continuously from some point on,
//                  it takes one infinitely often. NAME is an actor (its application calls
//                  and timer expiries together), one transition group ("sender.timeout",
//                  "c2s.deliver[0]"), or "clock" (the tick of timed models). NAME may
//                  be an array of actors (`rm` for rm[0], rm[1], ...): each member on its own.
//   fair-loss(CH)  strong fairness of delivery, per message: a message whose delivery on
//                  channel CH is possible infinitely often is delivered infinitely often.
//                  So a message resent forever is not lost forever, yet any single copy
//                  may still be lost. `fair-loss` alone: every channel; CH may name an
//                  array of channels (`tm_rm` for tm_rm[0], tm_rm[1], ...).
//
// Runs are infinite: a state without successors repeats forever (it has nothing
// enabled, so every constraint holds there). Without fairness a run that can take a step
// takes one, but may take the same kind of step forever.
#pragma once

#include <string>
#include <vector>

#include "checker/model.hpp"

namespace synack::checker {

struct Fairness {
  struct Weak {
    std::string name;
    std::vector<bool> groups;  // the groups that count as a step of it
  };
  std::vector<Weak> weak;
  std::vector<std::string> fair_channels;

  bool fair_channel(const std::string& channel) const;
};

// Throws InputError for an unknown constraint, actor, group or channel, naming the
// valid ones.
Fairness resolve_fairness(const std::vector<std::string>& constraints, const Model& model);

}  // namespace synack::checker
