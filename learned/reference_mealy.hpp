// Replay's second reading of a composition of learned models: the .dot file and the
// composition map read again, deliberately simply, and run without any of the code the
// engines use (dot_reader, MealyMachine, bind_compose_map, the networked actor's tables).
//
// The engines run a composed learned model through learned/networked_mealy's dense table
// and precomputed effects. Replay must not share that path, or a mistake in it (a
// transition read into the wrong cell, a send line applied to the wrong symbol, a state
// name bound to the wrong state) would be taken by both and a wrong trace would replay.
// So the runner that replay uses is this one: a table of strings keyed by (state name,
// input name), read line by line from the file, and the map's `send` and `state` lines
// read the same way. It answers in the engine's encoding (the actor's state and value
// names, the codec's messages) only by looking names up, so every step of a trace is
// checked against the files themselves: the state, the last input and answer, the first
// unaccepted answer, and the messages put on the wire.
//
// The .dot file is read by learned/reference_dot, which reads every file the main reader
// accepts into the same machine (a differential test holds them to it); the map's `send X
// = Y` and `state SIDE NAME = A, B` lines are read here. Where replay and the engines still
// part, replay reports the step, as synack's own bug (exit 4).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "checker/machine.hpp"
#include "learned/reference_dot.hpp"

namespace synack::learned {

struct ReferenceMap {
  // output symbol -> "input NAME", "dropped" or "nothing"; unnamed symbols are unaccepted.
  std::map<std::string, std::string> sends;
  // side ("client"/"server") -> (state name, access sequence).
  std::multimap<std::string, std::pair<std::string, std::vector<std::string>>> states;
};

ReferenceMap read_reference_map(const std::string& map_path);

// The map's names for the model's states on `side`, found by running each access
// sequence through the reference table: file state -> name.
std::map<std::string, std::string> reference_state_names(const ReferenceModel& model,
                                                         const ReferenceMap& map,
                                                         const std::string& side);
// An answer as the actor's `out` values print it: "A & B", "-" for none.
std::string reference_answer_text(const std::vector<std::string>& symbols);

// The runner replay uses for a networked learned model (learned/networked_mealy.hpp) of
// type `type` on side `side` ("client" or "server"). Its local state is the type's:
// [state, in, out, unaccepted].
std::unique_ptr<checker::MachineRunner> make_reference_runner(
    const checker::MachineType& type, std::shared_ptr<const ReferenceModel> model,
    std::shared_ptr<const ReferenceMap> map, const std::string& side);

}  // namespace synack::learned
