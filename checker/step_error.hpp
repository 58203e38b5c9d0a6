// A user's mistake that shows only when the machines run: a variable or a message field
// outside its declared range (var_bounds, message_bounds), a message sent on a port with
// no channel. The interpreter raises it as an InputError at the step that makes it; an
// engine that reaches such a step says which run led there, the shortest it found, so that
// the user sees how the machine gets there. Every engine reports it alike: the explicit
// engine by meeting it in its breadth-first search, the Z3 engines because leaving a
// declared range is a bad state they search for (checker/smt/transition_system.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "checker/errors.hpp"
#include "checker/machine_code_error.hpp"
#include "checker/model.hpp"
#include "checker/result.hpp"

namespace synack {

struct StepError : InputError {
  StepError(const std::string& what, std::vector<std::string> steps, std::string found_by,
            std::vector<std::string> summaries = {})
      : InputError(what),
        run(std::move(steps)),
        engine(std::move(found_by)),
        states(std::move(summaries)) {}
  // The run's steps, one line each ("counter.tick"); the last is the step that failed.
  std::vector<std::string> run;
  std::string engine;  // which engine found the run: "explicit", "bmc", ...; empty: replay
  // The actors' control states ("client=SYN-SENT server=LISTEN") at the start and after
  // each step but the failing one: run.size() of them, or none.
  std::vector<std::string> states;
  // For --json (reports/machine_error_json.hpp): the run's steps but the failing one, as
  // a counterexample's trace is kept, the failing step's group, and what the machine did
  // wrong.
  checker::Trace before;
  std::size_t failed_group = 0;
  checker::MachineFault fault;
};

namespace checker {

// Throws a StepError for `error`, raised by the interpreter taking `group` from the last
// state of `before`. `before` is replayed through the real machines first (InternalError
// if it diverges): every step of the run but the failing one is the machines' own.
[[noreturn]] void throw_step_error(const Model& model, const Trace& before, std::size_t group,
                                   const InputError& error, const std::string& engine);

// Throws a StepError for `error`, found when replaying `trace` through the real machines
// at its step `step` (from 0): the run is the trace's steps up to that one.
[[noreturn]] void throw_replay_error(const Model& model, const Trace& trace, std::size_t step,
                                     const InputError& error);

// "the run that leads there (3 steps, found by kind):" and one indented line per step.
std::string format_step_error_run(const StepError& e);

}  // namespace checker
}  // namespace synack
