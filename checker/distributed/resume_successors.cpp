#include "checker/distributed/resume_successors.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "checker/distributed/position.hpp"
#include "checker/errors.hpp"

namespace synack::checker::distributed {

namespace {

// This rank's expanded states, in local order: every state but the level's parents from
// `next_parent` on and the next level's.
std::vector<std::uint32_t> expanded_states(const SearchState& st, std::uint64_t next_parent) {
  std::vector<bool> waiting(st.owned.parent_local.size(), false);
  for (const FrontierEntry& e : st.frontier)
    if (e.index >= next_parent) waiting[e.local] = true;
  for (const FrontierEntry& e : st.next_frontier) waiting[e.local] = true;
  std::vector<std::uint32_t> out;
  for (std::uint32_t i = 0; i < waiting.size(); ++i)
    if (!waiting[i]) out.push_back(i);
  return out;
}

}  // namespace

std::string expanded_successors_fault(const Comm& comm, const Model& model, const SearchState& st,
                                      std::uint64_t next_parent, const std::string& where,
                                      std::uint32_t sample) {
  const Layout& layout = model.layout();
  const std::size_t words = layout.words();
  const StateStore& store = st.owned.store;
  const std::vector<std::uint32_t> expanded = expanded_states(st, next_parent);
  std::vector<std::uint32_t> picked;
  const std::size_t head = std::min<std::size_t>(expanded.size(), sample);
  const std::size_t tail_from =
      std::max(head, expanded.size() - std::min<std::size_t>(expanded.size(), sample));
  picked.insert(picked.end(), expanded.begin(), expanded.begin() + head);
  picked.insert(picked.end(), expanded.begin() + tail_from, expanded.end());

  // Each successor goes to its owner as its packed words, then the sender's local index
  // and the group (for the message): a step that throws now is this rank's own finding.
  std::string failure;
  std::vector<Words> outbox(comm.size());
  std::vector<Value> from(layout.size()), to(layout.size());
  Words packed(words);
  const auto ranks = static_cast<std::uint32_t>(comm.size());
  for (std::uint32_t parent : picked) {
    store.unpack(parent, layout, from.data());
    for (std::size_t g = 0; g < model.group_count() && failure.empty(); ++g) {
      try {
        if (!model.apply(g, from.data(), to.data())) continue;
      } catch (const InputError& e) {
        failure = fmt::format(
            "{} was written by another model: rank {}'s state {}'s step {} now fails: {}; "
            "start afresh without --resume",
            where, comm.rank(), parent, model.group_name(g), e.what());
        break;
      }
      layout.pack(to.data(), packed.data());
      Words& box = outbox[owner_of(store.hash(packed.data()), ranks)];
      box.insert(box.end(), packed.begin(), packed.end());
      box.push_back(parent);
      box.push_back(g);
    }
  }
  const Received received = comm.exchange(outbox);
  const std::size_t record = words + 2;
  for (int r = 0; r < comm.size() && failure.empty(); ++r)
    for (std::size_t at = 0; at + record <= received.size_from(r); at += record) {
      const std::uint64_t* state = received.from(r) + at;
      if (store.find(state, store.hash(state))) continue;
      failure = fmt::format(
          "{} was written by another model: rank {}'s state {} is expanded there, and its "
          "step {} leads to a state rank {} does not hold (a machine changed since); start "
          "afresh without --resume",
          where, r, state[words], model.group_name(state[words + 1]), comm.rank());
      break;
    }
  return failure;
}

}  // namespace synack::checker::distributed
