// The segments of the flow- and congestion-control models: data with a segment number,
// a zero-window probe, and an ACK with the next segment expected and the window.
#pragma once

#include <string>

#include "checker/layout.hpp"

namespace synack::machines::tcp::flow {

struct FlowSegment {
  enum Kind { kData, kProbe, kAck } kind = kData;
  int seq = 0;  // data: the segment number
  int ack = 0;  // ACK: the next segment expected
  int wnd = 0;  // ACK: free buffer, in segments
};

// Data 0..space-1, probe, then ACKs (ack * (max_wnd + 1) + wnd).
class FlowCodec {
 public:
  FlowCodec(int space, int max_wnd) : space_(space), wnds_(max_wnd + 1) {}
  checker::Value count() const { return space_ + 1 + space_ * wnds_; }
  checker::Value encode(const FlowSegment& s) const {
    switch (s.kind) {
      case FlowSegment::kData:
        return s.seq;
      case FlowSegment::kProbe:
        return space_;
      case FlowSegment::kAck:
        break;
    }
    return space_ + 1 + s.ack * wnds_ + s.wnd;
  }
  FlowSegment decode(checker::Value v) const {
    if (v < space_) return {FlowSegment::kData, v, 0, 0};
    if (v == space_) return {FlowSegment::kProbe, 0, 0, 0};
    v -= space_ + 1;
    return {FlowSegment::kAck, 0, v / wnds_, v % wnds_};
  }
  std::string print(const FlowSegment& s) const {
    switch (s.kind) {
      case FlowSegment::kData:
        return "DATA " + std::to_string(s.seq);
      case FlowSegment::kProbe:
        return "PROBE";
      case FlowSegment::kAck:
        break;
    }
    return "ACK " + std::to_string(s.ack) + (wnds_ > 1 ? " wnd=" + std::to_string(s.wnd) : "");
  }

 private:
  int space_;
  int wnds_;
};

}  // namespace synack::machines::tcp::flow
