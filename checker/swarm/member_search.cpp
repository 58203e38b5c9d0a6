#include "checker/swarm/member_search.hpp"

#include <algorithm>
#include <random>

#include "checker/errors.hpp"
#include "checker/state_store.hpp"
#include "checker/swarm/shortest_within.hpp"

namespace synack::checker {

namespace {

constexpr std::size_t kNoGroup = static_cast<std::size_t>(-1);

class MemberSearch {
 public:
  MemberSearch(const Model& model, const Targets& targets, const MemberPlan& plan,
               const SwarmOptions& options, SwarmClock::time_point swarm_start, MemberFindings& out)
      : model_(model),
        layout_(model.layout()),
        targets_(targets),
        plan_(plan),
        options_(options),
        swarm_start_(swarm_start),
        out_(out),
        rng_(plan.seed),
        store_(layout_, options.store),
        packed_(layout_.words()),
        next_(layout_.size()),
        probe_(layout_.size()),
        bound_(plan.depth_bound) {
    out_.paths.resize(targets.size());
    MemberReport& r = out_.report;
    r.index = plan.index;
    r.seed = plan.seed;
    r.depth_bound = plan.depth_bound;
    r.rotates = plan.rotates;
    r.found_length.assign(targets.size(), 0);
    r.shortened_length.assign(targets.size(), 0);
  }

  void run() {
    const auto start = SwarmClock::now();
    search();
    MemberReport& r = out_.report;
    r.states = store_.size();
    r.seconds = std::chrono::duration<double>(SwarmClock::now() - start).count();
    for (std::size_t k = 0; k < targets_.size(); ++k)
      if (out_.paths[k]) r.found_length[k] = out_.paths[k]->size();
    // Every finding is a state in the visited set: the shortest way there through visited
    // states is no longer than the path the search took.
    auto shorter = shortest_within(model_, targets_, store_, out_.paths, [&] {
      return out_of_time() ||
             (options_.interrupted && options_.interrupted->load(std::memory_order_relaxed));
    });
    for (std::size_t k = 0; k < targets_.size(); ++k) {
      if (shorter[k] && shorter[k]->size() < out_.paths[k]->size()) out_.paths[k] = shorter[k];
      if (out_.paths[k]) r.shortened_length[k] = out_.paths[k]->size();
    }
    out_.store_bytes = store_.bytes();
    out_.hashes.reserve(store_.size());
    std::vector<std::uint64_t> packed(store_.words());
    for (std::uint32_t i = 0; i < store_.size(); ++i) {
      store_.state(i, packed.data());
      out_.hashes.push_back(store_.hash(packed.data()));
    }
    std::sort(out_.hashes.begin(), out_.hashes.end());
  }

 private:
  struct Frame {
    std::size_t via = kNoGroup;  // the group that led here
    std::size_t tried = 0;       // groups tried so far
    std::size_t offset = 0;      // where in the member's order this state starts
    bool any_enabled = false;
  };

  void search() {
    std::vector<Value> initial = model_.initial_state();
    layout_.pack(initial.data(), packed_.data());
    store_.insert(packed_.data(), StateStore::kNoParent);
    min_depth_.push_back(0);
    check_state(initial.data(), kNoGroup);
    push(initial.data(), kNoGroup);
    const std::size_t groups = plan_.group_order.size();
    std::uint64_t since_check = 0;
    while (!frames_.empty()) {
      if (++since_check == 256) {
        since_check = 0;
        if (limit_hit()) return;
      }
      const std::size_t depth = frames_.size() - 1;
      Frame& top = frames_.back();
      // Tightened below this state's depth: nothing from here can be shorter.
      if (depth >= bound_ && top.tried < groups) {
        out_.report.depth_cut = true;
        if (!top.any_enabled) check_dead_end_at_bound(state_at(depth), kNoGroup);
        if (out_.step_failure) return;
        pop();
        continue;
      }
      if (top.tried == groups) {
        if (!top.any_enabled) check_dead_end(state_at(depth), kNoGroup);
        pop();
        continue;
      }
      const std::size_t g = plan_.group_order[(top.offset + top.tried++) % groups];
      if (!apply(g, state_at(depth))) {
        if (out_.step_failure) return;
        continue;
      }
      frames_.back().any_enabled = true;
      ++out_.report.transitions;
      visit(g, depth + 1);
      if (out_.step_failure) return;
      if (store_.size() >= options_.member_states ||
          out_.report.expansions >= options_.member_states) {
        out_.report.stopped_by = "max-states";
        return;
      }
    }
  }

  // The successor in next_, reached by group g at `depth`.
  void visit(std::size_t g, std::size_t depth) {
    layout_.pack(next_.data(), packed_.data());
    const std::uint64_t h = store_.hash(packed_.data());
    store::ProbeEnd end;  // where a miss left off: the insert below resumes there
    if (auto known = store_.find(packed_.data(), h, &end)) {
      // Until the search first leaves a state unexpanded at its bound, every state it
      // expanded had its successors searched in full: meeting one again higher up adds
      // nothing, and searching it again would only cost.
      if (!out_.report.depth_cut || min_depth_[*known] <= depth) return;
      min_depth_[*known] = static_cast<std::uint32_t>(depth);
    } else {
      store_.insert(packed_.data(), h, StateStore::kNoParent, end);
      min_depth_.push_back(static_cast<std::uint32_t>(depth));
    }
    out_.report.max_depth = std::max(out_.report.max_depth, depth);
    check_state(next_.data(), g);
    if (depth < bound_) {
      push(next_.data(), g);
    } else {
      out_.report.depth_cut = true;
      if (targets_.any_deadlock()) check_dead_end_at_bound(next_.data(), g);
    }
  }

