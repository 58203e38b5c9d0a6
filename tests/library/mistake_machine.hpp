// A user machine whose own code breaks synack's rule that a machine is a function of its
// declared state (docs/library.md, "Writing a machine"), one mistake per switch: the
// errors synack answers with are in tests/test_machine_mistakes.cpp.
#pragma once

#include <memory>

#include "synack/scenario.hpp"

namespace mistake {

enum class Kind {
  kNone,
  kThrowInGuard,   // the guard throws std::runtime_error("boom in guard") at count 1
  kThrowInAction,  // the action throws an int at count 2
  kThrowInternal,  // the guard throws synack's own InternalError (stays synack's: exit 4)
  kHiddenMember,   // a data member outside Vars, counted by the action, read by the guard
  kGlobal,         // the guard reads (and bumps) a global counter
  kThrowInPort,    // the sender's port() throws std::out_of_range("no port for peer 1")
};

struct Params {
  Kind kind = Kind::kNone;
};

// METER: IDLE --start / begin--> RUNNING, then RUNNING --tick [below 3] / count up-->
// RUNNING (internal) while count < 3. `count` is declared 0..3.
std::shared_ptr<const synack::Machine> make_meter(const Params& p);

// The same meter, value-generic (its guard and action are templates over the value type),
// so that the Z3 engines run it symbolically: kNone, kThrowInGuard, kThrowInAction.
std::shared_ptr<const synack::Machine> make_generic_meter(const Params& p);

// SENDER: IDLE --start / send Note--> DONE, the Note to peer 1 under kThrowInPort (else
// peer 0), and a port() that has no port for peer 1.
std::shared_ptr<const synack::Machine> make_sender(const Params& p);

// The global counter kGlobal reads, set back to 0 (so that a test's results repeat).
void reset_global();

}  // namespace mistake
