// A user's guard, action, entry, exit, matches() or port() that throws while the Z3
// engines run it symbolically (machines/msm_symbolic.hpp). The symbolic run takes every
// value the variables' declared ranges allow, reachable or not, so there is no run that
// leads there: the error says it happened while encoding the machine for Z3, names the
// machine and the row (the encoding adds the actor, as System does for the explicit
// engine), and is the user's mistake, exit 2, as the explicit engine's is.
#pragma once

#include "checker/machine.hpp"
#include "checker/machine_code_error.hpp"

namespace synack::checker::smt {

// Called from a catch block of the symbolic interpreter: rethrows what the symbolic run
// itself throws (a dead path, Unsupported, OutOfBudget, Z3's errors) and synack's own
// errors as they are; anything else came from the user's code at `where`, and becomes a
// MachineCodeError.
[[noreturn]] void rethrow_from_symbolic_code(const MachineType& machine, const UserCode& where);

}  // namespace synack::checker::smt
