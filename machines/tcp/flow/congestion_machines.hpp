// Congestion control after RFC 5681 (seed 002 section 15): a sender with slow start,
// congestion avoidance, fast retransmit on the third duplicate ACK, fast recovery and a
// retransmission timeout; and a cumulative-ACK receiver that keeps no out-of-order
// segments (each one it cannot use is answered with a duplicate ACK). Windows are
// counted in segments; cwnd grows to the receiver's window at most (plus the three
// segments fast recovery adds).
//
// Include only from congestion_sender.cpp and cumulative_receiver.cpp.
#pragma once

#include <algorithm>

#include <boost/describe.hpp>
#include <boost/mpl/vector.hpp>

#include "machines/combinators.hpp"
#include "machines/functor_macros.hpp"
#include "machines/machine_base.hpp"
#include "machines/tcp/flow/flow.hpp"
#include "machines/tcp/flow/flow_events.hpp"
#include "machines/tcp/flow/flow_segment.hpp"

namespace synack::machines::tcp::flow::congestion {

namespace msmf = boost::msm::front;

struct SlowStart : msmf::state<> {
  static constexpr const char* name = "SLOW-START";
};
struct Avoidance : msmf::state<> {
  static constexpr const char* name = "CONGESTION-AVOIDANCE";
};
struct FastRecovery : msmf::state<> {
  static constexpr const char* name = "FAST-RECOVERY";
};
struct Receiving : msmf::state<> {
  static constexpr const char* name = "RECEIVING";
};

struct Codec : FlowCodec {
  explicit Codec(const CongestionParams& p) : FlowCodec(p.seq_space(), 0) {}
};

// ---- sender ---------------------------------------------------------------------------

template <class F>
int ahead(const F& fsm, int a, int b) {
  int m = fsm.params.seq_space();
  return ((a - b) % m + m) % m;
}
// FlightSize: sent and not yet acknowledged (after a timeout, only what was resent).
template <class F>
int flight(const F& fsm) {
  return ahead(fsm, fsm.vars.snd_nxt, fsm.vars.snd_una);
}
template <class F>
int outstanding(const F& fsm) {
  return ahead(fsm, fsm.vars.snd_max, fsm.vars.snd_una);
}

SYNACK_GUARD(CanSend, "flight < cwnd", flight(fsm) < std::min(fsm.vars.cwnd, fsm.params.window))
// An ACK for data sent at some point and not yet acknowledged.
SYNACK_GUARD(NewAck, "new ACK",
             ahead(fsm, e.msg.ack, fsm.vars.snd_una) > 0 &&
                 ahead(fsm, e.msg.ack, fsm.vars.snd_una) <= outstanding(fsm))
SYNACK_GUARD(DupAck, "duplicate ACK", e.msg.ack == fsm.vars.snd_una && outstanding(fsm) > 0)
SYNACK_GUARD(ThirdDup, "third duplicate", fsm.vars.dupacks == 2)
SYNACK_GUARD(EarlyDup, "first or second duplicate", fsm.vars.dupacks < 2)
SYNACK_GUARD(ReachesSsthresh, "cwnd + 1 >= ssthresh", fsm.vars.cwnd + 1 >= fsm.vars.ssthresh)
SYNACK_GUARD(BelowSsthresh, "cwnd + 1 < ssthresh", fsm.vars.cwnd + 1 < fsm.vars.ssthresh)
SYNACK_GUARD(Outstanding, "data outstanding", outstanding(fsm) > 0)

// The ghosts that let properties say "right after a timeout ...": each sender step
// records which of the three events it was, if any (a timeout: 1, or 2 when it repeats a
// timer retransmission of the same segment).
template <class F>
void record(F& fsm, int timeout, int fast_retransmit, int recovery_end) {
  fsm.vars.after_timeout = timeout;
  fsm.vars.after_fast_retransmit = fast_retransmit;
  fsm.vars.after_recovery = recovery_end;
}
template <class F>
void send_segment(F& fsm, int seq) {
  fsm.send(FlowSegment{FlowSegment::kData, seq, 0, 0});
}
template <class F>
void take_ack(F& fsm, int ack) {
  // An ACK beyond SND.NXT (segments from before a timeout arrived after all) moves it.
  if (ahead(fsm, ack, fsm.vars.snd_una) > flight(fsm)) fsm.vars.snd_nxt = ack;
  fsm.vars.snd_una = ack;
  fsm.vars.dupacks = 0;
  fsm.vars.timer_resent = 0;
  record(fsm, 0, 0, 0);
}
template <class F>
void halve(F& fsm) {
  fsm.vars.loss_flight = flight(fsm);
  fsm.vars.ssthresh = std::max(flight(fsm) / 2, 2);  // RFC 5681 equations (4)
}

SYNACK_ACTION(SendNew, "send DATA", send_segment(fsm, fsm.vars.snd_nxt);
              if (fsm.vars.snd_nxt == fsm.vars.snd_max)
                  fsm.vars.snd_max = (fsm.vars.snd_max + 1) % fsm.params.seq_space();
              fsm.vars.snd_nxt = (fsm.vars.snd_nxt + 1) % fsm.params.seq_space();
              record(fsm, 0, 0, 0))
// Slow start: cwnd += 1 segment per new ACK.
SYNACK_ACTION(GrowFast, "cwnd += 1", take_ack(fsm, e.msg.ack);
              fsm.vars.cwnd = std::min(fsm.vars.cwnd + 1, fsm.params.window))
// Congestion avoidance: cwnd += 1 segment per cwnd new ACKs.
SYNACK_ACTION(
    GrowSlowly, "cwnd += 1/cwnd", take_ack(fsm, e.msg.ack); if (++fsm.vars.acked >= fsm.vars.cwnd) {
      fsm.vars.acked = 0;
      fsm.vars.cwnd = std::min(fsm.vars.cwnd + 1, fsm.params.window);
    })
SYNACK_ACTION(CountDup, "count duplicate", ++fsm.vars.dupacks; record(fsm, 0, 0, 0))
// RFC 5681 3.2 steps 2 and 3.
SYNACK_ACTION(FastRetransmit, "ssthresh = max(flight/2, 2), resend, cwnd = ssthresh + 3",
              halve(fsm);
              send_segment(fsm, fsm.vars.snd_una); fsm.vars.cwnd = fsm.vars.ssthresh + 3;
              fsm.vars.dupacks = 0; fsm.vars.acked = 0; record(fsm, 0, 1, 0))
// Step 4: each further duplicate means a segment left the network.
SYNACK_ACTION(Inflate, "cwnd += 1",
              fsm.vars.cwnd = std::min(fsm.vars.cwnd + 1, fsm.params.window + 3);
              record(fsm, 0, 0, 0))
// Step 6: the first new ACK deflates the window.
SYNACK_ACTION(Deflate, "cwnd = ssthresh", take_ack(fsm, e.msg.ack);
              fsm.vars.cwnd = fsm.vars.ssthresh; fsm.vars.acked = 0; record(fsm, 0, 0, 1))
// RFC 5681 3.1 equation (4) and cwnd = 1 (the loss window); go back to SND.UNA. When the
// timer has already resent this segment, ssthresh is held constant (3.1, after (4)).
SYNACK_ACTION(Timeout, "ssthresh = max(flight/2, 2) once per segment, cwnd = 1, resend",
              bool repeated = fsm.vars.timer_resent == 1;
              fsm.vars.prev_ssthresh = fsm.vars.ssthresh; if (!repeated) halve(fsm);
              fsm.vars.cwnd = 1; fsm.vars.dupacks = 0; fsm.vars.acked = 0;
              fsm.vars.timer_resent = 1; send_segment(fsm, fsm.vars.snd_una);
              fsm.vars.snd_nxt = (fsm.vars.snd_una + 1) % fsm.params.seq_space();
              record(fsm, repeated ? 2 : 1, 0, 0))

struct SenderVars {
  int snd_una = 0, snd_nxt = 0, snd_max = 0;  // segment numbers modulo the space
  int cwnd = 1;
  int ssthresh = 0;       // set from the receiver's window at start
  int dupacks = 0;        // duplicate ACKs in a row (before fast retransmit)
  int acked = 0;          // new ACKs toward the next cwnd increase in avoidance
  int timer_resent = 0;   // the timer has resent SND.UNA's segment already
  int loss_flight = 0;    // ghost: FlightSize at the last loss event that set ssthresh
  int prev_ssthresh = 0;  // ghost: ssthresh before the last timeout
  int after_timeout = 0, after_fast_retransmit = 0, after_recovery = 0;  // ghosts
};
BOOST_DESCRIBE_STRUCT(SenderVars, (),
                      (snd_una, snd_nxt, snd_max, cwnd, ssthresh, dupacks, acked, timer_resent,
                       loss_flight, prev_ssthresh, after_timeout, after_fast_retransmit,
                       after_recovery))

struct Sender_ : protocol_machine<Sender_, FlowSegment> {
  using Params = CongestionParams;
  using Vars = SenderVars;
  using Codec = congestion::Codec;
  explicit Sender_(const Params& p) : params(p) { vars.ssthresh = p.window; }
  static Vars var_bounds(const Params& p) {
    int top = p.seq_space() - 1;
    return {top, top, top, p.window + 3, p.window, 2, p.window, 1, p.window, p.window, 2, 1, 1};
  }
  Params params;
  Vars vars;
  using initial_state = SlowStart;
  template <class... G>
  using all = All<G...>;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start         Event   Next          Action          Guard
  msmf::Row < SlowStart   , Send  , msmf::none  , SendNew       , CanSend                        >,
  msmf::Row < SlowStart   , RcvAck, msmf::none  , GrowFast      , all<NewAck, BelowSsthresh>     >,
  msmf::Row < SlowStart   , RcvAck, Avoidance   , GrowFast      , all<NewAck, ReachesSsthresh>   >,
  msmf::Row < SlowStart   , RcvAck, msmf::none  , CountDup      , all<DupAck, EarlyDup>          >,
  msmf::Row < SlowStart   , RcvAck, FastRecovery, FastRetransmit, all<DupAck, ThirdDup>          >,
  msmf::Row < SlowStart   , Rto   , SlowStart   , Timeout       , Outstanding                    >,
  msmf::Row < Avoidance   , Send  , msmf::none  , SendNew       , CanSend                        >,
  msmf::Row < Avoidance   , RcvAck, msmf::none  , GrowSlowly    , NewAck                         >,
  msmf::Row < Avoidance   , RcvAck, msmf::none  , CountDup      , all<DupAck, EarlyDup>          >,
  msmf::Row < Avoidance   , RcvAck, FastRecovery, FastRetransmit, all<DupAck, ThirdDup>          >,
  msmf::Row < Avoidance   , Rto   , SlowStart   , Timeout       , Outstanding                    >,
  msmf::Row < FastRecovery, Send  , msmf::none  , SendNew       , CanSend                        >,
  msmf::Row < FastRecovery, RcvAck, msmf::none  , Inflate       , DupAck                         >,
  msmf::Row < FastRecovery, RcvAck, Avoidance   , Deflate       , NewAck                         >,
  msmf::Row < FastRecovery, Rto   , SlowStart   , Timeout       , Outstanding                    >
  > {};
  // clang-format on
};

// ---- receiver -------------------------------------------------------------------------

SYNACK_GUARD(InOrder, "SEG.SEQ == RCV.NXT", e.msg.seq == fsm.vars.rcv_nxt)
SYNACK_GUARD(OutOfOrder, "SEG.SEQ != RCV.NXT", e.msg.seq != fsm.vars.rcv_nxt)

SYNACK_ACTION(AcceptSegment, "accept, send ACK",
              fsm.vars.rcv_nxt = (fsm.vars.rcv_nxt + 1) % fsm.params.seq_space();
              fsm.send(FlowSegment{FlowSegment::kAck, 0, fsm.vars.rcv_nxt, 0}))
SYNACK_ACTION(DuplicateAck, "send duplicate ACK",
              fsm.send(FlowSegment{FlowSegment::kAck, 0, fsm.vars.rcv_nxt, 0}))

struct ReceiverVars {
  int rcv_nxt = 0;
};
BOOST_DESCRIBE_STRUCT(ReceiverVars, (), (rcv_nxt))

struct Receiver_ : protocol_machine<Receiver_, FlowSegment> {
  using Params = CongestionParams;
  using Vars = ReceiverVars;
  using Codec = congestion::Codec;
  explicit Receiver_(const Params& p) : params(p) {}
  static Vars var_bounds(const Params& p) { return {p.seq_space() - 1}; }
  Params params;
  Vars vars;
  using initial_state = Receiving;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start      Event    Next        Action         Guard
  msmf::Row < Receiving, RcvData, msmf::none, AcceptSegment, InOrder    >,
  msmf::Row < Receiving, RcvData, msmf::none, DuplicateAck , OutOfOrder >
  > {};
  // clang-format on
};

}  // namespace synack::machines::tcp::flow::congestion
