// tcp/syn-flood (seed 002 sections 17 and 18): spoofed SYNs fill a listener's backlog
// of half-open connections, and the legitimate client's SYN goes unanswered; SYN
// cookies keep no state until the final ACK and always answer.
#include <string>

#include "checker/system.hpp"
#include "machines/tcp/tcp.hpp"
#include "properties/channel_params.hpp"
#include "properties/history_monitors.hpp"
#include "properties/registry.hpp"
#include "properties/tcp_common.hpp"

namespace synack::properties {

namespace {

namespace tcp = machines::tcp;
using checker::PropertyKind;
using checker::Verdict;

}  // namespace

// Whether the client's SYN was ever dropped, kept by a monitor beside the listener. The
// client's SYN (flags SYN alone, a nonzero tag: a real source address) was dropped when it
// was delivered and the listener has, after the step, neither an entry for the client in
// its backlog nor a connection with it: queued, it would have an entry; answered again,
// it had one already. With SYN cookies the listener keeps no entries at all and answers
// every SYN with its cookie, a send no variable records: the variable has no rule, a
// constant 0 (which lets k-induction prove legit-syn-answered at once).
checker::MonitorSpec listener_history(const machines::tcp::ListenerParams& lp) {
  checker::MonitorSpec spec{"server_history", {{"legit_dropped"}}, {}};
  if (!lp.syn_cookies)
    spec.rules.push_back(
        {"step.kind == deliver && step.actor == server && step.message.flags == 1 && "
         "step.message.tag != 0 && server.legit_pending' == 0 && server.established' == 0",
         {{"legit_dropped", "1"}}});
  return spec;
}

namespace {

std::unique_ptr<checker::Model> build_syn_flood(const ParamValues& v) {
  tcp::Params p = tcp_params(v);
  tcp::ListenerParams lp{p, v.at("tcp.backlog"), v.at("tcp.syn_cookies") != 0};
  tcp::AttackerParams ap{p, v.at("attack.syns")};
  auto sys = std::make_unique<checker::System>();
  std::size_t attacker = sys->add_actor("attacker", tcp::make_attacker(ap), {"send spoofed SYN"});
  std::size_t client =
      sys->add_actor("client", tcp::make_endpoint("tcp-endpoint", p), {"connect", "timeout"});
  std::size_t server = sys->add_actor("server", tcp::make_listener(lp), {"SYN-RECEIVED timeout"});
  // The attacker's and the client's segments reach the server on their own paths.
  checker::ChannelPolicy policy = channel_policy(v);
  sys->add_channel("a2s", attacker, server, policy);
  sys->add_channel("c2s", client, server, policy);
  sys->add_channel("s2c", server, client, policy);
  sys->add_monitor(listener_history(lp));
  sys->finalize();
  return sys;
}

}  // namespace

void add_tcp_syn_flood_scenario(std::vector<Scenario>& out) {
  TcpDefaults d;
  d.incarnations = 1;
  d.duplicates = 0;
  d.lossy = false;
  std::vector<ParamSpec> params = tcp_param_specs(d);
  params.push_back({"tcp.backlog", 1, 1, 4, false, "half-open connections the listener keeps"});
  params.push_back({"tcp.syn_cookies", 0, 0, 1, true,
                    "SYN cookies: no state in SYN-RECEIVED, the cookie validated on the ACK"});
  params.push_back({"attack.syns", 2, 1, 4, false, "spoofed SYNs the attacker sends"});
  out.push_back({"tcp/syn-flood",
                 "an attacker sends SYNs from spoofed addresses and never answers; a listener with "
                 "a backlog of half-open connections; a legitimate client (seed 002 sections 17 "
                 "and 18); reliable channels",
                 params,
                 {{"legit-syn-answered", PropertyKind::kAlways, "server_history.legit_dropped == 0",
                   "whenever the legitimate client's SYN is delivered, the server answers it",
                   Verdict::kViolated},
                  {"legit-connects", PropertyKind::kSometimes,
                   "server.established == 1 && client.state == ESTABLISHED",
                   "the legitimate client can still connect", Verdict::kHolds}},
                 build_syn_flood,
                 {}});
}

}  // namespace synack::properties
