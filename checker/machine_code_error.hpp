// A user's machine whose own code misbehaves: a guard, action, entry or exit (or a codec
// the user wrote) that throws, a step that gives two different results from the same
// state, or state kept outside the declared Vars. Each is the user's mistake, not
// synack's: an InputError (exit 2) that names the machine, where it went wrong and what to
// do. Being an InputError, it reaches the user the way a variable outside its declared
// range does: an engine that meets it says which run led there (checker/step_error.hpp).
//
// The machine adapter (machines/msm_machine.hpp) knows the machine and the row; System,
// which runs the machine as one of its actors, adds the actor (for_actor).
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "checker/errors.hpp"
#include "checker/layout.hpp"
#include "checker/machine.hpp"

namespace synack::checker {

struct MachineCodeError : InputError {
  // `who` names the machine ("client"), or the actor and its machine; `detail` says what
  // went wrong, without the name.
  MachineCodeError(const std::string& who, std::string what_went_wrong, bool actor_named = false)
      : InputError(who + ": " + what_went_wrong),
        detail(std::move(what_went_wrong)),
        named(actor_named) {}
  // The same error with the actor that runs the machine named: "client[0] (machine client)".
  MachineCodeError for_actor(const std::string& actor, const std::string& machine) const {
    if (named) return *this;
    return {actor == machine ? actor : actor + " (machine " + machine + ")", detail, true};
  }
  std::string detail;
  bool named = false;
};

// Replay's finding at a step the real machines did not take as the engines did, when a
// newly made machine in the same control state and Vars does (System::replay): the
// user's machine keeps state outside its declared Vars.
struct StateOutsideVars : MachineCodeError {
  StateOutsideVars(const std::string& who, std::string what_went_wrong, std::size_t at)
      : MachineCodeError(who, std::move(what_went_wrong), true), step(at) {}
  std::size_t step;  // the run's step, from 0
};

// Which of the user's code was running, for the error when it throws.
struct UserCode {
  enum Part {
    kConstruct,  // the machine's constructor, before a row's guard
    kGuard,
    kExit,  // the exit of the row's source state
    kAction,
    kEntry,    // the entry of the row's target state
    kEncode,   // the codec encoding what the row sent
    kDecode,   // the codec decoding a message delivered to the machine
    kMatches,  // a receive event's matches()
    kPort,     // the machine's port()
    kStart,    // constructing and starting the real (Boost.MSM) machine
    kReal,     // the real machine taking an input (replay)
  };
  Part part = kConstruct;
  int row = -1;                 // kGuard to kEncode: the row, in MachineType::rows()
  const char* event = nullptr;  // the event being taken, when known
};

// Called from a catch block of the machine adapter: rethrows what synack itself threw (an
// InputError, an InternalError, bad_alloc) as it is; anything else came from the user's
// code at `where`, and becomes a MachineCodeError naming it, the state (`local`, or null
// when not known) and the exception's message.
[[noreturn]] void rethrow_from_machine_code(const MachineType& machine, const UserCode& where,
                                            const Value* local);

// The result of one step of a machine, as two runs of it are compared.
struct StepResult {
  Firing firing;
  std::vector<Value> next;  // the local state after the step (when it fired)
  std::vector<Value> sent;  // the messages it sent, encoded
};

// The same step (an input from one local state) gave `first`, then `second`: the machine
// reads something outside its declared state (a global, a static, a clock).
[[noreturn]] void throw_not_deterministic(const MachineType& machine, bool env, Value input,
                                          const Value* local, const StepResult& first,
                                          const StepResult& second);

// "WAITING (sent=1, bit=0)": a machine's local state in words.
std::string local_text(const MachineType& machine, const Value* local);

// "WAITING --retry [retries left] / resend Acquire--> WAITING (internal)".
std::string row_text(const RowSpec& row);

}  // namespace synack::checker
