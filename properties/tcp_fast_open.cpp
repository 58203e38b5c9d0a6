// TCP Fast Open (RFC 7413) without TLS above it: a duplicated SYN that carries data, and a
// cookie the server no longer accepts.
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
}

}  // namespace synack::properties
