// The server (RFC 9260 section 5.1's responder) and its table of TCBs. With a state cookie
// it keeps nothing for an INIT: the INIT-ACK carries a cookie, a MAC over the peer and its
// tag that only the server can compute, and a TCB is created when a COOKIE-ECHO returns a
// valid one (5.1.3, 5.1.5). Without cookies (the strawman of sctp/no-cookie: TCP's
// listener without SYN cookies) every INIT takes a half-open TCB until its COOKIE-ECHO;
// spoofed INITs are never completed, fill the table, and the client's INIT is refused.
//
// The control state is the client's association as the server sees it: RFC 9260's figure
// 3 for the responder (CLOSED, then ESTABLISHED on a valid COOKIE-ECHO, an INIT leaving it
// CLOSED), plus the HALF-OPEN that only the cookieless server has. The forged addresses'
// TCBs are only counted: each spoofed INIT comes from a new address, none is ever known.
// Half-open TCBs never time out: untimed, such a timeout could fire before any answer
// arrived, and a freed entry goes to the next spoofed INIT as easily as to the client's.
#include <memory>
#include <string>
#include <vector>

#include "machines.hpp"
#include "synack/machine.hpp"

namespace sctp::responder {

namespace msmf = boost::msm::front;

struct Closed : msmf::state<> {
  static constexpr const char* name = "CLOSED";
};
struct HalfOpen : msmf::state<> {
  static constexpr const char* name = "HALF-OPEN";
};
struct Established : msmf::state<> {
  static constexpr const char* name = "ESTABLISHED";
};

struct RcvInit : synack::receive<Msg> {
  static constexpr const char* name = "rcv INIT";
  template <class M>
  static auto matches(const M& m) {
    return m.kind == kInit;
  }
};
struct RcvCookieEcho : synack::receive<Msg> {
  static constexpr const char* name = "rcv COOKIE-ECHO";
  template <class M>
  static auto matches(const M& m) {
    return m.kind == kCookieEcho;
  }
};

template <class F>
using Message = MsgT<synack::value_of<F>>;

// Guards come in pairs rather than through a negation combinator: synack's public API
// offers synack::All but no Not.
SYNACK_GUARD(Cookies, "state cookies", fsm.params.cookies)
SYNACK_GUARD(NoCookies, "no cookies", !fsm.params.cookies)
SYNACK_GUARD(FromClient, "from client", e.msg.peer == kClient)
SYNACK_GUARD(Spoofed, "spoofed", e.msg.peer != kClient)
SYNACK_GUARD(Room, "room in table",
             fsm.vars.half_open + fsm.vars.associations < fsm.params.max_assoc)
SYNACK_GUARD(TableFull, "table full",
             fsm.vars.half_open + fsm.vars.associations >= fsm.params.max_assoc)
// The cookie is the server's own: its MAC over the peer and tag the COOKIE-ECHO names.
SYNACK_GUARD(CookieValid, "cookie valid", e.msg.cookie == cookie_mac(e.msg.peer, e.msg.tag))

template <class F>
void answer_init(F& fsm, const Message<F>& init, bool with_cookie) {
  Message<F> ack{kInitAck, init.peer, init.tag, 0};
  if (with_cookie) ack.cookie = cookie_mac(init.peer, init.tag);
  fsm.send(ack);
}
template <class F>
void answer_cookie_echo(F& fsm, const Message<F>& echo) {
  fsm.send(Message<F>{kCookieAck, echo.peer, echo.tag, 0});
}

SYNACK_ACTION(SendCookie, "send INIT-ACK with cookie", answer_init(fsm, e.msg, true))
SYNACK_ACTION(KeepHalfOpen, "allocate TCB, send INIT-ACK",
              fsm.vars.half_open = fsm.vars.half_open + 1;
              answer_init(fsm, e.msg, false))
SYNACK_ACTION(AnswerAgain, "resend INIT-ACK", answer_init(fsm, e.msg, false))
// The client's INIT meets a full table and is dropped, as silently as a spoofed one (the
// server_history monitor of scenarios.cpp records it for the properties).
SYNACK_ACTION(Refuse, "drop (table full)", (void)fsm)
SYNACK_ACTION(CreateTcb, "create TCB from cookie, send COOKIE-ACK",
              fsm.vars.associations = fsm.vars.associations + 1;
              answer_cookie_echo(fsm, e.msg))
SYNACK_ACTION(Complete, "complete TCB, send COOKIE-ACK",
              fsm.vars.half_open = fsm.vars.half_open - 1;
              fsm.vars.associations = fsm.vars.associations + 1; answer_cookie_echo(fsm, e.msg))
// RFC 9260 5.2.4 case D: a COOKIE-ECHO for an existing association (its COOKIE-ACK was
// lost, or a copy arrived late) is answered again, with no second TCB.
SYNACK_ACTION(AckAgain, "resend COOKIE-ACK", answer_cookie_echo(fsm, e.msg))

template <class V>
struct VarsT {
  V half_open = 0;     // TCBs for INITs not (yet) completed: spoofed ones and the client's
  V associations = 0;  // TCBs of completed handshakes
  V& first_var() { return half_open; }
  BOOST_DESCRIBE_CLASS(VarsT, (), (half_open, associations), (), ())
};

struct Server_ : synack::protocol_machine<Server_, Msg> {
  using Params = sctp::Params;
  using Vars = VarsT<int>;
  // The same machine over any value type: the Z3 engines run these rows symbolically.
  template <class V>
  using generic_vars = VarsT<V>;
  template <class V>
  using generic_message = MsgT<V>;
  static Vars var_bounds(const Params& p) { return {p.max_assoc, p.max_assoc}; }
  static Msg message_bounds(const Params&) { return sctp::message_bounds(); }
  static std::string print(const Msg& m) { return sctp::print(m); }
  // Answers go back to where the INIT or COOKIE-ECHO came from.
  template <class M>
  static auto port(const M& m) {
    return m.peer;
  }

