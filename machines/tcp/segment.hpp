// A TCP segment as the model sees it: control flags, sequence and acknowledgment
// numbers (modulo the configured sequence space), a payload of zero or one abstract
// unit, and a ghost tag naming the connection incarnation that sent it (never read by
// the protocol, only by properties: "no segment of an earlier incarnation is accepted").
#pragma once

#include <cstdint>
#include <string>

#include "checker/layout.hpp"

namespace synack::machines::tcp {

enum Flag : std::uint8_t { kSyn = 1, kAck = 2, kRst = 4, kFin = 8 };

struct Segment {
  std::uint8_t flags = 0;
  int seq = 0;
  int ack = 0;  // meaningful only with kAck
  int len = 0;  // payload units, 0 or 1
  int tag = 0;  // ghost: the sender's connection incarnation

  bool has(Flag f) const { return (flags & f) != 0; }
  // SEG.LEN as RFC 9293 counts it: SYN and FIN occupy a sequence number each.
  int seg_len() const { return len + (has(kSyn) ? 1 : 0) + (has(kFin) ? 1 : 0); }
};

std::string flags_name(std::uint8_t flags);  // "SYN-ACK", "FIN-ACK", "RST", ...

// Encodes every segment: ((((flags * 2 + len) * space + seq) * space + ack) * tags + tag).
class SegmentCodec {
 public:
  SegmentCodec(int seq_space, int tags) : space_(seq_space), tags_(tags) {}
  template <class Params>
  explicit SegmentCodec(const Params& p) : SegmentCodec(p.seq_space, p.incarnations + 1) {}

  checker::Value count() const;
  checker::Value encode(const Segment& s) const;
  Segment decode(checker::Value v) const;
  std::string print(const Segment& s) const;

 private:
  int space_;
  int tags_;
};

}  // namespace synack::machines::tcp
