// Coverage and profiling of a breadth-first search (or of the liveness engine's graph,
// which is built by one, checker/state_graph.hpp): how often each row of each machine
// fired, and per transition group how many successors it generated and how many of them
// were new states. A user tuning a model sees which step blows the state space up, and
// which rows the scenario never exercises (SPIN's "unreached in proctype").
//
// The workers count the rows their block's successors fired (Model::apply_counting); the
// thread that commits a round counts transitions and new states per group successor by
// successor, in the one-thread order, and adds a block's row counts once it has taken all
// the block's successors (a block the search stops inside is counted again up to where it
// stopped). So the figures are the same with any number of threads and stop exactly where
// the search stops; the groups' totals are its transitions and states. A search resumed
// from a checkpoint starts from the counts the checkpoint stored for the parents expanded
// before it (checker/checkpoint_coverage.hpp), so its figures are those of a search never
// stopped.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace synack::checker {

struct Coverage {
  std::vector<std::uint64_t> row_fired;          // by row number (Model::row_count)
  std::vector<std::uint64_t> group_transitions;  // per group: successors generated
  std::vector<std::uint64_t> group_new_states;   // per group: of those, new to the search
  std::uint64_t states = 0;                      // states stored (the initial one included)
  std::uint64_t transitions = 0;                 // successors generated
  // The liveness engine's graph only: steps runs take that the breadth-first search folds
  // away (a delivery the receiver discards on a lossy channel, an idle clock tick). They
  // fire no row, and are left out of the figures above, which are therefore the same as
  // the breadth-first search's over the same states.
  std::uint64_t liveness_only_transitions = 0;
  bool liveness_graph = false;  // counted while the liveness engine built its graph
  // Every reachable state was expanded; otherwise `stopped_by` says why not: "every
  // property decided" or the limit hit ("max-states", ...). Rows not fired in a partial
  // search may still fire in the states it did not reach.
  bool exhaustive = false;
  std::string stopped_by;

  void reset(std::size_t rows, std::size_t groups) {
    row_fired.assign(rows, 0);
    group_transitions.assign(groups, 0);
    group_new_states.assign(groups, 0);
  }
};

}  // namespace synack::checker