  explicit Server_(const Params& p) : params(p) {}
  Params params;
  Vars vars;

  using initial_state = Closed;

  template <class... G>
  using all = synack::All<G...>;

  // Rows with the same start and event have disjoint guards: no row order to read. A
  // chunk no row accepts is dropped: a spoofed INIT that finds the table full, a
  // COOKIE-ECHO the server has no TCB or no valid cookie for.
  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start      , Event        , Next       , Action      , Guard
  // The client's association; with cookies, an INIT leaves it CLOSED.
  msmf::Row < Closed     , RcvInit      , msmf::none , SendCookie  , Cookies                                    >,
  msmf::Row < Closed     , RcvCookieEcho, Established, CreateTcb   , all<Cookies, FromClient, CookieValid, Room>>,
  msmf::Row < Closed     , RcvInit      , HalfOpen   , KeepHalfOpen, all<NoCookies, FromClient, Room>           >,
  msmf::Row < Closed     , RcvInit      , msmf::none , Refuse      , all<NoCookies, FromClient, TableFull>      >,
  msmf::Row < HalfOpen   , RcvInit      , msmf::none , AnswerAgain , FromClient                                 >,
  msmf::Row < HalfOpen   , RcvCookieEcho, Established, Complete    , FromClient                                 >,
  msmf::Row < Established, RcvInit      , msmf::none , SendCookie  , Cookies                                    >,
  msmf::Row < Established, RcvInit      , msmf::none , AnswerAgain , all<NoCookies, FromClient>                 >,
  msmf::Row < Established, RcvCookieEcho, msmf::none , AckAgain    , FromClient                                 >,
  // Spoofed INITs: without cookies, each takes a TCB while there is room.
  msmf::Row < Closed     , RcvInit      , msmf::none , KeepHalfOpen, all<NoCookies, Spoofed, Room>              >,
  msmf::Row < HalfOpen   , RcvInit      , msmf::none , KeepHalfOpen, all<Spoofed, Room>                         >,
  msmf::Row < Established, RcvInit      , msmf::none , KeepHalfOpen, all<NoCookies, Spoofed, Room>              >
  > {};
  // clang-format on
};

}  // namespace sctp::responder

namespace sctp {

std::shared_ptr<const synack::Machine> make_server(const Params& p) {
  return synack::make_machine<responder::Server_>("server", p);
}

}  // namespace sctp
