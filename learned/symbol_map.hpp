// How a learned model's abstract alphabet speaks to a specification machine: the mapping
// file `synack conform` reads. A learned TCP model's input is "SYN(V,V,0)", a segment with
// valid numbers; the spec's input is a concrete segment "SYN seq=3". The map says, line by
// line:
//
//   # a comment
//   ignore-fields seq ack                         spec message fields left out of comparison
//   input CONNECT = event connect                 a spec environment event (application call)
//   input SYN(V,V,0) = message SYN seq={rcv_nxt}  a spec message; {VAR} is the spec's variable
//                                                 in the state the input arrives in
//   input ACCEPT = nothing                        the spec sees nothing (and answers nothing)
//   output ACK+SYN(FRESH,NEXT,0) = SYN-ACK        what the spec sends for this output symbol
//   output RST(ZERO,ZERO,0) = RST & ACK           several messages, in order
//   output TIMEOUT = nothing                      the implementation stayed silent
//
// A spec message's kind is its printed text with the ignored fields dropped ("SYN-ACK seq=3
// ack=1" is "SYN-ACK" under `ignore-fields seq ack`): outputs are compared by kind, since
// the learned outputs abstract the numbers (NEXT, CURRENT) the spec computes concretely.
//
// Every input of the model must be mapped and every output symbol it produces: nothing is
// left out silently. Outputs the model never produces may be mapped (one map serves a
// family of models); inputs the model does not have may not (a typo would go unnoticed).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "checker/machine.hpp"
#include "learned/mealy.hpp"

namespace synack::learned {

// Every message a spec machine can send or receive, by its printed text, and its kinds.
class SpecMessages {
 public:
  // Throws InputError when the spec's codec numbers messages on first use or has more
  // than `max_messages` of them (they are enumerated once, by value), or when an ignored
  // field is named twice or is no field of any of its messages (a typo would go unnoticed).
  SpecMessages(const checker::MachineType& spec, std::vector<std::string> ignored_fields,
               std::size_t max_messages = 1u << 20);

  // The first message printed `text`; none when the spec has no such message.
  std::optional<checker::Value> find(const std::string& text) const;
  std::string kind(checker::Value message) const;
  std::string kind_of_text(const std::string& printed) const;
  bool is_kind(const std::string& kind) const;
  // A few kinds, for the message naming what is valid.
  std::string some_kinds(std::size_t how_many) const;

 private:
  const checker::MachineType& spec_;
  std::vector<std::string> ignored_;
  std::unordered_map<std::string, checker::Value> by_text_;
  std::vector<std::string> kinds_;  // sorted, distinct
};

struct SymbolMap {
  struct Input {
    enum class Kind { kEvent, kMessage, kNothing } kind = Kind::kNothing;
    std::size_t event = 0;         // kEvent: index into the spec's env_events()
    std::string message_template;  // kMessage: "SYN seq={rcv_nxt}"
    int line = 0;
  };
  std::string source;                                       // the file, for messages
  std::vector<std::string> ignored_fields;                  // "seq", "ack"
  std::vector<Input> inputs;                                // by the model's input index
  std::map<std::string, std::vector<std::string>> outputs;  // output symbol -> spec kinds
};

// Throws InputError, one line naming the file, the line and what is valid, for a
// malformed line, an unknown directive, input, event or variable, a message the spec
// does not have, a symbol mapped twice, or a model input or output left unmapped.
SymbolMap parse_symbol_map(std::string_view text, const std::string& source,
                           const MealyMachine& model, const checker::MachineType& spec);
SymbolMap read_symbol_map(const std::string& path, const MealyMachine& model,
                          const checker::MachineType& spec);

// The concrete message a kMessage input stands for in the spec's local state `local`:
// the template with each {VAR} replaced by the variable's value. Throws InputError when
// the spec has no message printed so (the map asks for a segment the spec cannot carry).
checker::Value message_for(const SymbolMap::Input& input, const std::string& input_name,
                           const checker::MachineType& spec, const SpecMessages& messages,
                           const checker::Value* local);

}  // namespace synack::learned
