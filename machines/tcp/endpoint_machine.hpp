// The TCP endpoint as a Boost.MSM front-end: RFC 9293's opening states, SYN and SYN-ACK
// retransmission with a retry limit, and RST generation and handling (section 3.10.7).
// Teardown states come with the connection-lifecycle scenarios.
//
// Deliberate abstractions: the receive window is one sequence number, so "in window"
// means SEG.SEQ == RCV.NXT (RFC 5961's exact match for RST). A retransmitted SYN in
// SYN-RECEIVED (SEG.SEQ == IRS) is answered with the SYN-ACK again, as BSD and Linux
// stacks do, rather than with the bare ACK the RFC's window check would send.
//
// Include only from endpoint.cpp: one machine per translation unit.
#pragma once

#include <boost/describe.hpp>

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

// ---- events ---------------------------------------------------------------------------
struct Connect : app_call {
  static constexpr const char* name = "connect";
};
struct Listen : app_call {
  static constexpr const char* name = "listen";
};
struct Close : app_call {
  static constexpr const char* name = "close";
};
struct Timeout : timer {
  static constexpr const char* name = "timeout";
};

template <std::uint8_t Flags>
struct Arrives : receive<Segment> {
  static bool matches(const Segment& s) { return s.flags == Flags; }
};
struct RcvSyn : Arrives<kSyn> {
  static constexpr const char* name = "rcv SYN";
};
struct RcvSynAck : Arrives<kSyn | kAck> {
  static constexpr const char* name = "rcv SYN-ACK";
};
struct RcvAck : Arrives<kAck> {
  static constexpr const char* name = "rcv ACK";
};
struct RcvRst : receive<Segment> {
  static constexpr const char* name = "rcv RST";
  static bool matches(const Segment& s) { return s.has(kRst); }
};

// ---- the machine ----------------------------------------------------------------------
struct EndpointVars {
  int iss = 0;  // initial send sequence number of this connection
  int irs = 0;  // initial receive sequence number (the peer's SYN)
  int snd_nxt = 0;
  int rcv_nxt = 0;
  int retries = 0;        // retransmissions of the current SYN or SYN-ACK
  int passive = 0;        // 1: the connection came from LISTEN
  int peer_syn_seen = 0;  // 1: this connection has received the peer's SYN
  int incarnation = 0;    // active opens so far
  int isn_clock = 0;      // the host's ISN generator
};
BOOST_DESCRIBE_STRUCT(EndpointVars, (),
                      (iss, irs, snd_nxt, rcv_nxt, retries, passive, peer_syn_seen, incarnation,
                       isn_clock))

struct Endpoint_ : protocol_machine<Endpoint_, Segment> {
  using Params = tcp::Params;
  using Vars = EndpointVars;
  using Codec = SegmentCodec;

  explicit Endpoint_(const Params& p) : params(p) {}
  static Vars var_bounds(const Params& p) {
    int seq = p.seq_space - 1;
    return {seq, seq, seq, seq, p.max_retries, 1, 1, p.incarnations, seq};
  }

  Params params;
  Vars vars;

