// A TCP segment as the model sees it: control flags, sequence and acknowledgment
// numbers (modulo the configured sequence space), a payload, the TCP Fast Open option
// (RFC 7413), and a ghost tag naming the connection incarnation that sent it (never read
// by the protocol, only by properties: "no segment of an earlier incarnation is accepted").
//
// The payload is either one abstract unit of application data (a plain endpoint) or, on an
// endpoint that carries an upper layer (TLS), the set of that layer's messages it holds,
// as a bitset in the upper layer's message order. Either way it occupies one sequence
// number: the model counts segments, not bytes.
//
// The same type carries the socket between the endpoint and its upper layer (never on a
// wire): the upper layer writes a message, the endpoint hands received messages up and
// says when its connection is gone.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/describe.hpp>

#include "checker/machine.hpp"
#include "checker/smt/sym.hpp"

namespace synack::machines::tcp {

class SegmentTable;

enum Flag : std::uint8_t { kSyn = 1, kAck = 2, kRst = 4, kFin = 8 };

// The TCP Fast Open option. A cookie is abstracted to whether the server will accept it.
enum class FastOpen : std::uint8_t {
  kNone,       // no option
  kRequest,    // an empty option: a cookie request
  kCookie,     // a cookie the server accepts
  kBadCookie,  // a cookie it does not (expired, from another key, of an invalid length)
};

enum class Socket : std::uint8_t {
  kWire,     // a segment on the network
  kWrite,    // the upper layer writes the messages in `data`
  kDeliver,  // the endpoint hands the messages in `data` up
  kClosed,   // the endpoint's connection is gone
};

// Generic over the value type V: int in the concrete engines and the Boost.MSM back-end,
// checker::smt::SymInt when the symbolic interpreter runs the same guards and actions.
// The concrete segment keeps its narrow flags and its enum-typed option and socket; a
// symbolic one holds every field as a SymInt (the interpreter reads a message as the
// vector of its described fields, in this order).
template <class V>
struct SegmentT {
  static constexpr bool kSymbolic = checker::smt::is_symbolic<V>;
  using FlagsField = std::conditional_t<kSymbolic, V, std::uint8_t>;
  using FoField = std::conditional_t<kSymbolic, V, FastOpen>;
  using SocketField = std::conditional_t<kSymbolic, V, Socket>;

  FlagsField flags = 0;
  V seq = 0;
  V ack = 0;   // meaningful only with kAck
  V data = 0;  // payload: 0 none, else one unit or a set of upper-layer messages
  V tag = 0;   // ghost: the sender's connection incarnation
  FoField fo = FastOpen::kNone;
  SocketField socket = Socket::kWire;

  // bool for a concrete segment, SymBool for a symbolic one.
  auto has(Flag f) const { return (flags & f) != 0; }
  auto wire() const { return socket == Socket::kWire; }
  V data_len() const {
    // Symbolically without a branch (a payload is never negative): one path, not two.
    if constexpr (kSymbolic)
      return checker::smt::min_of(data, 1);
    else
      return data != 0 ? 1 : 0;
  }
  // SEG.LEN as RFC 9293 counts it: SYN and FIN occupy a sequence number each.
  V seg_len() const {
    // Symbolically the flag bits themselves, again without branching: SYN is bit 0.
    if constexpr (kSymbolic)
      return data_len() + (flags & kSyn) + checker::smt::min_of(flags & kFin, 1);
    else
      return data_len() + (has(kSyn) ? 1 : 0) + (has(kFin) ? 1 : 0);
  }

  BOOST_DESCRIBE_CLASS(SegmentT, (), (flags, seq, ack, data, tag, fo, socket), (), ())
};
// Concretely 64-bit: a 32-bit sequence space's numbers and their differences fit.
using Segment = SegmentT<std::int64_t>;

std::string flags_name(std::uint8_t flags);

// SegmentCodec::handover over a symbolic segment, for the symbolic interpreter (found beside
// the segment by machines/msm_symbolic.hpp): the kind, a MessageCodec::Handover::Kind, and
// the upper messages handed up. Terms rather than branches: the socket field of what an
// endpoint sends is concrete in every row, so these fold to numbers.
inline std::pair<checker::smt::SymInt, checker::smt::SymInt> socket_handover(
    const SegmentT<checker::smt::SymInt>& s) {
  using H = checker::MessageCodec::Handover;
  using checker::smt::ite;
  using checker::smt::SymInt;
  checker::smt::SymBool deliver = s.socket == Socket::kDeliver;
  SymInt kind = ite(deliver, SymInt(H::kDeliver),
                    ite(s.socket == Socket::kClosed, SymInt(H::kClosed), SymInt(H::kNone)));
  return {kind, ite(deliver, s.data, SymInt(0))};
}

// Each segment field's largest value, as the codec spans them (tcp::Params): the symbolic
// interpreter's message fields range over 0..these.
template <class Params>
Segment segment_bounds(const Params& p) {
  std::int64_t seq = p.seq_space - 1;
  std::int64_t payloads = p.upper_messages.empty() ? 1 : (1 << p.upper_messages.size()) - 1;
  return {static_cast<std::uint8_t>(kSyn | kAck | kRst | kFin),
          seq,
          seq,
          payloads,
          p.incarnations,
          p.fast_open ? FastOpen::kBadCookie : FastOpen::kNone,
          p.upper_messages.empty() ? Socket::kWire : Socket::kClosed};
}  // "SYN-ACK", "FIN-ACK", "RST", ...

// What a codec needs to know beyond the sequence space: the tags, whether segments carry
// the TFO option, and the upper layer's message names (none: payloads are single units).
struct SegmentSpace {
  std::int64_t seq_space = 16;
  int tags = 1;
  bool fast_open = false;
  std::vector<std::string> upper_messages;
  // Where segments are numbered when they do not fit one integer (null: the codec makes
  // its own, which is right only for a model with a single machine).
  std::shared_ptr<SegmentTable> table = {};
};

// Wire segments come first. In a small space a segment's number is computed from its
// fields: ((((((flags * P + data) * space + seq) * space + ack) * F + fo) * tags + tag),
// P payload values and F option values. When that would pass 2^31 (a 32-bit space) the
// shared SegmentTable numbers segments instead, and wire segments take its capacity.
// Socket messages follow: a write of each upper message, a hand-up of each payload, the
// close notice.
class SegmentCodec {
 public:
  explicit SegmentCodec(SegmentSpace space);
  template <class Params>
  requires requires(const Params& p) { p.seq_space; }
  explicit SegmentCodec(const Params& p)
      : SegmentCodec(SegmentSpace{p.seq_space, p.incarnations + 1, p.fast_open, p.upper_messages,
                                  p.segment_table}) {}

  checker::Value count() const;
  checker::Value encode(const Segment& s) const;
  Segment decode(checker::Value v) const;
  std::string print(const Segment& s) const;
  std::string payload_name(std::int64_t data) const;
  // The socket, for the composition (checker::MessageCodec).
  checker::MessageCodec::Handover handover(const Segment& s) const;
  std::optional<checker::Value> write_of(checker::Value upper_message) const;
  // A large space's segments are numbered by the shared table as they are first met.
  bool numbers_on_first_use() const { return numbered_; }

 private:
  checker::Value wire_count() const;
  SegmentSpace space_;
  int payloads_;   // P
  int options_;    // F
  bool numbered_;  // by space_.table, not computed
};

}  // namespace synack::machines::tcp
