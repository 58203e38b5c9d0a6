// A Mealy machine learned from a real implementation (LearnLib, StateLearner, AALpy,
// tlsprint): states, an input alphabet, outputs, and for each (state, input) the state it
// moves to and what it answers. synack reads them from DOT files (learned/dot_reader) and
// checks, compares and composes them like its own machines. Free of Boost.MSM and of the
// engines: everything about learned models builds on this one type.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace synack::learned {

// One answer of the implementation to one input: the symbols it sent, in order. Learned
// files join several with `&` or `|` ("ServerHello & Certificate & ServerHelloDone") and
// write `-` or `Empty` for none; here the symbols are trimmed and the empty answer is an
// empty list.
struct Output {
  std::vector<std::string> symbols;
  bool operator==(const Output&) const = default;
  // As people read it: "ServerHello & Certificate", or "-" for no answer.
  std::string text() const;
};

struct MealyMachine {
  std::string name;    // from the file's name: "OpenSSL_1.0.1g_server_regular"
  std::string source;  // the path it was read from, for messages

  std::vector<std::string> states;  // as the file names them ("s0")
  std::vector<std::string> inputs;  // in the order first met in the file
  std::vector<Output> outputs;      // distinct answers, in the order first met
  std::size_t initial = 0;

  struct Transition {
    std::size_t from = 0, input = 0, to = 0, output = 0;  // indices into the vectors above
    int line = 0;                                         // where the file declares it
  };
  std::vector<Transition> transitions;

  // The transition a deterministic machine takes on `input` in `state`; none where the
  // file declares none (the model is not input-complete there). Where a nondeterministic
  // file declares several, the first in file order (learned/analysis lists the others).
  // Constant time through `step_index`: after changing `states`, `inputs` or
  // `transitions`, call build_step_index() (the reader does). step() throws InternalError
  // when the index does not have the machine's size (never built, or states or inputs
  // added since); changed transitions it cannot notice.
  std::optional<Transition> step(std::size_t state, std::size_t input) const;

  // For each (state, input): state * inputs.size() + input -> the position in
  // `transitions` of the first transition declared there, or kNoTransition.
  static constexpr std::size_t kNoTransition = static_cast<std::size_t>(-1);
  std::vector<std::size_t> step_index;
  void build_step_index();
};

}  // namespace synack::learned
