// TCP Fast Open (RFC 7413) without TLS above it: a duplicated SYN that carries data, a
// cookie the server no longer accepts, and what the cookie is for: SYN data from a
// spoofed address, which only a server that skips the cookie check hands up.
#include "checker/system.hpp"
#include "machines/tcp/tcp.hpp"
#include "properties/channel_params.hpp"
#include "properties/registry.hpp"
#include "properties/tcp_history.hpp"
#include "properties/tls_stack.hpp"

namespace synack::properties {

namespace {

using checker::PropertyKind;
using checker::Verdict;
using Cookie = machines::tcp::Params::Cookie;

// Retries default to none in the replay scenario, so that the second copy of the SYN is the
// network's duplicate; with retries, the client's own retransmission does the same.
std::vector<ParamSpec> tfo_params(int duplicates, int retries) {
  std::vector<ParamSpec> params = channel_params(2, duplicates);
  params.push_back({"tcp.seq_space", 8, 4, 64, false, "sequence numbers modulo this"});
  params.push_back({"tcp.max_retries", retries, 0, 3, false, "retransmissions of one segment"});
  return params;
}

std::unique_ptr<checker::Model> build_tfo(const ParamValues& v, Cookie cookie) {
  StackSpec spec;
  spec.tcp.seq_space = v.at("tcp.seq_space");
  spec.tcp.max_retries = v.at("tcp.max_retries");
  spec.tcp.incarnations = 1;
  spec.tcp.upper_messages = {"data"};
  spec.tcp.fast_open = true;
  spec.tcp.initial_cookie = cookie;
  spec.tcp.write_before_connect = true;
  spec.channel = channel_policy(v);
  spec.monitors.push_back(tcp_history("server", {TcpHistory::kAppReceived}, spec.tcp.seq_space));
  return build_stack(spec);
}

// An attacker that never completed a handshake sends, from a spoofed address, a SYN with
// data and a cookie of its own making to a Fast Open server. The server's SYN-ACK goes to
// the host whose address was spoofed (the attacker never sees it), a TCP endpoint with no
// connection of its own, which answers it with a RST (RFC 9293 section 3.10.7.1); a lost
// SYN-ACK stands for an address where no host answers. No legitimate client: the property
// is about the attacker's data alone.
std::unique_ptr<checker::Model> build_tfo_spoofed(const ParamValues& v) {
  namespace tcp = machines::tcp;
  tcp::Params p;
  p.seq_space = v.at("tcp.seq_space");
  p.max_retries = v.at("tcp.max_retries");
  p.incarnations = 1;
  p.upper_messages = {"data"};
  p.fast_open = true;
  p.verify_cookie = v.at("tcp.verify_cookie") != 0;
  tcp::AttackerParams ap{p, v.at("attack.syns"), true};
  auto sys = std::make_unique<checker::System>();
  std::size_t attacker = sys->add_actor("attacker", tcp::make_attacker(ap), {"send spoofed SYN"});
  std::size_t server =
      sys->add_actor("server", tcp::make_endpoint("tcp-server", p), {"listen", "timeout"});
  std::size_t spoofed = sys->add_actor("spoofed_host", tcp::make_endpoint("tcp-endpoint", p), {});
  checker::ChannelPolicy policy = channel_policy(v);
  sys->add_channel("a2s", attacker, server, policy);
  sys->add_channel("s2h", server, spoofed, policy);
  sys->add_channel("h2s", spoofed, server, policy);
  sys->add_monitor(tcp_history("server", {TcpHistory::kAppReceived}, p.seq_space));
  sys->finalize();
  return sys;
}

std::vector<ParamSpec> tfo_spoofed_params() {
  std::vector<ParamSpec> params = tfo_params(0, 1);
  params.push_back({"tcp.verify_cookie", 1, 0, 1, true,
                    "the server hands SYN data up only with a cookie it accepts"});
  params.push_back({"attack.syns", 1, 1, 4, false, "spoofed SYNs with data the attacker sends"});
  return params;
}

}  // namespace

void add_tcp_fast_open_scenarios(std::vector<Scenario>& out) {
  out.push_back(
      {"tcp/tfo-replay",
       "a client with a valid Fast Open cookie sends its data in the SYN; the network "
       "duplicates the SYN (RFC 7413 section 6)",
       tfo_params(1, 0),
       {{"syn-data-at-most-once", PropertyKind::kAlways, "server_history.app_received <= 1",
         "the server's application receives the SYN's data at most once", Verdict::kViolated}},
       [](const ParamValues& v) { return build_tfo(v, Cookie::kValid); },
       {}});
  out.push_back(
      {"tcp/tfo-invalid-cookie",
       "a client sends data in the SYN with a cookie the server no longer accepts: the server "
       "drops the data, acknowledges only the SYN and sends a fresh cookie",
       tfo_params(1, 1),
       {{"data-exactly-once", PropertyKind::kAlways,
         "server_history.app_received <= 1 && (client.state == ESTABLISHED && client.in_flight == "
         "0 && "
         "client.snd_una == client.snd_nxt -> server_history.app_received == 1)",
         "the data reaches the server's application at most once, and once the client has it "
         "acknowledged, exactly once",
         Verdict::kHolds},
        {"data-delivered", PropertyKind::kSometimes,
         "server_history.app_received == 1 && client.tfo_cookie == 1",
         "a run in which the data arrives after the handshake and the client holds the fresh "
         "cookie",
         Verdict::kHolds}},
       [](const ParamValues& v) { return build_tfo(v, Cookie::kStale); },
       {}});
  out.push_back(
      {"tcp/tfo-spoofed-data",
       "an attacker sends a Fast Open server, from a spoofed address, a SYN carrying data and a "
       "cookie it made up (it never completed a handshake from that address); the cookie check "
       "is what keeps one packet from making the server act on the data",
       tfo_spoofed_params(),
       {{"no-data-from-unverified-address", PropertyKind::kAlways,
         "server_history.app_received == 0",
         "the server's application never acts on data from an address that never completed a "
         "handshake",
         Verdict::kHolds},
        {"spoofed-syn-answered", PropertyKind::kSometimes, "server.state == SYN_RECEIVED",
         "the spoofed SYN reaches the server, which answers it (the property above is not kept by "
         "the SYN never arriving)",
         Verdict::kHolds}},
       build_tfo_spoofed,
       {{"cookie check",
         "handing SYN data up only with a cookie the server accepts",
         {"tcp.verify_cookie=false"}}}});
}

}  // namespace synack::properties
