// `synack check --learned MODEL.dot|DIR --props FILE.props`: a user's learned models become
// scenarios of their own beside the catalog's (learned/learned_scenario.hpp), and are
// the scenarios checked.
#pragma once

#include <string>
#include <vector>

#include "cli/runs.hpp"
#include "synack/cli.hpp"

namespace synack::cli {

struct LearnedCheckOptions {
  std::vector<std::string> models;  // --learned: .dot files or directories of them
  std::string props;                // --props: the property file, or empty
};

// The catalog with one scenario per model file, and those scenarios added to
// `selection`. Throws InputError for a missing or broken path, --props without
// --learned, or models with nothing to check.
Catalog with_learned_models(const Catalog& catalog, const LearnedCheckOptions& options,
                            Selection& selection);

}  // namespace synack::cli
