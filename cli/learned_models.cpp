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
  // The server may be a spec machine (tcp-endpoint) rather than a learned model.
  const std::string& server = options.compose[1];
  auto spec = catalog.machines.find(server);
  if (spec != catalog.machines.end() && std::filesystem::path(server).extension() != ".dot") {
    const std::string& client = options.compose[0];
    if (!std::filesystem::is_regular_file(client) ||
        std::filesystem::path(client).extension() != ".dot")
      throw InputError("--compose " + client + ": no such .dot file (a learned model in DOT)");
    catalog.scenarios.push_back(
        learned::compose_spec_scenario(client, options.compose_map, server, spec->second()));
    selection.scenarios.push_back(catalog.scenarios.back().name);
    return;
  }
  for (const std::string& path : options.compose)
    if (!std::filesystem::is_regular_file(path) ||
        std::filesystem::path(path).extension() != ".dot")
      throw InputError("--compose " + path +
                       ": no such .dot file (a learned model in DOT; the server may also be "
                       "tcp-endpoint)");
  learned::ComposeSource source{options.compose[0], options.compose[1], options.compose_map};
  for (const properties::Scenario& s : catalog.scenarios)
    if (s.name == learned::compose_scenario_name(source))
      throw InputError("--compose: scenario " + s.name + " exists already; rename a file");
  catalog.scenarios.push_back(learned::compose_scenario(source));
  selection.scenarios.push_back(catalog.scenarios.back().name);
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
