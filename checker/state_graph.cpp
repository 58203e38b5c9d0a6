#include "checker/state_graph.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <stdexcept>

namespace synack::checker {

std::size_t StateGraph::bytes() const {
  return store.bytes() + first_edge.capacity() * sizeof(std::uint64_t) +
         target.capacity() * sizeof(std::uint32_t) + group.capacity() * sizeof(std::uint16_t) +
         delivery.capacity() * sizeof(std::uint32_t) + truth.size() * (states() / 8 + 1);
}

namespace {

using Clock = std::chrono::steady_clock;

// Which message a delivery edge carries: groups know their channel and slot; the state
// knows the message.
class DeliveryLabels {
 public:
  DeliveryLabels(const Model& model, StateGraph& graph) : graph_(graph) {
    for (std::size_t g = 0; g < model.group_count(); ++g) roles_.push_back(model.group_role(g));
  }
  std::uint32_t label(std::size_t g, const Value* from) {
    const GroupRole& role = roles_[g];
    if (role.kind != GroupRole::kDeliver) return 0;
    Value message = from[role.message_slot] - 1;
    auto [it, inserted] = ids_.try_emplace({role.channel, message}, 0);
    if (inserted) {
      graph_.deliveries.push_back({role.channel, message});
      it->second = static_cast<std::uint32_t>(graph_.deliveries.size());
    }
    return it->second;
  }

 private:
  StateGraph& graph_;
  std::vector<GroupRole> roles_;
  std::map<std::pair<std::string, Value>, std::uint32_t> ids_;
};

}  // namespace

StateGraph explore_graph(const Model& model, const std::vector<const Expr*>& predicates,
                         const Limits& limits, const ProgressFn& progress) {
  if (model.group_count() > std::numeric_limits<std::uint16_t>::max())
    throw std::logic_error("more transition groups than the state graph can label");
  const Layout& layout = model.layout();
  const auto start = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  const std::uint64_t max_states =
      std::min<std::uint64_t>(limits.max_states, StateStore::kCapacity);

  StateGraph graph(layout.words());
  graph.truth.resize(predicates.size());
  DeliveryLabels labels(model, graph);
  std::vector<Value> current(layout.size()), next(layout.size());
  std::vector<std::uint64_t> packed(layout.words());
  auto discovered = [&](const Value* state) {
    for (std::size_t k = 0; k < predicates.size(); ++k)
      graph.truth[k].push_back(predicates[k]->holds(state));
  };

  std::vector<Value> initial = model.initial_state();
  layout.pack(initial.data(), packed.data());
  graph.store.insert(packed.data(), StateStore::kNoParent);
  discovered(initial.data());

  double next_progress = 1.0;
  std::size_t level_end = 1;
  for (std::uint32_t i = 0; i < graph.store.size(); ++i) {
    if (i == level_end) {
      ++graph.depth;
      level_end = graph.store.size();
    }
    if ((i & 1023) == 0) {
      double now = elapsed();
      if (graph.bytes() >= limits.max_memory_bytes) graph.limit = "max-memory";
      if (limits.max_seconds > 0 && now >= limits.max_seconds) graph.limit = "max-seconds";
      if (limits.interrupt_requested()) graph.limit = "interrupted";
      if (!graph.limit.empty()) break;
      if (progress && now >= next_progress) {
        next_progress = now + 1.0;
        progress({graph.store.size(), graph.store.size() - i, graph.depth, graph.bytes(), now});
      }
    }
    graph.first_edge.push_back(graph.target.size());
    layout.unpack(graph.store.state(i), current.data());
    for (std::size_t g = 0; g < model.group_count(); ++g) {
      if (!model.apply(g, current.data(), next.data()) &&
          !model.discarding_delivery(g, current.data(), next.data()))
        continue;
      layout.pack(next.data(), packed.data());
      auto inserted = graph.store.insert(packed.data(), i);
      if (!inserted) {
        graph.limit = "store-capacity";
        break;
      }
      // As in the breadth-first engine: reaching the limit is hitting it.
      if (inserted->second && graph.store.size() >= max_states) {
        graph.limit = max_states == StateStore::kCapacity ? "store-capacity" : "max-states";
        break;
      }
      if (inserted->second) discovered(next.data());
      ++graph.transitions;
      graph.target.push_back(inserted->first);
      graph.group.push_back(static_cast<std::uint16_t>(g));
      graph.delivery.push_back(labels.label(g, current.data()));
    }
    if (!graph.limit.empty()) break;
  }
  graph.first_edge.push_back(graph.target.size());
  graph.seconds = elapsed();
  return graph;
}

}  // namespace synack::checker
