// SCTP association setup under an INIT flood, as synack scenarios: a client, a server and
// an attacker that sends INITs from forged addresses. Four channels, lossy, duplicating
// and unordered: client -> server, attacker -> server, and the server's two ports, to the
// client (0) and to the forged addresses (1), which the server picks by the chunk's peer.
#include <string>
#include <utility>
#include <vector>

#include "machines.hpp"
#include "scenarios.hpp"

namespace sctp {

namespace {

using synack::holds;
using synack::MonitorSpec;
using synack::violated;

// What the properties ask about the server's history, kept by a spec monitor beside it
// rather than a ghost inside it: `refused`, the client's INIT reached a cookieless server
// whose table was full (the server drops it and answers nothing). A server with cookies
// keeps no table: the variable has no rule and stays 0.
MonitorSpec server_history(const Params& p) {
  MonitorSpec spec{"server_history", {{"refused"}}, {}};
  if (!p.cookies)
    spec.rules.push_back(
        {"step.kind == deliver && step.actor == server && step.message.kind == " +
             std::to_string(kInit) + " && step.message.peer == " + std::to_string(kClient) +
             " && server.state == CLOSED && server.half_open + server.associations >= " +
             std::to_string(p.max_assoc),
         {{"refused", "1"}}});
  return spec;
}

synack::ScenarioBuilder association_setup(std::string name, std::string description, bool cookies) {
  // What the cookie buys: these properties hold with it and are violated without.
  const synack::Verdict thanks_to_cookies = cookies ? holds : violated;
  return synack::ScenarioBuilder(std::move(name), std::move(description))
      .flag("sctp.cookies", cookies,
            "state cookies: the server keeps no state until a valid COOKIE-ECHO (RFC 9260 5.1.3)")
      .param("sctp.max_assoc", 2, 1, 4, "TCBs the server's table holds, half-open or established")
      .param("sctp.max_retries", -1, -1, 4,
             "T1 resends of INIT or COOKIE-ECHO before the client gives up (RFC 9260's "
             "Max.Init.Retransmits); -1: it never gives up")
      .channel_params(/*capacity=*/2, /*duplicates=*/1)
      .model([](synack::Composition& c) {
        Params p;
        p.cookies = c.param("sctp.cookies") != 0;
        p.max_assoc = c.param("sctp.max_assoc");
        p.max_retries = c.param("sctp.max_retries");
        auto client = c.actor("client", make_client(p), {"associate", "T1 timeout"});
        auto server = c.actor("server", make_server(p));
        auto attacker = c.actor("attacker", make_attacker(p), {"send INIT"});
        c.channel("c2s", client, server, c.channel_policy());
        c.channel("a2s", attacker, server, c.channel_policy());
        // The server's ports, in the order of Msg::peer: kClient, then kSpoofed.
        c.channel("s2c", server, client, c.channel_policy());
        c.channel("s2a", server, attacker, c.channel_policy());
        c.monitor(server_history(p));
      })
      .always("no-half-open-state", "server.half_open == 0",
              "the server holds no state for an INIT whose handshake has not completed: every "
              "TCB it has was created from a valid COOKIE-ECHO",
              thanks_to_cookies)
      .always("legit-init-answered", "server_history.refused == 0",
              "the server never drops the client's INIT for want of room in its table",
              thanks_to_cookies)
      .always("client-established-implies-server",
              "client.state == ESTABLISHED -> server.state == ESTABLISHED",
              "the client is ESTABLISHED only on an association the server has")
      .sometimes("establishes", "client.state == ESTABLISHED",
                 "the client can establish its association (a witness)")
      .eventually("establishes-despite-flood", "client.state == ESTABLISHED",
                  {"wf(client)", "fair-loss"},
                  "however the attacker floods, the client establishes, if it keeps retransmitting "
                  "(wf(client)) and the channels do not lose a chunk resent forever (fair-loss)",
                  thanks_to_cookies)
      .mechanism("state cookie", "the server allocates only on a valid COOKIE-ECHO",
                 {"sctp.cookies=false"})
      .mechanism("persistent retransmission", "the client never gives up", {"sctp.max_retries=2"});
}

}  // namespace

std::vector<synack::Scenario> scenarios() {
  return {
      association_setup("sctp/cookie",
                        "SCTP's four-way handshake with a state cookie (RFC 9260 5.1) while an "
                        "attacker floods the server with spoofed INITs",
                        true)
          .build(),
      association_setup("sctp/no-cookie",
                        "the same handshake, but the server allocates a TCB on every INIT (TCP "
                        "without SYN cookies): the spoofed INITs fill its table",
                        false)
          .build(),
  };
}

}  // namespace sctp
