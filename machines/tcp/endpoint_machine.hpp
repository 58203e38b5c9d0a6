// The TCP endpoint as a Boost.MSM front-end: RFC 9293's eleven states, retransmission
// with a retry limit, RST generation and handling in every state (section 3.10.7, with
// RFC 5961's challenge ACKs), data as abstract one-unit segments with one in flight,
// half-close, simultaneous open and close, and TIME-WAIT.
//
// Deliberate abstractions: the receive window is `rcv_wnd` sequence numbers (one by
// default). A retransmitted SYN in SYN-RECEIVED (SEG.SEQ == IRS) is answered with the
// SYN-ACK again, as BSD and Linux stacks do. An application closes only once all its
// data is sent and acknowledged, so a FIN is the last segment of its side. Timers are
// untimed here: an armed timer may expire at any moment. TIME-WAIT ignores RSTs, as
// RFC 1337 recommends against TIME-WAIT assassination (RFC 9293 notes the remedy), and
// keeps no receive window: any segment but one at RCV.NXT draws an ACK.
//
// With an upper layer (TLS), the endpoint is its socket: writes are buffered and leave as
// one payload when a segment may carry data, a handshake ACK carries what is waiting, and
// what arrives is handed up. TCP Fast Open (RFC 7413) adds the cookie exchange, data in
// the SYN, a server that sends before the handshake completes when it took SYN data, and
// a client that resends SYN data the SYN-ACK did not acknowledge with its handshake ACK.
// A retransmitted SYN-ACK carries no new cookie.
//
// Include only from endpoint.cpp: one machine per translation unit.
#pragma once

#include <boost/describe.hpp>
#include <boost/mpl/joint_view.hpp>

#include "machines/combinators.hpp"
#include "machines/machine_base.hpp"
#include "machines/tcp/endpoint_functors.hpp"
#include "machines/tcp/segment.hpp"
#include "machines/tcp/tcp.hpp"

