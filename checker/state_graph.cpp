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
// meets them. One call per delivery edge, on the committing thread: a table indexed by
// the channel's number and the message, not a map keyed by the channel's name.
class DeliveryLabels {
 public:
  DeliveryLabels(const Model& model, StateGraph& graph) : graph_(graph) {
    std::map<std::string, std::uint32_t> channels;
    for (std::size_t g = 0; g < model.group_count(); ++g) {
      roles_.push_back(model.group_role(g));
      const GroupRole& role = roles_.back();
      auto it = channels.try_emplace(role.channel, channels.size()).first;
      channel_of_.push_back(role.kind == GroupRole::kDeliver ? it->second : kNotDelivery);
    }
    ids_.resize(channels.size());
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
    const std::uint32_t channel = channel_of_[g];
    if (channel == kNotDelivery) return 0;
    std::uint32_t* id = slot(channel, message);
    if (*id == 0) {
      graph_.deliveries.push_back({roles_[g].channel, message});
      *id = static_cast<std::uint32_t>(graph_.deliveries.size());
    }
    return *id;
  }

 private:
  static constexpr std::uint32_t kNotDelivery = 0xffffffffu;
  // Messages are small numbers (a codec's); any other value goes to the map.
  static constexpr Value kDense = 1 << 16;
  std::uint32_t* slot(std::uint32_t channel, Value message) {
    if (message < 0 || message >= kDense) return &sparse_[{channel, message}];
    std::vector<std::uint32_t>& ids = ids_[channel];
    if (static_cast<std::size_t>(message) >= ids.size())
      ids.resize(static_cast<std::size_t>(message) + 1, 0);
    return &ids[static_cast<std::size_t>(message)];
  }

  StateGraph& graph_;
  std::vector<GroupRole> roles_;
  std::vector<std::uint32_t> channel_of_;        // per group: its channel's number
  std::vector<std::vector<std::uint32_t>> ids_;  // [channel][message]: 0 or 1 + label
  std::map<std::pair<std::uint32_t, Value>, std::uint32_t> sparse_;
};

// Predicates evaluated by the workers carry one bit each; any beyond are evaluated while
// committing.
constexpr std::size_t kWorkerBits = 64;

// Builds the graph in breadth-first order: the workers expand rounds of stored states
// (checker/successors), one thread commits them parent by parent in index order, as
// explicit_bfs does, so the states, their order and every edge are those of one thread.
// With two threads or more the next round is generated while one is committed
// (Expander::generate_alongside; docs/architecture.md, "Threads").
class GraphBuilder {
 public:
  GraphBuilder(const Model& model, const std::vector<const Expr*>& predicates, const Limits& limits,
               const ProgressFn& progress)
      : model_(model),
        layout_(model.layout()),
        predicates_(predicates),
        limits_(limits),
        progress_(progress),
        max_states_(std::min<std::uint64_t>(limits.max_states, StateStore::kCapacity)),
        round_states_(
            round_states_for(limits.round_states, expansion_threads(model, limits.threads))),
        graph_(layout_, limits.store),
        labels_(model, graph_),
        scratch_(layout_.size()) {
    graph_.truth.resize(predicates.size());
    graph_.coverage.reset(model.row_count(), model.group_count());
  }

  StateGraph build() {
    std::vector<Value> initial = model_.initial_state();
    std::vector<std::uint64_t> packed(layout_.words());
    layout_.pack(initial.data(), packed.data());
    graph_.store.insert(packed.data(), StateStore::kNoParent);
    discovered(predicate_bits(initial.data()), packed.data());

    // As the breadth-first engine counts: the initial state alone can reach the limit.
    if (graph_.store.size() >= max_states_)
      graph_.limit = "max-states";
    else
      explore();
    graph_.first_edge.push_back(graph_.target.size());
    graph_.seconds = elapsed();
    Coverage& c = graph_.coverage;
    c.states = graph_.states();
    c.transitions = graph_.transitions - c.liveness_only_transitions;
    c.exhaustive = graph_.limit.empty();
    c.stopped_by = graph_.limit;
    c.liveness_graph = true;
    return std::move(graph_);
  }

