#include "checker/state_graph.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <utility>

#include "checker/coverage_count.hpp"
#include "checker/successors.hpp"

namespace synack::checker {

std::size_t StateGraph::bytes() const {
  return store.bytes() + first_edge.capacity() * sizeof(std::uint64_t) +
         target.capacity() * sizeof(std::uint32_t) + group.capacity() * sizeof(std::uint16_t) +
         delivery.capacity() * sizeof(std::uint32_t) + truth.size() * (states() / 8 + 1);
}

namespace {

using Clock = std::chrono::steady_clock;

// Numbers the (channel, message) pairs delivery edges carry, in the order the commit
// meets them.
class DeliveryLabels {
 public:
  DeliveryLabels(const Model& model, StateGraph& graph) : graph_(graph) {
    for (std::size_t g = 0; g < model.group_count(); ++g) roles_.push_back(model.group_role(g));
  }
  // Per group, the slot holding the message it delivers (for the workers), or -1.
  std::vector<std::int64_t> message_slots() const {
    std::vector<std::int64_t> slots;
    for (const GroupRole& role : roles_)
      slots.push_back(
          role.kind == GroupRole::kDeliver ? static_cast<std::int64_t>(role.message_slot) : -1);
    return slots;
  }
  std::uint32_t label(std::size_t g, Value message) {
    const GroupRole& role = roles_[g];
    if (role.kind != GroupRole::kDeliver) return 0;
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

// Predicates evaluated by the workers carry one bit each; any beyond are evaluated while
// committing.
constexpr std::size_t kWorkerBits = 64;

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

  StateGraph graph(layout, limits.store);
  graph.truth.resize(predicates.size());
  DeliveryLabels labels(model, graph);
  std::vector<Value> scratch(layout.size());
  std::vector<std::uint64_t> packed(layout.words());
  auto predicate_bits = [&](const Value* state) {
    std::uint64_t bits = 0;
    for (std::size_t k = 0; k < predicates.size() && k < kWorkerBits; ++k)
      if (predicates[k]->holds(state)) bits |= std::uint64_t{1} << k;
    return bits;
  };
  auto discovered = [&](std::uint64_t bits, const std::uint64_t* packed_state) {
    for (std::size_t k = 0; k < predicates.size() && k < kWorkerBits; ++k)
      graph.truth[k].push_back((bits >> k) & 1);
    if (predicates.size() <= kWorkerBits) return;
    layout.unpack(packed_state, scratch.data());
    for (std::size_t k = kWorkerBits; k < predicates.size(); ++k)
      graph.truth[k].push_back(predicates[k]->holds(scratch.data()));
  };

  std::vector<Value> initial = model.initial_state();
  layout.pack(initial.data(), packed.data());
  graph.store.insert(packed.data(), StateStore::kNoParent);
  discovered(predicate_bits(initial.data()), packed.data());

  // Stores a new state a successor reached (counting it for the successor's group), or
  // finds the one stored already; none at a limit, which graph.limit then names.
  auto store_new = [&](const ExpandedBlock& block, const Successor& s,
                       std::uint32_t parent) -> std::optional<std::uint32_t> {
    const std::uint64_t* state = &block.packed[s.index * layout.words()];
    auto inserted = graph.store.insert(state, block.hashes[s.index], parent);
    if (!inserted) {
      graph.limit = "store-capacity";
      return std::nullopt;
    }
    if (inserted->second) {
      discovered(s.bits, state);
      ++graph.coverage.group_new_states[s.group];
    }
    // As in the breadth-first engine: reaching the limit is hitting it.
    if (inserted->second && graph.store.size() >= max_states) {
      graph.limit = max_states == StateStore::kCapacity ? "store-capacity" : "max-states";
      return std::nullopt;
    }
    return inserted->first;
  };
  auto add_edge = [&](const Successor& s, std::uint32_t target) {
    ++graph.transitions;
    graph.target.push_back(target);
    graph.group.push_back(s.group);
    graph.delivery.push_back(labels.label(s.group, s.message));
    if (s.liveness_only)
      ++graph.coverage.liveness_only_transitions;
    else
      ++graph.coverage.group_transitions[s.group];
  };
  graph.coverage.reset(model.row_count(), model.group_count());

  ExpansionRules rules;
  rules.liveness_steps = true;
  rules.count_rows = model.row_count() > 0;
  rules.message_slot = labels.message_slots();
  rules.new_state_bits = predicate_bits;
  Expander expander(model, graph.store, std::move(rules), expansion_threads(model, limits.threads),
                    limits.round_states);
  const std::uint32_t round_states = std::max<std::uint32_t>(limits.round_states, 1);
  const std::size_t words = layout.words();
  double next_progress = 1.0;
  std::size_t level_end = 1;
  std::uint32_t i = 0;
  std::vector<std::pair<std::size_t, std::uint32_t>> deferred;  // (edge, successor)
  while (graph.limit.empty() && i < graph.store.size()) {
    // The workers expand a chunk of what is stored; the commit records it in order.
    std::uint32_t last = static_cast<std::uint32_t>(
        std::min<std::size_t>(graph.store.size(), std::size_t{i} + round_states));
    expander.expand(i, last);
    for (std::size_t b = 0; b < expander.block_count() && graph.limit.empty(); ++b) {
      const ExpandedBlock& block = expander.blocks()[b];
      // The commit's lookups miss the cache as the workers' did: start them all now.
      for (std::uint64_t h : block.hashes) graph.store.prefetch_slot(h);
      std::size_t committed = 0;  // the block's successors taken, for its rows
      for (std::uint32_t p = 0; p < block.parents || block.error; ++p, ++i) {
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
        if (p == block.parents) rethrow_expansion_error(model, graph.store, block);
        graph.first_edge.push_back(graph.target.size());
        // The new state a step only runs take reaches (a discarded delivery, folded into
        // the loss of the same message) is stored after the parent's other successors, where
        // the breadth-first engine stores it: the states come in the same order, and so
        // the coverage is the same. (Were no other step of the parent to reach it, it would
        // be stored last and counted as its own group's new state.)
        deferred.clear();
        const std::uint32_t begin = p == 0 ? 0 : block.end[p - 1];
        for (std::uint32_t k = begin; k < block.end[p] && graph.limit.empty(); ++k) {
          const Successor& s = block.successors[k];
          std::uint32_t target = s.index;
          if (!s.known && s.liveness_only) {
            auto found = graph.store.find(&block.packed[s.index * words], block.hashes[s.index]);
            if (!found) deferred.push_back({graph.target.size(), k});
            target = found.value_or(0);
          } else if (!s.known) {
            auto inserted = store_new(block, s, i);
            if (!inserted) break;
            target = *inserted;
          }
          add_edge(s, target);
          committed = k + 1;
        }
        for (const auto& [edge, k] : deferred) {
          if (!graph.limit.empty()) break;
          auto inserted = store_new(block, block.successors[k], i);
          if (inserted) graph.target[edge] = *inserted;
        }
        if (!graph.limit.empty()) break;
      }
      // Stopped inside the block: the rows of the successors taken before the stop only.
      add_block_rows(model, graph.store, block, committed, graph.coverage);
    }
  }
  graph.first_edge.push_back(graph.target.size());
  graph.seconds = elapsed();
  Coverage& c = graph.coverage;
  c.states = graph.states();
  c.transitions = graph.transitions - c.liveness_only_transitions;
  c.exhaustive = graph.limit.empty();
  c.stopped_by = graph.limit;
  c.liveness_graph = true;
  return graph;
}

}  // namespace synack::checker
