#include "checker/distributed/search_checkpoint.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "checker/checkpoint_coverage.hpp"
#include "checker/errors.hpp"

namespace synack::checker::distributed {

std::string checkpoint_question(const CheckpointOptions& options, const Model& model,
                                const std::vector<PropertySpec>& properties, int ranks) {
  std::string id = fmt::format("{}\nslots:", options.identity);
  for (const Slot& slot : model.layout().slots()) id += fmt::format(" {}<={}", slot.name, slot.max);
  id += "\ngroups:";
  for (std::size_t g = 0; g < model.group_count(); ++g)
    id += fmt::format(" {}", model.group_name(g));
  for (const PropertySpec& p : properties)
    id += fmt::format("\nproperty {} {} {}", p.name, static_cast<int>(p.kind), p.expression);
  return id + fmt::format("\ndistributed over {} ranks", ranks);
}

RankCheckpoint capture(const SearchState& st, const Verdicts& verdicts, std::uint64_t next_parent,
                       std::uint64_t words, std::string identity) {
  RankCheckpoint d;
  d.identity = std::move(identity);
  d.words = words;
  d.depth = st.depth;
  d.level_first = st.level_first;
  d.level_last = st.level_last;
  d.next_parent = next_parent;
  d.states = st.states;
  d.transitions = st.transitions;
  d.bytes = st.bytes;
  for (std::size_t k = 0; k < verdicts.size(); ++k) d.decisions.push_back(verdicts.decision(k));
  d.row_fired = st.coverage.row_fired;
  d.group_transitions = st.coverage.group_transitions;
  d.group_new_states = st.coverage.group_new_states;
  const StateStore& store = st.owned.store;
  d.packed.resize(store.size() * words);
  for (std::uint32_t i = 0; i < store.size(); ++i) store.state(i, &d.packed[i * words]);
  d.parent_local = st.owned.parent_local;
  d.parent_rank = st.owned.parent_rank;
  for (const FrontierEntry& e : st.frontier) {
    d.frontier_index.push_back(e.index);
    d.frontier_local.push_back(e.local);
  }
  for (const FrontierEntry& e : st.next_frontier) {
    d.next_index.push_back(e.index);
    d.next_local.push_back(e.local);
  }
  return d;
}

std::uint64_t restore(SearchState& st, const RankCheckpoint& d, std::uint64_t words,
                      const std::string& where) {
  if (d.words != words)
    throw InputError(where + " does not fit this model; start afresh without --resume");
  Coverage counts;
  counts.row_fired = d.row_fired;
  counts.group_transitions = d.group_transitions;
  counts.group_new_states = d.group_new_states;
  // Before the search adds them up over the ranks, which needs as many on every rank.
  if (std::string why = coverage_shape_fault(counts, st.coverage.row_fired.size(),
                                             st.coverage.group_transitions.size());
      !why.empty())
    throw InputError(hand_made(where, "its " + why));
  for (std::size_t i = 0; i < d.parent_local.size(); ++i) {
    auto inserted = st.owned.store.insert(&d.packed[i * words], StateStore::kNoParent);
    if (!inserted || !inserted.added() || inserted.index() != i)
      throw InputError(hand_made(where, "it holds a state twice"));
  }
  // Its links are the file's: one that is no step, or a circle of them, names it when a
  // trace follows it (path_trace).
  st.owned.store.mark_restored(where);
  st.owned.parent_local = d.parent_local;
  st.owned.parent_rank = d.parent_rank;
  for (std::size_t i = 0; i < d.frontier_index.size(); ++i)
    st.frontier.push_back({d.frontier_index[i], d.frontier_local[i]});
  for (std::size_t i = 0; i < d.next_index.size(); ++i)
    st.next_frontier.push_back({d.next_index[i], d.next_local[i]});
  st.level_first = d.level_first;
  st.level_last = d.level_last;
  st.states = d.states;
  st.transitions = d.transitions;
  st.bytes = d.bytes;
  st.depth = d.depth;
  st.coverage.row_fired = d.row_fired;
  st.coverage.group_transitions = d.group_transitions;
  st.coverage.group_new_states = d.group_new_states;
  return d.next_parent;
}

bool links_fit(const SearchState& st, const std::vector<std::uint64_t>& states_per_rank) {
  const std::vector<std::uint32_t>& local = st.owned.parent_local;
  const std::vector<std::uint16_t>& rank = st.owned.parent_rank;
  if (rank.size() != local.size()) return false;
  for (std::size_t i = 0; i < local.size(); ++i)
    if (local[i] != StateStore::kNoParent &&
        (rank[i] >= states_per_rank.size() || local[i] >= states_per_rank[rank[i]]))
      return false;
  for (const auto* frontier : {&st.frontier, &st.next_frontier})
    for (const FrontierEntry& e : *frontier)
      if (e.local >= local.size()) return false;
  return true;
}

std::string hand_made(const std::string& where, const std::string& why) {
  return fmt::format(
      "{} is not a usable checkpoint: {} (a file made or edited by hand?); start afresh "
      "without --resume",
      where, why);
}

std::string roots_fault(const SearchState& st, const std::uint64_t* initial, bool owns_initial,
                        const std::string& where) {
  const std::vector<std::uint32_t>& parent = st.owned.parent_local;
  if (owns_initial) {
    std::vector<std::uint64_t> first(st.owned.store.words());
    if (!parent.empty()) st.owned.store.state(0, first.data());
    if (parent.empty() || !std::equal(first.begin(), first.end(), initial))
      return hand_made(where, "its first state is not the initial state");
    if (parent[0] != StateStore::kNoParent)
      return hand_made(where, "its first state, the initial state, has a parent");
  }
  for (std::size_t i = owns_initial ? 1 : 0; i < parent.size(); ++i)
    if (parent[i] == StateStore::kNoParent)
      return hand_made(where, fmt::format("state {} has no parent, and only the initial state "
                                          "has none",
                                          i));
  return {};
}

std::string coverage_fault(const Comm& comm, const Model& model, const SearchState& st,
                           const std::string& parts) {
  const ExplorationStats summed = sum_over_ranks(comm, st, false, "");
  const std::string why = coverage_totals_fault(summed.coverage, model, st.transitions, st.states);
  return why.empty() ? std::string() : hand_made(parts, "its parts' " + why);
}

std::string undecided_fault(const SearchState& st, const Layout& layout, const Verdicts& verdicts,
                            const RankCheckpoint& part, const std::string& where) {
  std::vector<std::size_t> undecided;
  for (std::size_t k = 0; k < part.decisions.size(); ++k)
    if (!part.decisions[k].decided) undecided.push_back(k);
  const StateStore& store = st.owned.store;
  std::vector<Value> state(layout.size());
  for (std::uint32_t i = 0; i < store.size() && !undecided.empty(); ++i) {
    store.unpack(i, layout, state.data());
    for (std::size_t k : undecided)
      if (verdicts.wants_state(k, state.data()))
        return hand_made(where, fmt::format("state {} decides {}, which it says is undecided", i,
                                            verdicts.name(k)));
  }
  return {};
}

}  // namespace synack::checker::distributed
