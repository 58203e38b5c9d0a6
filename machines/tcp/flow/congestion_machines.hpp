// Congestion control after RFC 5681 (seed 002 section 15): a sender with slow start,
// congestion avoidance, fast retransmit on the third duplicate ACK, fast recovery and a
// retransmission timeout; and a cumulative-ACK receiver that keeps no out-of-order
// segments (each one it cannot use is answered with a duplicate ACK). Windows are
// counted in segments; cwnd grows to the receiver's window at most (plus the three
// segments fast recovery adds).
//
// Like the endpoint, both are generic over the value type (int for the concrete engines,
// checker::smt::SymInt for the symbolic interpreter): the Z3 engines run these same rows.
//
// Include only from congestion_sender.cpp and cumulative_receiver.cpp.
#pragma once

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
using checker::smt::ite;
using checker::smt::max_of;
using checker::smt::min_of;
using checker::smt::mod_floor;

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

// Value parameters below are value_of<F>, which is not deduced: F comes from the fsm.
// Bookkeeping is updated with ite rather than an `if`, so that the symbolic interpreter
// follows one path where a branch would only multiply them. What RFC 5681's properties
// ask about the last event (a timeout, fast retransmit, the end of recovery) is kept by a
// spec monitor beside the sender (properties/tcp_flow.cpp), not here.
template <class F>
value_of<F> ahead(const F& fsm, value_of<F> a, value_of<F> b) {
  return mod_floor(a - b, fsm.params.seq_space());
}
template <class F>
value_of<F> next(const F& fsm, value_of<F> seq) {
  return mod_floor(seq + 1, fsm.params.seq_space());
}
// FlightSize: sent and not yet acknowledged (after a timeout, only what was resent).
template <class F>
value_of<F> flight(const F& fsm) {
  return ahead(fsm, fsm.vars.snd_nxt, fsm.vars.snd_una);
}
template <class F>
value_of<F> outstanding(const F& fsm) {
  return ahead(fsm, fsm.vars.snd_max, fsm.vars.snd_una);
}

SYNACK_GUARD(CanSend, "flight < cwnd", flight(fsm) < min_of(fsm.vars.cwnd, fsm.params.window))
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

template <class F>
void send_data(F& fsm, value_of<F> seq) {
  send_segment(fsm, FlowSegment::kData, seq, 0, 0);
}
template <class F>
void take_ack(F& fsm, value_of<F> ack) {
  // An ACK beyond SND.NXT (segments from before a timeout arrived after all) moves it.
  fsm.vars.snd_nxt = ite(ahead(fsm, ack, fsm.vars.snd_una) > flight(fsm), ack, fsm.vars.snd_nxt);
  fsm.vars.snd_una = ack;
  fsm.vars.dupacks = 0;
  fsm.vars.timer_resent = 0;
}
// RFC 5681 equation (4), when `loss` holds (bool, or SymBool symbolically).
template <class F, class B>
void halve(F& fsm, const B& loss) {
  fsm.vars.ssthresh = ite(loss, max_of(flight(fsm) / 2, 2), fsm.vars.ssthresh);
}
// cwnd + 1, up to `most`.
template <class V>
V grown(const V& cwnd, int most) {
  return min_of(cwnd + 1, most);
}

SYNACK_ACTION(SendNew, "send DATA", send_data(fsm, fsm.vars.snd_nxt);
              fsm.vars.snd_max = ite(fsm.vars.snd_nxt == fsm.vars.snd_max,
                                     next(fsm, fsm.vars.snd_max), fsm.vars.snd_max);
              fsm.vars.snd_nxt = next(fsm, fsm.vars.snd_nxt))
// Slow start: cwnd += 1 segment per new ACK.
SYNACK_ACTION(GrowFast, "cwnd += 1", take_ack(fsm, e.msg.ack);
              fsm.vars.cwnd = grown(fsm.vars.cwnd, fsm.params.window))
// Congestion avoidance: cwnd += 1 segment per cwnd new ACKs.
SYNACK_ACTION(GrowSlowly, "cwnd += 1/cwnd", take_ack(fsm, e.msg.ack);
              fsm.vars.acked = fsm.vars.acked + 1; auto full = fsm.vars.acked >= fsm.vars.cwnd;
              fsm.vars.acked = ite(full, 0, fsm.vars.acked);
              fsm.vars.cwnd = ite(full, grown(fsm.vars.cwnd, fsm.params.window), fsm.vars.cwnd))
