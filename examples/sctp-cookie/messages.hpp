// SCTP's association setup (RFC 9260 section 5.1) as four chunks: INIT, INIT-ACK carrying
// a state cookie, COOKIE-ECHO returning it, COOKIE-ACK. Every chunk names its peer: the
// sender of an INIT or COOKIE-ECHO, the addressee of an INIT-ACK or COOKIE-ACK. The server
// answers whoever sent the INIT, so `peer` is also its port (its channel to the client is
// port 0, to the spoofed addresses port 1).
#pragma once

#include <string>

#include <boost/describe.hpp>

namespace sctp {

// Chunk kinds. Plain ints rather than an enum: synack::ite(c, a, b) over ints does not take
// an enumerator (it picks the symbolic overload, and the result does not convert to int).
inline constexpr int kInit = 0;
inline constexpr int kInitAck = 1;
inline constexpr int kCookieEcho = 2;
inline constexpr int kCookieAck = 3;

// Peers, which are also the server's ports.
inline constexpr int kClient = 0;
inline constexpr int kSpoofed = 1;  // the attacker's forged source addresses

// Initiate tags (never 0, RFC 9260 3.3.2): the client's, and the one in every spoofed INIT.
inline constexpr int kClientTag = 1;
inline constexpr int kSpoofedTag = 2;

// Cookies are MACs modulo kCookieSpace.
inline constexpr int kCookieSpace = 8;

// Generic over the value type V (int, or the symbolic value the Z3 engines run the rows
// with), so that every engine can check the machines.
template <class V>
struct MsgT {
  V kind = kInit;
  V peer = kClient;
  V tag = 0;     // the initiator's tag: it names the association being set up
  V cookie = 0;  // INIT-ACK and COOKIE-ECHO: the state cookie's MAC; 0 otherwise
  BOOST_DESCRIBE_CLASS(MsgT, (), (kind, peer, tag, cookie), (), ())
};
using Msg = MsgT<int>;

inline Msg message_bounds() {
  return {kCookieAck, kSpoofed, kSpoofedTag, kCookieSpace - 1};
}

// The server's MAC over what the cookie describes (the peer's address and tag), keyed by a
// secret only the server knows. A stand-in for RFC 9260 5.1.3's HMAC: what matters to the
// model is that the server can recompute it from the COOKIE-ECHO alone.
inline constexpr int kSecret = 2;
template <class V>
V cookie_mac(const V& peer, const V& tag) {
  return (tag * 3 + peer * 2 + kSecret) % kCookieSpace;
}

inline std::string print(const Msg& m) {
  static const char* const kNames[] = {"INIT", "INIT-ACK", "COOKIE-ECHO", "COOKIE-ACK"};
  std::string out = std::string(kNames[m.kind]) + " tag=" + std::to_string(m.tag);
  if (m.kind == kInitAck || m.kind == kCookieEcho) out += " cookie=" + std::to_string(m.cookie);
  // An answer's addressee is the server's port, which traces already show ("to client").
  if (m.kind == kInit || m.kind == kCookieEcho)
    out += m.peer == kClient ? " from client" : " from spoofed";
  return out;
}

struct Params {
  bool cookies = true;   // false: the server keeps a TCB for every INIT (no state cookie)
  int max_assoc = 2;     // TCBs the server's table holds, half-open or established
  int max_retries = -1;  // T1 retransmissions before the client gives up; -1: never
};

}  // namespace sctp
