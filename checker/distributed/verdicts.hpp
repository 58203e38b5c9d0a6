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
  Verdicts(const Model& model, const std::vector<PropertySpec>& specs);

  std::size_t size() const { return pending_.size(); }
  std::size_t undecided() const { return undecided_; }
  bool decided(std::size_t k) const { return pending_[k].result.has_value(); }

  // Property k is undecided, and a new state like this one decides it: an invariant
  // broken, a reachability goal met.
  bool decided_by_state(std::size_t k, const Value* state) const;
  // Property k is an undecided deadlock freedom that a dead end like this one violates.
  bool violated_by_dead_end(std::size_t k, const Value* state) const;

  // Property k decided by the state at the end of `trace` (replayed by the caller), which
  // rank `owner` holds at index `local`.
  void decide(std::size_t k, const Figures& figures, Trace trace, std::uint32_t owner,
              std::uint32_t local);
  // What a checkpoint keeps of property k's decision, if it is decided.
  RankDecision decision(std::size_t k) const;

  // Every result in property order; the undecided ones get the search's final figures:
  // `holds` (a reachability goal: `violated`) when it exhausted the states, else
  // `inconclusive` with the limit that stopped it.
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

  const Model& model_;
  std::vector<Pending> pending_;
  std::size_t undecided_ = 0;
};

}  // namespace synack::checker::distributed
