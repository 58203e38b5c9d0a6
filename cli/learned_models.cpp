#include "cli/learned_models.hpp"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "checker/errors.hpp"
#include "cli/learned_families.hpp"
#include "cli/shared_options.hpp"
#include "learned/compose_scenario.hpp"
#include "learned/dot_reader.hpp"
#include "learned/learned_scenario.hpp"
#include "learned/props_file.hpp"
#include "learned/provenance.hpp"

namespace synack::cli {

namespace {

// --compose CLIENT.dot SERVER.dot --compose-map MAP: one scenario, added to `catalog`.
void add_composition(Catalog& catalog, const LearnedCheckOptions& options, Selection& selection) {
  if (options.compose.empty()) {
    if (!options.compose_map.empty())
      throw InputError("--compose-map " + options.compose_map +
                       " applies to a composition: name its models with --compose CLIENT.dot "
                       "SERVER.dot");
    return;
  }
  if (options.compose_map.empty())
    throw InputError(
        "--compose: give the composition map with --compose-map MAP (see "
        "learned/maps/tcp-compose.map)");
  // One side may be a spec machine (tcp-endpoint) rather than a learned model.
  auto spec_named = [&](const std::string& name) {
    auto it = catalog.machines.find(name);
    return it != catalog.machines.end() && std::filesystem::path(name).extension() != ".dot"
               ? it
               : catalog.machines.end();
  };
  for (learned::Side spec_side : {learned::Side::kServer, learned::Side::kClient}) {
    bool spec_is_server = spec_side == learned::Side::kServer;
    auto spec = spec_named(options.compose[spec_is_server ? 1 : 0]);
    if (spec == catalog.machines.end()) continue;
    const std::string& model = options.compose[spec_is_server ? 0 : 1];
    if (!std::filesystem::is_regular_file(model) ||
        std::filesystem::path(model).extension() != ".dot")
      throw InputError("--compose " + model +
                       ": no such .dot file (a learned model in DOT; one side may be a spec "
                       "machine, the other is learned)");
    learned::Side learned_side = spec_is_server ? learned::Side::kClient : learned::Side::kServer;
    catalog.scenarios.push_back(learned::compose_spec_scenario(
        model, options.compose_map, learned_side, spec->first, spec->second()));
    const std::string& name = catalog.scenarios.back().name;
    selection.scenarios.push_back(name);
    selection.assumptions[name] = learned::composition_assumptions(catalog.scenarios.back());
    selection.inputs[name] = {
        learned::input_file(spec_is_server ? "client-model" : "server-model", model),
        learned::input_file("compose-map", options.compose_map)};
    return;
  }
  for (const std::string& path : options.compose)
    if (!std::filesystem::is_regular_file(path) ||
        std::filesystem::path(path).extension() != ".dot")
      throw InputError("--compose " + path +
                       ": no such .dot file (a learned model in DOT; either side may also be "
                       "tcp-endpoint)");
  learned::ComposeSource source{options.compose[0], options.compose[1], options.compose_map};
  for (const properties::Scenario& s : catalog.scenarios)
    if (s.name == learned::compose_scenario_name(source))
      throw InputError("--compose: scenario " + s.name + " exists already; rename a file");
  catalog.scenarios.push_back(learned::compose_scenario(source));
  const std::string& name = catalog.scenarios.back().name;
  selection.scenarios.push_back(name);
  selection.assumptions[name] = learned::composition_assumptions(catalog.scenarios.back());
  selection.inputs[name] = {learned::input_file("client-model", source.client_dot),
                            learned::input_file("server-model", source.server_dot),
                            learned::input_file("compose-map", source.map)};
}

// `check learned/FAMILY`: the family's models and property file, as --learned and --props
// would give them; null when no family is named.
const LearnedFamily* named_family(const Catalog& catalog,
                                  const std::vector<LearnedFamily>& families,
                                  const LearnedCheckOptions& options, Selection& selection) {
  const LearnedFamily* found = nullptr;
  for (auto it = selection.scenarios.begin(); it != selection.scenarios.end();) {
    const std::string name = *it;
    bool in_catalog = std::any_of(catalog.scenarios.begin(), catalog.scenarios.end(),
                                  [&](const properties::Scenario& s) { return s.name == name; });
    if (in_catalog || !catalog.learned_families || !name.starts_with("learned/")) {
      ++it;
      continue;
    }
    auto family = std::find_if(families.begin(), families.end(),
                               [&](const LearnedFamily& f) { return f.name == name; });
    if (family == families.end()) {
      std::vector<std::string> valid;
      for (const LearnedFamily& f : families) valid.push_back(f.name);
      throw InputError(
          fmt::format("unknown learned family '{}'; valid: {}", name, fmt::join(valid, ", ")));
    }
    if (found)
      throw InputError(
          fmt::format("{} and {}: check one learned family at a time", found->name, name));
    if (!options.models.empty() || !options.props.empty())
      throw InputError(fmt::format(
          "{} brings its own models and property file; give it without --learned and --props",
          name));
    found = &*family;
    it = selection.scenarios.erase(it);
  }
  return found;
}

// A `*` pattern that matches no value in any of the models checked is refused: it is
// false in each, which makes its rule hold vacuously (a misspelt "*alert*fatl*" read as a
// passing audit). Matching nothing in some models only is what one file for models of
// different alphabets needs.
void refuse_patterns_matching_nothing(const std::vector<properties::Scenario>& models,
                                      const learned::PropsFile* props,
                                      const std::vector<checker::PropertySpec>& adhoc) {
  struct Use {
    std::string where, pattern;
    std::size_t unmatched_in = 0;
  };
  std::vector<Use> uses;
  auto each_expression = [&](auto&& visit) {
    if (props) {
      for (const learned::PropsFile::Rule& r : props->rules)
        visit(fmt::format("{}:{}", props->source, r.line), r.expression);
      for (const learned::PropsFile::Pattern& p : props->patterns)
        for (const learned::PropsFile::Edge& e : p.edges)
          visit(fmt::format("{}:{}", props->source, e.line), e.guard);
    }
    for (const checker::PropertySpec& p : adhoc) {
      visit("property '" + p.expression + "'", p.expression);
      if (!p.consequence.empty()) visit("property '" + p.consequence + "'", p.consequence);
    }
  };
  for (const properties::Scenario& s : models) {
    std::unique_ptr<checker::Model> model = s.build(s.defaults());
    each_expression([&](const std::string& where, const std::string& expression) {
      for (const std::string& pattern : learned::unmatched_patterns(expression, *model)) {
        auto it = std::find_if(uses.begin(), uses.end(), [&](const Use& u) {
          return u.where == where && u.pattern == pattern;
        });
        if (it == uses.end()) it = uses.insert(uses.end(), {where, pattern, 0});
        ++it->unmatched_in;
      }
    });
  }
  for (const Use& u : uses)
    if (u.unmatched_in == models.size())
      throw InputError(fmt::format(
          "{}: \"{}\" matches no input, answer or state of {}; a pattern that "
          "matches nothing is false, so check its spelling (`*` stands for any characters, "
          "case ignored)",
          u.where, u.pattern,
          models.size() == 1 ? "the model" : fmt::format("any of the {} models", models.size())));
}

}  // namespace

void add_learned_options(CLI::App* cmd, LearnedCheckOptions& o) {
  cmd->add_option("--learned", o.models,
                  "check a learned Mealy machine (DOT), or every .dot under a directory "
                  "(repeatable); a model that is not input-complete or has unreachable states "
                  "gets a note beside its verdicts")
      ->check(non_empty());
  cmd->add_option("--props", o.props,
                  "the property file the --learned models are checked against (its rules "
                  "state no expected verdict: reports show none, --expect refuses them)")
      ->check(non_empty());
  cmd->add_option("--compose", o.compose,
                  "compose a learned client and a learned server over channels: CLIENT.dot "
                  "SERVER.dot (with --compose-map); either may be tcp-endpoint")
      ->expected(2)
      ->check(non_empty());
  cmd->add_option("--compose-map", o.compose_map,
                  "the composition map: which output reaches the other side as which input")
      ->check(non_empty());
}

Catalog with_learned_models(const Catalog& catalog, const LearnedCheckOptions& given,
                            Selection& selection) {
  const std::vector<LearnedFamily> families = learned_families();
  const LearnedFamily* family = named_family(catalog, families, given, selection);
  LearnedCheckOptions options = given;
  if (family) {
    const LearnedRoots roots = default_learned_roots();
    options.models = family_models(*family, roots);
    options.props = (std::filesystem::path(roots.source) / family->props).string();
  }
  if (options.models.empty()) {
    if (!options.compose.empty() || !options.compose_map.empty()) {
      if (!options.props.empty())
        throw InputError("--props " + options.props +
                         " applies to --learned models, not to a --compose pair");
      Catalog out = catalog;
      add_composition(out, options, selection);
      return out;
    }
    if (!options.props.empty())
      throw InputError("--props " + options.props +
                       " applies to learned models: name them with --learned MODEL.dot or "
                       "--learned DIR");
    return catalog;
  }
  if (options.props.empty() && selection.adhoc.empty())
    throw InputError(
        options.adhoc_properties
            ? "--learned: nothing to check; give --props FILE.props or a property such as "
              "--always 'impl.in == \"Finished\" -> impl.out != \"-\"'"
            : "--learned: nothing to check; give --props FILE.props (baseline save records "
              "the verdicts of a property file's rules)");
  std::shared_ptr<const learned::PropsFile> props;
  std::optional<learned::InputFile> props_input;  // hashed once, however many models
  if (!options.props.empty()) {
    props = std::make_shared<const learned::PropsFile>(learned::read_props_file(options.props));
    props_input = learned::input_file("props", options.props);
  }
  Catalog out = catalog;
  const std::size_t first_model = out.scenarios.size();
  for (const learned::FoundModel& m : learned::find_learned_models(options.models)) {
    for (const properties::Scenario& s : catalog.scenarios)
      if (s.name == m.scenario)
        throw InputError("--learned " + m.path + ": scenario " + m.scenario +
                         " exists already; rename the file");
    // Read once, here: its gaps are told beside its verdicts (the scenario's notes).
    auto machine = std::make_shared<const learned::MealyMachine>(learned::read_dot_file(m.path));
    out.scenarios.push_back(learned::learned_scenario(m.scenario, {m.path, machine}, props));
    // A family's expected verdicts, per model, for --expect: the findings it lists are
    // violated, every other rule of its file holds. (A user's props file states none.)
    if (family)
      for (checker::PropertySpec& p : out.scenarios.back().properties)
        p.expected = family->violated(m.scenario.substr(std::string("learned/").size()), p.name)
                         ? checker::Verdict::kViolated
                         : checker::Verdict::kHolds;
    selection.scenarios.push_back(m.scenario);
    selection.inputs[m.scenario] = {learned::input_file("model", m.path)};
    if (props_input) selection.inputs[m.scenario].push_back(*props_input);
  }
  refuse_patterns_matching_nothing(
      {out.scenarios.begin() + static_cast<std::ptrdiff_t>(first_model), out.scenarios.end()},
      props.get(), selection.adhoc);
  add_composition(out, options, selection);
  return out;
}

std::vector<InputFile> learned_files_read(const learned::InputsByScenario& inputs) {
  std::vector<InputFile> files;
  for (const auto& [scenario, read] : inputs)
    for (const learned::InputFile& f : read) {
      std::string what = f.role == "props"          ? "the property file (--props)"
                         : f.role == "compose-map"  ? "the composition map (--compose-map)"
                         : f.role == "client-model" ? "the composition's client model"
                         : f.role == "server-model" ? "the composition's server model"
                                                    : "the learned model of " + scenario;
      files.push_back({std::move(what), f.path});
    }
  return files;
}

}  // namespace synack::cli
