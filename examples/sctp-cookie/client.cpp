// The client (the initiator of RFC 9260 section 5.1): sends INIT and waits in COOKIE-WAIT;
// echoes the cookie of the INIT-ACK and waits in COOKIE-ECHOED; is ESTABLISHED on the
// COOKIE-ACK. Either chunk may be lost, so the T1 timer resends the last one; after
// max_retries resends the client gives up, back in CLOSED (RFC 9260's
// Max.Init.Retransmits), and its user may associate again. With max_retries = -1 it never
// gives up, which is what a liveness claim needs: untimed, T1 may always fire too early.
#include <memory>

#include "machines.hpp"
#include "synack/machine.hpp"

namespace sctp::initiator {

namespace msmf = boost::msm::front;

struct Closed : msmf::state<> {
  static constexpr const char* name = "CLOSED";
};
struct CookieWait : msmf::state<> {
  static constexpr const char* name = "COOKIE-WAIT";
};
struct CookieEchoed : msmf::state<> {
  static constexpr const char* name = "COOKIE-ECHOED";
};
struct Established : msmf::state<> {
  static constexpr const char* name = "ESTABLISHED";
};

struct Associate : synack::app_call {
  static constexpr const char* name = "associate";
};
struct T1 : synack::timer {
  static constexpr const char* name = "T1 timeout";
};
struct RcvInitAck : synack::receive<Msg> {
  static constexpr const char* name = "rcv INIT-ACK";
  template <class M>
  static auto matches(const M& m) {
    return m.kind == kInitAck;
  }
};
struct RcvCookieAck : synack::receive<Msg> {
  static constexpr const char* name = "rcv COOKIE-ACK";
  template <class M>
  static auto matches(const M& m) {
    return m.kind == kCookieAck;
  }
};

template <class F>
using Message = MsgT<synack::value_of<F>>;

// The verification tag check: a chunk for another association is discarded.
SYNACK_GUARD(ForUs, "tag is ours", e.msg.tag == kClientTag)
SYNACK_GUARD(RetriesLeft, "retries left",
             fsm.params.max_retries < 0 || fsm.vars.retries < fsm.params.max_retries)
SYNACK_GUARD(OutOfRetries, "no retries left",
             fsm.params.max_retries >= 0 && fsm.vars.retries >= fsm.params.max_retries)

template <class F>
void count_retry(F& fsm) {
  // A client that never gives up need not count (and its state space stays smaller).
  if (fsm.params.max_retries >= 0) fsm.vars.retries = fsm.vars.retries + 1;
}
template <class F>
void send_cookie_echo(F& fsm) {
  fsm.send(Message<F>{kCookieEcho, kClient, kClientTag, fsm.vars.cookie});
}

SYNACK_ACTION(SendInit, "send INIT", fsm.vars.retries = 0;
              fsm.send(Message<F>{kInit, kClient, kClientTag, 0}))
SYNACK_ACTION(ResendInit, "resend INIT", count_retry(fsm);
              fsm.send(Message<F>{kInit, kClient, kClientTag, 0}))
// The client keeps the cookie (it is all it knows of the server's side) to resend it.
SYNACK_ACTION(EchoCookie, "send COOKIE-ECHO", fsm.vars.retries = 0; fsm.vars.cookie = e.msg.cookie;
              send_cookie_echo(fsm))
SYNACK_ACTION(ResendCookieEcho, "resend COOKIE-ECHO", count_retry(fsm); send_cookie_echo(fsm))
// Reported to the user as "peer unreachable"; everything is forgotten.
SYNACK_ACTION(GiveUp, "give up", fsm.vars.retries = 0; fsm.vars.cookie = 0)

template <class V>
struct VarsT {
  V retries = 0;  // T1 resends of the current chunk
  V cookie = 0;   // the cookie from the INIT-ACK, echoed until the COOKIE-ACK
  V& first_var() { return retries; }
  BOOST_DESCRIBE_CLASS(VarsT, (), (retries, cookie), (), ())
};

struct Client_ : synack::protocol_machine<Client_, Msg> {
  using Params = sctp::Params;
  using Vars = VarsT<int>;
  // The same machine over any value type: the Z3 engines run these rows symbolically.
  template <class V>
  using generic_vars = VarsT<V>;
  template <class V>
  using generic_message = MsgT<V>;
  static Vars var_bounds(const Params& p) {
    return {p.max_retries < 0 ? 0 : p.max_retries, kCookieSpace - 1};
  }
  static Msg message_bounds(const Params&) { return sctp::message_bounds(); }
  static std::string print(const Msg& m) { return sctp::print(m); }

  explicit Client_(const Params& p) : params(p) {}
  Params params;
  Vars vars;

  using initial_state = Closed;
  using end_states = boost::mpl::vector<Established>;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start        Event         Next          Action            Guard
  msmf::Row < Closed      , Associate   , CookieWait  , SendInit        , msmf::none   >,
  msmf::Row < CookieWait  , RcvInitAck  , CookieEchoed, EchoCookie      , ForUs        >,
  msmf::Row < CookieWait  , T1          , msmf::none  , ResendInit      , RetriesLeft  >,
  msmf::Row < CookieWait  , T1          , Closed      , GiveUp          , OutOfRetries >,
  msmf::Row < CookieEchoed, RcvCookieAck, Established , msmf::none      , ForUs        >,
  msmf::Row < CookieEchoed, T1          , msmf::none  , ResendCookieEcho, RetriesLeft  >,
  msmf::Row < CookieEchoed, T1          , Closed      , GiveUp          , OutOfRetries >
  > {};
  // clang-format on
};

}  // namespace sctp::initiator

namespace sctp {

std::shared_ptr<const synack::Machine> make_client(const Params& p) {
  return synack::make_machine<initiator::Client_>("client", p);
}

}  // namespace sctp
