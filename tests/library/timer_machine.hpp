// A sender with a countdown timer, and the peer that acknowledges it, for the scenario
// mistake of arming a timer whose event is not offered (tests/test_timer_mistakes.cpp).
// Both are value generic, so that the Z3 engines run them too.
#pragma once

#include <memory>

#include "synack/scenario.hpp"

namespace timers {

struct Params {
  bool arm = true;  // false: the sender never arms retry_timer (a variant without retries)
};

// SENDER: IDLE --send / send Req, arm--> WAITING. In WAITING, once retry_timer is due
// (the timer counts down on clock ticks), the timer event `retry` resends while a try is
// left (tries counts them, 0..2), then `give up` goes to DONE; an Ack goes to DONE.
// `retry_timer` is 0..2: armed at 2, due at 1.
std::shared_ptr<const synack::Machine> make_sender(const Params& p);
// ACKER: READY --rcv Req / send Ack--> READY.
std::shared_ptr<const synack::Machine> make_acker();

}  // namespace timers
