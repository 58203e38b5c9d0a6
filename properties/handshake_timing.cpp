#include "properties/handshake_timing.hpp"

#include <functional>

#include "checker/earliest.hpp"
#include "checker/errors.hpp"
#include "checker/system.hpp"
#include "machines/tcp/segment.hpp"
#include "machines/tls/tls.hpp"
#include "properties/tls_history.hpp"
#include "properties/tls_stack.hpp"

namespace synack::properties {

namespace {

namespace tcp = machines::tcp;
namespace tls = machines::tls;
using checker::Value;

// Ticks the search may spend: a handshake that needs more than this is not one of ours.
constexpr int kMaxTicks = 16;

struct Timed {
  std::unique_ptr<checker::System> model;
  tcp::SegmentCodec codec;
  std::vector<std::size_t> wire_slots;  // c2s[k], s2c[k]
  std::size_t c2s_count = 0;
  int request_bits = 0;  // the upper messages that carry the client's request
};

std::size_t slot(const checker::Model& m, const std::string& name) {
  auto s = m.layout().find(name);
  if (!s) throw InternalError("handshake timing: no slot " + name);
  return *s;
}

Timed build(const HandshakeConfig& c) {
  StackSpec spec;
  spec.tcp.seq_space = 8;
  spec.tcp.incarnations = 1;
  spec.tcp.fast_open = c.fast_open != HandshakeConfig::FastOpen::kOff;
  spec.tcp.initial_cookie = c.fast_open == HandshakeConfig::FastOpen::kCookie
                                ? tcp::Params::Cookie::kValid
                                : tcp::Params::Cookie::kNone;
  spec.retransmit = false;  // nothing is lost: timers could only slow a run down
  int request_bits = 0;
  if (c.tls == 12) {
    spec.tcp.upper_messages = tls::tls12_messages();
    tls::Tls12Params p;
    p.resume = c.resume;
    spec.client_tls = tls::make_tls12_client(p);
    spec.server_tls = tls::make_tls12_server(p);
    request_bits = 1 << static_cast<int>(tls::Tls12::kAppData);
  } else {
    spec.tcp.upper_messages = tls::tls13_messages();
    tls::Tls13Params p;
    p.resume = c.resume;
    p.early_data = c.early_data;
    spec.client_tls = tls::make_tls13_client(p);
    spec.server_tls = tls::make_tls13_server(p);
    request_bits =
        1 << static_cast<int>(tls::Tls13::kAppData) | 1 << static_cast<int>(tls::Tls13::kEarlyData);
  }
  spec.monitors.push_back(tls_client_history(c.tls == 12 ? TlsVersion::k12 : TlsVersion::k13));
  // Each message arrives exactly one tick (half a round trip) after it is sent.
  spec.channel = {4, true, false, 0, 2, 1};
  Timed t{build_stack(spec), tcp::SegmentCodec(spec.tcp), {}, 0, request_bits};
  for (int k = 0; k < spec.channel.capacity; ++k)
    t.wire_slots.push_back(slot(*t.model, "c2s[" + std::to_string(k) + "]"));
  t.c2s_count = t.wire_slots.size();
  for (int k = 0; k < spec.channel.capacity; ++k)
    t.wire_slots.push_back(slot(*t.model, "s2c[" + std::to_string(k) + "]"));
  return t;
}

std::optional<double> rtt(const Timed& t, const std::function<bool(const Value*)>& goal,
                          const checker::Limits& limits) {
  checker::Earliest e = checker::earliest(*t.model, goal, kMaxTicks, limits);
  if (e.limit_hit && !e.ticks) throw InternalError("handshake timing: limit hit");
  if (!e.ticks) return std::nullopt;
  return *e.ticks / 2.0;
}

// Some message in flight on the given slots satisfies `want`.
bool in_flight(const Timed& t, const Value* s, std::size_t from, std::size_t to,
               const std::function<bool(const tcp::Segment&)>& want) {
  for (std::size_t i = from; i < to; ++i)
    if (Value v = s[t.wire_slots[i]]; v != 0 && want(t.codec.decode(v - 1))) return true;
  return false;
}

std::string fast_open_name(HandshakeConfig::FastOpen f) {
  switch (f) {
    case HandshakeConfig::FastOpen::kOff:
      return "off";
    case HandshakeConfig::FastOpen::kFirst:
      return "first connection";
    case HandshakeConfig::FastOpen::kCookie:
      return "cookie held";
  }
  return "";
}

}  // namespace

std::vector<HandshakeConfig> rtt_configs() {
  using F = HandshakeConfig::FastOpen;
  return {{"tcp+tls1.2", F::kOff, 12, false, false},
          {"tcp+tls1.3", F::kOff, 13, false, false},
          {"tcp+tls1.3+0rtt", F::kOff, 13, true, true},
          {"tfo+tls1.3", F::kCookie, 13, false, false},
          {"tfo+tls1.3+0rtt", F::kCookie, 13, true, true},
          {"tfo-first+tls1.3", F::kFirst, 13, false, false},
          {"tcp+tls1.2-resumed", F::kOff, 12, true, false},
          {"tcp+tls1.3-resumed", F::kOff, 13, true, false},
          {"tfo+tls1.2", F::kCookie, 12, false, false},
          {"tfo+tls1.2-resumed", F::kCookie, 12, true, false}};
}

RttRow measure_rtt(const HandshakeConfig& config, const checker::Limits& limits) {
  Timed t = build(config);
  std::size_t response = slot(*t.model, "tls_client_history.response_received");
  RttRow row{config.name, {}, {}};
  row.request_rtt = rtt(
      t,
      [&](const Value* s) {
        return in_flight(t, s, 0, t.c2s_count, [&](const tcp::Segment& seg) {
          return seg.wire() && (seg.data & t.request_bits) != 0;
        });
      },
      limits);
  row.response_rtt = rtt(
      t, [&](const Value* s) { return s[response] == 1; }, limits);
  return row;
}

std::vector<OverlapRow> overlap_table(const checker::Limits& limits) {
  using F = HandshakeConfig::FastOpen;
  std::vector<OverlapRow> rows;
  for (F f : {F::kOff, F::kFirst, F::kCookie})
    for (int version : {12, 13})
      for (bool resume : {false, true}) {
        Timed t = build({"", f, version, resume, false});
        const checker::Layout& layout = t.model->layout();
        std::size_t tls_state = slot(*t.model, "tls_client.state");
        std::size_t tcp_state = slot(*t.model, "client.state");
        Value connected = *layout.slot(tls_state).value_named("CONNECTED");
        Value established = *layout.slot(tcp_state).value_named("ESTABLISHED");
        OverlapRow row{fast_open_name(f), version, resume, false, {}, {}};
        row.tls_in_syn =
            rtt(
                t,
                [&](const Value* s) {
                  return in_flight(t, s, 0, t.wire_slots.size(), [](const tcp::Segment& seg) {
                    return seg.wire() && seg.has(tcp::kSyn) && seg.data != 0;
                  });
                },
                limits)
                .has_value();
        row.tls_done_rtt = rtt(
            t, [&](const Value* s) { return s[tls_state] == connected; }, limits);
        row.tcp_done_rtt = rtt(
            t, [&](const Value* s) { return s[tcp_state] == established; }, limits);
        rows.push_back(row);
      }
  return rows;
}

}  // namespace synack::properties
