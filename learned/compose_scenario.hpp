// Two learned models composed over synack's channels, as a scenario like any other:
// `synack check --compose CLIENT.dot SERVER.dot --compose-map MAP` makes one, so traces,
// charts, JSON, JUnit, reports, --set channel.* and ad hoc properties need nothing new.
//
// Actors `client` and `server` (learned/networked_mealy.hpp) joined by channels c2s and
// s2c with the channel parameters every scenario has (lossy, duplicating, reordering by
// default). Each side's application calls are boolean parameters, `client.CONNECT`,
// `server.CLOSE`, on by default where the map's `calls` line names them. Properties:
//   outputs-accepted   always: no side has sent an output the map gives the other side no
//                      input for (CAV 2016: every output one side generates is an input
//                      the other accepts)
// and, where the map names the states they speak of (`state SIDE NAME = ...`):
//   connects           sometimes: client and server both ESTABLISHED
//   leaves-syn-sent    client SYN_SENT leads-to client not SYN_SENT, under fair-loss
//   leaves-syn-received  the same for the server's SYN_RECEIVED
//   establishes        client SYN_SENT and server LISTEN leads-to both ESTABLISHED,
//                      under fair-loss
// A property the map has no names for is left out, and the description says so. A learned
// side that is not input-complete or has unreachable states adds a note, "client
// FILE.dot: not input-complete (...)" (learned/analysis.hpp, verdict_scope_note), as a
// single model's scenario does.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "checker/machine.hpp"
#include "learned/compose_map.hpp"
#include "properties/scenario.hpp"

namespace synack::learned {

struct ComposeSource {
  std::string client_dot, server_dot, map;
};

// "compose/" + the client's file stem + "+" + the server's.
std::string compose_scenario_name(const ComposeSource& source);

// Reads the map and both models now (the map's names decide the properties, the models'
// inputs the parameters). Throws InputError for a file that cannot be read or parsed, or
// a map that does not fit a model.
properties::Scenario compose_scenario(const ComposeSource& source);

// A learned TCP client or server against a spec machine (tcp-endpoint) as its peer, the
// learned side's numbers kept by learned/tcp_mapper: `check --compose CLIENT.dot
// tcp-endpoint` or `check --compose tcp-endpoint SERVER.dot`. The map gives the learned
// side's calls and state names (its `send` lines are not used: the mapper makes
// segments); the spec is offered `listen` (as a server) or `connect` (as a client), and
// `timeout`. Properties: outputs-accepted (SIDE.unaccepted), inputs-valid (SIDE.refused:
// the spec sent a segment that is no valid input of the learned side), one-connection
// (SIDE.connections <= 1: the mapper has one ISN for the learned side), connects,
// leaves-syn-sent, leaves-syn-received (a learned server) and establishes as above, with
// the spec's own state names for the spec's side (SYN-SENT, LISTEN, ESTABLISHED).
properties::Scenario compose_spec_scenario(const std::string& learned_dot, const std::string& map,
                                           Side learned_side, const std::string& spec_name,
                                           std::shared_ptr<const checker::MachineType> spec);

// The properties a composition's other verdicts rest on (cli/assumptions.hpp): those of
// outputs-accepted, inputs-valid and one-connection the scenario has. Past a violation of
// one, a model is off its learned alphabet or its mapper's one connection, and the
// composition guesses (an unaccepted output is not sent, a segment with no valid input is
// taken as nothing, a second connection reuses the first's ISN).
std::vector<std::string> composition_assumptions(const properties::Scenario& scenario);

}  // namespace synack::learned
