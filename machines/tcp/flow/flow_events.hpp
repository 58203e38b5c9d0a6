// The events the flow- and congestion-control machines share: the sender's application
// sending a segment, the retransmission timer, and the two segments that arrive.
#pragma once

#include "machines/machine_base.hpp"
#include "machines/tcp/flow/flow_segment.hpp"

namespace synack::machines::tcp::flow {

struct Send : app_call {
  static constexpr const char* name = "send";
};
struct Rto : timer {
  static constexpr const char* name = "RTO";
};
struct RcvAck : receive<FlowSegment> {
  static constexpr const char* name = "rcv ACK";
  template <class S>
  static auto matches(const S& s) {
    return s.kind == FlowSegment::kAck;
  }
};
struct RcvData : receive<FlowSegment> {
  static constexpr const char* name = "rcv DATA";
  template <class S>
  static auto matches(const S& s) {
    return s.kind == FlowSegment::kData;
  }
};

}  // namespace synack::machines::tcp::flow
