#include "checker/explicit_bfs.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>

#include "checker/errors.hpp"
#include "checker/expr.hpp"
#include "checker/state_store.hpp"
#include "checker/step_error.hpp"
#include "checker/trace.hpp"

namespace synack::checker {

namespace {

using Clock = std::chrono::steady_clock;

struct Pending {
  const PropertySpec* spec;
  std::optional<Expr> expr;  // none: deadlock-free with the machines' declared ends
  std::optional<Result> result;
};

// The store cannot hold more than StateStore::kCapacity states; asking for more is
// asking for that many.
Limits clamped(Limits limits) {
  limits.max_states = std::min<std::uint64_t>(limits.max_states, StateStore::kCapacity);
  return limits;
}

class Exploration {
 public:
  Exploration(const Model& model, const std::vector<PropertySpec>& specs, const Limits& limits,
              const ProgressFn& progress)
      : model_(model),
        progress_(progress),
        layout_(model.layout()),
        limits_(clamped(limits)),
        store_(layout_.words()),
        current_(layout_.size()),
        packed_(layout_.words()),
        batch_states_(layout_.size() * model.group_count()),
        batch_packed_(layout_.words() * model.group_count()),
        batch_hashes_(model.group_count()) {
    for (const PropertySpec& spec : specs) {
      if (is_liveness(spec.kind))
        throw std::logic_error("the breadth-first engine got liveness property " + spec.name);
      bool declared_ends = spec.kind == PropertyKind::kDeadlockFree && spec.expression.empty();
      pending_.push_back({&spec,
                          declared_ends
                              ? std::nullopt
                              : std::optional<Expr>(Expr::parse(spec.expression, layout_)),
                          std::nullopt});
    }
    undecided_ = pending_.size();
  }

  std::vector<Result> run(ExplorationStats* stats) {
    start_ = Clock::now();
    std::vector<Value> initial = model_.initial_state();
    layout_.pack(initial.data(), packed_.data());
    store_.insert(packed_.data(), StateStore::kNoParent);
    check_new_state(0, initial.data());

    std::string limit;
    std::size_t level_end = store_.size();
    std::uint32_t i = 0;
    for (; i < store_.size() && undecided_ > 0; ++i) {
      if (i == level_end) {
        ++depth_;
        level_end = store_.size();
      }
      // Time and memory are cheap to check but not free: every 1024 states is enough.
      if (store_full_ || store_.size() >= limits_.max_states || (i & 1023) == 0) {
        limit = limit_hit();
        if (!limit.empty()) break;
        report_progress(i);
      }
      expand(i);
    }
    // A store that filled up while expanding the last queued state ends the loop
    // without the check at its top: that is a limit too, never an exhaustive search.
    if (limit.empty() && store_full_) limit = "store-capacity";
    bool exhausted = limit.empty() && undecided_ > 0;
    double seconds = elapsed();

    std::vector<Result> results;
    for (Pending& p : pending_) {
      if (!p.result) p.result = final_result(p, exhausted, limit, seconds);
      results.push_back(std::move(*p.result));
    }
    if (stats) {
      stats->states = store_.size();
      stats->transitions = transitions_;
      stats->depth = depth_;
      stats->seconds = seconds;
      stats->store_bytes = store_.bytes();
      stats->packed_bytes_per_state = layout_.words() * sizeof(std::uint64_t);
    }
    return results;
  }

 private:
  // Successors are generated for the whole state first, then looked up together, so
  // that the store's cache misses overlap (see StateStore::prefetch_slot).
  void expand(std::uint32_t index) {
    layout_.unpack(store_.state(index), current_.data());
    const std::size_t slots = layout_.size(), words = layout_.words();
    std::size_t n = 0;
    for (std::size_t g = 0; g < model_.group_count(); ++g) {
      Value* next = &batch_states_[n * slots];
      if (!apply(index, g, next)) continue;
      std::uint64_t* packed = &batch_packed_[n * words];
      layout_.pack(next, packed);
      batch_hashes_[n] = store_.hash(packed);
      store_.prefetch_slot(batch_hashes_[n]);
      ++n;
    }
    for (std::size_t k = 0; k < n; ++k) store_.prefetch_candidate(batch_hashes_[k]);
    for (std::size_t k = 0; k < n; ++k) {
      ++transitions_;
      auto inserted = store_.insert(&batch_packed_[k * words], batch_hashes_[k], index);
      if (!inserted) {
        store_full_ = true;
        return;
      }
      if (inserted->second) check_new_state(inserted->first, &batch_states_[k * slots]);
      if (store_.size() >= limits_.max_states) return;
    }
    if (n == 0) check_dead_end(index, current_.data());
  }

