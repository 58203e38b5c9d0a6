// A rank's search state as a checkpoint part and back (rank_checkpoint.hpp), and the
// question a distributed checkpoint answers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checker/checkpoint.hpp"
#include "checker/distributed/comm.hpp"
#include "checker/distributed/rank_checkpoint.hpp"
#include "checker/distributed/search_state.hpp"
#include "checker/distributed/verdicts.hpp"
#include "checker/model.hpp"

namespace synack::checker::distributed {

// The caller's identity (scenario, parameters, synack), what the search sees of the model
// and the properties, and the number of ranks: a checkpoint resumes only the same search.
std::string checkpoint_question(const CheckpointOptions& options, const Model& model,
                                const std::vector<PropertySpec>& properties, int ranks);

// This rank's part, with `next_parent` the first parent of the next round.
RankCheckpoint capture(const SearchState& state, const Verdicts& verdicts,
                       std::uint64_t next_parent, std::uint64_t words, std::string identity);

// Puts the part's states back in the store in their order (so every local index is the
// one the parents and the frontier name), and the rest as it was, its coverage counts
// too. Returns the next round's first parent. InputError when the part does not fit this
// model (its coverage counts included: one per row and per group).
std::uint64_t restore(SearchState& state, const RankCheckpoint& part, std::uint64_t words,
                      const std::string& where);

// After restore(), with `states_per_rank` every rank's count: every parent link names a
// state its rank holds (or none), and the frontiers states this rank holds. A part with a
// valid checksum can still be made by hand; a trace follows the links across ranks.
bool links_fit(const SearchState& state, const std::vector<std::uint64_t>& states_per_rank);

// The line that refuses `where`, a part whose checksum matches but which no search wrote.
std::string hand_made(const std::string& where, const std::string& why);

// After restore(): what is wrong with the part's roots, or "". Every trace ends at a state
// without a parent, which must be the initial state (`initial`, packed), first on the rank
// that owns it (`owns_initial`) as the search stored it; any other would have each trace
// through it fail its replay (exit 4) instead of the file being refused.
std::string roots_fault(const SearchState& state, const std::uint64_t* initial, bool owns_initial,
                        const std::string& where);

// After restore(), collective: what is wrong with the parts' coverage counts (naming
// `parts`, the generation's directory), or "". A part's own counts cannot be checked
// against anything (a transition is counted by its parent's rank, the new state by its
// owner's), but added up over the ranks they must be the search's figures, which every
// part holds; the same sum and answer on every rank.
std::string coverage_fault(const Comm& comm, const Model& model, const SearchState& state,
                           const std::string& parts);

// After restore(): a state this rank holds that decides a property `part` calls undecided
// (as a new state: an invariant broken, a goal met), or "". Every state was checked as it
// was stored, so a part edited to clear a decision would have the resume say holds on a
// violation. The one-process resume also checks that each decider is the first state in
// index order to decide its property (SafetyVerdicts::restore); a rank does not know its
// states' global order. Deadlock freedom is decided at dead ends, which would take every
// state's successors to find again: not checked, as in one process.
std::string undecided_fault(const SearchState& state, const Layout& layout,
                            const Verdicts& verdicts, const RankCheckpoint& part,
                            const std::string& where);

}  // namespace synack::checker::distributed
