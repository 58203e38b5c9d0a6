// TLS 1.2 (RFC 5246) and TLS 1.3 (RFC 8446) clients and servers, as the rest of synack sees
// them. They run stacked on a TCP endpoint (checker::System::stack): each message they
// send is written into the endpoint beneath, and what the endpoint receives is handed up,
// so a TLS message travels exactly when its TCP connection can carry data.
//
// A message is one handshake message (or application data, or an alert); the order of the
// lists below is the order in which messages may share one TCP segment (a flight).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "checker/machine.hpp"

namespace synack::machines::tls {

// ---- TLS 1.3 ----------------------------------------------------------------------------
enum class Tls13 : int {
  kClientHello,        // a fresh handshake: key_share
  kClientHelloPsk,     // resumption: pre_shared_key from a ticket, and key_share
  kClientHelloEarly,   // resumption offering 0-RTT (the early_data extension)
  kHelloRetryRequest,  // the server wants a key share for another group
  kServerHello,
  kEncryptedExtensions,       // early data not accepted
  kEncryptedExtensionsEarly,  // early data accepted
  kCertificate,
  kCertificateVerify,
  kEarlyData,  // the client's request, sent as 0-RTT data
  kEndOfEarlyData,
  kFinished,
  kNewSessionTicket,
  kAppData,
  kAlert,
  kCount
};
const std::vector<std::string>& tls13_messages();

struct Tls13Params {
  // Client.
  bool resume = false;      // holds a ticket from an earlier connection
  bool early_data = false;  // sends its request as 0-RTT early data (with a ticket)
  // A client that misbehaves: it sends its request right after its ClientHello, before
  // any keys are agreed (what a spec server must refuse).
  bool premature_request = false;
  // Server.
  bool hello_retry = false;         // asks once for another key share (HelloRetryRequest)
  bool accept_early_data = true;    // takes 0-RTT data with a valid ticket
  bool single_use_tickets = false;  // anti-replay (RFC 8446 section 8.1): a ticket works once
  bool send_ticket = true;          // NewSessionTicket after the client's Finished
};

std::shared_ptr<const checker::MachineType> make_tls13_client(const Tls13Params& params);
std::shared_ptr<const checker::MachineType> make_tls13_server(const Tls13Params& params);

// ---- TLS 1.2 ----------------------------------------------------------------------------
enum class Tls12 : int {
  kClientHello,        // a fresh handshake
  kClientHelloResume,  // offers the session ID of an earlier session
  kServerHello,
  kCertificate,
  kServerKeyExchange,  // ECDHE only
  kServerHelloDone,
  kClientKeyExchange,
  kChangeCipherSpec,
  kFinished,
  kAppData,
  kAlert,
  kCount
};
const std::vector<std::string>& tls12_messages();

struct Tls12Params {
  enum class KeyExchange { kRsa, kEcdhe };
  KeyExchange key_exchange = KeyExchange::kEcdhe;
  // Client.
  bool resume = false;  // offers a cached session (the abbreviated handshake)
  // A client (or an on-path attacker, CVE-2014-0224) that sends ChangeCipherSpec right
  // after its ClientHello, before any key exchange.
  bool early_ccs = false;
  // Server.
  bool session_cached = true;  // it still has the session a resuming client offers
  // The bug of OpenSSL before 1.0.1h: ChangeCipherSpec is accepted before the key
  // exchange, so the record layer switches to keys derived from an empty master secret.
  bool accept_early_ccs = false;
};

std::shared_ptr<const checker::MachineType> make_tls12_client(const Tls12Params& params);
std::shared_ptr<const checker::MachineType> make_tls12_server(const Tls12Params& params);

}  // namespace synack::machines::tls
