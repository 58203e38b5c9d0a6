// How two learned models talk to each other over synack's channels: the mapping file of
// `synack check --compose CLIENT.dot SERVER.dot --compose-map MAP`. Learned models are
// input-driven Mealy machines: each answers an input with an output symbol and never
// speaks on its own. Composing two of them says which of one side's output symbols reach
// the other side as which of its input symbols, and which inputs are the application's:
//
//   # a comment
//   send SYN(FRESH,ZERO,0) = SYN(V,V,0)   this output goes on the wire and arrives at the
//                                         peer as its input SYN(V,V,0)
//   send RST(ZERO,ZERO,0) = dropped       goes on the wire; the peer's stack discards it
//                                         (say why in a comment: RFC 9293 drops a RST
//                                         whose sequence number is not in the window)
//   send TIMEOUT = nothing                nothing on the wire (the learner saw silence)
//   calls client CONNECT CLOSE            the application calls the environment offers
//   calls server LISTEN ACCEPT            each side by default (inputs of its model)
//   state client SYN_SENT = CONNECT       names the state those inputs lead to, from the
//   state server ESTABLISHED = LISTEN, ACCEPT, SYN(V,V,0), ACK(V,V,0)     initial state
//
// An output symbol a model produces that no `send` line names has no input on the other
// side: sending it is what the property `outputs-accepted` forbids (the CAV 2016 check
// "every output one side generates is an input the other accepts"). The map is about a
// family of models (one stack's client and server, or several stacks): it may name
// outputs a given model never produces, but every input it names must exist, checked when
// the models are bound (learned/networked_mealy.hpp).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "learned/mealy.hpp"

namespace synack::learned {

enum class Side { kClient, kServer };
const char* side_name(Side side);  // "client", "server": also the actors' names

struct ComposeMap {
  struct Send {
    enum class Kind { kInput, kDropped, kNothing } kind = Kind::kNothing;
    std::string input;  // kInput: the peer's input symbol
    int line = 0;
  };
  struct StateName {
    std::string name;                 // "ESTABLISHED"
    std::vector<std::string> inputs;  // the access sequence from the initial state
    int line = 0;
  };
  struct SideSpec {
    // Application inputs the environment offers by default (each is a parameter
    // SIDE.INPUT of the scenario, so --set turns the others on or these off).
    std::vector<std::string> calls;
    int calls_line = 0;  // 0: no `calls` line: every model input that is no wire input
    std::vector<StateName> states;
  };

  std::string source;                 // the file, for messages
  std::map<std::string, Send> sends;  // output symbol -> what it becomes
  SideSpec client, server;

  const SideSpec& side(Side s) const { return s == Side::kClient ? client : server; }
  // The messages on the wire: every input named on the right of a `send`, and every
  // output symbol sent as `dropped` (under its own name), sorted and distinct. Both
  // directions use these numbers.
  std::vector<std::string> wire_messages() const;
};

// Throws InputError, one line `FILE:LINE: what is wrong (what is valid)`, for an unknown
// directive, a malformed line, an output mapped twice, a side given twice or unknown, an
// empty access sequence, a state named twice for one side, or an output sent as `dropped`
// whose name another `send` delivers as an input (one wire message, two meanings).
ComposeMap parse_compose_map(std::string_view text, const std::string& source);
ComposeMap read_compose_map(const std::string& path);

// Checks the map against one side's model: every call and every input of an access
// sequence is an input of the model, no call is also a wire input, and every input named
// on the right of a `send` is an input of the model (it may receive it). Returns, per
// model state, its name in the composition: the map's name for a state an access
// sequence reaches, its own name otherwise. Throws InputError naming the map's line
// (and the model) when something does not fit, or when two names reach one state.
std::vector<std::string> bind_compose_map(const ComposeMap& map, Side side,
                                          const MealyMachine& model);

}  // namespace synack::learned