namespace synack::machines::tcp {

namespace msmf = boost::msm::front;

// ---- states ---------------------------------------------------------------------------
struct Closed : msmf::state<> {
  static constexpr const char* name = "CLOSED";
};
struct Listening : msmf::state<> {
  static constexpr const char* name = "LISTEN";
};
struct SynSent : msmf::state<> {
  static constexpr const char* name = "SYN-SENT";
};
struct SynReceived : msmf::state<> {
  static constexpr const char* name = "SYN-RECEIVED";
};
struct Established : msmf::state<> {
  static constexpr const char* name = "ESTABLISHED";
};
struct FinWait1 : msmf::state<> {
  static constexpr const char* name = "FIN-WAIT-1";
};
struct FinWait2 : msmf::state<> {
  static constexpr const char* name = "FIN-WAIT-2";
};
struct CloseWait : msmf::state<> {
  static constexpr const char* name = "CLOSE-WAIT";
};
struct Closing : msmf::state<> {
  static constexpr const char* name = "CLOSING";
};
struct LastAck : msmf::state<> {
  static constexpr const char* name = "LAST-ACK";
};
struct TimeWait : msmf::state<> {
  static constexpr const char* name = "TIME-WAIT";
};

// ---- events ---------------------------------------------------------------------------
struct Connect : app_call {
  static constexpr const char* name = "connect";
};
struct Listen : app_call {
  static constexpr const char* name = "listen";
};
struct Abort : app_call {
  static constexpr const char* name = "abort";
};
struct Close : app_call {
  static constexpr const char* name = "close";
};
struct Send : app_call {
  static constexpr const char* name = "send";
};
struct Timeout : timer {
  static constexpr const char* name = "timeout";
};
struct TimeWaitExpiry : timer {
  static constexpr const char* name = "2MSL timeout";
};

// Segments by their control bits; the matches are disjoint and cover every segment.
struct RcvSyn : receive<Segment> {
  static constexpr const char* name = "rcv SYN";
  template <class S>
  static auto matches(const S& s) {
    return s.wire() && s.has(kSyn) && !s.has(kAck) && !s.has(kRst);
  }
};
struct RcvSynAck : receive<Segment> {
  static constexpr const char* name = "rcv SYN-ACK";
  template <class S>
  static auto matches(const S& s) {
    return s.wire() && s.has(kSyn) && s.has(kAck) && !s.has(kRst);
  }
};
struct RcvRst : receive<Segment> {
  static constexpr const char* name = "rcv RST";
  template <class S>
  static auto matches(const S& s) {
    return s.wire() && s.has(kRst);
  }
};
struct RcvFin : receive<Segment> {
  static constexpr const char* name = "rcv FIN";
  template <class S>
  static auto matches(const S& s) {
    return s.wire() && s.has(kFin) && s.has(kAck) && !s.has(kSyn) && !s.has(kRst);
  }
};
struct RcvData : receive<Segment> {
  static constexpr const char* name = "rcv data";
  template <class S>
  static auto matches(const S& s) {
    return s.wire() && s.flags == kAck && s.data != 0;
  }
};
struct RcvAck : receive<Segment> {
  static constexpr const char* name = "rcv ACK";
  template <class S>
  static auto matches(const S& s) {
    return s.wire() && s.flags == kAck && s.data == 0;
  }
};
struct RcvBare : receive<Segment> {  // neither SYN, RST nor ACK: a bare FIN, say
  static constexpr const char* name = "rcv segment without ACK";
  template <class S>
  static auto matches(const S& s) {
    return s.wire() && !s.has(kSyn) && !s.has(kRst) && !s.has(kAck);
  }
};

// The layer above writes (only with `upper_messages`).
struct Write : receive<Segment> {
  static constexpr const char* name = "write";
  template <class S>
  static auto matches(const S& s) {
    return s.socket == Socket::kWrite;
  }
};

// ---- the machine ----------------------------------------------------------------------
// Generic over the value type, as the segment is: int for the concrete engines and the
// back-end, checker::smt::SymInt for the symbolic interpreter.
template <class V>
struct EndpointVarsT {
  V iss = 0;  // initial send sequence number of this connection
  V irs = 0;  // initial receive sequence number (the peer's SYN)
  V snd_una = 0;
  V snd_nxt = 0;
  V rcv_nxt = 0;
  V retries = 0;      // retransmissions of the segment in flight
  V passive = 0;      // 1: the connection came from LISTEN
  V incarnation = 0;  // active opens so far
  V isn_clock = 0;    // the host's ISN generator
  V isn_step = 0;     // its advance per connection (Params::isn_step, or a Z3 unknown)
  V queued = 0;       // application data not yet sent
  // The incarnation this connection belongs to, stamped on every segment it sends. Not
  // RFC 9293's: a real segment says which connection it belongs to only by its 4-tuple
  // and sequence numbers, and whether an old duplicate was taken for a new connection's
  // is exactly what the properties ask, so the model labels each segment with the truth
  // (a label no guard reads) for monitors to compare (properties/tcp_history.cpp). It also
  // says whether a socket had a connection to report closed (forget).
  V conn_tag = 0;
  V rto_timer = 0;     // retransmission timer (countdown; timed machines only)
  V tw_timer = 0;      // the 2MSL timer of TIME-WAIT (countdown; timed machines only)
  V tfo_cookie = 0;    // client: 0 none (ask), 1 a valid cookie, 2 a stale one, 3 TFO off
  V tfo_accepted = 0;  // server: this connection's SYN data was accepted
  V tx_pending = 0;    // upper-layer messages written, not yet sent (a bitset)
  V in_flight = 0;     // the payload of the data segment awaiting its ACK
  V& first_var() { return iss; }

  BOOST_DESCRIBE_CLASS(EndpointVarsT, (),
                       (iss, irs, snd_una, snd_nxt, rcv_nxt, retries, passive, incarnation,
                        isn_clock, isn_step, queued, conn_tag, rto_timer, tw_timer, tfo_cookie,
                        tfo_accepted, tx_pending, in_flight),
                       (), ())
};
using EndpointVars = EndpointVarsT<std::int64_t>;

struct Endpoint_ : protocol_machine<Endpoint_, Segment> {
  using Params = tcp::Params;
  using Vars = EndpointVars;
  using Codec = SegmentCodec;
  // The same variables and segments over another value type (the symbolic interpreter).
  template <class V>
  using generic_vars = EndpointVarsT<V>;
  template <class V>
  using generic_message = SegmentT<V>;

