// Two abstractions of an ESTABLISHED TCP connection's data transfer, each a sender and a
// receiver: flow control with a zero window and the persist timer (seed 002 section 14,
// RFC 9293 3.8.6.1), and congestion control after RFC 5681 (seed 002 section 15). The
// handshake is over and not modelled; segments are counted, not byte ranges.
#pragma once

#include <memory>

#include "checker/machine.hpp"

namespace synack::machines::tcp::flow {

struct WindowParams {
  int segments = 2;            // segments the sender's application has queued
  int buffer = 1;              // the receiver's buffer, in segments
  bool persist_timer = false;  // the sender probes a zero window
};

std::shared_ptr<const checker::MachineType> make_window_sender(const WindowParams& params);
std::shared_ptr<const checker::MachineType> make_window_receiver(const WindowParams& params);

struct CongestionParams {
  int window = 4;  // the receiver's window: at most this many segments in flight
  // Sequence numbers run modulo 2 * window, enough to tell any two in flight apart.
  int seq_space() const { return 2 * window; }
};

std::shared_ptr<const checker::MachineType> make_congestion_sender(const CongestionParams& params);
std::shared_ptr<const checker::MachineType> make_cumulative_receiver(
    const CongestionParams& params);

}  // namespace synack::machines::tcp::flow