  using initial_state = Closed;
  using none = msmf::none;
  template <class... G>
  using all = All<G...>;
  template <class G>
  using no = Not<G>;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start        Event       Next         Action                    Guard
  // ---- application calls and timers -------------------------------------------------------------
  msmf::Row < Closed     , Connect   , SynSent    , fn::OpenActive          , fn::CanOpen                          >,
  msmf::Row < Closed     , Listen    , Listening  , none                    , none                                 >,
  msmf::Row < SynSent    , Close     , Closed     , fn::Forget              , none                                 >,
  msmf::Row < SynSent    , Timeout   , SynSent    , fn::RetransmitSyn       , fn::CanRetry                         >,
  msmf::Row < SynSent    , Timeout   , Closed     , fn::Forget              , fn::RetriesExhausted                 >,
  msmf::Row < SynReceived, Timeout   , SynReceived, fn::RetransmitSynAck    , fn::CanRetry                         >,
  msmf::Row < SynReceived, Timeout   , Listening  , fn::Forget              , all<fn::RetriesExhausted, fn::Passive> >,
  msmf::Row < SynReceived, Timeout   , Closed     , fn::Forget              , all<fn::RetriesExhausted, fn::Active>  >,
  // ---- CLOSED: answer everything but a RST with a RST (3.10.7.1) ----------------------------------
  msmf::Row < Closed     , RcvSyn    , none       , fn::ResetBySeq          , none                                 >,
  msmf::Row < Closed     , RcvSynAck , none       , fn::ResetByAck          , none                                 >,
  msmf::Row < Closed     , RcvAck    , none       , fn::ResetByAck          , none                                 >,
  // ---- LISTEN (3.10.7.2) --------------------------------------------------------------------------
  msmf::Row < Listening  , RcvSyn    , SynReceived, fn::AcceptSyn           , fn::ThreeWay                         >,
  msmf::Row < Listening  , RcvSyn    , Established, fn::AcceptSyn           , fn::TwoWay                           >,
  msmf::Row < Listening  , RcvSynAck , none       , fn::ResetByAck          , none                                 >,
  msmf::Row < Listening  , RcvAck    , none       , fn::ResetByAck          , none                                 >,
  // ---- SYN-SENT (3.10.7.3) ------------------------------------------------------------------------
  msmf::Row < SynSent    , RcvSynAck , Established, fn::CompleteOpen        , all<fn::AckIsOurs, fn::ThreeWay>     >,
  msmf::Row < SynSent    , RcvSynAck , Established, fn::CompleteOpenSilently, all<fn::AckIsOurs, fn::TwoWay>       >,
  msmf::Row < SynSent    , RcvSynAck , none       , fn::ResetByAck          , no<fn::AckIsOurs>                    >,
  msmf::Row < SynSent    , RcvAck    , none       , fn::ResetByAck          , no<fn::AckIsOurs>                    >,
  msmf::Row < SynSent    , RcvRst    , Closed     , fn::Forget              , fn::RstAcksOurSyn                    >,
  msmf::Row < SynSent    , RcvSyn    , SynReceived, fn::AnswerCrossingSyn   , none                                 >,
  // ---- SYN-RECEIVED (3.10.7.4) --------------------------------------------------------------------
  msmf::Row < SynReceived, RcvAck    , Established, none                    , all<fn::SeqInWindow, fn::AckIsOurs>  >,
  msmf::Row < SynReceived, RcvAck    , none       , fn::ResetByAck          , all<fn::SeqInWindow, no<fn::AckIsOurs>> >,
  msmf::Row < SynReceived, RcvAck    , none       , fn::SendAck             , no<fn::SeqInWindow>                  >,
  msmf::Row < SynReceived, RcvSynAck , Established, none                    , fn::AckIsOurs                        >,
  msmf::Row < SynReceived, RcvSynAck , none       , fn::ResetByAck          , no<fn::AckIsOurs>                    >,
  msmf::Row < SynReceived, RcvSyn    , none       , fn::ResendSynAck        , fn::IsPeersSyn                       >,
  msmf::Row < SynReceived, RcvSyn    , Listening  , fn::Forget              , all<fn::SeqInWindow, fn::Passive>    >,
  msmf::Row < SynReceived, RcvSyn    , none       , fn::SendAck             , all<no<fn::IsPeersSyn>, no<all<fn::SeqInWindow, fn::Passive>>> >,
  msmf::Row < SynReceived, RcvRst    , Listening  , fn::Forget              , all<fn::SeqInWindow, fn::Passive>    >,
  msmf::Row < SynReceived, RcvRst    , Closed     , fn::Forget              , all<fn::SeqInWindow, fn::Active>     >,
  // ---- ESTABLISHED (3.10.7.4, with RFC 5961's challenge ACK) ---------------------------------------
  msmf::Row < Established, RcvSyn    , none       , fn::SendAck             , none                                 >,
  msmf::Row < Established, RcvSynAck , none       , fn::SendAck             , none                                 >,
  msmf::Row < Established, RcvAck    , none       , fn::SendAck             , no<fn::SeqInWindow>                  >,
  msmf::Row < Established, RcvRst    , Closed     , fn::Forget              , fn::SeqInWindow                      >
  > {};
  // clang-format on
};

}  // namespace synack::machines::tcp