  explicit Endpoint_(const Params& p) : params(p) {
    vars.isn_clock = p.isn_start;
    vars.isn_step = p.isn_step;
    vars.tfo_cookie = p.initial_cookie == Params::Cookie::kValid   ? 1
                      : p.initial_cookie == Params::Cookie::kStale ? 2
                                                                   : 0;
  }
  static Vars var_bounds(const Params& p) {
    std::int64_t seq = p.seq_space - 1;
    int payloads = p.upper_messages.empty() ? 0 : (1 << p.upper_messages.size()) - 1;
    return {seq,
            seq,
            seq,
            seq,
            seq,
            p.max_retries,
            1,
            p.incarnations,
            seq,
            seq,
            p.app_data,
            p.incarnations,
            p.timed ? p.rto + 1 : 0,
            p.timed ? p.time_wait + 1 : 0,
            p.fast_open ? 3 : 0,
            p.fast_open ? 1 : 0,
            payloads,
            payloads};
  }
  // The ISN clock's start and step, for the Z3 engines (Params::Isn).
  static checker::VariableSpec::Initial initial_choice(const Params& p, std::string_view var) {
    using Initial = checker::VariableSpec::Initial;
    if (p.isn == Params::Isn::kPinned || (var != "isn_clock" && var != "isn_step"))
      return Initial::kFixed;
    if (var == "isn_step" && p.isn == Params::Isn::kDiffer) return Initial::kCoprime;
    return Initial::kAny;
  }
  static Segment message_bounds(const Params& p) { return segment_bounds(p); }

  // A reference, not a copy: a front-end is built for every step the engines take, and
  // copying Params would copy its shared segment table's pointer, an atomic count that
  // every thread expanding states would contend for. The machine (MsmMachine) owns the
  // Params and outlives every front-end built from it.
  const Params& params;
  Vars vars;

  using initial_state = Closed;
  using none = msmf::none;
  template <class... G>
  using all = All<G...>;
  template <class G>
  using no = Not<G>;

