// TLS 1.2 and TLS 1.3 over TCP (seed 000): the handshakes' ordering rules, the early-CCS
// bug, and 0-RTT replay with and without single-use tickets.
#include "machines/tls/tls.hpp"
#include "properties/channel_params.hpp"
#include "properties/registry.hpp"
#include "properties/tls_history.hpp"
#include "properties/tls_stack.hpp"

namespace synack::properties {

namespace {

namespace tls = machines::tls;
using checker::PropertyKind;
using checker::Verdict;

std::vector<ParamSpec> stack_params(int duplicates, bool lossy, int retries = 1) {
  std::vector<ParamSpec> params = channel_params(3, duplicates);
  for (ParamSpec& p : params) {
    if (p.key == "channel.lossy") p.default_value = lossy ? 1 : 0;
    if (p.key == "channel.ordered") p.default_value = 1;
  }
  params.push_back({"tcp.seq_space", 8, 4, 64, false, "sequence numbers modulo this"});
  params.push_back({"tcp.max_retries", retries, 0, 3, false, "retransmissions of one segment"});
  return params;
}

StackSpec stack_spec(const ParamValues& v, const std::vector<std::string>& messages) {
  StackSpec spec;
  spec.tcp.seq_space = v.at("tcp.seq_space");
  spec.tcp.max_retries = v.at("tcp.max_retries");
  spec.tcp.incarnations = 1;
  spec.tcp.upper_messages = messages;
  spec.channel = channel_policy(v);
  return spec;
}

std::unique_ptr<checker::Model> build_tls13(const ParamValues& v, bool replay) {
  StackSpec spec = stack_spec(v, tls::tls13_messages());
  tls::Tls13Params p;
  if (replay) {  // a resuming client sending its request as 0-RTT data in a TFO SYN
    spec.tcp.fast_open = true;
    spec.tcp.initial_cookie = machines::tcp::Params::Cookie::kValid;
    p.resume = p.early_data = true;
    p.single_use_tickets = v.at("tls.single_use_tickets") != 0;
  } else {
    p.premature_request = v.at("tls.misbehaving_client") != 0;
    p.hello_retry = v.at("tls.hello_retry") != 0;
    if (p.premature_request) spec.client_tls_events.push_back("premature request");
  }
  spec.client_tls = tls::make_tls13_client(p);
  spec.server_tls = tls::make_tls13_server(p);
  if (!replay) spec.monitors.push_back(tls_client_history(TlsVersion::k13));
  spec.monitors.push_back(tls_server_history(TlsVersion::k13));
  return build_stack(spec);
}

std::unique_ptr<checker::Model> build_tls12(const ParamValues& v) {
  StackSpec spec = stack_spec(v, tls::tls12_messages());
  tls::Tls12Params p;
  p.key_exchange = v.at("tls.ecdhe") != 0 ? tls::Tls12Params::KeyExchange::kEcdhe
                                          : tls::Tls12Params::KeyExchange::kRsa;
  p.early_ccs = true;
  p.accept_early_ccs = v.at("tls.accept_early_ccs") != 0;
  spec.client_tls_events.push_back("early ChangeCipherSpec");
  spec.client_tls = tls::make_tls12_client(p);
  spec.server_tls = tls::make_tls12_server(p);
  spec.monitors = {tls_client_history(TlsVersion::k12), tls_server_history(TlsVersion::k12)};
  return build_stack(spec);
}

checker::PropertySpec no_app_data_before_finished() {
  return {"no-app-data-before-finished", PropertyKind::kAlways,
          "tls_server_history.request_before_finished == 0",
          "the server's application takes no request before the client's Finished, even from a "
          "client that sends one right after its ClientHello",
          Verdict::kHolds};
}

checker::PropertySpec completes() {
  return {"handshake-completes", PropertyKind::kSometimes,
          "tls_client.state == CONNECTED && tls_client_history.response_received == 1",
          "a run in which the client's request is answered", Verdict::kHolds};
}

}  // namespace

void add_tls_scenarios(std::vector<Scenario>& out) {
  std::vector<ParamSpec> p13 = stack_params(0, false);
  p13.push_back({"tls.misbehaving_client", 1, 0, 1, true,
                 "the client may send its request right after its ClientHello"});
  p13.push_back({"tls.hello_retry", 0, 0, 1, true, "the server asks once for another key share"});
  out.push_back({"tls13/handshake",
                 "TLS 1.3's 1-RTT handshake (RFC 8446) over TCP, against a client that may send "
                 "application data before the handshake is done",
                 p13,
                 {no_app_data_before_finished(), completes()},
                 [](const ParamValues& v) { return build_tls13(v, false); },
                 {}});

  std::vector<ParamSpec> p12 = stack_params(0, false);
  p12.push_back({"tls.ecdhe", 1, 0, 1, true, "ECDHE key exchange (false: RSA)"});
  p12.push_back({"tls.accept_early_ccs", 0, 0, 1, true,
                 "the server accepts ChangeCipherSpec before the key exchange (OpenSSL < 1.0.1h)"});
  checker::PropertySpec no_early_ccs{
      "no-early-ccs", PropertyKind::kAlways, "tls_server_history.early_ccs_accepted == 0",
      "the server never accepts ChangeCipherSpec before the key exchange (CVE-2014-0224: keys "
      "from an empty master secret)",
      Verdict::kHolds};
  out.push_back({"tls12/handshake",
                 "TLS 1.2's full handshake (RFC 5246) over TCP, with an on-path attacker's "
                 "ChangeCipherSpec right after the ClientHello",
                 p12,
                 {no_app_data_before_finished(), no_early_ccs, completes()},
                 build_tls12,
                 {{"early-CCS check",
                   "the server refuses ChangeCipherSpec before the key exchange",
                   {"tls.accept_early_ccs=true"}}}});
  for (ParamSpec& p : p12)
    if (p.key == "tls.accept_early_ccs") p.default_value = 1;
  no_early_ccs.expected = Verdict::kViolated;
  out.push_back({"tls12/early-ccs",
                 "the TLS 1.2 server of OpenSSL before 1.0.1h: it accepts ChangeCipherSpec "
                 "before the key exchange",
                 p12,
                 {no_early_ccs},
                 build_tls12,
                 {}});

  checker::PropertySpec at_most_once{
      "early-data-at-most-once", PropertyKind::kAlways, "tls_server_history.early_received <= 1",
      "the server's application takes a given 0-RTT request at most once", Verdict::kViolated};
  // No retries: the second copy of the SYN is the network's duplicate, not a retransmission.
  std::vector<ParamSpec> replay = stack_params(1, false, 0);
  replay.push_back({"tls.single_use_tickets", 0, 0, 1, true,
                    "anti-replay: the server accepts a ticket once (RFC 8446 section 8.1)"});
  out.push_back({"tls13/zero-rtt-replay",
                 "TLS 1.3 0-RTT early data in a TCP Fast Open SYN, on a channel that may "
                 "duplicate: a copy of the SYN opens a second connection",
                 replay,
                 {at_most_once},
                 [](const ParamValues& v) { return build_tls13(v, true); },
                 {}});
  for (ParamSpec& p : replay)
    if (p.key == "tls.single_use_tickets") p.default_value = 1;
  at_most_once.expected = Verdict::kHolds;
  out.push_back({"tls13/zero-rtt-anti-replay",
                 "the same, with single-use tickets: the replayed ClientHello's ticket is spent, "
                 "so its early data is rejected",
                 replay,
                 {at_most_once},
                 [](const ParamValues& v) { return build_tls13(v, true); },
                 {{"single-use tickets",
                   "anti-replay: a ticket is accepted once (RFC 8446 section 8.1)",
                   {"tls.single_use_tickets=false"}}}});
}

}  // namespace synack::properties