  bool apply(std::size_t g, const Value* from) {
    try {
      return model_.apply(g, from, next_.data());
    } catch (const InputError& e) {
      out_.step_failure = StepFailure{current_path(kNoGroup), g, e.what()};
      out_.report.stopped_by = "step error";
      return false;
    }
  }

  // A state left unexpanded at the depth bound (the top frame's, or its successor by
  // `via`): a dead end if no group is enabled there.
  void check_dead_end_at_bound(const Value* state, std::size_t via) {
    for (std::size_t g = 0; g < model_.group_count(); ++g) {
      try {
        if (model_.apply(g, state, probe_.data())) return;
      } catch (const InputError& e) {
        out_.step_failure = StepFailure{current_path(via), g, e.what()};
        out_.report.stopped_by = "step error";
        return;
      }
    }
    check_dead_end(state, via);
  }

  void check_state(const Value* state, std::size_t via) {
    for (std::size_t k = 0; k < targets_.size(); ++k)
      if (targets_.state_decides(k, state)) record(k, via);
  }

  void check_dead_end(const Value* state, std::size_t via) {
    for (std::size_t k = 0; k < targets_.size(); ++k)
      if (targets_.dead_end_decides(k, state)) record(k, via);
  }

  // The path to the top frame's state, then `via` when it is a group.
  std::vector<std::size_t> current_path(std::size_t via) const {
    std::vector<std::size_t> path;
    path.reserve(frames_.size());
    for (std::size_t i = 1; i < frames_.size(); ++i) path.push_back(frames_[i].via);
    if (via != kNoGroup) path.push_back(via);
    return path;
  }

  void record(std::size_t k, std::size_t via) {
    const std::size_t length =
        (frames_.empty() ? 0 : frames_.size() - 1) + (via != kNoGroup ? 1 : 0);
    std::optional<std::vector<std::size_t>>& best = out_.paths[k];
    if (best && best->size() <= length) return;
    best = current_path(via);
    if (out_.report.first_find_seconds < 0)
      out_.report.first_find_seconds =
          std::chrono::duration<double>(SwarmClock::now() - swarm_start_).count();
    tighten();
  }

  // Every property has a finding: only shorter ones are of use now.
  void tighten() {
    std::size_t longest = 0;
    for (const auto& p : out_.paths) {
      if (!p) return;
      longest = std::max(longest, p->size());
    }
    if (longest == 0) {
      bound_ = 0;
      return;
    }
    bound_ = std::min(bound_, longest - 1);
  }

  void push(const Value* state, std::size_t via) {
    const std::size_t slots = layout_.size();
    const std::size_t depth = frames_.size();
    if (stack_states_.size() < (depth + 1) * slots) stack_states_.resize((depth + 1) * slots);
    std::copy_n(state, slots, &stack_states_[depth * slots]);
    Frame f;
    f.via = via;
    const std::size_t groups = plan_.group_order.size();
    if (plan_.rotates && groups > 0) f.offset = static_cast<std::size_t>(rng_() % groups);
    frames_.push_back(f);
    ++out_.report.expansions;
  }

  void pop() { frames_.pop_back(); }

  const Value* state_at(std::size_t depth) const { return &stack_states_[depth * layout_.size()]; }

  bool out_of_time() const {
    return options_.max_seconds > 0 &&
           std::chrono::duration<double>(SwarmClock::now() - swarm_start_).count() >=
               options_.max_seconds;
  }

  bool limit_hit() {
    std::string& why = out_.report.stopped_by;
    if (store_.bytes() >= options_.member_memory_bytes)
      why = "max-memory";
    else if (out_of_time())
      why = "max-seconds";
    else if (options_.interrupted && options_.interrupted->load(std::memory_order_relaxed))
      why = "interrupted";
    return !why.empty();
  }

  const Model& model_;
  const Layout& layout_;
  const Targets& targets_;
  const MemberPlan& plan_;
  const SwarmOptions& options_;
  SwarmClock::time_point swarm_start_;
  MemberFindings& out_;
  std::mt19937_64 rng_;
  StateStore store_;
  std::vector<std::uint32_t> min_depth_;  // per stored state
  std::vector<Frame> frames_;
  std::vector<Value> stack_states_;  // the frames' states, layout_.size() each
  std::vector<std::uint64_t> packed_;
  std::vector<Value> next_, probe_;
  std::size_t bound_;
};

}  // namespace

MemberFindings search_member(const Model& model, const Targets& targets, const MemberPlan& plan,
                             const SwarmOptions& options, SwarmClock::time_point swarm_start) {
  MemberFindings findings;
  try {
    MemberSearch search(model, targets, plan, options, swarm_start, findings);
    search.run();
  } catch (...) {
    findings.error = std::current_exception();
  }
  return findings;
}

}  // namespace synack::checker