SYNACK_ACTION(CountDup, "count duplicate", fsm.vars.dupacks = fsm.vars.dupacks + 1)
// RFC 5681 3.2 steps 2 and 3.
SYNACK_ACTION(FastRetransmit, "ssthresh = max(flight/2, 2), resend, cwnd = ssthresh + 3",
              halve(fsm, true);
              send_data(fsm, fsm.vars.snd_una); fsm.vars.cwnd = fsm.vars.ssthresh + 3;
              fsm.vars.dupacks = 0; fsm.vars.acked = 0)
// Step 4: each further duplicate means a segment left the network.
SYNACK_ACTION(Inflate, "cwnd += 1", fsm.vars.cwnd = grown(fsm.vars.cwnd, fsm.params.window + 3))
// Step 6: the first new ACK deflates the window.
SYNACK_ACTION(Deflate, "cwnd = ssthresh", take_ack(fsm, e.msg.ack);
              fsm.vars.cwnd = fsm.vars.ssthresh; fsm.vars.acked = 0)
// RFC 5681 3.1 equation (4) and cwnd = 1 (the loss window); go back to SND.UNA. When the
// timer has already resent this segment, ssthresh is held constant (3.1, after (4)).
SYNACK_ACTION(Timeout, "ssthresh = max(flight/2, 2) once per segment, cwnd = 1, resend",
              halve(fsm, fsm.vars.timer_resent == 0);
              fsm.vars.cwnd = 1; fsm.vars.dupacks = 0; fsm.vars.acked = 0;
              fsm.vars.timer_resent = 1; send_data(fsm, fsm.vars.snd_una);
              fsm.vars.snd_nxt = next(fsm, fsm.vars.snd_una))

template <class V>
struct SenderVarsT {
  V snd_una = 0, snd_nxt = 0, snd_max = 0;  // segment numbers modulo the space
  V cwnd = 1;
  V ssthresh = 0;      // set from the receiver's window at start
  V dupacks = 0;       // duplicate ACKs in a row (before fast retransmit)
  V acked = 0;         // new ACKs toward the next cwnd increase in avoidance
  V timer_resent = 0;  // the timer has resent SND.UNA's segment already
  V& first_var() { return snd_una; }
  BOOST_DESCRIBE_CLASS(SenderVarsT, (),
                       (snd_una, snd_nxt, snd_max, cwnd, ssthresh, dupacks, acked, timer_resent),
                       (), ())
};

struct Sender_ : protocol_machine<Sender_, FlowSegment> {
  using Params = CongestionParams;
  template <class V>
  using generic_vars = SenderVarsT<V>;
  template <class V>
  using generic_message = FlowSegmentT<V>;
  using Vars = SenderVarsT<int>;
  using Codec = congestion::Codec;
  explicit Sender_(const Params& p) : params(p) { vars.ssthresh = p.window; }
  static FlowSegment message_bounds(const Params& p) { return Codec(p).bounds(); }
  static Vars var_bounds(const Params& p) {
    int top = p.seq_space() - 1;
    return {top, top, top, p.window + 3, p.window, 2, p.window, 1};
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

SYNACK_ACTION(AcceptSegment, "accept, send ACK", fsm.vars.rcv_nxt = next(fsm, fsm.vars.rcv_nxt);
              send_segment(fsm, FlowSegment::kAck, 0, fsm.vars.rcv_nxt, 0))
SYNACK_ACTION(DuplicateAck, "send duplicate ACK",
              send_segment(fsm, FlowSegment::kAck, 0, fsm.vars.rcv_nxt, 0))

template <class V>
struct ReceiverVarsT {
  V rcv_nxt = 0;
  V& first_var() { return rcv_nxt; }
  BOOST_DESCRIBE_CLASS(ReceiverVarsT, (), (rcv_nxt), (), ())
};

struct Receiver_ : protocol_machine<Receiver_, FlowSegment> {
  using Params = CongestionParams;
  template <class V>
  using generic_vars = ReceiverVarsT<V>;
  template <class V>
  using generic_message = FlowSegmentT<V>;
  using Vars = ReceiverVarsT<int>;
  using Codec = congestion::Codec;
  explicit Receiver_(const Params& p) : params(p) {}
  static FlowSegment message_bounds(const Params& p) { return Codec(p).bounds(); }
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
