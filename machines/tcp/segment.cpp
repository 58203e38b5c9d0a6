#include "machines/tcp/segment.hpp"

#include <fmt/format.h>

#include "machines/tcp/segment_table.hpp"

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

SegmentCodec::SegmentCodec(SegmentSpace space)
    : space_(std::move(space)),
      payloads_(space_.upper_messages.empty() ? 2 : 1 << space_.upper_messages.size()),
      options_(space_.fast_open ? 4 : 1) {
  // 16 * P * F * tags is at most 2^17 and the space at most 2^32, so the product is
  // computed in two steps that cannot overflow 64 bits.
  checker::Value per_pair = checker::Value{16} * payloads_ * options_ * space_.tags;
  numbered_ = space_.seq_space > (checker::Value{1} << 31) / per_pair / space_.seq_space;
  if (numbered_ && !space_.table) space_.table = std::make_shared<SegmentTable>();
}

checker::Value SegmentCodec::wire_count() const {
  if (numbered_) return space_.table->capacity();
  return 16 * payloads_ * space_.seq_space * space_.seq_space * options_ * space_.tags;
}

checker::Value SegmentCodec::count() const {
  if (space_.upper_messages.empty()) return wire_count();
  return wire_count() + static_cast<checker::Value>(space_.upper_messages.size()) + payloads_ + 1;
}

checker::Value SegmentCodec::encode(const Segment& s) const {
  const int uppers = static_cast<int>(space_.upper_messages.size());
  switch (s.socket) {
    case Socket::kWire:
      break;
    case Socket::kWrite:
      for (int m = 0; m < uppers; ++m)
        if (s.data == 1 << m) return wire_count() + m;
      return wire_count();  // a write holds exactly one message; anything else is a bug upstream
    case Socket::kDeliver:
      return wire_count() + uppers + s.data;
    case Socket::kClosed:
      return wire_count() + uppers + payloads_;
  }
  std::int64_t ack = s.has(kAck) ? s.ack : 0;
  if (numbered_) {
    Segment wire = s;
    wire.ack = ack;
    return space_.table->number(wire);
  }
  checker::Value v = s.flags * payloads_ + s.data;
  v = (v * space_.seq_space + s.seq) * space_.seq_space + ack;
  return (v * options_ + static_cast<int>(s.fo)) * space_.tags + s.tag;
}

Segment SegmentCodec::decode(checker::Value v) const {
  Segment s;
  if (v >= wire_count()) {
    const int uppers = static_cast<int>(space_.upper_messages.size());
    v -= wire_count();
    if (v < uppers)
      return Segment{0, 0, 0, checker::Value{1} << v, 0, FastOpen::kNone, Socket::kWrite};
    v -= uppers;
    if (v < payloads_) return Segment{0, 0, 0, v, 0, FastOpen::kNone, Socket::kDeliver};
    return Segment{0, 0, 0, 0, 0, FastOpen::kNone, Socket::kClosed};
  }
  if (numbered_) return space_.table->segment(v);
  s.tag = v % space_.tags;
  v /= space_.tags;
  s.fo = static_cast<FastOpen>(v % options_);
  v /= options_;
  s.ack = v % space_.seq_space;
  v /= space_.seq_space;
  s.seq = v % space_.seq_space;
  v /= space_.seq_space;
  s.data = v % payloads_;
  s.flags = static_cast<std::uint8_t>(v / payloads_);
  return s;
}

checker::MessageCodec::Handover SegmentCodec::handover(const Segment& s) const {
  using H = checker::MessageCodec::Handover;
  if (s.socket == Socket::kDeliver) return {H::kDeliver, static_cast<std::uint32_t>(s.data)};
  if (s.socket == Socket::kClosed) return {H::kClosed, 0};
  return {};
}

std::optional<checker::Value> SegmentCodec::write_of(checker::Value upper_message) const {
  if (upper_message < 0 || upper_message >= static_cast<int>(space_.upper_messages.size()))
    return std::nullopt;
  return wire_count() + upper_message;
}

std::string SegmentCodec::payload_name(std::int64_t data) const {
  if (space_.upper_messages.empty()) return fmt::format("len={}", data);
  std::string out;
  for (std::size_t m = 0; m < space_.upper_messages.size(); ++m)
    if (data & (1 << m)) out += (out.empty() ? "" : ", ") + space_.upper_messages[m];
  return "[" + out + "]";
}

// The tag is a ghost, not a field on the wire: traces do not show it.
std::string SegmentCodec::print(const Segment& s) const {
  switch (s.socket) {
    case Socket::kWire:
      break;
    case Socket::kWrite:
      return fmt::format("write {}", payload_name(s.data));
    case Socket::kDeliver:
      return fmt::format("hand up {}", payload_name(s.data));
    case Socket::kClosed:
      return "connection closed";
  }
  std::string out = fmt::format("{} seq={}", flags_name(s.flags), s.seq);
  if (s.has(kAck)) out += fmt::format(" ack={}", s.ack);
  if (s.data) out += fmt::format(" {}", payload_name(s.data));
  static constexpr const char* kOption[] = {"", " TFO=request", " TFO=cookie", " TFO=bad-cookie"};
  out += kOption[static_cast<int>(s.fo)];
  return out;
}

}  // namespace synack::machines::tcp
