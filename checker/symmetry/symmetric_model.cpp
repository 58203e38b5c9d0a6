#include "checker/symmetry/symmetric_model.hpp"

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/symmetry/soundness.hpp"

namespace synack::checker {

namespace {

const System& as_system(const Model& model) {
  const auto* system = dynamic_cast<const System*>(&model);
  if (!system)
    throw InputError(
        "symmetry applies to compositions of actors (a scenario's model), not this "
        "model");
  return *system;
}

}  // namespace

SymmetricModel::SymmetricModel(std::unique_ptr<Model> system, const std::string& array,
                               const std::vector<PropertySpec>& properties)
    : owned_(std::move(system)), system_(as_system(*owned_)), symmetry_(system_, array) {
  for (const PropertySpec& p : properties)
    if (is_liveness(p.kind))
      throw InputError(fmt::format(
          "symmetry over {}: {} is a liveness property; the reduction is sound for always, "
          "sometimes and deadlock-free only (a cycle of representatives need not be a cycle of "
          "the system, and fairness names members); choose safety properties with --property",
          array, p.name));
  if (system_.numbers_messages_on_first_use())
    throw InputError("symmetry over " + array +
                     ": a codec numbers its messages as it meets them, so no hook can rename them");
  check_machines_symmetric(symmetry_);
  for (const PropertySpec& p : properties) check_property_symmetric(symmetry_, p);
  // Alike members start alike; a renaming that moved the initial state would mean some
  // actor's initial variables name a member.
  std::vector<Value> initial = system_.initial_state(), renamed(initial.size());
  for (const MemberPermutation& p : symmetry_.generators()) {
    symmetry_.apply(p, initial.data(), renamed.data());
    if (renamed != initial)
      throw InputError("symmetry over " + array +
                       ": renaming the members changes the initial state, so they do not start "
                       "alike");
  }
}

std::vector<Value> SymmetricModel::initial_state() const {
  std::vector<Value> state = system_.initial_state();
  symmetry_.canonicalize(state.data());
  return state;
}

bool SymmetricModel::apply(std::size_t group, const Value* from, Value* to) const {
  if (!system_.apply(group, from, to)) return false;
  symmetry_.canonicalize(to);
  return true;
}

bool SymmetricModel::apply_counting(std::size_t group, const Value* from, Value* to,
                                    std::uint64_t* row_counts) const {
  if (!system_.apply_counting(group, from, to, row_counts)) return false;
  symmetry_.canonicalize(to);
  return true;
}

std::optional<std::vector<std::size_t>> SymmetricModel::real_run(
    std::vector<std::vector<Value>>& states) const {
  const std::size_t slots = layout().size();
  std::vector<std::size_t> groups;
  std::vector<Value> real = system_.initial_state(), next(slots), canonical(slots);
  canonical = real;
  symmetry_.canonicalize(canonical.data());
  if (canonical != states.front())
    throw InternalError("symmetry: the stored initial state is not the initial state's class");
  states.front() = real;
  for (std::size_t k = 1; k < states.size(); ++k) {
    bool found = false;
    for (std::size_t g = 0; g < group_count() && !found; ++g) {
      if (!system_.apply(g, real.data(), next.data())) continue;
      canonical = next;
      symmetry_.canonicalize(canonical.data());
      if (canonical != states[k]) continue;
      found = true;
      groups.push_back(g);
      real = next;
      states[k] = real;
    }
    if (!found)
      throw NoRealStep(k, fmt::format("symmetry: no step of the system leads from a state of "
                                      "class {} to one of class {}",
                                      k - 1, k));
  }
  return groups;
}

const System* system_of(const Model& model) {
  if (const auto* reduced = dynamic_cast<const SymmetricModel*>(&model)) return &reduced->system();
  return dynamic_cast<const System*>(&model);
}

std::unique_ptr<Model> with_symmetry(std::unique_ptr<Model> model,
                                     const std::vector<std::string>& arrays,
                                     const std::vector<PropertySpec>& properties) {
  if (arrays.empty())
    throw InputError(
        "the scenario declares no symmetric actor array (ScenarioBuilder::symmetric(\"ARRAY\"))");
  if (arrays.size() > 1)
    throw InputError(fmt::format(
        "the scenario declares several symmetric arrays ({}); reducing over more than one at a "
        "time is not supported yet",
        fmt::join(arrays, ", ")));
  return std::make_unique<SymmetricModel>(std::move(model), arrays.front(), properties);
}

}  // namespace synack::checker
