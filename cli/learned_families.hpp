// The learned model families: the real implementations' models in ../shared/data/learned
// (and the project's own small ones in tests/data/learned) grouped as the papers learned
// them, each with the property file that states its RFC rules. `synack list` shows them
// after the bundled scenarios; `synack check learned/FAMILY` runs one, exactly as
// `synack check --learned MODELS --props FILE` would, with each property's expected
// verdict per model set from what docs/learned-models.md reports (so --expect works).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace synack::cli {

// Where the families' files are: the source tree (learned/props, tests/data/learned) and
// ../shared/data/learned, "" when absent.
struct LearnedRoots {
  std::string source;
  std::string shared;
};
// The source tree compiled in; SYNACK_SHARED_DIR (the parent of data/learned), else the
// source tree's ../shared.
LearnedRoots default_learned_roots();

struct LearnedFamily {
  std::string name;  // "learned/tcp-clients"
  std::string description;
  std::string props;    // the property file, relative to the source tree
  bool shared = false;  // models under ../shared/data/learned, else tests/data/learned
  std::string folder;   // relative to that
  std::string only;     // a model's file name contains this; "": every .dot under folder
  std::vector<std::string> expected;  // the expected verdicts, one line each
  // Whether `property` is expected violated on the model named `model` (its scenario name
  // without "learned/"); every other verdict is expected to be holds.
  std::function<bool(const std::string& model, const std::string& property)> violated;
};

std::vector<LearnedFamily> learned_families();

// The family's model folder, or "" when it lives in an absent ../shared.
std::string family_folder(const LearnedFamily& family, const LearnedRoots& roots);
// The paths `--learned` takes for it: the matching files, or the folder itself. Throws
// InputError when ../shared is absent.
std::vector<std::string> family_models(const LearnedFamily& family, const LearnedRoots& roots);
// Why the family cannot be checked here, "" when it can: ../shared is absent, the family's
// models are not in it (a partial checkout), or the source tree's property file is absent.
std::string family_absent(const LearnedFamily& family, const LearnedRoots& roots);
// `synack check learned/FAMILY` spelled with --learned (a shell pattern where the folder
// holds other models too) and --props; "" models folder when ../shared is absent.
std::string family_same_run(const LearnedFamily& family, const LearnedRoots& roots);

// `synack list`'s entries after the bundled scenarios.
std::string format_learned_families(const LearnedRoots& roots);
nlohmann::json learned_families_json(const LearnedRoots& roots);

}  // namespace synack::cli