  // Boost.MPL vectors hold at most 50 rows: the table is three, joined.
  // clang-format off
  struct opening : boost::mpl::vector<
  //          Start        Event           Next         Action                    Guard
  // ---- application calls and timers -------------------------------------------------------------
  msmf::Row < Closed     , Connect       , SynSent    , fn::OpenActive          , fn::CanOpen                          >,
  msmf::Row < Closed     , Listen        , Listening  , none                    , none                                 >,
  msmf::Row < Closed     , Write         , none       , fn::BufferWrite         , none                                 >,
  msmf::Row < SynSent    , Write         , none       , fn::BufferWrite         , none                                 >,
  msmf::Row < SynReceived, Write         , none       , fn::BufferWrite         , none                                 >,
  msmf::Row < SynReceived, Send          , none       , fn::SendData            , all<fn::TfoAccepted, fn::CanSendEarly> >,
  msmf::Row < SynSent    , Abort         , Closed     , fn::Forget              , none                                 >,
  msmf::Row < SynSent    , Timeout       , SynSent    , fn::RetransmitSyn       , all<fn::RtoDue, fn::CanRetry>        >,
  msmf::Row < SynSent    , Timeout       , Closed     , fn::ConnectFails        , all<fn::RtoDue, fn::RetriesExhausted> >,
  msmf::Row < SynReceived, Timeout       , SynReceived, fn::RetransmitSynAck    , all<fn::RtoDue, fn::CanRetry>        >,
  msmf::Row < SynReceived, Timeout       , Listening  , fn::GiveUp              , all<fn::RtoDue, fn::RetriesExhausted, fn::Passive> >,
  msmf::Row < SynReceived, Timeout       , Closed     , fn::GiveUp              , all<fn::RtoDue, fn::RetriesExhausted, fn::Active> >,
  // ---- CLOSED: answer everything but a RST with a RST (3.10.7.1) ----------------------------------
  msmf::Row < Closed     , RcvSyn        , none       , fn::ResetBySeq          , none                                 >,
  msmf::Row < Closed     , RcvBare       , none       , fn::ResetBySeq          , none                                 >,
  msmf::Row < Closed     , RcvSynAck     , none       , fn::ResetByAck          , none                                 >,
  msmf::Row < Closed     , RcvAck        , none       , fn::ResetByAck          , none                                 >,
  msmf::Row < Closed     , RcvData       , none       , fn::ResetByAck          , none                                 >,
  msmf::Row < Closed     , RcvFin        , none       , fn::ResetByAck          , none                                 >,
  // ---- LISTEN (3.10.7.2) --------------------------------------------------------------------------
  msmf::Row < Listening  , RcvSyn        , SynReceived, fn::AcceptSyn           , fn::ThreeWay                         >,
  msmf::Row < Listening  , RcvSyn        , Established, fn::AcceptSyn           , fn::TwoWay                           >,
  msmf::Row < Listening  , RcvSynAck     , none       , fn::ResetByAck          , none                                 >,
  msmf::Row < Listening  , RcvAck        , none       , fn::ResetByAck          , none                                 >,
  msmf::Row < Listening  , RcvData       , none       , fn::ResetByAck          , none                                 >,
  msmf::Row < Listening  , RcvFin        , none       , fn::ResetByAck          , none                                 >,
  // ---- SYN-SENT (3.10.7.3) ------------------------------------------------------------------------
  msmf::Row < SynSent    , RcvSynAck     , Established, fn::CompleteOpen        , all<fn::AckIsOurs, fn::ThreeWay>     >,
  msmf::Row < SynSent    , RcvSynAck     , Established, fn::CompleteOpenSilently, all<fn::AckIsOurs, fn::TwoWay>       >,
  msmf::Row < SynSent    , RcvSynAck     , none       , fn::ResetByAck          , no<fn::AckIsOurs>                    >,
  msmf::Row < SynSent    , RcvAck        , none       , fn::ResetByAck          , no<fn::AckIsOurs>                    >,
  msmf::Row < SynSent    , RcvData       , none       , fn::ResetByAck          , no<fn::AckIsOurs>                    >,
  msmf::Row < SynSent    , RcvFin        , none       , fn::ResetByAck          , no<fn::AckIsOurs>                    >,
  msmf::Row < SynSent    , RcvRst        , Closed     , fn::Forget              , fn::RstAcksOurSyn                    >,
  msmf::Row < SynSent    , RcvSyn        , SynReceived, fn::AnswerCrossingSyn   , none                                 >,
  // ---- SYN-RECEIVED (3.10.7.4) --------------------------------------------------------------------
  msmf::Row < SynReceived, RcvAck        , Established, fn::TakeHandshakeAck    , all<fn::SeqOk, fn::AckIsOurs>        >,
  msmf::Row < SynReceived, RcvData       , Established, fn::TakeHandshakeData   , all<fn::SeqExact, fn::AckIsOurs>     >,
  msmf::Row < SynReceived, RcvAck        , none       , fn::ResetByAck          , all<fn::SeqOk, no<fn::AckIsOurs>>    >,
  msmf::Row < SynReceived, RcvAck        , none       , fn::SendAck             , no<fn::SeqOk>                        >,
  msmf::Row < SynReceived, RcvFin        , CloseWait  , fn::AcceptHandshakeFin  , all<fn::SeqExact, fn::AckIsOurs>     >,
  msmf::Row < SynReceived, RcvSynAck     , Established, fn::TakeHandshakeAck    , fn::AckIsOurs                        >,
  msmf::Row < SynReceived, RcvSynAck     , none       , fn::ResetByAck          , no<fn::AckIsOurs>                    >,
  msmf::Row < SynReceived, RcvSyn        , none       , fn::ResendSynAck        , fn::IsPeersSyn                       >,
  msmf::Row < SynReceived, RcvSyn        , Listening  , fn::Forget              , all<no<fn::IsPeersSyn>, fn::SeqOk, fn::Passive> >,
  msmf::Row < SynReceived, RcvSyn        , none       , fn::SendAck             , all<no<fn::IsPeersSyn>, no<all<fn::SeqOk, fn::Passive>>> >,
  msmf::Row < SynReceived, RcvRst        , Listening  , fn::Forget              , all<fn::SeqExact, fn::Passive>       >,
  msmf::Row < SynReceived, RcvRst        , Closed     , fn::Forget              , all<fn::SeqExact, fn::Active>        >,
  msmf::Row < SynReceived, RcvRst        , none       , fn::SendAck             , all<fn::SeqOk, no<fn::SeqExact>>     >
  > {};

