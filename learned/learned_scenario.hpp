// A learned model checked on its own against a property file, as a scenario like any
// other: `synack check --learned MODEL.dot --props tls-server.props` makes one per model,
// so tables, traces, charts, JSON, JUnit and reports need nothing new.
//
// The model is one actor, `impl` (the implementation), offered every input of its
// alphabet in every state: the tester that learned it. Its slots are impl.state, impl.in
// and impl.out (learned/mealy_machine.hpp); each pattern of the file adds a monitor.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "learned/mealy.hpp"
#include "learned/props_file.hpp"
#include "properties/scenario.hpp"

namespace synack::learned {

inline constexpr const char* kLearnedActor = "impl";

// Where a model comes from: a DOT file read when the scenario is built, or a machine
// already in memory (tests, bundled examples).
struct ModelSource {
  std::string dot_path;
  std::shared_ptr<const MealyMachine> machine;
};

// `props` may be null: then only properties asked on the command line are checked. A
// machine given in `source` is examined for gaps (learned/analysis.hpp,
// verdict_scope_note) into the scenario's notes.
properties::Scenario learned_scenario(std::string name, ModelSource source,
                                      std::shared_ptr<const PropsFile> props);

// The model files named on the command line: a .dot file stands for itself, a directory
// for every .dot file under it (sorted by path). Each gets a scenario name,
// "learned/" + its path without ".dot" (relative to the directory named, so that
// tlsprint's 1.0.1g/TLS12.dot and 1.0.1h/TLS12.dot stay apart). Throws InputError for a
// path that does not exist, a file that is not .dot, or a directory with none.
struct FoundModel {
  std::string scenario;
  std::string path;
};
std::vector<FoundModel> find_learned_models(const std::vector<std::string>& paths);

}  // namespace synack::learned