 private:
  // The store has the expander's threads on loan only in here: it is handed back before
  // the graph (and its store) is moved out.
  void explore() {
    ExpansionRules rules;
    rules.liveness_steps = true;
    rules.count_rows = model_.row_count() > 0;
    rules.message_slot = labels_.message_slots();
    rules.new_state_bits = [this](const Value* s) { return predicate_bits(s); };
    Expander expander(model_, graph_.store, std::move(rules),
                      expansion_threads(model_, limits_.threads), round_states_);
    PoolLoan loan(graph_.store, expander);  // the table grows on every thread
    std::uint32_t i = 0, last = 0;          // parents [i, last) are expanded, not committed
    while (graph_.limit.empty() && i < graph_.store.size()) {
      if (i == last) {
        last = round_end(i);
        expander.expand(i, last);
      }
      auto commit_this_round = [&] {
        commit_round(expander, i);
        return graph_.limit.empty();
      };
      const std::uint32_t next_last = round_end(last);
      if (expander.threads() > 1 && next_last > last) {
        expander.generate_alongside(last, next_last, commit_this_round);
        if (graph_.limit.empty()) {
          expander.look_up();
          last = next_last;
        }
      } else {
        commit_this_round();
      }
    }
  }

  std::uint32_t round_end(std::uint32_t first) const {
    return static_cast<std::uint32_t>(
        std::min<std::size_t>(graph_.store.size(), std::size_t{first} + round_states_));
  }

  std::uint64_t predicate_bits(const Value* state) const {
    std::uint64_t bits = 0;
    for (std::size_t k = 0; k < predicates_.size() && k < kWorkerBits; ++k)
      if (predicates_[k]->holds(state)) bits |= std::uint64_t{1} << k;
    return bits;
  }
  void discovered(std::uint64_t bits, const std::uint64_t* packed_state) {
    for (std::size_t k = 0; k < predicates_.size() && k < kWorkerBits; ++k)
      graph_.truth[k].push_back((bits >> k) & 1);
    if (predicates_.size() <= kWorkerBits) return;
    layout_.unpack(packed_state, scratch_.data());
    for (std::size_t k = kWorkerBits; k < predicates_.size(); ++k)
      graph_.truth[k].push_back(predicates_[k]->holds(scratch_.data()));
  }

  // Commits the expander's round from parent i on, until its end or a limit.
  void commit_round(const Expander& expander, std::uint32_t& i) {
    for (std::size_t b = 0; b < expander.block_count() && graph_.limit.empty(); ++b) {
      const ExpandedBlock& block = expander.blocks()[b];
      prefetch_inserts(graph_.store, block);
      std::size_t committed = 0;  // the block's successors taken, for its rows
      for (std::uint32_t p = 0; p < block.parents || block.error; ++p, ++i) {
        if (i == level_end_) {
          ++graph_.depth;
          level_end_ = graph_.store.size();
        }
        if ((i & 1023) == 0) {
          check_limits(i);
          if (!graph_.limit.empty()) break;
        }
        if (p == block.parents) rethrow_expansion_error(model_, graph_.store, block);
        commit(block, p, i, committed);
        if (!graph_.limit.empty()) {
          // A limit met among its successors: the depth the breadth-first search reports
          // (a new level when the parent was its level's last, explicit_bfs.cpp).
          if (i + 1 == level_end_) ++graph_.depth;
          break;
        }
      }
      // Stopped inside the block: the rows of the successors taken before the stop only.
      add_block_rows(model_, graph_.store, block, committed, graph_.coverage);
    }
  }

  void check_limits(std::uint32_t i) {
    double now = elapsed();
    if (graph_.bytes() >= limits_.max_memory_bytes) graph_.limit = "max-memory";
    if (limits_.max_seconds > 0 && now >= limits_.max_seconds) graph_.limit = "max-seconds";
    if (limits_.interrupt_requested()) graph_.limit = "interrupted";
    if (graph_.limit.empty() && progress_ && now >= next_progress_) {
      next_progress_ = now + 1.0;
      progress_({graph_.store.size(), graph_.store.size() - i, graph_.depth, graph_.bytes(), now});
    }
  }