  struct open_and_closing : boost::mpl::vector<
  //          Start        Event           Next         Action                    Guard
  // ---- ESTABLISHED: data both ways, the first FIN ------------------------------------------------
  msmf::Row < Established, Send          , Established, fn::SendData            , fn::CanSend                          >,
  msmf::Row < Established, Write         , none       , fn::BufferWrite         , none                                 >,
  msmf::Row < Established, Close         , FinWait1   , fn::SendFin             , all<fn::AllSent, fn::MayCloseFirst>  >,
  msmf::Row < Established, Timeout       , Established, fn::RetransmitData      , all<fn::RtoDue, fn::Unacked, fn::CanRetry> >,
  msmf::Row < Established, Timeout       , Closed     , fn::GiveUp              , all<fn::RtoDue, fn::Unacked, fn::RetriesExhausted> >,
  msmf::Row < Established, RcvAck        , none       , fn::TakeAck             , all<fn::SeqOk, fn::AckAcceptable>    >,
  msmf::Row < Established, RcvData       , none       , fn::DeliverData         , all<fn::SeqExact, fn::AckAcceptable> >,
  msmf::Row < Established, RcvFin        , CloseWait  , fn::AcceptFin           , all<fn::SeqExact, fn::AckAcceptable, no<fn::MergedFin>> >,
  msmf::Row < Established, RcvFin        , LastAck    , fn::AcceptFinMerged     , all<fn::SeqExact, fn::AckAcceptable, fn::MergedFin> >,
  // ---- CLOSE-WAIT: the passive side may still send (half-close) ----------------------------------
  msmf::Row < CloseWait  , Send          , CloseWait  , fn::SendData            , fn::CanSend                          >,
  msmf::Row < CloseWait  , Write         , none       , fn::BufferWrite         , none                                 >,
  msmf::Row < CloseWait  , Close         , LastAck    , fn::SendFin             , fn::AllSent                          >,
  msmf::Row < CloseWait  , Timeout       , CloseWait  , fn::RetransmitData      , all<fn::RtoDue, fn::Unacked, fn::CanRetry> >,
  msmf::Row < CloseWait  , Timeout       , Closed     , fn::GiveUp              , all<fn::RtoDue, fn::Unacked, fn::RetriesExhausted> >,
  msmf::Row < CloseWait  , RcvAck        , none       , fn::TakeAck             , all<fn::SeqOk, fn::AckAcceptable>    >,
  // ---- FIN-WAIT-1: our FIN in flight --------------------------------------------------------------
  msmf::Row < FinWait1   , Timeout       , FinWait1   , fn::RetransmitFin       , all<fn::RtoDue, fn::Unacked, fn::CanRetry> >,
  msmf::Row < FinWait1   , Timeout       , Closed     , fn::GiveUp              , all<fn::RtoDue, fn::Unacked, fn::RetriesExhausted> >,
  msmf::Row < FinWait1   , RcvAck        , FinWait2   , fn::TakeAck             , all<fn::SeqOk, fn::AckOfFin>         >,
  msmf::Row < FinWait1   , RcvData       , FinWait2   , fn::DeliverData         , all<fn::SeqExact, fn::AckOfFin>      >,
  msmf::Row < FinWait1   , RcvData       , none       , fn::DeliverData         , all<fn::SeqExact, fn::AckAcceptable, no<fn::AckOfFin>> >,
  msmf::Row < FinWait1   , RcvFin        , TimeWait   , fn::AcceptFinIntoTimeWait, all<fn::SeqExact, fn::AckOfFin>     >,
  msmf::Row < FinWait1   , RcvFin        , Closing    , fn::AcceptFin           , all<fn::SeqExact, fn::AckAcceptable, no<fn::AckOfFin>> >,
  // ---- FIN-WAIT-2: our FIN acknowledged, the peer may still send ----------------------------------
  msmf::Row < FinWait2   , RcvData       , none       , fn::DeliverData         , all<fn::SeqExact, fn::AckAcceptable> >,
  msmf::Row < FinWait2   , RcvFin        , TimeWait   , fn::AcceptFinIntoTimeWait, all<fn::SeqExact, fn::AckAcceptable> >,
  // ---- CLOSING (simultaneous close) and LAST-ACK: waiting for the ACK of our FIN -------------------
  msmf::Row < Closing    , Timeout       , Closing    , fn::RetransmitFin       , all<fn::RtoDue, fn::Unacked, fn::CanRetry> >,
  msmf::Row < Closing    , Timeout       , Closed     , fn::GiveUp              , all<fn::RtoDue, fn::Unacked, fn::RetriesExhausted> >,
  msmf::Row < Closing    , RcvAck        , TimeWait   , fn::TakeAckIntoTimeWait , all<fn::SeqOk, fn::AckOfFin>         >,
  msmf::Row < LastAck    , Timeout       , LastAck    , fn::RetransmitFin       , all<fn::RtoDue, fn::Unacked, fn::CanRetry> >,
  msmf::Row < LastAck    , Timeout       , Closed     , fn::GiveUp              , all<fn::RtoDue, fn::Unacked, fn::RetriesExhausted> >,
  msmf::Row < LastAck    , RcvAck        , Closed     , fn::FinalAck            , all<fn::SeqOk, fn::AckOfFin>         >,
  // ---- TIME-WAIT: acknowledge a retransmitted FIN, then expire ------------------------------------
  msmf::Row < TimeWait   , TimeWaitExpiry, Closed     , fn::CloseCleanly        , fn::TwDue                            >,
  msmf::Row < TimeWait   , RcvFin        , TimeWait   , fn::AckAgainInTimeWait  , none                                 >
  > {};

