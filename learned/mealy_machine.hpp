// A learned Mealy machine as a machine of the model seam (checker/machine.hpp), so that
// every engine, trace, chart and report treats an implementation's learned model like a
// Boost.MSM specification.
//
// Standalone, the environment is the tester that learned it: each input symbol is an
// environment event, offered in every state and taken where the model has a transition
// (a model that is not input-complete refuses the others). The local state is
//   [learned state, in, out]
// where `in` is the last input and `out` the last answer (value 0, "(none)", before the
// first input), both with the alphabet as value names, so that properties compare them by
// name (`impl.in == "ChangeCipherSpec"`, `impl.out == "*Alert*"`) and traces print names.
// The event a step reports is "INPUT / OUTPUT", so a trace reads as the input sequence
// with the model's answers. The model sends nothing on a channel: its answers are in `out`.
//
// Two executions, as for Boost.MSM machines: the engines use a dense table built here;
// traces are replayed by a runner that follows MealyMachine::step, the model's own
// lookup, and a difference is an internal error.
#pragma once

#include <memory>

#include "checker/machine.hpp"
#include "learned/mealy.hpp"

namespace synack::learned {

// Throws InputError when the model is unusable: no states, no inputs, an initial state or
// a transition out of range, or two transitions for one state and input that disagree.
std::shared_ptr<const checker::MachineType> make_mealy_machine(
    std::shared_ptr<const MealyMachine> model);

// The value name of "nothing yet" in the `in` and `out` variables.
inline constexpr const char* kNothingYet = "(none)";

}  // namespace synack::learned
