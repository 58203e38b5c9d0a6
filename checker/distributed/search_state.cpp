#include "checker/distributed/search_state.hpp"

namespace synack::checker::distributed {

ExplorationStats sum_over_ranks(const Comm& comm, const SearchState& st, bool exhausted,
                                const std::string& limit) {
  // One reduction: rows fired, then per group transitions and new states.
  const Coverage& mine = st.coverage;
  Words counts(mine.row_fired);
  counts.insert(counts.end(), mine.group_transitions.begin(), mine.group_transitions.end());
  counts.insert(counts.end(), mine.group_new_states.begin(), mine.group_new_states.end());
  comm.sum(counts);
  ExplorationStats stats;
  stats.states = st.states;
  stats.transitions = st.transitions;
  stats.depth = st.depth;
  stats.store_bytes = st.bytes;
  Coverage& c = stats.coverage;
  auto at = [&](std::size_t i) { return counts.begin() + static_cast<std::ptrdiff_t>(i); };
  const std::size_t rows = mine.row_fired.size(), groups = mine.group_transitions.size();
  c.row_fired.assign(at(0), at(rows));
  c.group_transitions.assign(at(rows), at(rows + groups));
  c.group_new_states.assign(at(rows + groups), counts.end());
  c.states = st.states;
  c.transitions = st.transitions;
  c.exhaustive = exhausted;
  c.stopped_by = exhausted ? "" : limit.empty() ? "every property decided" : limit;
  return stats;
}

}  // namespace synack::checker::distributed
