#include "machines/tcp/segment.hpp"

#include <array>
#include <stdexcept>

#include <fmt/format.h>

namespace synack::machines::tcp {

namespace {
constexpr std::array<std::uint8_t, 5> kKinds = {kSyn, kSyn | kAck, kAck, kRst, kRst | kAck};
}

std::string flags_name(std::uint8_t flags) {
  std::string out;
  auto add = [&](Flag f, const char* name) {
    if (!(flags & f)) return;
    if (!out.empty()) out += '-';
    out += name;
  };
  add(kSyn, "SYN");
  add(kRst, "RST");
  add(kAck, "ACK");
  return out.empty() ? "NONE" : out;
}

checker::Value SegmentCodec::count() const {
  return static_cast<checker::Value>(kKinds.size()) * space_ * space_;
}

checker::Value SegmentCodec::encode(const Segment& s) const {
  for (std::size_t k = 0; k < kKinds.size(); ++k)
    if (kKinds[k] == s.flags) {
      int ack = s.has(kAck) ? s.ack : 0;
      return static_cast<checker::Value>(k) * space_ * space_ + s.seq * space_ + ack;
    }
  throw std::logic_error("segment with flags " + flags_name(s.flags) + " has no encoding");
}

Segment SegmentCodec::decode(checker::Value v) const {
  Segment s;
  s.flags = kKinds.at(static_cast<std::size_t>(v / (space_ * space_)));
  s.seq = (v / space_) % space_;
  s.ack = v % space_;
  return s;
}

std::string SegmentCodec::print(const Segment& s) const {
  if (s.has(kAck)) return fmt::format("{} seq={} ack={}", flags_name(s.flags), s.seq, s.ack);
  return fmt::format("{} seq={}", flags_name(s.flags), s.seq);
}

}  // namespace synack::machines::tcp
