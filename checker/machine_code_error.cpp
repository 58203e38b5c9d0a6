#include "checker/machine_code_error.hpp"

#include <exception>
#include <new>
#include <typeinfo>

#include <fmt/format.h>
#include <boost/core/demangle.hpp>

namespace synack::checker {

namespace {

std::string part_text(const MachineType& machine, const UserCode& where) {
  const std::vector<RowSpec>& rows = machine.rows();
  const RowSpec* row = where.row >= 0 && static_cast<std::size_t>(where.row) < rows.size()
                           ? &rows[where.row]
                           : nullptr;
  switch (where.part) {
    case UserCode::kConstruct:
      return "its constructor";
    case UserCode::kGuard:
      if (row && !row->guard.empty()) return fmt::format("the guard \"{}\"", row->guard);
      return "a guard";
    case UserCode::kExit:
      return row ? fmt::format("the exit of state {}", row->source) : "an exit";
    case UserCode::kAction:
      if (row && !row->action.empty()) return fmt::format("the action \"{}\"", row->action);
      return "an action";
    case UserCode::kEntry:
      return row ? fmt::format("the entry of state {}", row->target) : "an entry";
    case UserCode::kEncode:
      return "its codec, encoding a message the row sent";
    case UserCode::kDecode:
      return "its codec, decoding a message delivered to it";
    case UserCode::kMatches:
      return where.event ? fmt::format("matches() of event \"{}\"", where.event)
                         : "a receive event's matches()";
    case UserCode::kPort:
      return "its port()";
    case UserCode::kPermute:
      return "its permute() (renaming members for --symmetry)";
    case UserCode::kStart:
      return "its constructor or the entry of its initial state (Boost.MSM's start())";
    case UserCode::kReal:
      return "the real (Boost.MSM) machine";
  }
  return "its code";
}

}  // namespace

std::string exception_text(const std::exception_ptr& thrown) {
  try {
    std::rethrow_exception(thrown);
  } catch (const std::exception& e) {
    return fmt::format("{} \"{}\"", boost::core::demangle(typeid(e).name()), e.what());
  } catch (...) {
    return "an exception that is not a std::exception";
  }
}

std::string row_text(const RowSpec& r) {
  std::string s = r.source + " --" + r.event;
  if (!r.guard.empty()) s += " [" + r.guard + "]";
  if (!r.action.empty()) s += " / " + r.action;
  return s + "--> " + (r.target.empty() ? r.source + " (internal)" : r.target);
}

std::string local_text(const MachineType& machine, const Value* local) {
  const std::vector<std::string>& states = machine.state_names();
  std::string text = local[0] >= 0 && static_cast<std::size_t>(local[0]) < states.size()
                         ? states[static_cast<std::size_t>(local[0])]
                         : fmt::format("state #{}", local[0]);
  const std::vector<VariableSpec>& vars = machine.variables();
  for (std::size_t i = 0; i < vars.size(); ++i) {
    const Value v = local[i + 1];
    const bool named = v >= 0 && static_cast<std::size_t>(v) < vars[i].value_names.size();
    text +=
        fmt::format("{}{}={}", i == 0 ? " (" : ", ", vars[i].name,
                    named ? vars[i].value_names[static_cast<std::size_t>(v)] : std::to_string(v));
  }
  return vars.empty() ? text : text + ")";
}

void rethrow_from_machine_code(const MachineType& machine, const UserCode& where,
                               const Value* local) {
  // synack's own exceptions keep their meaning: an InputError (a variable out of range, a
  // MachineCodeError from a nested call) is already the user's; the rest are synack's.
  const std::exception_ptr thrown = std::current_exception();
  try {
    std::rethrow_exception(thrown);
  } catch (const InputError&) {
    throw;
  } catch (const InternalError&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (...) {
  }
  // A permute hook is asked of every value the declared bounds allow (the soundness
  // checks of --symmetry), reachable or not.
  const char* rule = where.part == UserCode::kPermute
                         ? "; a permute hook must rename every value its machine's bounds allow"
                         : "; a machine's code must not throw on a reachable state";
  throw MachineCodeError(machine.machine_name(), thrown_text(machine, where, local, thrown) + rule,
                         MachineCodeError::Kind::kThrew, row_of(machine, where));
}

std::string row_of(const MachineType& machine, const UserCode& where) {
  const std::vector<RowSpec>& rows = machine.rows();
  if (where.row < 0 || static_cast<std::size_t>(where.row) >= rows.size()) return {};
  return row_text(rows[static_cast<std::size_t>(where.row)]);
}

std::string thrown_text(const MachineType& machine, const UserCode& where, const Value* local,
                        const std::exception_ptr& thrown) {
  std::string text = fmt::format("{} threw {}", part_text(machine, where), exception_text(thrown));
  if (local) text += " in state " + local_text(machine, local);
  if (where.event) text += fmt::format(" on event {}", where.event);
  if (const std::string row = row_of(machine, where); !row.empty()) text += ", row " + row;
  return text;
}

MachineFault fault_of(const InputError& error) {
  MachineFault fault;
  if (const auto* e = dynamic_cast<const MachineCodeError*>(&error)) {
    switch (e->kind) {
      case MachineCodeError::Kind::kThrew:
        fault.kind = "threw";
        break;
      case MachineCodeError::Kind::kNotDeterministic:
        fault.kind = "not_deterministic";
        break;
      case MachineCodeError::Kind::kStateOutsideVars:
        fault.kind = "state_outside_vars";
        break;
    }
    fault.actor = e->actor;
    fault.machine = e->machine;
    fault.row = e->row;
  } else if (const auto* r = dynamic_cast<const OutOfDeclaredRange*>(&error)) {
    fault.kind = "out_of_range";
    fault.machine = r->machine;
    fault.actor = r->actor;
  }
  return fault;
}

namespace {

std::string result_text(const MachineType& machine, const StepResult& r) {
  if (!r.firing.fired) return "no row fired";
  const std::vector<RowSpec>& rows = machine.rows();
  std::string text =
      r.firing.row >= 0 && static_cast<std::size_t>(r.firing.row) < rows.size()
          ? "row " + row_text(rows[static_cast<std::size_t>(r.firing.row)]) + " fired"
          : std::string("a row fired");
  text += " to " + local_text(machine, r.next.data());
  if (!r.sent.empty()) {
    text += ", sending";
    for (std::size_t i = 0; i < r.sent.size(); ++i) {
      text += i == 0 ? " " : ", ";
      text += machine.codec().print(r.sent[i]);
    }
  }
  return text;
}

}  // namespace

void throw_not_deterministic(const MachineType& machine, bool env, Value input, const Value* local,
                             const StepResult& first, const StepResult& second) {
  const std::string on =
      env ? fmt::format("event {}", machine.env_events().at(static_cast<std::size_t>(input)).name)
          : fmt::format("message {}", machine.codec().print(input));
  throw MachineCodeError(
      machine.machine_name(),
      fmt::format("not deterministic: the same step gave two different results: {} in state {} "
                  "gave {}, then {}; a step must depend only on the control state, the Vars and "
                  "the input (no data members outside Vars, no globals or statics, no clocks or "
                  "random numbers)",
                  on, local_text(machine, local), result_text(machine, first),
                  result_text(machine, second)),
      MachineCodeError::Kind::kNotDeterministic);
}

}  // namespace synack::checker
