// SIGINT and SIGTERM during a long run: the first asks the engines to stop at their next
// check (undecided properties become `inconclusive (interrupted)`, the outputs are written
// whole, exit 3); a second one ends the process at once, as without synack's handler. A
// copy of the first that arrives within half a second (`timeout` signals both the process
// and its process group) is the same interrupt, not a second one.
#pragma once

#include <atomic>

namespace synack::cli {

// Installs the handlers (once) and returns the flag they set. A signal handler can reach
// nothing but static storage: this flag is the one piece of it, and it is not an option.
const std::atomic<bool>* install_interrupt_handlers();

}  // namespace synack::cli
