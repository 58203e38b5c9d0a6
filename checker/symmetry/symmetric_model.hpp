// Symmetry reduction as a Model: the System it wraps, except that every state it hands
// the engine (the initial one, each successor) is replaced by its class's representative
// (MemberSymmetry::canonicalize), so the breadth-first engine stores one state per class
// and needs no change of its own. The workers call apply() concurrently: canonicalizing
// keeps its scratch per thread.
//
// Sound for safety: every renaming maps runs to runs and keeps each property's value
// (checker/symmetry/soundness), so a class holds a violating state exactly when its
// representative does, and the shortest path to a class in the quotient is as long as
// the shortest run to any of its states: verdicts and counterexample lengths are those of
// the full search. Liveness is refused: a cycle among representatives need not be a cycle
// of the system, and the fairness the liveness engine assumes names members' groups
// (TLC's symmetry is unsound for liveness for the same reasons).
//
// A trace over representatives becomes a real run (real_run): from the real initial
// state, each step takes the first group whose successor has the next representative as
// its class's (one exists: the renaming that made the representative maps the step to
// it). The engine describes and replays that run through the real machines.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "checker/model.hpp"
#include "checker/property.hpp"
#include "checker/symmetry/member_symmetry.hpp"
#include "checker/system.hpp"

namespace synack::checker {

class SymmetricModel final : public Model {
 public:
  // Throws InputError, one line, when the reduction over `array` is not shown sound for
  // this system and these properties.
  SymmetricModel(std::unique_ptr<Model> system, const std::string& array,
                 const std::vector<PropertySpec>& properties);

  const MemberSymmetry& symmetry() const { return symmetry_; }
  const System& system() const { return system_; }

  const Layout& layout() const override { return system_.layout(); }
  std::vector<Value> initial_state() const override;
  std::size_t group_count() const override { return system_.group_count(); }
  std::string group_name(std::size_t g) const override { return system_.group_name(g); }
  bool apply(std::size_t group, const Value* from, Value* to) const override;
  // Coverage counts the rows fired from the representatives: per machine, summed over its
  // members, the rows never fired are those of the full search.
  std::size_t row_count() const override { return system_.row_count(); }
  bool apply_counting(std::size_t group, const Value* from, Value* to,
                      std::uint64_t* row_counts) const override;
  StepInfo describe(std::size_t g, const Value* from) const override {
    return system_.describe(g, from);
  }
  GroupRole group_role(std::size_t g) const override { return system_.group_role(g); }
  bool proper_end(const Value* s) const override { return system_.proper_end(s); }
  bool numbers_messages_on_first_use() const override {
    return system_.numbers_messages_on_first_use();
  }
  std::string proper_end_text() const override { return system_.proper_end_text(); }
  std::string summary(const Value* s) const override { return system_.summary(s); }
  std::vector<std::string> actor_names() const override { return system_.actor_names(); }
  std::vector<std::string> control_states(const Value* s) const override {
    return system_.control_states(s);
  }
  std::vector<std::size_t> open_initial_slots() const override {
    return system_.open_initial_slots();
  }
  std::vector<ChannelEnds> channel_ends() const override { return system_.channel_ends(); }
  std::optional<std::vector<std::size_t>> real_run(
      std::vector<std::vector<Value>>& states) const override;
  // The run real_run made, through the real machines (the System's replay).
  std::optional<std::string> replay(const std::vector<std::size_t>& groups,
                                    const std::vector<std::vector<Value>>& states) const override {
    return system_.replay(groups, states);
  }

 private:
  std::unique_ptr<Model> owned_;
  const System& system_;
  MemberSymmetry symmetry_;
};

// The System a model is, or the one a symmetry reduction wraps; null for other models.
// For reports that draw the actors' machines.
const System* system_of(const Model& model);

// The model `check --symmetry` runs: `model` reduced over the arrays `arrays` (the
// scenario's declaration), for these properties. Throws InputError, one line, for any
// refusal: no array declared, several, a liveness property, what soundness refuses.
std::unique_ptr<Model> with_symmetry(std::unique_ptr<Model> model,
                                     const std::vector<std::string>& arrays,
                                     const std::vector<PropertySpec>& properties);

}  // namespace synack::checker
