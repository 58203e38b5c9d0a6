// The properties of one distributed search: what decides each, and the result it gets,
// with the figures the one-process search reports (checker/explicit_bfs). Every rank
// keeps the same Verdicts: decisions are taken collectively, so they agree.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker/distributed/rank_checkpoint.hpp"
#include "checker/expr.hpp"
#include "checker/model.hpp"
#include "checker/property.hpp"
#include "checker/result.hpp"

namespace synack::checker::distributed {

// Where the search stood when a result was reached.
struct Figures {
  std::uint64_t states = 0;
  std::uint64_t transitions = 0;
  std::size_t store_bytes = 0;  // every rank's, summed
  double seconds = 0;
};

class Verdicts {
 public:
  // Throws InputError for an expression that does not parse against the model.
  // `max_errors` > 1: up to that many violating states per always or deadlock-free
  // property, each with its trace (Limits::max_errors).
  Verdicts(const Model& model, const std::vector<PropertySpec>& specs, std::size_t max_errors);

  std::size_t size() const { return pending_.size(); }
  std::size_t undecided() const { return undecided_; }
  bool decided(std::size_t k) const { return pending_[k].result.has_value(); }
  // How many more deciding (or, once decided, violating) states property k wants: 1 for
  // an undecided property, up to max_errors under --max-errors, 0 when it has them all.
  std::size_t wanted(std::size_t k) const;
  bool done() const;

  // Property k wants states, and a new state like this one is one: an invariant broken,
  // a reachability goal met.
  bool wants_state(std::size_t k, const Value* state) const;
  // Property k is a deadlock freedom that wants states, and this dead end violates it.
  bool wants_dead_end(std::size_t k, const Value* state) const;

  // For a checkpoint's decisions, whatever is wanted: the verdict a decision of property
  // k gives, and whether `state` (reached) decides it, as a new state or a dead end.
  Verdict deciding_verdict(std::size_t k) const;
  bool decides(std::size_t k, const Value* state) const;
  const std::string& name(std::size_t k) const { return pending_[k].spec->name; }

  // Property k decided by the state at the end of `trace` (replayed by the caller), which
  // rank `owner` holds at index `local`.
  void decide(std::size_t k, const Figures& figures, Trace trace, std::uint32_t owner,
              std::uint32_t local);
  // Another violating state of property k, decided before (--max-errors).
  void add_violation(std::size_t k, Trace trace);
  // What a checkpoint keeps of property k's decision, if it is decided.
  RankDecision decision(std::size_t k) const;

  // Every result in property order; the undecided ones get the search's final figures:
  // `holds` (a reachability goal: `violated`) when it exhausted the states, else
  // `inconclusive` with the limit that stopped it, which also ends a collection of
  // violations short of --max-errors.
  std::vector<Result> results(const Figures& final, std::size_t depth, bool exhausted,
                              const std::string& limit);

 private:
  struct Pending {
    const PropertySpec* spec;
    std::optional<Expr> expr;  // none: deadlock-free with the machines' declared ends
    std::optional<Result> result;
    std::uint32_t owner = 0, local = 0;  // where the deciding state is
  };
  Result base_result(const Pending& p, const Figures& figures) const;
  bool several(const Pending& p) const {
    return max_errors_ > 1 && p.spec->kind != PropertyKind::kSometimes;
  }

  const Model& model_;
  std::size_t max_errors_;
  std::vector<Pending> pending_;
  std::size_t undecided_ = 0;
};

}  // namespace synack::checker::distributed
