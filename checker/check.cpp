#include "checker/check.hpp"

#include "checker/liveness.hpp"

namespace synack::checker {

std::vector<Result> check_properties(const Model& model,
                                     const std::vector<PropertySpec>& properties,
                                     const Limits& limits, const ProgressFn& progress) {
  std::vector<PropertySpec> safety, live;
  for (const PropertySpec& p : properties) (is_liveness(p.kind) ? live : safety).push_back(p);
  std::vector<Result> safety_results, live_results;
  if (!safety.empty()) safety_results = check_explicit(model, safety, limits, nullptr, progress);
  if (!live.empty()) live_results = check_liveness(model, live, limits, nullptr, progress);
  std::vector<Result> results;
  std::size_t next_safety = 0, next_live = 0;
  for (const PropertySpec& p : properties)
    results.push_back(is_liveness(p.kind) ? std::move(live_results[next_live++])
                                          : std::move(safety_results[next_safety++]));
  return results;
}

}  // namespace synack::checker