  // Parent p of the block (state `parent`): its out-edges, storing the new states.
  void commit(const ExpandedBlock& block, std::uint32_t p, std::uint32_t parent,
              std::size_t& committed) {
    graph_.first_edge.push_back(graph_.target.size());
    // The new state a step only runs take reaches (a discarded delivery, folded into the
    // loss of the same message) is stored after the parent's other successors, where the
    // breadth-first engine stores it: the states come in the same order, and so the
    // coverage is the same. (Were no other step of the parent to reach it, it would be
    // stored last and counted as its own group's new state.)
    deferred_.clear();
    const std::uint32_t begin = p == 0 ? 0 : block.end[p - 1];
    for (std::uint32_t k = begin; k < block.end[p] && graph_.limit.empty(); ++k) {
      const Successor& s = block.successors[k];
      std::uint32_t target = s.index;
      if (!s.known && s.liveness_only) {
        auto found =
            graph_.store.find(&block.packed[s.index * layout_.words()], block.hashes[s.index]);
        if (!found) deferred_.push_back({graph_.target.size(), k});
        target = found.value_or(0);
      } else if (!s.known) {
        auto inserted = store_new(block, s, parent);
        if (!inserted) break;
        target = *inserted;
      }
      add_edge(s, block.messages.empty() ? -1 : block.messages[k], target);
      committed = k + 1;
    }
    for (const auto& [edge, k] : deferred_) {
      if (!graph_.limit.empty()) break;
      auto inserted = store_new(block, block.successors[k], parent);
      if (inserted) graph_.target[edge] = *inserted;
    }
  }

  // Stores a new state a successor reached (counting it for the successor's group), or
  // finds the one stored already; none when the store is full. graph_.limit names the
  // limit the state hit, if it did.
  std::optional<std::uint32_t> store_new(const ExpandedBlock& block, const Successor& s,
                                         std::uint32_t parent) {
    const std::uint64_t* state = &block.packed[s.index * layout_.words()];
    // From where the worker's lookup left off: the slots before it hold other states.
    auto inserted =
        graph_.store.insert(state, block.hashes[s.index], parent, block.probe_ends[s.index]);
    if (!inserted) {
      graph_.limit = "store-capacity";
      return std::nullopt;
    }
    if (inserted.added()) {
      discovered(block.new_bits[s.index], state);
      ++graph_.coverage.group_new_states[s.group];
    }
    // As in the breadth-first engine: reaching the limit is hitting it, and the step that
    // reached the last state is counted (its edge added; the caller stops after it).
    if (inserted.added() && graph_.store.size() >= max_states_)
      graph_.limit = max_states_ == StateStore::kCapacity ? "store-capacity" : "max-states";
    return inserted.index();
  }

  void add_edge(const Successor& s, Value message, std::uint32_t target) {
    ++graph_.transitions;
    graph_.target.push_back(target);
    graph_.group.push_back(s.group);
    graph_.delivery.push_back(labels_.label(s.group, message));
    if (s.liveness_only)
      ++graph_.coverage.liveness_only_transitions;
    else
      ++graph_.coverage.group_transitions[s.group];
  }

  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  const Model& model_;
  const Layout& layout_;
  const std::vector<const Expr*>& predicates_;
  const Limits& limits_;
  const ProgressFn& progress_;
  const Clock::time_point start_ = Clock::now();
  const std::uint64_t max_states_;
  const std::uint32_t round_states_;
  StateGraph graph_;
  DeliveryLabels labels_;
  std::vector<Value> scratch_;
  std::vector<std::pair<std::size_t, std::uint32_t>> deferred_;  // (edge, successor)
  std::size_t level_end_ = 1;
  double next_progress_ = 1.0;
};

}  // namespace

StateGraph explore_graph(const Model& model, const std::vector<const Expr*>& predicates,
                         const Limits& limits, const ProgressFn& progress) {
  if (model.group_count() > std::numeric_limits<std::uint16_t>::max())
    throw std::logic_error("more transition groups than the state graph can label");
  return GraphBuilder(model, predicates, limits, progress).build();
}

}  // namespace synack::checker
