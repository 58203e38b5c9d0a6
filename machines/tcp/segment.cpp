#include "machines/tcp/segment.hpp"

#include <fmt/format.h>

namespace synack::machines::tcp {

std::string flags_name(std::uint8_t flags) {
  std::string out;
  auto add = [&](Flag f, const char* name) {
    if (!(flags & f)) return;
    if (!out.empty()) out += '-';
    out += name;
  };
  add(kSyn, "SYN");
  add(kFin, "FIN");
  add(kRst, "RST");
  add(kAck, "ACK");
  return out.empty() ? "NONE" : out;
}

checker::Value SegmentCodec::count() const { return 16 * 2 * space_ * space_ * tags_; }

checker::Value SegmentCodec::encode(const Segment& s) const {
  int ack = s.has(kAck) ? s.ack : 0;
  return (((s.flags * 2 + s.len) * space_ + s.seq) * space_ + ack) * tags_ + s.tag;
}

Segment SegmentCodec::decode(checker::Value v) const {
  Segment s;
  s.tag = v % tags_;
  v /= tags_;
  s.ack = v % space_;
  v /= space_;
  s.seq = v % space_;
  v /= space_;
  s.len = v % 2;
  s.flags = static_cast<std::uint8_t>(v / 2);
  return s;
}

// The tag is a ghost, not a field on the wire: traces do not show it.
std::string SegmentCodec::print(const Segment& s) const {
  std::string out = fmt::format("{} seq={}", flags_name(s.flags), s.seq);
  if (s.has(kAck)) out += fmt::format(" ack={}", s.ack);
  if (s.len) out += fmt::format(" len={}", s.len);
  return out;
}

}  // namespace synack::machines::tcp
