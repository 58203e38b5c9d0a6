#include "reports/unhandled.hpp"

#include <fmt/format.h>

namespace synack::reports {

std::string format_unhandled(const std::string& scenario, const checker::UnhandledReport& r) {
  // Under --symmetry each state stands for its class: the counts are of representatives,
  // and which member a representative shows an input at follows the canonical form.
  const std::string states =
      r.representatives
          ? fmt::format(
                "{} representatives of classes under --symmetry; the counts below are "
                "of representatives, split between members as the canonical form puts "
                "them",
                r.states)
      : r.complete ? fmt::format("{} reachable states", r.states)
                   // Not "reachable states": the reachable set was not all seen.
                   : fmt::format("{} states explored", r.states);
  std::string out =
      fmt::format("\n{}: inputs received with no row to take them ({}{}):\n", scenario, states,
                  r.complete ? "" : ", a limit ended the exploration: the list may be incomplete");
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
  nlohmann::json out = {
      {"scenario", scenario}, {"states", r.states}, {"complete", r.complete}, {"inputs", inputs}};
  if (r.representatives) out["symmetry"] = true;
  return out;
}

}  // namespace synack::reports
