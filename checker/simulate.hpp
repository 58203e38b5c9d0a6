// Random walks from the initial state (`synack simulate`): for state spaces too large to
// explore, and for quick sanity checks while a model is being written.
//
// Each run starts at the initial state and takes up to `steps` steps, each chosen
// uniformly among the groups enabled there (or in proportion to the groups' weights,
// checker/group_weights.hpp), until it reaches a state with no enabled group (or none of
// weight above 0). On the way it checks the safety properties: an `always` broken in a visited
// state and a `deadlock-free` broken at a dead end are violations; a `sometimes` met is a
// witness seen. A walk proves nothing about the states it did not visit, so a simulation
// never concludes that a property holds. Liveness properties are not checked.
//
// The walk owns its generator (std::mt19937_64, seeded by the caller) and reduces its
// output with `%`, never a std:: distribution, whose algorithm the standard leaves to the
// library: the same seed takes the same walks everywhere.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <vector>

#include "checker/model.hpp"
#include "checker/property.hpp"
#include "checker/result.hpp"

namespace synack::checker {

struct SimulationOptions {
  std::uint64_t runs = 100;
  std::uint64_t steps = 100;  // per run
  // A violation or witness longer than this is counted and its length kept, but its trace
  // is not built: a built step costs kilobytes (its description and states; about 10 KB
  // at tcp/congestion), so a walk of millions of steps would otherwise end in an OOM.
  std::uint64_t max_trace_steps = 10'000;
  // What the traces built may take in all, estimated from each trace's first steps before
  // it is built; a trace that would go past it is counted and its length kept, not built
  // (SimulatedProperty::not_built says why). The JSON report keeps to it too.
  std::size_t max_memory_bytes = std::size_t{16} << 30;
  std::uint64_t seed = 0;
  // Per group, in millionths (checker/group_weights.hpp); empty: uniform over the enabled
  // groups, the default, whose walks do not change when weights are added to synack.
  std::vector<std::uint64_t> weights;
  // Set from outside (SIGINT): the simulation stops after the current run.
  const std::atomic<bool>* interrupted = nullptr;
};

struct SimulatedProperty {
  bool checked = true;  // false: a liveness property, which a walk cannot decide
  // Runs in which it was violated (always, deadlock-free) or met (sometimes).
  std::uint64_t runs_hit = 0;
  // The shortest violation or witness found (the earliest run among equally short ones),
  // replayed through the real machines, unless longer than max_trace_steps; its length;
  // and the run (1-based) that found it.
  std::optional<Trace> trace;
  std::uint64_t shortest = 0;
  std::uint64_t found_in_run = 0;
  // Found but not built: why ("longer than --max-trace 10000", or the memory it would take).
  std::string not_built;
};

struct SimulationReport {
  std::vector<SimulatedProperty> properties;  // one per property, in the order given
  std::uint64_t runs = 0;                     // runs completed
  std::uint64_t steps = 0;                    // steps taken over all runs
  std::uint64_t dead_ends = 0;                // runs that ended with no enabled step
  // Runs that ended where steps were enabled but every one of them weighs 0.
  std::uint64_t zero_weight_ends = 0;
  std::vector<std::uint64_t> group_steps;  // per group: steps taken over all runs
  bool interrupted = false;
};

// Throws InputError for a property expression that does not parse, or for a model that
// starts from values left open for the Z3 engines; InternalError when a trace does not
// replay through the real machines.
SimulationReport simulate(const Model& model, const std::vector<PropertySpec>& properties,
                          const SimulationOptions& options);

}  // namespace synack::checker
