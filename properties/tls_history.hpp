// What the TLS properties ask about history ("the client's request was answered", "a
// ChangeCipherSpec was accepted before the key exchange"), kept by spec monitors beside
// the TLS machines of a stack (properties/tls_stack.hpp) instead of ghost variables inside
// them. A TLS message reaches its machine inside a TCP segment: the rules read the segment
// the step delivers (`step.message.data`, a set of TLS messages in the order of the
// version's list), whether the endpoint took it in (RCV.NXT moved), and the TLS machine's
// state before and after.
#pragma once

#include "checker/monitor.hpp"

namespace synack::properties {

enum class TlsVersion { k12, k13 };

// Monitor `tls_client_history`: `response_received`, the server's response (AppData)
// reached the client's TLS layer while it was CONNECTED.
checker::MonitorSpec tls_client_history(TlsVersion version);

// Monitor `tls_server_history`:
// - `request_before_finished`: the server answered a request (its response is what shows
//   that its application took one) delivered before the client's Finished;
// - TLS 1.2: `early_ccs_accepted`, a ChangeCipherSpec taken before the key exchange
//   (CVE-2014-0224);
// - TLS 1.3: `early_received`, 0-RTT requests the application took, all connections (to 2).
checker::MonitorSpec tls_server_history(TlsVersion version);

}  // namespace synack::properties
