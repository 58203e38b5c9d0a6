#include "cli/learned_models.hpp"

#include <filesystem>
#include <memory>

#include "checker/errors.hpp"
#include "learned/compose_scenario.hpp"
#include "learned/learned_scenario.hpp"
#include "learned/props_file.hpp"

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
    selection.scenarios.push_back(catalog.scenarios.back().name);
    selection.assumptions[catalog.scenarios.back().name] =
        learned::composition_assumptions(catalog.scenarios.back());
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
  selection.scenarios.push_back(catalog.scenarios.back().name);
  selection.assumptions[catalog.scenarios.back().name] =
      learned::composition_assumptions(catalog.scenarios.back());
}

}  // namespace

Catalog with_learned_models(const Catalog& catalog, const LearnedCheckOptions& options,
                            Selection& selection) {
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
        "--learned: nothing to check; give --props FILE.props or a property such as "
        "--always 'impl.in == \"Finished\" -> impl.out != \"-\"'");
  std::shared_ptr<const learned::PropsFile> props;
  if (!options.props.empty())
    props = std::make_shared<const learned::PropsFile>(learned::read_props_file(options.props));
  Catalog out = catalog;
  for (const learned::FoundModel& m : learned::find_learned_models(options.models)) {
    for (const properties::Scenario& s : catalog.scenarios)
      if (s.name == m.scenario)
        throw InputError("--learned " + m.path + ": scenario " + m.scenario +
                         " exists already; rename the file");
    out.scenarios.push_back(learned::learned_scenario(m.scenario, {m.path, nullptr}, props));
    selection.scenarios.push_back(m.scenario);
  }
  add_composition(out, options, selection);
  return out;
}

}  // namespace synack::cli
