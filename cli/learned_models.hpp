// `synack check --learned MODEL.dot|DIR --props FILE.props`: a user's learned models become
// scenarios of their own beside the catalog's (learned/learned_scenario.hpp), and are
// the scenarios checked.
#pragma once

#include <string>
#include <vector>

#include "cli/output_file.hpp"
#include "cli/runs.hpp"
#include "synack/cli.hpp"

namespace CLI {
class App;
}

namespace synack::cli {

struct LearnedCheckOptions {
  std::vector<std::string> models;   // --learned: .dot files or directories of them
  std::string props;                 // --props: the property file, or empty
  std::vector<std::string> compose;  // --compose CLIENT.dot SERVER.dot: none or two
  std::string compose_map;           // --compose-map: the composition map
  // Whether the command takes properties on the command line (--always ...): `check` does,
  // `baseline save` does not, and is not advised to use them.
  bool adhoc_properties = true;
};

// --learned, --props, --compose and --compose-map, for check and baseline save.
void add_learned_options(CLI::App* cmd, LearnedCheckOptions& o);

// The catalog with one scenario per model file (and one for a --compose pair), and those
// scenarios added to `selection`. Throws InputError for a missing or broken path, --props
// without --learned, --compose without --compose-map or the other way round, or models
// with nothing to check.
Catalog with_learned_models(const Catalog& catalog, const LearnedCheckOptions& options,
                            Selection& selection);

// The files the learned scenarios of a run were made from (Selection::inputs), as
// check_outputs_spare_inputs names them: no output of the run may replace one.
std::vector<InputFile> learned_files_read(const learned::InputsByScenario& inputs);

}  // namespace synack::cli
