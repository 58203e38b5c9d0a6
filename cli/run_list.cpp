#include <ostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/learned_families.hpp"
#include "reports/json_report.hpp"
#include "reports/json_text.hpp"

namespace synack::cli {

int run_list(const Catalog& catalog, const ListOptions& o, std::ostream& out) {
  const std::vector<properties::Scenario>& scenarios = catalog.scenarios;
  const LearnedRoots roots = default_learned_roots();
  if (o.json) {
    nlohmann::json json = reports::scenarios_json(scenarios);
    json["learned_families"] =
        catalog.learned_families ? learned_families_json(roots) : nlohmann::json::array();
    out << reports::json_text(json) << "\n";
    return 0;
  }
  for (const auto& s : scenarios) {
    out << fmt::format("{}\n  {}\n  properties:\n", s.name, s.description);
    for (const auto& p : s.properties)
      out << fmt::format("    {:<30} expected {:<9} {}\n", p.name,
                         p.expected ? checker::to_string(*p.expected) : "-", checker::formula(p));
    out << "  parameters:\n";
    for (const auto& p : s.params)
      out << fmt::format("    {:<20} default {:<6} valid {:<14} {}\n", p.key,
                         p.format(p.default_value), p.range(), p.description);
    out << "\n";
  }
  // After the bundled scenarios: the learned model families, checked by name too.
  if (catalog.learned_families) out << format_learned_families(roots);
  return 0;
}

}  // namespace synack::cli
