// A TCP segment as the model sees it: control flags, sequence and acknowledgment
// numbers (modulo the configured sequence space). No payload yet.
#pragma once

#include <cstdint>
#include <string>

#include "checker/layout.hpp"

namespace synack::machines::tcp {

enum Flag : std::uint8_t { kSyn = 1, kAck = 2, kRst = 4 };

struct Segment {
  std::uint8_t flags = 0;
  int seq = 0;
  int ack = 0;  // meaningful only with kAck

  bool has(Flag f) const { return (flags & f) != 0; }
};

std::string flags_name(std::uint8_t flags);  // "SYN-ACK", "RST", ...

// Encodes the segments a handshake can produce (SYN, SYN-ACK, ACK, RST, RST-ACK) as
// 0..count()-1: kind * space^2 + seq * space + ack.
class SegmentCodec {
 public:
  explicit SegmentCodec(int seq_space) : space_(seq_space) {}
  template <class Params>
  explicit SegmentCodec(const Params& p) : SegmentCodec(p.seq_space) {}

  checker::Value count() const;
  checker::Value encode(const Segment& s) const;
  Segment decode(checker::Value v) const;
  std::string print(const Segment& s) const;

 private:
  int space_;
};

}  // namespace synack::machines::tcp
