// A stop-and-wait frame: data carrying the alternating bit and a payload, or an ACK
// carrying the bit of the frame it acknowledges. The payload is the application's
// message number, which is what lets a property see duplicates and reordering.
#pragma once

#include <string>
#include <type_traits>

#include <boost/describe.hpp>

#include "checker/layout.hpp"
#include "checker/smt/sym.hpp"
#include "machines/arq/arq.hpp"

namespace synack::machines::arq {

// Generic over the value type: int (with a plain bool flag) for the concrete engines and
// the back-end, checker::smt::SymInt for the symbolic interpreter.
template <class V>
struct FrameT {
  using AckField = std::conditional_t<checker::smt::is_symbolic<V>, V, bool>;
  AckField ack = false;
  V bit = 0;
  V payload = 0;  // data only
  BOOST_DESCRIBE_CLASS(FrameT, (), (ack, bit, payload), (), ())
};
using Frame = FrameT<int>;

// Data frames 0 .. 2 * messages - 1 (bit * messages + payload), then ACK 0 and ACK 1.
class FrameCodec {
 public:
  explicit FrameCodec(const Params& p) : messages_(p.messages) {}
  checker::Value count() const { return 2 * messages_ + 2; }
  checker::Value encode(const Frame& f) const {
    return f.ack ? 2 * messages_ + f.bit : f.bit * messages_ + f.payload;
  }
  Frame decode(checker::Value v) const {
    // Every frame number is below count(), so each field fits an int.
    auto field = [](checker::Value x) { return static_cast<int>(x); };
    if (v >= 2 * messages_) return {true, field(v - 2 * messages_), 0};
    return {false, field(v / messages_), field(v % messages_)};
  }
  std::string print(const Frame& f) const {
    return f.ack ? "ACK" + std::to_string(f.bit)
                 : "DATA" + std::to_string(f.bit) + " m" + std::to_string(f.payload);
  }

 private:
  int messages_;
};

}  // namespace synack::machines::arq
