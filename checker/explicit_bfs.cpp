#include "checker/explicit_bfs.hpp"

#include <chrono>
#include <limits>
#include <optional>

#include "checker/errors.hpp"
#include "checker/expr.hpp"
#include "checker/state_store.hpp"
#include "checker/trace.hpp"

namespace synack::checker {

namespace {

using Clock = std::chrono::steady_clock;

struct Pending {
  const PropertySpec* spec;
  Expr expr;
  std::optional<Result> result;
};

class Exploration {
 public:
  Exploration(const Model& model, const std::vector<PropertySpec>& specs, const Limits& limits)
      : model_(model),
        layout_(model.layout()),
        limits_(limits),
        store_(layout_.words()),
        current_(layout_.size()),
        next_(layout_.size()),
        packed_(layout_.words()) {
    if (model.group_count() > std::numeric_limits<std::uint16_t>::max())
      throw InternalError("model has more transition groups than the store can record");
    for (const PropertySpec& spec : specs)
      pending_.push_back({&spec, Expr::parse(spec.expression, layout_), std::nullopt});
    undecided_ = pending_.size();
  }

  std::vector<Result> run(ExplorationStats* stats) {
    start_ = Clock::now();
    std::vector<Value> initial = model_.initial_state();
    layout_.pack(initial.data(), packed_.data());
    store_.insert(packed_.data(), StateStore::kNoParent, 0);
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
      if (store_.size() >= limits_.max_states || (i & 1023) == 0) {
        limit = limit_hit();
        if (!limit.empty()) break;
      }
      expand(i);
    }
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
  void expand(std::uint32_t index) {
    layout_.unpack(store_.state(index), current_.data());
    std::size_t successors = 0;
    for (std::size_t g = 0; g < model_.group_count(); ++g) {
      if (!model_.apply(g, current_.data(), next_.data())) continue;
      ++successors;
      ++transitions_;
      layout_.pack(next_.data(), packed_.data());
      auto [at, fresh] = store_.insert(packed_.data(), index, static_cast<std::uint16_t>(g));
      if (fresh) check_new_state(at, next_.data());
      if (store_.size() >= limits_.max_states) break;
    }
    if (successors == 0) check_dead_end(index, current_.data());
  }

  void check_new_state(std::uint32_t index, const Value* state) {
    for (Pending& p : pending_) {
      if (p.result) continue;
      bool holds = p.expr.holds(state);
      if (p.spec->kind == PropertyKind::kAlways && !holds)
        decide(p, Verdict::kViolated, index);
      else if (p.spec->kind == PropertyKind::kSometimes && holds)
        decide(p, Verdict::kHolds, index);
    }
  }

  void check_dead_end(std::uint32_t index, const Value* state) {
    for (Pending& p : pending_)
      if (!p.result && p.spec->kind == PropertyKind::kDeadlockFree && !p.expr.holds(state))
        decide(p, Verdict::kViolated, index);
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
    return r;
  }

  std::string limit_hit() const {
    if (store_.size() >= limits_.max_states) return "max-states";
    if (store_.bytes() >= limits_.max_memory_bytes) return "max-memory";
    if (limits_.max_seconds > 0 && elapsed() >= limits_.max_seconds) return "max-seconds";
    return {};
  }

  double elapsed() const {
    return std::chrono::duration<double>(Clock::now() - start_).count();
  }

  const Model& model_;
  const Layout& layout_;
  Limits limits_;
  StateStore store_;
  std::vector<Value> current_, next_;
  std::vector<std::uint64_t> packed_;
  std::vector<Pending> pending_;
  std::size_t undecided_ = 0;
  std::uint64_t transitions_ = 0;
  std::size_t depth_ = 0;
  Clock::time_point start_;
};

}  // namespace

std::vector<Result> check_explicit(const Model& model, const std::vector<PropertySpec>& properties,
                                   const Limits& limits, ExplorationStats* stats) {
  Exploration exploration(model, properties, limits);
  return exploration.run(stats);
}

}  // namespace synack::checker
