// A user's machine whose own code misbehaves: a guard, action, entry or exit (or a codec
// the user wrote) that throws, a step that gives two different results from the same
// state, or state kept outside the declared Vars. Each is the user's mistake, not
// synack's: an InputError (exit 2) that names the machine, where it went wrong and what to
// do. Being an InputError, it reaches the user the way a variable outside its declared
// range does: an engine that meets it says which run led there (checker/step_error.hpp).
//
// The machine adapter (machines/msm_machine.hpp) knows the machine and the row; System,
// which runs the machine as one of its actors, adds the actor (for_actor), as the Z3
// engines' encoding does for the symbolic run (checker/smt/symbolic_code_error.hpp).
#pragma once

#include <cstddef>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "checker/errors.hpp"
#include "checker/layout.hpp"
#include "checker/machine.hpp"

namespace synack::checker {

struct MachineCodeError : InputError {
  // What went wrong, as --json names it (MachineFault::kind).
  enum class Kind { kThrew, kNotDeterministic, kStateOutsideVars };
  // `detail` says what went wrong, without the name; `row` is the row's text
  // (row_text), empty when no row is to blame.
  MachineCodeError(std::string machine_name, std::string what_went_wrong, Kind what,
                   std::string row_text = {}, std::string actor_name = {})
      : InputError(who(machine_name, actor_name) + ": " + what_went_wrong),
        machine(std::move(machine_name)),
        actor(std::move(actor_name)),
        row(std::move(row_text)),
        detail(std::move(what_went_wrong)),
        kind(what) {}
  // The same error with the actor that runs the machine named: "client[0] (machine client)".
  MachineCodeError for_actor(const std::string& actor_name) const {
    if (!actor.empty()) return *this;
    return {machine, detail, kind, row, actor_name};
  }
  std::string machine;
  std::string actor;  // empty until System names it
  std::string row;
  std::string detail;
  Kind kind;

 private:
  static std::string who(const std::string& machine, const std::string& actor) {
    if (actor.empty() || actor == machine) return machine;
    return actor + " (machine " + machine + ")";
  }
};

// Replay's finding at a step the real machines did not take as the engines did, when a
// newly made machine in the same control state and Vars does (System::replay): the
// user's machine keeps state outside its declared Vars.
struct StateOutsideVars : MachineCodeError {
  StateOutsideVars(std::string machine_name, std::string actor_name, std::string what_went_wrong,
                   std::size_t at)
      : MachineCodeError(std::move(machine_name), std::move(what_went_wrong),
                         Kind::kStateOutsideVars, {}, std::move(actor_name)),
        step(at) {}
  std::size_t step;  // the run's step, from 0
};

// A variable or a sent message outside the range its machine declares (var_bounds,
// message_bounds), as the interpreter finds it after a step: "counter: variable count = 3
// outside its declared range 0..2 (...)".
// System adds the actor that runs the machine (for_actor), as for MachineCodeError.
struct OutOfDeclaredRange : InputError {
  OutOfDeclaredRange(const std::string& machine_name, const std::string& what_went_wrong,
                     const std::string& actor_name = {})
      : InputError((actor_name.empty() || actor_name == machine_name
                        ? machine_name
                        : actor_name + " (machine " + machine_name + ")") +
                   ": " + what_went_wrong),
        machine(machine_name),
        actor(actor_name),
        detail(what_went_wrong) {}
  OutOfDeclaredRange for_actor(const std::string& actor_name) const {
    if (!actor.empty()) return *this;
    return {machine, detail, actor_name};
  }
  std::string machine;
  std::string actor;  // empty until System names it
  std::string detail;
};

// What a user's machine did wrong, for --json's "error": the facts an error carries.
struct MachineFault {
  // "threw", "not_deterministic", "state_outside_vars", "out_of_range", or "other" (a
  // step's other mistakes: a message sent on a port with no channel, ...).
  std::string kind = "other";
  std::string actor, machine, row;  // each empty where the error does not name it
};
MachineFault fault_of(const InputError& error);

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
    kPermute,  // a permute() hook, renaming members for --symmetry
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

// What the user's code at `where` threw, in words, for the errors above and the Z3
// engines' (checker/smt/symbolic_code_error.hpp): "the guard \"below 3\" threw
// std::runtime_error \"boom\" in state RUNNING (count=1) on event tick, row ..." (the state
// when `local` is given).
std::string thrown_text(const MachineType& machine, const UserCode& where, const Value* local,
                        const std::exception_ptr& thrown);
// The text of the row `where` names (row_text), or empty when it names none.
std::string row_of(const MachineType& machine, const UserCode& where);

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

// What was thrown, in words: `std::runtime_error "boom"`, or "an exception that is not a
// std::exception".
std::string exception_text(const std::exception_ptr& thrown);

}  // namespace synack::checker
