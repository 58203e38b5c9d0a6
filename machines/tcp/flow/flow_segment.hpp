// The segments of the flow- and congestion-control models: data with a segment number,
// a zero-window probe, and an ACK with the next segment expected and the window.
#pragma once

#include <string>
#include <type_traits>
#include <utility>

#include <boost/describe.hpp>

#include "checker/layout.hpp"
#include "checker/smt/sym.hpp"
#include "machines/value_of.hpp"

namespace synack::machines::tcp::flow {

// Generic over the value type V: int in the concrete engines and the Boost.MSM back-end,
// checker::smt::SymInt when the symbolic interpreter runs the same guards and actions.
// The concrete segment keeps its enum-typed kind; a symbolic one holds every field as a
// SymInt (the interpreter reads a message as the vector of its described fields).
template <class V>
struct FlowSegmentT {
  enum Kind { kData, kProbe, kAck };
  using KindField = std::conditional_t<checker::smt::is_symbolic<V>, V, Kind>;

  KindField kind = kData;
  V seq = 0;  // data: the segment number
  V ack = 0;  // ACK: the next segment expected
  V wnd = 0;  // ACK: free buffer, in segments

  BOOST_DESCRIBE_CLASS(FlowSegmentT, (), (kind, seq, ack, wnd), (), ())
};
using FlowSegment = FlowSegmentT<int>;

// Sends a segment of the fsm's value type.
template <class F>
void send_segment(F& fsm, FlowSegment::Kind kind, value_of<F> seq, value_of<F> ack,
                  value_of<F> wnd) {
  fsm.send(FlowSegmentT<value_of<F>>{kind, seq, ack, wnd});
}

// Data 0..space-1, probe, then ACKs (ack * (max_wnd + 1) + wnd).
class FlowCodec {
 public:
  FlowCodec(int space, int max_wnd) : space_(space), wnds_(max_wnd + 1) {}
  checker::Value count() const { return space_ + 1 + space_ * wnds_; }
  // Each field's largest value, as the codec spans them: the symbolic interpreter's
  // message fields range over 0..these.
  FlowSegment bounds() const { return {FlowSegment::kAck, space_ - 1, space_ - 1, wnds_ - 1}; }
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
    // Every segment number is below count(), so each field fits an int.
    auto field = [](checker::Value x) { return static_cast<int>(x); };
    if (v < space_) return {FlowSegment::kData, field(v), 0, 0};
    if (v == space_) return {FlowSegment::kProbe, 0, 0, 0};
    v -= space_ + 1;
    return {FlowSegment::kAck, 0, field(v / wnds_), field(v % wnds_)};
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
