// The SYN-flood actors as Boost.MSM front-ends: a listener with a backlog of half-open
// connections (or SYN cookies) and an attacker with spoofed source addresses (whose SYNs
// may also carry Fast Open data, tcp/tfo-spoofed-data). A segment's tag says who sent it:
// 0 for a spoofed source, the client's incarnation otherwise, so the listener's SYN-ACKs
// to spoofed addresses go nowhere.
//
// Like the endpoint, both are generic over the value type (int for the concrete engines,
// checker::smt::SymInt for the symbolic interpreter): the Z3 engines run these same rows.
//
// Include only from listener.cpp and attacker.cpp.
#pragma once

#include <boost/describe.hpp>

#include "machines/combinators.hpp"
#include "machines/functor_macros.hpp"
#include "machines/machine_base.hpp"
#include "machines/tcp/segment.hpp"
#include "machines/tcp/tcp.hpp"

namespace synack::machines::tcp::flood {

namespace msmf = boost::msm::front;

struct Listening : msmf::state<> {
  static constexpr const char* name = "LISTEN";
};
struct Flooding : msmf::state<> {
  static constexpr const char* name = "FLOODING";
};

struct Expire : timer {
  static constexpr const char* name = "SYN-RECEIVED timeout";
};
struct SendSpoofedSyn : app_call {
  static constexpr const char* name = "send spoofed SYN";
};

struct RcvSyn : receive<Segment> {
  static constexpr const char* name = "rcv SYN";
  template <class S>
  static auto matches(const S& s) {
    return s.flags == kSyn;
  }
};
struct RcvAck : receive<Segment> {
  static constexpr const char* name = "rcv ACK";
  template <class S>
  static auto matches(const S& s) {
    return s.flags == kAck;
  }
};

// The listener's initial sequence number for a connection: a fixed value with a
// backlog entry, a function of the client's SYN with cookies (which is what lets the
// final ACK be validated without state).
template <class F>
value_of<F> listener_iss(const F& fsm, value_of<F> irs) {
  std::int64_t m = fsm.params.tcp.seq_space;
  if (fsm.params.syn_cookies) return (irs * 3 + 5) % m;
  return 5 % m;
}

SYNACK_GUARD(Cookies, "SYN cookies", fsm.params.syn_cookies)
SYNACK_GUARD(BacklogFull, "backlog full", fsm.vars.half_open >= fsm.params.backlog)
SYNACK_GUARD(Legit, "from the client", e.msg.tag != 0)
// The client's SYN again (a retransmission): it already has an entry or a connection.
SYNACK_GUARD(ClientKnown, "client already known",
             e.msg.tag != 0 && (fsm.vars.legit_pending == 1 || fsm.vars.established == 1))
SYNACK_GUARD(AttackerEntry, "a spoofed entry", fsm.vars.half_open > fsm.vars.legit_pending)
SYNACK_GUARD(LegitEntry, "the client's entry", fsm.vars.legit_pending == 1)
// The final ACK acknowledges our ISS: a backlog entry or a valid cookie.
SYNACK_GUARD(AckValid, "ACK completes a handshake",
             (fsm.params.syn_cookies || fsm.vars.legit_pending == 1) &&
                 e.msg.ack == (listener_iss(fsm, (e.msg.seq + fsm.params.tcp.seq_space - 1) %
                                                     fsm.params.tcp.seq_space) +
                               1) %
                                  fsm.params.tcp.seq_space)
SYNACK_GUARD(CanFlood, "SYNs left", fsm.vars.sent < fsm.params.syns)

template <class F>
void answer(F& fsm, const SegmentT<value_of<F>>& syn) {
  std::int64_t m = fsm.params.tcp.seq_space;
  // A SYN-ACK to a spoofed address never comes back: only the client's is sent.
  if (syn.tag != 0)
    fsm.send(SegmentT<value_of<F>>{static_cast<std::uint8_t>(kSyn | kAck),
                                   listener_iss(fsm, syn.seq), (syn.seq + 1) % m, 0, syn.tag});
}

// Flags are set without branching where a branch would only multiply paths.
SYNACK_ACTION(KeepHalfOpen, "queue, send SYN-ACK", fsm.vars.half_open = fsm.vars.half_open + 1;
              fsm.vars.legit_pending = checker::smt::ite(e.msg.tag != 0, 1, fsm.vars.legit_pending);
              answer(fsm, e.msg))
SYNACK_ACTION(AnswerWithCookie, "send SYN-ACK (cookie)", answer(fsm, e.msg))
SYNACK_ACTION(AnswerAgain, "resend SYN-ACK", answer(fsm, e.msg))
SYNACK_ACTION(DropSyn, "drop (backlog full)", (void)fsm)
SYNACK_ACTION(ExpireAttacker, "forget a spoofed entry", fsm.vars.half_open = fsm.vars.half_open - 1)
SYNACK_ACTION(ExpireLegit, "forget the client's entry", fsm.vars.half_open = fsm.vars.half_open - 1;
              fsm.vars.legit_pending = 0)
SYNACK_ACTION(Establish, "accept the connection", fsm.vars.established = 1;
              fsm.vars.half_open = fsm.vars.half_open - fsm.vars.legit_pending;
              fsm.vars.legit_pending = 0)
// Spoofed SYNs carry sequence numbers from the upper half of the space, so that traces
// tell them from the client's. With syn_data, each carries one unit of data and a cookie
// the server does not accept (the only kind the attacker can present).
template <class F>
void send_spoofed_syn(F& fsm) {
  const bool with_data = fsm.params.syn_data;
  fsm.send(SegmentT<value_of<F>>{
      kSyn, (fsm.params.tcp.seq_space / 2 + fsm.vars.sent) % fsm.params.tcp.seq_space, 0,
      with_data ? 1 : 0, 0, with_data ? FastOpen::kBadCookie : FastOpen::kNone});
  fsm.vars.sent = fsm.vars.sent + 1;
}
SYNACK_ACTION(Flood, "send SYN", send_spoofed_syn(fsm))

template <class V>
struct ListenerVarsT {
  V half_open = 0;      // SYN-RECEIVED entries in the backlog
  V legit_pending = 0;  // one of them is the client's
  V established = 0;    // the client's connection was accepted
  V& first_var() { return half_open; }
  BOOST_DESCRIBE_CLASS(ListenerVarsT, (), (half_open, legit_pending, established), (), ())
};

struct Listener_ : protocol_machine<Listener_, Segment> {
  using Params = ListenerParams;
  template <class V>
  using generic_vars = ListenerVarsT<V>;
  template <class V>
  using generic_message = SegmentT<V>;
  using Vars = ListenerVarsT<std::int64_t>;
  struct Codec : SegmentCodec {
    explicit Codec(const Params& p) : SegmentCodec(p.tcp) {}
  };
  explicit Listener_(const Params& p) : params(p) {}
  static Vars var_bounds(const Params& p) { return {p.backlog, 1, 1}; }
  static Segment message_bounds(const Params& p) { return segment_bounds(p.tcp); }
  Params params;
  Vars vars;
  using initial_state = Listening;
  template <class... G>
  using all = All<G...>;
  template <class G>
  using no = Not<G>;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start      Event    Next         Action                 Guard
  msmf::Row < Listening, RcvSyn , msmf::none , KeepHalfOpen         , all<no<Cookies>, no<ClientKnown>, no<BacklogFull>> >,
  msmf::Row < Listening, RcvSyn , msmf::none , DropSyn              , all<no<Cookies>, no<ClientKnown>, BacklogFull>     >,
  msmf::Row < Listening, RcvSyn , msmf::none , AnswerAgain          , all<no<Cookies>, ClientKnown>                      >,
  msmf::Row < Listening, RcvSyn , msmf::none , AnswerWithCookie     , Cookies                                            >,
  msmf::Row < Listening, RcvAck , msmf::none , Establish            , AckValid                          >,
  msmf::Row < Listening, Expire , msmf::none , ExpireAttacker       , AttackerEntry                     >,
  msmf::Row < Listening, Expire , msmf::none , ExpireLegit          , LegitEntry                        >
  > {};
  // clang-format on
};

template <class V>
struct AttackerVarsT {
  V sent = 0;
  V& first_var() { return sent; }
  BOOST_DESCRIBE_CLASS(AttackerVarsT, (), (sent), (), ())
};

struct Attacker_ : protocol_machine<Attacker_, Segment> {
  using Params = AttackerParams;
  template <class V>
  using generic_vars = AttackerVarsT<V>;
  template <class V>
  using generic_message = SegmentT<V>;
  using Vars = AttackerVarsT<std::int64_t>;
  // The attacker's segments share the endpoints' encoding.
  struct Codec : SegmentCodec {
    explicit Codec(const Params& p) : SegmentCodec(p.tcp) {}
  };
  explicit Attacker_(const Params& p) : params(p) {}
  static Vars var_bounds(const Params& p) { return {p.syns}; }
  static Segment message_bounds(const Params& p) { return segment_bounds(p.tcp); }
  Params params;
  Vars vars;
  using initial_state = Flooding;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start     Event           Next        Action  Guard
  msmf::Row < Flooding, SendSpoofedSyn, msmf::none, Flood , CanFlood >
  > {};
  // clang-format on
};

}  // namespace synack::machines::tcp::flood
