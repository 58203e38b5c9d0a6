#include "checker/safety_verdicts.hpp"

#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/trace.hpp"

namespace synack::checker {

SafetyVerdicts::SafetyVerdicts(const Model& model, const std::vector<PropertySpec>& specs,
                               std::size_t max_errors, std::function<SearchFigures()> figures)
    : model_(model),
      layout_(model.layout()),
      max_errors_(max_errors),
      figures_(std::move(figures)),
      scratch_(layout_.size()) {
  for (const PropertySpec& spec : specs) {
    if (is_liveness(spec.kind))
      throw std::logic_error("the breadth-first engine got liveness property " + spec.name);
    bool declared_ends = spec.kind == PropertyKind::kDeadlockFree && spec.expression.empty();
    pending_.push_back(
        {&spec,
         declared_ends ? std::nullopt : std::optional<Expr>(Expr::parse(spec.expression, layout_)),
         std::nullopt});
  }
  undecided_ = pending_.size();
}

std::uint64_t SafetyVerdicts::triggers(const Value* state) const {
  std::uint64_t bits = 0;
  for (std::size_t k = 0; k < pending_.size() && k < kWorkerBits; ++k) {
    const Pending& p = pending_[k];
    if (p.spec->kind == PropertyKind::kDeadlockFree) continue;
    bool holds = p.expr->holds(state);
    if ((p.spec->kind == PropertyKind::kAlways) != holds) bits |= std::uint64_t{1} << k;
  }
  return bits;
}

std::uint64_t SafetyVerdicts::dead_end_triggers(const Value* state) const {
  std::uint64_t bits = 0;
  for (std::size_t k = 0; k < pending_.size() && k < kWorkerBits; ++k) {
    const Pending& p = pending_[k];
    if (p.spec->kind != PropertyKind::kDeadlockFree) continue;
    if (!(p.expr ? p.expr->holds(state) : model_.proper_end(state))) bits |= std::uint64_t{1} << k;
  }
  return bits;
}

void SafetyVerdicts::check_new_state(const StateStore& store, std::uint32_t index,
                                     std::uint64_t bits, const std::uint64_t* packed) {
  for (std::size_t k = 0; k < pending_.size(); ++k) {
    Pending& p = pending_[k];
    if ((p.result && !p.collecting) || p.spec->kind == PropertyKind::kDeadlockFree) continue;
    bool decides = k < kWorkerBits ? (bits >> k) & 1 : beyond_worker_bits(p, packed);
    if (decides && p.collecting)
      add_violation(store, p, index);
    else if (decides)
      decide(store, p, p.spec->kind == PropertyKind::kAlways ? Verdict::kViolated : Verdict::kHolds,
             index);
  }
}

bool SafetyVerdicts::beyond_worker_bits(const Pending& p, const std::uint64_t* packed) {
  layout_.unpack(packed, scratch_.data());
  return (p.spec->kind == PropertyKind::kAlways) != p.expr->holds(scratch_.data());
}

void SafetyVerdicts::check_dead_end(const StateStore& store, std::uint32_t index,
                                    std::uint64_t bits) {
  for (std::size_t k = 0; k < pending_.size(); ++k) {
    Pending& p = pending_[k];
    if ((p.result && !p.collecting) || p.spec->kind != PropertyKind::kDeadlockFree) continue;
    bool violated = (bits >> k) & 1;
    if (k >= kWorkerBits) {
      store.unpack(index, layout_, scratch_.data());
      violated = !(p.expr ? p.expr->holds(scratch_.data()) : model_.proper_end(scratch_.data()));
    }
    if (violated && p.collecting)
      add_violation(store, p, index);
    else if (violated)
      decide(store, p, Verdict::kViolated, index);
  }
}

void SafetyVerdicts::decide(const StateStore& store, Pending& p, Verdict verdict,
                            std::uint32_t index) {
  p.decided_by = index;
  Result r = base_result(p);
  r.verdict = verdict;
  r.trace = reconstruct_trace(model_, store, index);
  verify_by_replay(model_, *r.trace);
  r.depth = r.trace->steps.size();
  p.result = std::move(r);
  --undecided_;
  // --max-errors: the first violation is the verdict; the search goes on for more.
  if (p.result->several && verdict == Verdict::kViolated) {
    p.result->traces.push_back(*p.result->trace);
    p.collecting = p.result->traces.size() < max_errors_;
    collecting_ += p.collecting;
  }
}

// Another distinct violating state (each is stored once): its shortest trace.
void SafetyVerdicts::add_violation(const StateStore& store, Pending& p, std::uint32_t index) {
  Trace trace = reconstruct_trace(model_, store, index);
  verify_by_replay(model_, trace);
  p.result->traces.push_back(std::move(trace));
  if (p.result->traces.size() < max_errors_) return;
  p.collecting = false;
  --collecting_;
}

// Whether `state` decides `p` as check_new_state and check_dead_end would: an invariant
// broken or a goal met; for deadlock freedom, a dead end that is no proper end.
bool SafetyVerdicts::decided_at(const Pending& p, const Value* state) const {
  if (p.spec->kind != PropertyKind::kDeadlockFree)
    return (p.spec->kind == PropertyKind::kAlways) != p.expr->holds(state);
  std::vector<Value> next(layout_.size());
  for (std::size_t g = 0; g < model_.group_count(); ++g)
    if (model_.apply(g, state, next.data())) return false;
  return !(p.expr ? p.expr->holds(state) : model_.proper_end(state));
}

std::vector<Result> SafetyVerdicts::results(bool exhausted, const std::string& limit,
                                            std::size_t depth, double seconds) {
  std::vector<Result> results;
  for (Pending& p : pending_) {
    if (!p.result) {
      Result r = base_result(p);
      r.seconds = seconds;
      r.depth = depth;
      close_undecided(r, exhausted, limit);
      p.result = std::move(r);
    }
    if (p.collecting) p.result->traces_limit = limit;
    results.push_back(std::move(*p.result));
  }
  return results;
}

Result SafetyVerdicts::base_result(const Pending& p) const {
  const SearchFigures now = figures_();
  Result r;
  r.property = p.spec->name;
  r.kind = p.spec->kind;
  r.engine = "explicit";
  r.states = now.states;
  r.transitions = now.transitions;
  r.seconds = now.seconds;
  r.store_bytes = now.store_bytes;
  r.store = store_name(now.store);
  r.several = max_errors_ > 1 && p.spec->kind != PropertyKind::kSometimes;
  return r;
}

std::vector<const PropertySpec*> SafetyVerdicts::specs() const {
  std::vector<const PropertySpec*> specs;
  for (const Pending& p : pending_) specs.push_back(p.spec);
  return specs;
}

std::vector<CheckpointDecision> SafetyVerdicts::decisions() const {
  std::vector<CheckpointDecision> decisions;
  for (const Pending& p : pending_) {
    CheckpointDecision c;
    if (p.result) {
      c.decided = true;
      c.verdict = p.result->verdict;
      c.state = p.decided_by;
      c.states = p.result->states;
      c.transitions = p.result->transitions;
      c.store_bytes = p.result->store_bytes;
    }
    decisions.push_back(c);
  }
  return decisions;
}

namespace {
[[noreturn]] void refuse_checkpoint(const std::string& where, const std::string& why) {
  throw InputError(fmt::format(
      "{} is not a usable checkpoint: {} (a file made or edited by hand?); start afresh "
      "without --resume",
      where, why));
}
}  // namespace

// Every state was checked as it was stored, in index order: the first that decides a
// property decided it. Deadlock-free is decided at a dead end, which would take every
// state's successors to find again: its decider is only checked to decide it.
void SafetyVerdicts::check_first_deciders(const StateStore& store,
                                          const std::vector<CheckpointDecision>& decisions,
                                          const std::string& where) {
  std::vector<std::size_t> checked;
  for (std::size_t k = 0; k < pending_.size(); ++k)
    if (pending_[k].spec->kind != PropertyKind::kDeadlockFree) checked.push_back(k);
  for (std::uint32_t i = 0; i < store.size() && !checked.empty(); ++i) {
    store.unpack(i, layout_, scratch_.data());
    for (std::size_t at = 0; at < checked.size();) {
      const std::size_t k = checked[at];
      const CheckpointDecision& c = decisions[k];
      if (c.decided && i == c.state) {  // decided here (restore checks that): done with it
        checked.erase(checked.begin() + static_cast<std::ptrdiff_t>(at));
        continue;
      }
      if (decided_at(pending_[k], scratch_.data()))
        refuse_checkpoint(
            where, fmt::format("state {} decides {}, which it {}", i, pending_[k].spec->name,
                               c.decided ? "says a later state decided" : "says is undecided"));
      ++at;
    }
  }
}

// Decided properties get their traces again from the parents, and replay them.
void SafetyVerdicts::restore(const StateStore& store,
                             const std::vector<CheckpointDecision>& decisions,
                             std::uint64_t transitions, const std::string& where) {
  for (std::size_t k = 0; k < pending_.size(); ++k) {
    const CheckpointDecision& c = decisions[k];
    if (!c.decided) continue;
    Pending& p = pending_[k];
    auto refuse = [&](const std::string& why) { refuse_checkpoint(where, why); };
    if (c.state >= c.states || c.states > store.size() || c.transitions > transitions)
      refuse(fmt::format("the figures of {} are not those of a search that stored {} states",
                         p.spec->name, store.size()));
    const Verdict decides =
        p.spec->kind == PropertyKind::kSometimes ? Verdict::kHolds : Verdict::kViolated;
    if (c.verdict != decides)
      refuse(fmt::format("the verdict of {} is not one a search of it gives", p.spec->name));
    store.unpack(c.state, layout_, scratch_.data());
    if (!decided_at(p, scratch_.data()))
      refuse(fmt::format("the state that decided {} does not decide it", p.spec->name));
    p.decided_by = c.state;
    Result r = base_result(p);
    r.verdict = c.verdict;
    r.states = c.states;
    r.transitions = c.transitions;
    r.store_bytes = c.store_bytes;
    r.trace = reconstruct_trace(model_, store, c.state);
    verify_by_replay(model_, *r.trace);
    r.depth = r.trace->steps.size();
    p.result = std::move(r);
    --undecided_;
  }
  check_first_deciders(store, decisions, where);
}

}  // namespace synack::checker
