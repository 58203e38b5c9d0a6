#include "reports/unhandled.hpp"

#include <fmt/format.h>

namespace synack::reports {

std::string format_unhandled(const std::string& scenario, const checker::UnhandledReport& r) {
  std::string out = fmt::format(
      "\n{}: inputs received with no row to take them ({} reachable states{}):\n", scenario,
      r.states, r.complete ? "" : ", a limit ended the exploration: the list may be incomplete");
  if (r.inputs.empty()) out += "  none: every delivered message met a row\n";
  for (const auto& u : r.inputs)
    out += fmt::format("  {} in {}: {} ({} state{}; e.g. {})\n", u.actor, u.state, u.input,
                       u.states, u.states == 1 ? "" : "s", u.example);
  return out;
}

nlohmann::json unhandled_json(const std::string& scenario, const checker::UnhandledReport& r) {
  nlohmann::json inputs = nlohmann::json::array();
  for (const auto& u : r.inputs)
    inputs.push_back({{"actor", u.actor},
                      {"state", u.state},
                      {"input", u.input},
                      {"example", u.example},
                      {"states", u.states}});
  return {
      {"scenario", scenario}, {"states", r.states}, {"complete", r.complete}, {"inputs", inputs}};
}

}  // namespace synack::reports