  // A step the interpreter refuses as the user's mistake (a variable leaving its declared
  // range) ends the search: breadth first, this is a shortest run to one, shown with it.
  bool apply(std::uint32_t index, std::size_t group, Value* next) {
    try {
      return model_.apply(group, current_.data(), next);
    } catch (const InputError& e) {
      throw_step_error(model_, reconstruct_trace(model_, store_, index), group, e, "explicit");
    }
  }

  void check_new_state(std::uint32_t index, const Value* state) {
    for (Pending& p : pending_) {
      if (p.result) continue;
      if (p.spec->kind == PropertyKind::kDeadlockFree) continue;
      bool holds = p.expr->holds(state);
      if (p.spec->kind == PropertyKind::kAlways && !holds)
        decide(p, Verdict::kViolated, index);
      else if (p.spec->kind == PropertyKind::kSometimes && holds)
        decide(p, Verdict::kHolds, index);
    }
  }

  void check_dead_end(std::uint32_t index, const Value* state) {
    for (Pending& p : pending_) {
      if (p.result || p.spec->kind != PropertyKind::kDeadlockFree) continue;
      bool proper_end = p.expr ? p.expr->holds(state) : model_.proper_end(state);
      if (!proper_end) decide(p, Verdict::kViolated, index);
    }
  }

  void decide(Pending& p, Verdict verdict, std::uint32_t index) {
    Result r = base_result(p);
    r.verdict = verdict;
    r.trace = reconstruct_trace(model_, store_, index);
    verify_by_replay(model_, *r.trace);
    r.depth = r.trace->steps.size();
    p.result = std::move(r);
    --undecided_;
  }

  Result final_result(const Pending& p, bool exhausted, const std::string& limit,
                      double seconds) const {
    Result r = base_result(p);
    r.seconds = seconds;
    r.depth = depth_;
    if (!exhausted) {
      r.verdict = Verdict::kInconclusive;
      r.limit = limit;
    } else {
      // Every reachable state was seen: no violation of an invariant or deadlock
      // freedom, and no witness of a reachability property.
      r.verdict = p.spec->kind == PropertyKind::kSometimes ? Verdict::kViolated : Verdict::kHolds;
    }
    return r;
  }

  Result base_result(const Pending& p) const {
    Result r;
    r.property = p.spec->name;
    r.kind = p.spec->kind;
    r.engine = "explicit";
    r.states = store_.size();
    r.transitions = transitions_;
    r.seconds = elapsed();
    r.store_bytes = store_.bytes();
    return r;
  }

  void report_progress(std::uint32_t expanded) {
    if (!progress_) return;
    double now = elapsed();
    if (now < next_progress_) return;
    next_progress_ = now + 1.0;
    progress_({store_.size(), store_.size() - expanded, depth_, store_.bytes(), now});
  }

  std::string limit_hit() const {
    if (store_full_) return "store-capacity";
    if (store_.size() >= limits_.max_states) return "max-states";
    if (store_.bytes() >= limits_.max_memory_bytes) return "max-memory";
    if (limits_.max_seconds > 0 && elapsed() >= limits_.max_seconds) return "max-seconds";
    if (limits_.interrupt_requested()) return "interrupted";
    return {};
  }

  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  const Model& model_;
  const ProgressFn& progress_;
  double next_progress_ = 1.0;
  const Layout& layout_;
  Limits limits_;
  StateStore store_;
  std::vector<Value> current_;
  std::vector<std::uint64_t> packed_;
  // One slot per transition group: the successors of the state being expanded.
  std::vector<Value> batch_states_;
  std::vector<std::uint64_t> batch_packed_;
  std::vector<std::uint64_t> batch_hashes_;
  std::vector<Pending> pending_;
  std::size_t undecided_ = 0;
  bool store_full_ = false;
  std::uint64_t transitions_ = 0;
  std::size_t depth_ = 0;
  Clock::time_point start_;
};

}  // namespace

std::vector<Result> check_explicit(const Model& model, const std::vector<PropertySpec>& properties,
                                   const Limits& limits, ExplorationStats* stats,
                                   const ProgressFn& progress) {
  Exploration exploration(model, properties, limits, progress);
  return exploration.run(stats);
}

}  // namespace synack::checker
