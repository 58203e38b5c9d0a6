#include "cli/learned_models.hpp"

#include <memory>

#include "checker/errors.hpp"
#include "learned/learned_scenario.hpp"
#include "learned/props_file.hpp"

namespace synack::cli {

Catalog with_learned_models(const Catalog& catalog, const LearnedCheckOptions& options,
                            Selection& selection) {
  if (options.models.empty()) {
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
  return out;
}

}  // namespace synack::cli
