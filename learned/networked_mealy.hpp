// A learned Mealy machine as an actor that speaks on a channel (the composition of
// learned/compose_map.hpp), where learned/mealy_machine.hpp's actor only answers a tester.
//
// Inputs: an input the map names on the right of a `send` is a message: when the channel
// delivers it, the model takes that input. Every other input is an application call, an
// environment event (the composition offers the map's `calls`, or those --set enables). Outputs:
// each symbol of the answer becomes what the map says: a message on the channel (the peer's input,
// or a segment the peer's stack drops, under the output's own name), nothing, or, when the map does
// not name it, an output the peer has no input for. That last one sends nothing and is recorded in
// the variable `unaccepted` (the first such output, by name; sticky), which the composition's
// property `outputs-accepted` reads.
//
// The local state is [learned state, in, out, unaccepted], with the alphabet as value
// names (`in` and `out` as in the standalone actor, "(none)" before the first input). The
// map's state names replace the model's where an access sequence reaches them, so that
// properties say `client.state == ESTABLISHED`.
//
// Both sides share the map's wire messages (ComposeMap::wire_messages), numbered in that
// order, so one codec serves both directions.
#pragma once

#include <memory>

#include "checker/machine.hpp"
#include "learned/compose_map.hpp"
#include "learned/mealy.hpp"

namespace synack::learned {

// Throws InputError when the model is unusable (as make_mealy_machine) or the map does not
// fit it (bind_compose_map).
std::shared_ptr<const checker::MachineType> make_networked_mealy(
    std::shared_ptr<const MealyMachine> model, const ComposeMap& map, Side side);

}  // namespace synack::learned
