// Called by run_cli so that the exit() of cli/z3_exit_guard.cpp is linked with it: from a
// static library an object file is taken only for a symbol something asks for.
#pragma once

namespace synack::cli {
void link_z3_exit_guard();
}  // namespace synack::cli
