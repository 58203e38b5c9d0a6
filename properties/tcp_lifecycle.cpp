// The TCP connection lifecycle beyond the handshake (seeds 001 and 002): the four-way
// close and its merged-FIN ablation, simultaneous open and close, and what a lost
// handshake segment leads to.
#include "checker/system.hpp"
#include "machines/tcp/tcp.hpp"
#include "properties/channel_params.hpp"
#include "properties/registry.hpp"
#include "properties/tcp_common.hpp"
#include "properties/tcp_history.hpp"

namespace synack::properties {

namespace {

using checker::PropertyKind;
using checker::Verdict;
namespace tcp = machines::tcp;

using History = std::vector<TcpHistory>;

// Two endpoints, each with its own parameters, joined by two channels, and the history
// of each that the scenario's properties read (none: no monitor).
std::unique_ptr<checker::System> pair(const ParamValues& v, const tcp::Params& client,
                                      const std::vector<std::string>& client_events,
                                      const tcp::Params& server,
                                      const std::vector<std::string>& server_events,
                                      const History& client_history = {},
                                      const History& server_history = {}) {
  auto sys = std::make_unique<checker::System>();
  std::size_t c =
      sys->add_actor("client", tcp::make_endpoint("tcp-endpoint", client), client_events);
  std::size_t s =
      sys->add_actor("server", tcp::make_endpoint("tcp-endpoint", server), server_events);
  sys->add_channel("c2s", c, s, channel_policy(v));
  sys->add_channel("s2c", s, c, channel_policy(v));
  if (!client_history.empty())
    sys->add_monitor(tcp_history("client", client_history, client.seq_space));
  if (!server_history.empty())
    sys->add_monitor(tcp_history("server", server_history, server.seq_space));
  sys->finalize();
  return sys;
}

const std::vector<std::string> kCloser = {"connect", "close", "timeout", "2MSL timeout"};
const std::vector<std::string> kListenerWithData = {"listen", "send", "close", "timeout",
                                                    "2MSL timeout"};

// ---- tcp/teardown and tcp/teardown-merged-fin ---------------------------------------------

std::unique_ptr<checker::Model> build_teardown(const ParamValues& v, bool merged_fin) {
  tcp::Params client = tcp_params(v);
  tcp::Params server = client;
  server.app_data = 1;  // one unit the server's application still has to send
  server.merged_fin = merged_fin;
  return pair(v, client, kCloser, server, kListenerWithData,
              {TcpHistory::kClosedCleanly, TcpHistory::kFinReceived, TcpHistory::kDataReceived},
              {TcpHistory::kClosedCleanly});
}

std::vector<checker::PropertySpec> teardown_properties(bool merged_fin) {
  return {
      {"all-data-delivered", PropertyKind::kAlways,
       "client_history.fin_received == 1 -> client_history.data_received == 1",
       "when the client has the server's FIN, it has every unit the server's application sent "
       "(a reset connection never gets the FIN)",
       merged_fin ? Verdict::kViolated : Verdict::kHolds},
      {"both-closed", PropertyKind::kSometimes,
       "client_history.closed_cleanly == 1 && server_history.closed_cleanly == 1 && client.state "
       "== CLOSED && "
       "server.state == CLOSED",
       "both sides close through the four-way handshake", Verdict::kHolds},
  };
}

// ---- tcp/simultaneous-open and tcp/simultaneous-close -------------------------------------

std::unique_ptr<checker::Model> build_simultaneous_open(const ParamValues& v) {
  tcp::Params p = tcp_params(v);
  return pair(v, p, {"connect", "timeout"}, p, {"connect", "timeout"});
}

std::unique_ptr<checker::Model> build_simultaneous_close(const ParamValues& v) {
  tcp::Params p = tcp_params(v);
  return pair(v, p, kCloser, p, {"listen", "close", "timeout", "2MSL timeout"},
              {TcpHistory::kClosedCleanly}, {TcpHistory::kClosedCleanly});
}

// ---- tcp/time-wait -------------------------------------------------------------------------

std::vector<ParamSpec> time_wait_params() {
  // RTO below MSL, as on the Internet (seconds against minutes), and an ISN clock that
  // moves a new connection's numbers away from the old ones: the conditions under which
  // the 2MSL argument works (README: the sweep shows what happens without them).
  TcpDefaults d;
  d.incarnations = 2;
  d.duplicates = 0;
  d.seq_space = 8;
  d.isn_step = 2;
  std::vector<ParamSpec> params = tcp_param_specs(d);
  params.push_back({"tcp.msl", 2, 1, 3, false, "maximum segment lifetime, in clock ticks"});
  params.push_back({"tcp.rto", 1, 1, 8, false, "retransmission timeout, in ticks"});
  params.push_back(
      {"tcp.time_wait", -1, -1, 16, false, "TIME-WAIT's duration in ticks; -1: 2 * tcp.msl"});
  return params;
}

std::unique_ptr<checker::Model> build_time_wait(const ParamValues& v) {
  tcp::Params p = tcp_params(v);
  p.timed = true;
  p.rto = v.at("tcp.rto");
  int msl = v.at("tcp.msl");
  p.time_wait = v.at("tcp.time_wait") < 0 ? 2 * msl : v.at("tcp.time_wait");
  checker::ChannelPolicy channel = channel_policy(v);
  channel.msl = msl;
  auto sys = std::make_unique<checker::System>();
  std::size_t c = sys->add_actor("client", tcp::make_endpoint("tcp-endpoint", p), kCloser);
  tcp::Params server = p;
  server.may_close_first = false;  // the client closes actively
  std::size_t s = sys->add_actor("server", tcp::make_endpoint("tcp-endpoint", server),
                                 {"listen", "close", "timeout", "2MSL timeout"});
  sys->add_channel("c2s", c, s, channel);
  sys->add_channel("s2c", s, c, channel);
  sys->add_monitor(
      tcp_history("client", {TcpHistory::kStaleAccepted, TcpHistory::kRstForFin}, p.seq_space));
  sys->add_monitor(tcp_history("server", {TcpHistory::kStaleAccepted, TcpHistory::kResetClosing},
                               p.seq_space, "client"));
  sys->finalize();
  return sys;
}

// ---- tcp/handshake-loss --------------------------------------------------------------------

std::unique_ptr<checker::Model> build_handshake_loss(const ParamValues& v) {
  tcp::Params server = tcp_params(v);
  tcp::Params client = server;  // a copy: both share one segment table
  client.app_data = 1;          // the data that finds the half-open connection
  return pair(v, client, {"connect", "send", "timeout"}, server, {"listen", "timeout"},
              {TcpHistory::kResetOpen, TcpHistory::kConnectFailed}, {TcpHistory::kResetData});
}

}  // namespace

void add_tcp_lifecycle_scenarios(std::vector<Scenario>& out) {
  // Reliable-order-free but lossy channels without duplication keep the close small;
  // one connection per run.
  TcpDefaults close_defaults;
  close_defaults.incarnations = 1;
  close_defaults.duplicates = 0;
  out.push_back({"tcp/teardown",
                 "one connection, then the four-way close: either side may close first, and the "
                 "server's application has data to send in CLOSE-WAIT (half-close); lossy "
                 "channel, FIN and data retransmission",
                 tcp_param_specs(close_defaults),
                 teardown_properties(false),
                 [](const ParamValues& v) { return build_teardown(v, false); },
                 {}});
  out.push_back(
      {"tcp/teardown-merged-fin",
       "the ablation of the four-way close: the passive side answers a FIN with FIN-ACK at "
       "once, even with data pending (a three-way close)",
       tcp_param_specs(close_defaults),
       teardown_properties(true),
       [](const ParamValues& v) { return build_teardown(v, true); },
       {}});

  // Crossing SYNs or FINs as in RFC 9293's figures: a reliable channel, so that every
  // stuck state is a protocol fault rather than a message the network ate. No
  // retransmission, and room for every segment in flight: from capacity 3 on the state
  // count no longer changes, so no send is ever blocked by a full channel (a blocked
  // send on a reliable channel disables the step, which would be the model's deadlock,
  // not the protocol's).
  TcpDefaults crossing;
  crossing.incarnations = 1;
  crossing.duplicates = 0;
  crossing.lossy = false;
  crossing.max_retries = 0;
  crossing.capacity = 3;
  out.push_back(
      {"tcp/simultaneous-open",
       "both endpoints connect to each other at once (no listener): crossing SYNs through "
       "SYN-RECEIVED (RFC 9293 figure 8); reliable channel",
       tcp_param_specs(crossing),
       {{"connects", PropertyKind::kSometimes,
         "client.state == ESTABLISHED && server.state == ESTABLISHED",
         "both sides reach ESTABLISHED", Verdict::kHolds},
        {"through-syn-received", PropertyKind::kSometimes,
         "client.state == SYN_RECEIVED && server.state == SYN_RECEIVED",
         "the crossing SYNs put both sides in SYN-RECEIVED", Verdict::kHolds},
        {"deadlock-free", PropertyKind::kDeadlockFree,
         "(client.state == ESTABLISHED && server.state == ESTABLISHED) || "
         "(client.state == CLOSED && server.state == CLOSED)",
         "every run ends with both sides connected or both closed", Verdict::kHolds}},
       build_simultaneous_open,
       {}});
  out.push_back(
      {"tcp/simultaneous-close",
       "a connection whose two sides may close at the same time: crossing FINs through "
       "CLOSING and TIME-WAIT (RFC 9293 figure 13); reliable channel",
       tcp_param_specs(crossing),
       {{"both-closed", PropertyKind::kSometimes,
         "client_history.closed_cleanly == 1 && server_history.closed_cleanly == 1 && "
         "client.state == CLOSED && server.state == CLOSED",
         "both sides close", Verdict::kHolds},
        {"through-closing", PropertyKind::kSometimes,
         "client.state == CLOSING && server.state == CLOSING",
         "the crossing FINs put both sides in CLOSING", Verdict::kHolds},
        {"deadlock-free", PropertyKind::kDeadlockFree,
         "client.state == CLOSED && (server.state == CLOSED || server.state == LISTEN)",
         "every run ends with both sides closed (or the server still listening)", Verdict::kHolds}},
       build_simultaneous_close,
       {}});

  out.push_back(
      {"tcp/time-wait",
       "timed: messages age by clock ticks and vanish after MSL, timers count down; the "
       "client closes actively, then opens the same connection again (seed 002 sections "
       "5 and 7)",
       time_wait_params(),
       {{"no-stale-segment-accepted", PropertyKind::kAlways,
         "client_history.stale_accepted == 0 && server_history.stale_accepted == 0",
         "after a connection closed normally, no segment of it is accepted by the next "
         "incarnation (a connection aborted by its retry limit had no TIME-WAIT to "
         "protect it, and is not counted)",
         Verdict::kHolds},
        {"no-reset-on-normal-close", PropertyKind::kAlways, "client_history.rst_for_fin == 0",
         "the server's retransmitted FIN (the last ACK lost) is answered with an ACK, "
         "never a RST",
         Verdict::kHolds},
        {"peer-close-not-reset", PropertyKind::kAlways, "server_history.reset_closing == 0",
         "after the client closed normally, the server's close never ends in a RST: in "
         "LAST-ACK it waits for the ACK of its FIN, and a RST from a client that forgot the "
         "connection ends it as an error (the harm of the client's RST; "
         "no-reset-on-normal-close also counts a RST that finds the server already closed)",
         Verdict::kHolds}},
       build_time_wait,
       {{"TIME-WAIT", "waiting 2 MSL in TIME-WAIT before CLOSED", {"tcp.time_wait=0"}},
        {"ISN clock stride",
         "each connection's ISN two past the last one's (tcp.isn_step=1: the very next number, "
         "inside the old connection's window)",
         {"tcp.isn_step=1"}}}});

  TcpDefaults loss;
  loss.incarnations = 1;
  loss.duplicates = 0;
  out.push_back(
      {"tcp/handshake-loss",
       "any of the three handshake segments may be lost; SYN and SYN-ACK are "
       "retransmitted up to tcp.max_retries times; the client has one unit of data "
       "(seed 002 section 2)",
       tcp_param_specs(loss),
       {{"half-open-after-lost-ack", PropertyKind::kSometimes,
         "client.state == ESTABLISHED && server.state == LISTEN",
         "the client is ESTABLISHED while the server has given up (its SYN-ACK retries ran out: "
         "the client's ACK lost, or slower than the retransmission timer)",
         Verdict::kHolds},
        {"half-open-reset-by-data", PropertyKind::kSometimes,
         "client_history.reset_open == 1 && server_history.reset_data == 1",
         "the client's data reaches a server that gave up; its RST ends the client's "
         "connection",
         Verdict::kHolds},
        {"connect-fails-after-retries", PropertyKind::kSometimes,
         "client_history.connect_failed == 1", "the client's SYN retries run out", Verdict::kHolds},
        checker::leads_to("connect-terminates", "client.state == SYN_SENT",
                          "client.state == ESTABLISHED || client.state == CLOSED", {"fair-loss"},
                          "every connect eventually ends ESTABLISHED or failed (CLOSED: "
                          "retries exhausted, or refused by a RST)",
                          Verdict::kHolds),
        checker::leads_to("half-open-resolved",
                          "client.state == ESTABLISHED && server.state == LISTEN && "
                          "client.snd_una != client.snd_nxt",
                          "client.state != ESTABLISHED", {"fair-loss", "wf(client)", "wf(server)"},
                          "a client ESTABLISHED with no server connection eventually leaves "
                          "ESTABLISHED once it has sent data",
                          Verdict::kHolds)},
       build_handshake_loss,
       {}});
}

}  // namespace synack::properties
