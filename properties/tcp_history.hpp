// What TCP's properties ask about an endpoint's history ("a segment of an earlier
// connection was accepted", "a RST ended an open connection"), kept by a spec monitor
// beside the endpoint instead of ghost variables inside it: the endpoint's table and
// variables stay RFC 9293's, and the monitor reads its state before and after each step,
// the step's kind and event, and the fields of the segment it delivers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checker/monitor.hpp"

namespace synack::properties {

// The monitor's variables, each a flag that stays set once set (app_received counts), but
// data_received and fin_received, which belong to one connection and end with it.
enum class TcpHistory {
  kClosedCleanly,  // the latest connection ended through LAST-ACK or TIME-WAIT (not a RST,
                   // nor a retry limit); an abort or a refused handshake leaves it as it was
  kStaleAccepted,  // after a clean close, a segment of another incarnation was accepted
  kRstForFin,      // after a clean close, a FIN that found no connection drew a RST
  kResetClosing,   // a RST ended a connection the endpoint was closing (LAST-ACK, CLOSING)
  kResetOpen,      // a RST ended an ESTABLISHED or CLOSE-WAIT connection
  kResetData,      // a data segment found no connection (CLOSED or LISTEN) and drew a RST
  kConnectFailed,  // the SYN's retransmissions ran out
  kAppReceived,    // payloads the endpoint handed its application, all connections (to 2)
  kDataReceived,   // payloads handed to the application in this connection (to 2)
  kFinReceived,    // this connection took the peer's FIN in sequence
};

// Monitor `ACTOR_history` over the endpoint actor `actor`, with the variables asked for
// (stale_accepted and rst_for_fin bring closed_cleanly, which they read). seq_space is the
// endpoint's sequence space (Params::seq_space), for the rules that compare sequence
// numbers. Rules assume the endpoint has no layer above it, except those of app_received,
// data_received and fin_received.
// `peer`: the other endpoint's actor, whose own monitor keeps closed_cleanly; with it,
// reset_closing counts only a RST sent after the peer closed cleanly (a peer that gave up
// on its retries has told its application already, and its RST is the expected end).
checker::MonitorSpec tcp_history(const std::string& actor, std::vector<TcpHistory> wanted,
                                 std::int64_t seq_space, const std::string& peer = "");

}  // namespace synack::properties
