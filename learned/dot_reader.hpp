// Reads the DOT dialect in which learning tools (LearnLib, StateLearner, AALpy, tlsprint,
// the Automata Wiki) write Mealy machines:
//
//   digraph g {
//     __start0 [label="" shape="none"];
//     s0 [shape="circle" label="0"];
//     s0 -> s1 [label="ClientHello / ServerHello & Certificate & ServerHelloDone"];
//     __start0 -> s0;
//   }
//
// One statement per line. `__start0 -> sN` (anywhere) marks the initial state and is
// required: a file without it is refused, not given a guessed initial state. Nodes are
// declared with or without attributes, or only by the edges that use them. A label is
// split on its FIRST `/` (TCP inputs such as `ACK+PSH(V,V,1)` contain commas); the
// output joins symbols with `|` or `&`, and `-` or `Empty` is no output. An edge that
// repeats another exactly is an error; two edges giving one (state, input) different
// answers are loaded (the model is nondeterministic: learned/analysis reports it, and
// commands that need one answer per input refuse it).
//
// Everything else is refused with one line, `FILE:LINE: what is wrong (what is valid)`,
// thrown as synack::InputError.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "learned/mealy.hpp"

namespace synack::learned {

// Sizes past which a file is refused rather than read: the largest real learned models
// are about 1000 states x 20 inputs in 200 KB.
struct DotLimits {
  std::uintmax_t max_file_bytes = 64u << 20;
  std::size_t max_line_chars = 1u << 16;
  std::size_t max_state_input_pairs = 1u << 24;  // states x inputs, the step index's size
};

// `source` names the file in messages; `name` becomes MealyMachine::name.
MealyMachine parse_dot(std::string_view text, const std::string& source, const std::string& name,
                       const DotLimits& limits = {});

// Reads `path`; the machine is named after the file's stem ("TCP_Linux_Server").
MealyMachine read_dot_file(const std::string& path, const DotLimits& limits = {});

}  // namespace synack::learned
