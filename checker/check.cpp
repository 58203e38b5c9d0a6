#include "checker/check.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/liveness.hpp"

namespace synack::checker {

std::vector<Result> check_properties(const Model& model,
                                     const std::vector<PropertySpec>& properties,
                                     const Limits& limits, const ProgressFn& progress,
                                     ExplorationStats* safety_stats) {
  if (auto open = model.open_initial_slots(); !open.empty())
    throw InputError(fmt::format(
        "{} starts at a value left open for the Z3 engines; the explicit engine starts from one "
        "initial state: pin it (tcp.isn=pinned) or use --engine bmc, kind or spacer",
        model.layout().slot(open.front()).name));
  std::vector<PropertySpec> safety, live;
  for (const PropertySpec& p : properties) (is_liveness(p.kind) ? live : safety).push_back(p);
  std::vector<Result> safety_results, live_results;
  const auto start = std::chrono::steady_clock::now();
  if (!safety.empty())
    safety_results = check_explicit(model, safety, limits, safety_stats, progress);
  // One time budget for both explorations.
  Limits rest = limits;
  if (limits.max_seconds > 0) {
    double spent = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rest.max_seconds = std::max(limits.max_seconds - spent, 1e-9);
  }
  ExplorationStats live_stats;
  if (!live.empty()) live_results = check_liveness(model, live, rest, &live_stats, progress);
  // The coverage of the search that saw more: the liveness engine's whole graph, unless
  // the breadth-first search saw every state too (then both count the same figures).
  if (safety_stats && !live.empty() &&
      (safety.empty() || (!safety_stats->coverage.exhaustive && live_stats.coverage.exhaustive)))
    safety_stats->coverage = std::move(live_stats.coverage);
  std::vector<Result> results;
  std::size_t next_safety = 0, next_live = 0;
  for (const PropertySpec& p : properties)
    results.push_back(is_liveness(p.kind) ? std::move(live_results[next_live++])
                                          : std::move(safety_results[next_safety++]));
  return results;
}

}  // namespace synack::checker
