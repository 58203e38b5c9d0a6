#include "properties/tls_history.hpp"

#include <string>

#include <fmt/format.h>

#include "machines/tls/tls.hpp"

namespace synack::properties {

namespace {

namespace tls = machines::tls;

// A delivery to the TCP endpoint `tcp` that the endpoint took in (it moved RCV.NXT, which
// only an in-sequence segment does, and a segment's data goes up exactly then) and whose
// payload holds the TLS message number `message`.
std::string taken_in(const std::string& tcp, int message) {
  return fmt::format(
      "step.kind == deliver && step.actor == {0} && {0}.rcv_nxt' != {0}.rcv_nxt && "
      "step.message.data / {1} % 2 == 1",
      tcp, 1 << message);
}

template <class E>
int number(E message) {
  return static_cast<int>(message);
}

}  // namespace

// The messages of one segment reach the TLS machine in the order of the version's list,
// so a response (AppData) that finds the client CONNECTED leaves it CONNECTED, unless an
// Alert later in the same segment closes it: then the client is CLOSED for good, and the
// property asks for CONNECTED too.
checker::MonitorSpec tls_client_history(TlsVersion version) {
  int app_data =
      version == TlsVersion::k12 ? number(tls::Tls12::kAppData) : number(tls::Tls13::kAppData);
  return {"tls_client_history",
          {{"response_received"}},
          {{taken_in("client", app_data) + " && tls_client.state' == CONNECTED",
            {{"response_received", "1"}}}}};
}

checker::MonitorSpec tls_server_history(TlsVersion version) {
  const bool v12 = version == TlsVersion::k12;
  int app_data = v12 ? number(tls::Tls12::kAppData) : number(tls::Tls13::kAppData);
  checker::MonitorSpec spec{"tls_server_history", {{"request_before_finished"}}, {}};
  // Taking the client's Finished is what takes the server to CONNECTED. A response from a
  // server that was not CONNECTED before the step and is not after it answered a request
  // taken before any Finished (in one segment the Finished would come first and leave the
  // server CONNECTED). A 0-RTT request (TLS 1.3) is EarlyData, not AppData. (A segment
  // holding Finished, AppData and an Alert that closes the connection again would count
  // too; no client sends an Alert after its request.)
  spec.rules.push_back({taken_in("server", app_data) +
                            " && tls_server.responded == 0 && tls_server.responded' == 1 && "
                            "tls_server.state != CONNECTED && tls_server.state' != CONNECTED",
                        {{"request_before_finished", "1"}}});
  if (v12) {
    // A ChangeCipherSpec taken in START or WAIT_CKE (before the ClientKeyExchange) leaves
    // the server there; refused, it sends an alert and FAILS; in sequence it comes after
    // the key exchange and moves the server past WAIT_CCS.
    spec.vars.push_back({"early_ccs_accepted"});
    spec.rules.push_back({taken_in("server", number(tls::Tls12::kChangeCipherSpec)) +
                              " && (tls_server.state' == START || tls_server.state' == WAIT_CKE)",
                          {{"early_ccs_accepted", "1"}}});
  } else {
    // EarlyData is taken only in WAIT_EOED, which a server enters when it accepts early
    // data: from WAIT_EOED, or from START when the segment's ClientHello took it there
    // (EndOfEarlyData, which leaves WAIT_EOED, never shares a segment with a ClientHello).
    spec.vars.push_back({"early_received", 2});
    spec.rules.push_back(
        {taken_in("server", number(tls::Tls13::kEarlyData)) +
             " && (tls_server.state == WAIT_EOED || tls_server.state' == WAIT_EOED)",
         {{"early_received", "min(tls_server_history.early_received + 1, 2)"}}});
  }
  return spec;
}

}  // namespace synack::properties
