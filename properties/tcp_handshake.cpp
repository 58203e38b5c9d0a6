// tcp/three-way-handshake and tcp/two-way-handshake: why TCP opens with three segments.
//
// A client that may give up on a connection attempt and open a new one (a new ISN) and
// a listening server, over an unordered, lossy, duplicating channel. With two segments,
// an old duplicate SYN that arrives after the client moved on opens a connection nobody
// wants (seed 001), and the server commits before it knows the client can receive.
#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/system.hpp"
#include "machines/tcp/tcp.hpp"
#include "properties/channel_params.hpp"
#include "properties/registry.hpp"
#include "properties/tcp_common.hpp"

namespace synack::properties {

namespace {

using checker::PropertyKind;
using checker::Verdict;
namespace tcp = machines::tcp;

std::vector<ParamSpec> handshake_params(bool three_way) {
  TcpDefaults d;
  d.third_segment = three_way;
  return tcp_param_specs(d);
}

std::unique_ptr<checker::Model> build_handshake(const ParamValues& v) {
  auto endpoint = tcp::make_endpoint("tcp-endpoint", tcp_params(v));
  auto sys = std::make_unique<checker::System>();
  std::size_t client = sys->add_actor("client", endpoint, {"connect", "abort", "timeout"});
  std::size_t server = sys->add_actor("server", endpoint, {"listen", "timeout"});
  sys->add_channel("c2s", client, server, channel_policy(v));
  sys->add_channel("s2c", server, client, channel_policy(v));
  sys->finalize();
  return sys;
}

std::vector<checker::PropertySpec> handshake_properties(bool three_way) {
  Verdict safe = three_way ? Verdict::kHolds : Verdict::kViolated;
  return {
      {"no-stale-connection", PropertyKind::kAlways,
       "server.state == ESTABLISHED -> client.state != CLOSED && server.irs == client.iss",
       "the server is never ESTABLISHED on a connection whose ISN the client is not using", safe},
      {"server-knows-client-receives", PropertyKind::kAlways,
       "server.state == ESTABLISHED -> client.state != CLOSED && client.state != LISTEN && "
       "client.state != SYN_SENT && client.irs == server.iss",
       "when the server is ESTABLISHED, the client has received the server's SYN", safe},
      {"connects", PropertyKind::kSometimes,
       "client.state == ESTABLISHED && server.state == ESTABLISHED",
       "both sides can reach ESTABLISHED", Verdict::kHolds},
  };
}

// What `synack explain` switches off, one at a time, to find what a property rests on.
std::vector<Mechanism> handshake_mechanisms() {
  return {
      {"third handshake segment",
       "the client's ACK of the server's SYN",
       {"tcp.third_segment=false"}},
      {"RST generation", "answering unacceptable segments with a RST", {"tcp.send_rst=false"}},
      {"retransmission", "SYN and SYN-ACK retransmission", {"tcp.max_retries=0"}},
  };
}

}  // namespace

void add_tcp_handshake_scenarios(std::vector<Scenario>& out) {
  out.push_back({"tcp/three-way-handshake",
                 "RFC 9293 connection opening (SYN, SYN-ACK, ACK) with retransmission and RST, "
                 "a client that may abandon and reopen with a new ISN, over an unordered, "
                 "lossy, duplicating channel",
                 handshake_params(true), handshake_properties(true), build_handshake,
                 handshake_mechanisms()});
  out.push_back({"tcp/two-way-handshake",
                 "the same endpoints with the third segment removed: the server is ESTABLISHED "
                 "on the SYN, the client on the SYN-ACK",
                 handshake_params(false), handshake_properties(false), build_handshake,
                 handshake_mechanisms()});
}

}  // namespace synack::properties
