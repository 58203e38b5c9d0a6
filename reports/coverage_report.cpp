#include "reports/coverage_report.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "checker/symmetry/symmetric_model.hpp"
#include "checker/system.hpp"
#include "reports/xml_escape.hpp"

namespace synack::reports {

std::vector<MachineCoverage> machine_coverage(const checker::Model& model,
                                              const checker::Coverage& coverage) {
  std::vector<MachineCoverage> out;
  // Under --symmetry the model wraps the System: its rows are the System's.
  const checker::System* system = checker::system_of(model);
  if (!system || coverage.row_fired.size() != model.row_count()) return out;
  std::vector<std::string> actors = system->actor_names();
  std::size_t first_row = 0;  // Model::row_count numbers rows actor by actor
  for (std::size_t a = 0; a < actors.size(); ++a) {
    const checker::MachineType& m = system->actor_machine(a);
    auto same = std::find_if(out.begin(), out.end(), [&](const MachineCoverage& c) {
      return c.machine == m.machine_name() && c.rows.size() == m.rows().size();
    });
    if (same == out.end()) {
      out.push_back({m.machine_name(), {}, m.rows(), std::vector<std::uint64_t>(m.rows().size())});
      same = out.end() - 1;
    }
    same->actors.push_back(actors[a]);
    for (std::size_t r = 0; r < m.rows().size(); ++r)
      same->fired[r] += coverage.row_fired[first_row + r];
    first_row += m.rows().size();
  }
  return out;
}

std::string row_text(const checker::RowSpec& r) {
  std::string s = r.source + " --" + r.event;
  if (!r.guard.empty()) s += " [" + r.guard + "]";
  if (!r.action.empty()) s += " / " + r.action;
  return s + "--> " + (r.target.empty() ? r.source + " (internal)" : r.target);
}

std::string coverage_scope(const checker::Coverage& c, bool symmetry) {
  std::string figures = fmt::format("{} states, {} transitions", c.states, c.transitions);
  // A reduced search stores one state per class of renamed members: the counts are of
  // those representatives and their successors.
  if (symmetry)
    figures = fmt::format("{} representatives of classes under --symmetry, {} transitions",
                          c.states, c.transitions);
  std::string scope = c.exhaustive ? fmt::format("every reachable state ({})", figures)
                      : c.stopped_by == "every property decided"
                          ? fmt::format(
                                "the states explored before every property was decided ({}; "
                                "--coverage explores them all)",
                                figures)
                          : fmt::format("the states explored before the search stopped ({}, {})",
                                        c.stopped_by, figures);
  if (c.liveness_graph) scope += ", the liveness engine's graph";
  return scope;
}

namespace {

std::size_t never_fired(const MachineCoverage& m) {
  return static_cast<std::size_t>(std::count(m.fired.begin(), m.fired.end(), 0));
}

// A group's part of the new states (every state but the initial one is some group's):
// the step that blows the state space up stands out.
std::string share(const checker::Coverage& c, std::size_t g) {
  if (c.states <= 1) return "-";
  return fmt::format("{:.1f}%", 100.0 * static_cast<double>(c.group_new_states[g]) /
                                    static_cast<double>(c.states - 1));
}

// A search that --symmetry reduced.
bool symmetry_reduced(const checker::Model& model) {
  return dynamic_cast<const checker::SymmetricModel*>(&model) != nullptr;
}

}  // namespace

std::string format_coverage(const std::string& scenario, const checker::Model& model,
                            const checker::Coverage& c) {
  std::string out =
      fmt::format("\n{}: coverage of {}\n", scenario, coverage_scope(c, symmetry_reduced(model)));
  std::size_t width = 5;
  for (std::size_t g = 0; g < model.group_count(); ++g)
    width = std::max(width, model.group_name(g).size());
  out += fmt::format("  {:<{}}  {:>11}  {:>10}  {:>6}\n", "group", width, "transitions",
                     "new states", "share");
  for (std::size_t g = 0; g < model.group_count(); ++g)
    out += fmt::format("  {:<{}}  {:>11}  {:>10}  {:>6}\n", model.group_name(g), width,
                       c.group_transitions[g], c.group_new_states[g], share(c, g));
  if (c.liveness_only_transitions > 0)
    out += fmt::format(
        "  not counted above: {} steps of the liveness graph that only runs take (a delivery\n"
        "  the receiver discards on a lossy channel, an idle clock tick); they fire no row\n",
        c.liveness_only_transitions);
  for (const MachineCoverage& m : machine_coverage(model, c)) {
    out += fmt::format("  machine {} ({}): {} of {} rows fired\n", m.machine,
                       fmt::join(m.actors, ", "), m.rows.size() - never_fired(m), m.rows.size());
    for (std::size_t r = 0; r < m.rows.size(); ++r)
      if (m.fired[r] > 0) out += fmt::format("    {:>10}  {}\n", m.fired[r], row_text(m.rows[r]));
    if (never_fired(m) == 0) continue;
    out += fmt::format("    never fired{}:\n", c.exhaustive ? "" : " in the states explored");
    for (std::size_t r = 0; r < m.rows.size(); ++r)
      if (m.fired[r] == 0) out += fmt::format("    {:>10}  {}\n", "-", row_text(m.rows[r]));
  }
  return out;
}

nlohmann::json coverage_json(const std::string& scenario, const checker::Model& model,
                             const checker::Coverage& c) {
  nlohmann::json groups = nlohmann::json::array();
  for (std::size_t g = 0; g < model.group_count(); ++g)
    groups.push_back({{"group", model.group_name(g)},
                      {"transitions", c.group_transitions[g]},
                      {"new_states", c.group_new_states[g]}});
  nlohmann::json machines = nlohmann::json::array();
  for (const MachineCoverage& m : machine_coverage(model, c)) {
    nlohmann::json rows = nlohmann::json::array(), never = nlohmann::json::array();
    for (std::size_t r = 0; r < m.rows.size(); ++r) {
      rows.push_back({{"row", r},
                      {"source", m.rows[r].source},
                      {"event", m.rows[r].event},
                      {"target", m.rows[r].target},
                      {"guard", m.rows[r].guard},
                      {"action", m.rows[r].action},
                      {"fired", m.fired[r]}});
      if (m.fired[r] == 0) never.push_back(row_text(m.rows[r]));
    }
    machines.push_back(
        {{"machine", m.machine}, {"actors", m.actors}, {"rows", rows}, {"never_fired", never}});
  }
  nlohmann::json j = {
      {"scenario", scenario},       {"states", c.states}, {"transitions", c.transitions},
      {"exhaustive", c.exhaustive}, {"groups", groups},   {"machines", machines}};
  if (!c.exhaustive) j["stopped_by"] = c.stopped_by;
  j["counted_by"] = c.liveness_graph ? "liveness" : "breadth-first";
  if (c.liveness_graph) j["liveness_only_transitions"] = c.liveness_only_transitions;
  return j;
}

std::string coverage_html(const std::string& scenario, const checker::Model& model,
                          const checker::Coverage& c) {
  std::string groups;
  for (std::size_t g = 0; g < model.group_count(); ++g)
    groups += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
        "class=\"num\">{}</td></tr>\n",
        xml_escape(model.group_name(g)), c.group_transitions[g], c.group_new_states[g],
        share(c, g));
  std::string machines;
  for (const MachineCoverage& m : machine_coverage(model, c)) {
    std::string rows;
    for (std::size_t r = 0; r < m.rows.size(); ++r)
      rows += fmt::format(
          "<tr class=\"{}\"><td class=\"num\">{}</td><td><code>{}</code></td></tr>\n",
          m.fired[r] ? "fired" : "never-fired", m.fired[r], xml_escape(row_text(m.rows[r])));
    machines += fmt::format(
        "<h4>machine {} ({}): {} of {} rows fired</h4>\n<table class=\"rows\"><thead><tr>"
        "<th>fired</th><th>row</th></tr></thead><tbody>\n{}</tbody></table>\n",
        xml_escape(m.machine), xml_escape(fmt::format("{}", fmt::join(m.actors, ", "))),
        m.rows.size() - never_fired(m), m.rows.size(), rows);
  }
  return fmt::format(
      "<section class=\"coverage\"><h3>{}: coverage</h3>\n<p>Of {}. Per transition group: "
      "the successors it generated and the new states among them (share: of all new states). "
      "Per machine: how often each row fired; rows never fired are in orange.</p>\n"
      "<table class=\"groups\"><thead><tr><th>group</th><th>transitions</th><th>new states</th>"
      "<th>share</th></tr></thead><tbody>\n{}</tbody></table>\n{}</section>\n",
      xml_escape(scenario), xml_escape(coverage_scope(c, symmetry_reduced(model))), groups,
      machines);
}

}  // namespace synack::reports
