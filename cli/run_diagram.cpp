// `synack diagram MACHINE|SCENARIO`: state diagrams through Graphviz's libraries.
#include <cctype>
#include <cstring>
#include <fstream>
#include <iostream>
#include <ostream>

#include <fmt/format.h>

#include "checker/check.hpp"
#include "checker/errors.hpp"
#include "checker/program_name.hpp"
#include "checker/suggest.hpp"
#include "checker/system.hpp"
#include "cli/commands.hpp"
#include "cli/output_file.hpp"
#include "learned/dot_reader.hpp"
#include "properties/scenario.hpp"
#include "reports/diagram.hpp"
#include "reports/graphviz.hpp"
#include "reports/learned_diagram.hpp"

namespace synack::cli {

namespace {

struct BuiltScenario {
  PreparedRuns prepared;
  const checker::System* system = nullptr;
};

// `property`, when given, must be one of the scenario's (an unknown name is refused by
// prepare_runs, as in `check`).
BuiltScenario build(const Catalog& catalog, const std::string& name,
                    const std::vector<std::string>& sets, const std::string& property = "") {
  Selection selection;
  selection.scenarios = {name};
  selection.sets = sets;
  if (!property.empty()) selection.properties = {property};
  BuiltScenario b{prepare_runs(catalog, selection), nullptr};
  b.system = dynamic_cast<const checker::System*>(b.prepared.runs.at(0).model.get());
  if (!b.system) throw InternalError("scenario " + name + " is not a composition of machines");
  return b;
}

// The distinct machines of a composition, by name, in actor order.
std::vector<const checker::MachineType*> machines_of(const checker::System& system) {
  std::vector<const checker::MachineType*> out;
  for (std::size_t a = 0; a < system.actor_names().size(); ++a) {
    const checker::MachineType* m = &system.actor_machine(a);
    bool seen = false;
    for (auto* o : out) seen |= o->machine_name() == m->machine_name();
    if (!seen) out.push_back(m);
  }
  return out;
}

// --max-graph, --global and --detail where the drawing asked for has no use for them: one
// line naming the option and what it shapes, rather than a drawing that silently ignored it.
enum class Drawing { kLearnedModel, kMachine, kComparison, kScenario };
void refuse_unused_options(const DiagramOptions& o, Drawing drawing) {
  auto refuse = [&](const char* option, const std::string& why) {
    throw InputError(fmt::format("diagram {}: {} {}", o.name, option, why));
  };
  switch (drawing) {
    case Drawing::kLearnedModel:
      if (o.global_given)
        refuse("--global",
               "applies to a scenario; a learned model is drawn whole, up to "
               "--max-graph states");
      if (o.detail)
        refuse("--detail",
               "applies to a machine's rows; a learned model's edges have no "
               "guards or actions to add");
      break;
    case Drawing::kMachine:
    case Drawing::kComparison:
      for (auto [given, option] :
           {std::pair{o.max_graph_given, "--max-graph"}, std::pair{o.global_given, "--global"}})
        if (given)
          refuse(option, drawing == Drawing::kMachine
                             ? "applies to a scenario's global graph, not a machine (a machine "
                               "is drawn as its whole transition table)"
                             : "does not apply with --compare, which draws the machines' rows "
                               "and no global graph");
      break;
    case Drawing::kScenario:
      // auto draws state by state only up to kReadableGlobalStates: a larger --max-graph
      // changed nothing.
      if (o.max_graph_given && o.global == "auto" && o.max_graph_states > kReadableGlobalStates)
        refuse("--max-graph",
               fmt::format("{} is past what --global auto draws state by state ({} states); "
                           "give --global full to draw up to {}",
                           o.max_graph_states, kReadableGlobalStates, o.max_graph_states));
      if (o.max_graph_given && (o.global == "control" || o.global == "none"))
        refuse("--max-graph",
               "bounds the state-by-state global graph (--global full or auto); --global " +
                   o.global +
                   (o.global == "none" ? " draws no global graph"
                                       : " draws every combination of control states"));
      break;
  }
}

// The advice for a drawing over --max-graph: raise it only while it can be raised.
std::string raise_max_graph(std::size_t given) {
  return given < kMaxGraphStates ? fmt::format("raise --max-graph up to {}, or ", kMaxGraphStates)
                                 : "";
}

std::string id_of(std::string s) {
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

// The trace to highlight: the chosen property's, else the first property with one.
std::optional<checker::Trace> pick_trace(const reports::ScenarioRun& run,
                                         const std::string& property,
                                         const checker::Limits& limits) {
  for (const auto& p : run.properties) {
    if (!property.empty() && p.name != property) continue;
    auto results = checker::check_properties(*run.model, {p}, limits);
    if (results[0].trace) return results[0].trace;
    if (!property.empty()) break;
  }
  return std::nullopt;
}

// The scenario's global graph as --global asks, or a note saying why it is not drawn.
// `counted`: the rows' count covered every reachable state (not so, no projection of them
// can be drawn, and none is tried).
std::string global_graph(const reports::ScenarioRun& run, const DiagramOptions& o, bool counted,
                         std::ostream& notes) {
  const checker::Model& model = *run.model;
  // The trace is searched for only as far as the drawing goes (tcp/congestion at capacity
  // 4 searched 8.9 M states per property for it).
  auto trace_within = [&](std::uint64_t states) {
    checker::Limits limits = o.limits;
    limits.max_states = std::min<std::uint64_t>(limits.max_states, states + 1);
    return pick_trace(run, o.property, limits);
  };
  const std::size_t full_limit =
      o.global == "auto" ? std::min(o.max_graph_states, kReadableGlobalStates) : o.max_graph_states;
  if (o.global == "auto" || o.global == "full") {
    auto trace = trace_within(full_limit);
    if (auto global = reports::global_graph_dot(model, full_limit, trace ? &*trace : nullptr))
      return *global;
    if (o.global == "full") {
      notes << fmt::format(
          "{}: the reachable global graph of {} has more than {} states; not drawn "
          "({}draw its control states with --global control, or shrink the scenario with "
          "--set)\n",
          checker::program_name(), o.name, o.max_graph_states, raise_max_graph(o.max_graph_states));
      return {};
    }
  }
  std::optional<reports::ControlGraph> control;
  if (counted) {
    auto trace = trace_within(o.max_coverage_states);
    control =
        reports::control_state_graph_dot(model, o.max_coverage_states, trace ? &*trace : nullptr);
  }
  if (control) {
    if (o.global == "auto")
      notes << fmt::format(
          "{}: note: {} has {} reachable states, more than {} to draw one by one: the "
          "global graph shows its {} combinations of control states (--global full draws "
          "every state, up to --max-graph)\n",
          checker::program_name(), o.name, control->states, full_limit, control->nodes);
    return control->dot;
  }
  notes << fmt::format(
      "{}: the reachable states of {} are more than {}; the global graph is not drawn "
      "(shrink the scenario with --set)\n",
      checker::program_name(), o.name, o.max_coverage_states);
  return {};
}

std::string scenario_dot(const Catalog& catalog, const DiagramOptions& o, std::ostream& notes) {
  BuiltScenario a = build(catalog, o.name, o.sets, o.property);
  std::string body;
  if (o.compare.empty()) {
    auto coverage = reports::row_coverage(*a.system, o.max_coverage_states, o.limits.interrupted);
    if (coverage.interrupted) return {};  // run_diagram says so
    if (!coverage.complete)
      notes << fmt::format("{}: note: rows fired counted over the first {} states only\n",
                           checker::program_name(), coverage.states);
    for (const auto* m : machines_of(*a.system)) {
      reports::MachineStyle style;
      style.fired = &coverage.fired[m->machine_name()];
      style.detail = o.detail;
      body += reports::machine_dot(*m, id_of(m->machine_name()), o.name + ": " + m->machine_name(),
                                   style, false);
    }
    const auto& run = a.prepared.runs.at(0);
    if (o.global != "none") body += global_graph(run, o, coverage.complete, notes);
  } else {
    BuiltScenario b = build(catalog, o.compare, o.sets);
    auto ca = reports::row_coverage(*a.system, o.max_coverage_states, o.limits.interrupted);
    auto cb = reports::row_coverage(*b.system, o.max_coverage_states, o.limits.interrupted);
    if (ca.interrupted || cb.interrupted) return {};
    for (const auto* m : machines_of(*a.system)) {
      const std::string& mn = m->machine_name();
      std::set<int> only_a, only_b;
      for (int r : ca.fired[mn])
        if (!cb.fired[mn].count(r)) only_a.insert(r);
      for (int r : cb.fired[mn])
        if (!ca.fired[mn].count(r)) only_b.insert(r);
      std::set<int> either = ca.fired[mn];
      either.insert(cb.fired[mn].begin(), cb.fired[mn].end());
      reports::MachineStyle style;
      style.fired = &either;
      style.only_first = &only_a;
      style.only_second = &only_b;
      style.first = o.name;
      style.second = o.compare;
      style.detail = o.detail;
      // One drawing: what differs coloured, what both fire faded, the rest left out.
      body += reports::machine_dot(*m, id_of(mn), mn + ": " + o.name + " vs " + o.compare, style,
                                   false);
      for (int r : only_a)
        notes << fmt::format("only in {}: {}\n", o.name,
                             describe_row(m->rows()[static_cast<std::size_t>(r)]));
      for (int r : only_b)
        notes << fmt::format("only in {}: {}\n", o.compare,
                             describe_row(m->rows()[static_cast<std::size_t>(r)]));
    }
  }
  return "digraph synack {\n  rankdir=TB;\n" + body + "}\n";
}

// The drawing's format: --format, else the extension of -o's file (.dot, .svg, .png, in any
// case: `d.PNG` is a PNG file), else svg. A --format that contradicts the file's extension
// is refused (`-o d.png` used to get SVG in a file named .png, which no image viewer opens),
// and so is an image format synack does not draw (`-o d.gif`) without --format.
std::string drawing_format(const DiagramOptions& o) {
  std::string lower = o.output;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string extension;
  for (const char* known : {"dot", "svg", "png"}) {
    std::string suffix = std::string(".") + known;
    if (lower.size() > suffix.size() && lower.ends_with(suffix)) extension = known;
  }
  for (const char* other : {".gif", ".jpg", ".jpeg", ".pdf", ".bmp", ".webp", ".tif", ".tiff"})
    if (o.format.empty() && lower.size() > std::strlen(other) && lower.ends_with(other))
      throw InputError(fmt::format(
          "-o {}: synack draws dot, svg or png; name the file .dot, .svg or .png, or give "
          "--format",
          o.output));
  if (o.format.empty()) return extension.empty() ? "svg" : extension;
  // Before the drawing: rendering is the last step, after the graph is explored.
  if (o.format != "dot" && o.format != "svg" && o.format != "png")
    throw InputError("--format " + o.format + ": unknown; valid: dot, svg, png");
  if (!extension.empty() && extension != o.format)
    throw InputError(
        fmt::format("--format {} contradicts -o {} (a .{} file): give either one "
                    "alone, or both alike",
                    o.format, o.output, extension));
  return o.format;
}

}  // namespace

std::string describe_row(const checker::RowSpec& r) {
  std::string s = r.source + " --" + r.event;
  if (!r.guard.empty()) s += " [" + r.guard + "]";
  if (!r.action.empty()) s += " / " + r.action;
  return s + "--> " + (r.target.empty() ? r.source + " (internal)" : r.target);
}

// The machines `diagram NAME` knows: the catalog's, and every machine its scenarios use
// at their defaults (a user's machine is drawable without registering it).
std::map<std::string, MachineFactory> known_machines(const Catalog& catalog) {
  std::map<std::string, MachineFactory> machines = catalog.machines;
  for (const properties::Scenario& s : catalog.scenarios) {
    std::unique_ptr<checker::Model> model;
    try {
      model = s.build(s.defaults());
    } catch (const InputError&) {
      continue;  // a scenario that does not build is reported when it is used
    }
    auto* system = dynamic_cast<const checker::System*>(model.get());
    if (!system) continue;
    for (std::size_t a = 0; a < system->actor_names().size(); ++a) {
      std::shared_ptr<const checker::MachineType> m = system->actor_machine_ptr(a);
      machines.try_emplace(m->machine_name(), [m] { return m; });
    }
  }
  return machines;
}

int run_diagram(const Catalog& catalog, const DiagramOptions& options, std::ostream& out,
                std::ostream& notes) {
  DiagramOptions o = options;
  o.format = drawing_format(options);
  if (o.format == "png" && o.output.empty())
    throw InputError("--format png writes binary data: give an output file with -o FILE");
  OutputFile output("-o", o.output);  // checked before the drawing, written after it
  std::string dot;
  auto machines = known_machines(catalog);
  // A learned model's file: drawn from the model itself (reports/learned_diagram).
  bool learned_file = o.name.size() > 4 && o.name.ends_with(".dot") && !machines.count(o.name);
  if (learned_file) {
    if (!o.compare.empty() || !o.property.empty() || !o.sets.empty())
      throw InputError("diagram " + o.name +
                       ": a learned model takes no --compare, --property or --set");
    refuse_unused_options(o, Drawing::kLearnedModel);
    check_outputs_spare_inputs({&output}, {{"the learned model", o.name}});
    learned::MealyMachine m = learned::read_dot_file(o.name);
    // Graphviz takes minutes on thousands of states, and the drawing would not be read.
    if (m.states.size() > o.max_graph_states)
      throw InputError(fmt::format(
          "diagram {}: {} states is more than --max-graph {}{}", o.name, m.states.size(),
          o.max_graph_states,
          o.max_graph_states < kMaxGraphStates
              ? fmt::format(" (raise it up to {} to draw a larger model)", kMaxGraphStates)
              : fmt::format(" (the largest a drawing takes)")));
    dot = reports::learned_dot(m);
  } else if (auto it = machines.find(o.name); it != machines.end()) {
    if (!o.compare.empty()) throw InputError("--compare takes two scenarios, not machines");
    refuse_unused_options(o, Drawing::kMachine);
    // A machine's diagram is its transition table, the same for every parameter, and it
    // has no properties: both options would be silently ignored.
    if (!o.property.empty() || !o.sets.empty())
      throw InputError("diagram " + o.name + ": " + (o.sets.empty() ? "--property" : "--set") +
                       " applies to a scenario, not a machine (draw a scenario that uses " +
                       o.name + " to see the rows it fires)");
    auto m = it->second();
    if (!m) throw InputError("machine " + o.name + ": its factory returned no machine");
    reports::MachineStyle style;
    style.detail = o.detail;
    dot = reports::machine_dot(*m, id_of(o.name), o.name, style, true);
  } else {
    const auto& scenarios = catalog.scenarios;
    bool is_scenario = false;
    for (const auto& s : scenarios) is_scenario |= s.name == o.name;
    if (!is_scenario) {
      std::vector<std::string> known;
      for (const auto& [name, factory] : machines) known.push_back(name);
      for (const auto& s : scenarios) known.push_back(s.name);
      throw InputError(fmt::format("diagram: unknown machine or scenario '{}'; {}", o.name,
                                   checker::valid_names("known", o.name, known, 60)));
    }
    refuse_unused_options(o, o.compare.empty() ? Drawing::kScenario : Drawing::kComparison);
    dot = scenario_dot(catalog, o, notes);
    // Ctrl-C or SIGTERM while the rows fired were counted: nothing is drawn (a drawing of
    // part of the rows would fade rows that do fire), exit 3 as an interrupted check.
    if (o.limits.interrupt_requested()) {
      notes << checker::program_name() << ": diagram " << o.name
            << ": interrupted; nothing drawn\n";
      return 3;
    }
  }
  std::string rendered = reports::render_dot(dot, o.format);
  // Graphviz's layout cannot be stopped midway (a learned model of a thousand states takes
  // minutes): a signal during it is honoured when it returns, and nothing is written. Each
  // drawing used to be written, exit 0, as if no signal had come.
  if (o.limits.interrupt_requested()) {
    notes << checker::program_name() << ": diagram " << o.name << ": interrupted; nothing drawn\n";
    return 3;
  }
  if (o.output.empty()) {
    out << rendered;
  } else {
    output.commit(rendered);
  }
  return 0;
}

}  // namespace synack::cli