  // Every synchronized state answers a SYN with a challenge ACK and an unacceptable
  // segment with an ACK, and is reset by a RST at RCV.NXT (3.10.7.4 with RFC 5961).
  struct synchronized : boost::mpl::vector<
  //          Start        Event           Next         Action                    Guard
  msmf::Row < Established, RcvSyn        , none       , fn::SendAck             , none                                 >,
  msmf::Row < Established, RcvSynAck     , none       , fn::SendAck             , none                                 >,
  msmf::Row < Established, RcvRst        , Closed     , fn::ResetOpen           , fn::SeqExact                         >,
  msmf::Row < Established, RcvRst        , none       , fn::SendAck             , all<fn::SeqOk, no<fn::SeqExact>>     >,
  msmf::Row < Established, RcvAck        , none       , fn::SendAck             , no<all<fn::SeqOk, fn::AckAcceptable>> >,
  msmf::Row < Established, RcvData       , none       , fn::SendAck             , no<all<fn::SeqExact, fn::AckAcceptable>> >,
  msmf::Row < Established, RcvFin        , none       , fn::SendAck             , no<all<fn::SeqExact, fn::AckAcceptable>> >,
  msmf::Row < CloseWait  , RcvSyn        , none       , fn::SendAck             , none                                 >,
  msmf::Row < CloseWait  , RcvSynAck     , none       , fn::SendAck             , none                                 >,
  msmf::Row < CloseWait  , RcvRst        , Closed     , fn::ResetOpen           , fn::SeqExact                         >,
  msmf::Row < CloseWait  , RcvRst        , none       , fn::SendAck             , all<fn::SeqOk, no<fn::SeqExact>>     >,
  msmf::Row < CloseWait  , RcvAck        , none       , fn::SendAck             , no<all<fn::SeqOk, fn::AckAcceptable>> >,
  msmf::Row < CloseWait  , RcvFin        , none       , fn::SendAck             , none                                 >,
  msmf::Row < FinWait1   , RcvSyn        , none       , fn::SendAck             , none                                 >,
  msmf::Row < FinWait1   , RcvSynAck     , none       , fn::SendAck             , none                                 >,
  msmf::Row < FinWait1   , RcvRst        , Closed     , fn::ResetWhileClosing   , fn::SeqExact                         >,
  msmf::Row < FinWait1   , RcvRst        , none       , fn::SendAck             , all<fn::SeqOk, no<fn::SeqExact>>     >,
  msmf::Row < FinWait1   , RcvAck        , none       , fn::SendAck             , no<fn::SeqOk>                        >,
  msmf::Row < FinWait1   , RcvFin        , none       , fn::SendAck             , no<fn::SeqExact>                     >,
  msmf::Row < FinWait2   , RcvSyn        , none       , fn::SendAck             , none                                 >,
  msmf::Row < FinWait2   , RcvSynAck     , none       , fn::SendAck             , none                                 >,
  msmf::Row < FinWait2   , RcvRst        , Closed     , fn::ResetWhileClosing   , fn::SeqExact                         >,
  msmf::Row < FinWait2   , RcvRst        , none       , fn::SendAck             , all<fn::SeqOk, no<fn::SeqExact>>     >,
  msmf::Row < FinWait2   , RcvAck        , none       , fn::SendAck             , no<fn::SeqOk>                        >,
  msmf::Row < FinWait2   , RcvData       , none       , fn::SendAck             , no<all<fn::SeqExact, fn::AckAcceptable>> >,
  msmf::Row < FinWait2   , RcvFin        , none       , fn::SendAck             , no<all<fn::SeqExact, fn::AckAcceptable>> >,
  msmf::Row < Closing    , RcvSyn        , none       , fn::SendAck             , none                                 >,
  msmf::Row < Closing    , RcvSynAck     , none       , fn::SendAck             , none                                 >,
  msmf::Row < Closing    , RcvRst        , Closed     , fn::ResetWhileClosing   , fn::SeqExact                         >,
  msmf::Row < Closing    , RcvRst        , none       , fn::SendAck             , all<fn::SeqOk, no<fn::SeqExact>>     >,
  msmf::Row < Closing    , RcvFin        , none       , fn::SendAck             , none                                 >,
  msmf::Row < Closing    , RcvAck        , none       , fn::SendAck             , no<fn::SeqOk>                        >,
  msmf::Row < LastAck    , RcvSyn        , none       , fn::SendAck             , none                                 >,
  msmf::Row < LastAck    , RcvSynAck     , none       , fn::SendAck             , none                                 >,
  msmf::Row < LastAck    , RcvRst        , Closed     , fn::ResetWhileClosing   , fn::SeqExact                         >,
  msmf::Row < LastAck    , RcvRst        , none       , fn::SendAck             , all<fn::SeqOk, no<fn::SeqExact>>     >,
  msmf::Row < LastAck    , RcvFin        , none       , fn::SendAck             , none                                 >,
  msmf::Row < LastAck    , RcvAck        , none       , fn::SendAck             , no<fn::SeqOk>                        >,
  msmf::Row < TimeWait   , RcvSyn        , none       , fn::SendAck             , none                                 >,
  msmf::Row < TimeWait   , RcvSynAck     , none       , fn::SendAck             , none                                 >,
  msmf::Row < TimeWait   , RcvAck        , none       , fn::SendAck             , no<fn::SeqExact>                     >,
  msmf::Row < TimeWait   , RcvData       , none       , fn::SendAck             , none                                 >
  > {};
  // clang-format on

  struct transition_table
      : boost::mpl::joint_view<opening, boost::mpl::joint_view<open_and_closing, synchronized>> {};
};

}  // namespace synack::machines::tcp
