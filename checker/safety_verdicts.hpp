// The safety properties of one breadth-first search (checker/explicit_bfs) and what the
// search has decided about them: which new states and dead ends decide which property,
// the shortest trace to each (replayed through the real machines), the violations
// --max-errors collects, and the verdicts of those still open when the search ends.
//
// Kept apart from the search's rounds: the workers evaluate triggers() and
// dead_end_triggers() on every thread while the commit decides, one thread, in the order
// one thread would have.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "checker/checkpoint.hpp"
#include "checker/expr.hpp"
#include "checker/model.hpp"
#include "checker/property.hpp"
#include "checker/result.hpp"
#include "checker/state_store.hpp"

namespace synack::checker {

// The search's figures a result records when it is made.
struct SearchFigures {
  std::uint64_t states = 0;
  std::uint64_t transitions = 0;
  double seconds = 0;
  std::size_t store_bytes = 0;
  StoreKind store = StoreKind::kPlain;
};

class SafetyVerdicts {
 public:
  // Predicates evaluated by the workers carry one bit each; properties past that many
  // are evaluated while committing.
  static constexpr std::size_t kWorkerBits = 64;

  // Throws InputError for an expression that does not parse against the model, and
  // std::logic_error for a liveness property. `figures` is asked at each decision.
  SafetyVerdicts(const Model& model, const std::vector<PropertySpec>& specs, std::size_t max_errors,
                 std::function<SearchFigures()> figures);

  // Bit k: the k-th property is decided by a new state like this one (an invariant
  // broken, a reachability goal met). Safe from every thread while nothing is decided.
  std::uint64_t triggers(const Value* state) const;
  // Bit k: the k-th property is a deadlock freedom this dead end violates.
  std::uint64_t dead_end_triggers(const Value* state) const;

  // State `index` of `store` is new, with the workers' `bits`; `packed` is it packed.
  void check_new_state(const StateStore& store, std::uint32_t index, std::uint64_t bits,
                       const std::uint64_t* packed);
  // State `index` has no successor.
  void check_dead_end(const StateStore& store, std::uint32_t index, std::uint64_t bits);

  // Every property decided, and no violation wanted beyond those found.
  bool all_decided() const { return undecided_ == 0 && collecting_ == 0; }
  std::size_t undecided() const { return undecided_; }

  // The results, each property's own or, for those still open, the search's: exhaustive
  // or cut by `limit` after `depth` levels and `seconds`.
  std::vector<Result> results(bool exhausted, const std::string& limit, std::size_t depth,
                              double seconds);

  // For checkpoints: the properties, and what was decided (by which state, with which
  // figures); restore() decides them again from a checkpoint's, replaying their traces.
  // InputError naming `where` for a decision no search makes: a verdict the property's
  // kind never gives, or a state that does not decide it (a file made by hand).
  std::vector<const PropertySpec*> specs() const;
  std::vector<CheckpointDecision> decisions() const;
  // Also refused: figures past the checkpoint's own (`transitions` in all), and, for
  // always and sometimes, a decider that is not the first stored state deciding the
  // property or an undecided property some stored state decides (a file whose checksum
  // was made again after an edit: a resume said holds on a violation).
  void restore(const StateStore& store, const std::vector<CheckpointDecision>& decisions,
               std::uint64_t transitions, const std::string& where);

 private:
  struct Pending {
    const PropertySpec* spec;
    std::optional<Expr> expr;  // none: deadlock-free with the machines' declared ends
    std::optional<Result> result;
    std::uint32_t decided_by = 0;  // the state that decided it, once it is
    bool collecting = false;       // violated, and more violating states are wanted
  };
  bool decided_at(const Pending& p, const Value* state) const;
  // restore's pass over every stored state (see restore).
  void check_first_deciders(const StateStore& store,
                            const std::vector<CheckpointDecision>& decisions,
                            const std::string& where);

  bool beyond_worker_bits(const Pending& p, const std::uint64_t* packed);
  void decide(const StateStore& store, Pending& p, Verdict verdict, std::uint32_t index);
  void add_violation(const StateStore& store, Pending& p, std::uint32_t index);
  Result base_result(const Pending& p) const;

  const Model& model_;
  const Layout& layout_;
  std::size_t max_errors_;
  std::function<SearchFigures()> figures_;
  std::vector<Pending> pending_;
  std::size_t undecided_ = 0;
  std::size_t collecting_ = 0;  // properties violated that want more violating states
  std::vector<Value> scratch_;
};

}  // namespace synack::checker
