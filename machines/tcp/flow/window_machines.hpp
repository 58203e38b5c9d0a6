// Flow control with a zero window (seed 002 section 14): a sender with segments queued
// and a receiver whose application reads from a small buffer. The receiver advertises
// its free buffer in every ACK; when the window closes, the sender stops; when the
// application reads, the receiver sends one window update, which may be lost. The
// retransmission timer resends unacknowledged data (its ACK carries the window again),
// but once everything sent is acknowledged only the persist timer (RFC 9293 3.8.6.1:
// probe a zero window) gets the sender going again.
//
// Like the endpoint, both are generic over the value type (int for the concrete engines,
// checker::smt::SymInt for the symbolic interpreter): the Z3 engines run these same rows.
//
// Include only from window_sender.cpp and window_receiver.cpp.
#pragma once

#include <boost/describe.hpp>
#include <boost/mpl/vector.hpp>

#include "machines/combinators.hpp"
#include "machines/functor_macros.hpp"
#include "machines/machine_base.hpp"
#include "machines/tcp/flow/flow.hpp"
#include "machines/tcp/flow/flow_events.hpp"
#include "machines/tcp/flow/flow_segment.hpp"

namespace synack::machines::tcp::flow::window {

namespace msmf = boost::msm::front;

struct Established : msmf::state<> {
  static constexpr const char* name = "ESTABLISHED";
};
struct AllAcked : msmf::state<> {
  static constexpr const char* name = "ALL-ACKED";
};

struct Read : app_call {
  static constexpr const char* name = "read";
};
struct PersistTimeout : timer {
  static constexpr const char* name = "persist timeout";
};
struct RcvProbe : receive<FlowSegment> {
  static constexpr const char* name = "rcv PROBE";
  template <class S>
  static auto matches(const S& s) {
    return s.kind == FlowSegment::kProbe;
  }
};

struct Codec : FlowCodec {
  explicit Codec(const WindowParams& p) : FlowCodec(p.segments + 1, p.buffer) {}
};

// ---- sender ---------------------------------------------------------------------------

// The usable window: SND.UNA + SND.WND - SND.NXT > 0.
SYNACK_GUARD(WindowOpen, "usable window",
             fsm.vars.queued > 0 &&
                 fsm.vars.snd_una + fsm.vars.snd_wnd > fsm.params.segments - fsm.vars.queued)
// Data waits, the window is zero and nothing is in flight whose ACK could reopen it.
SYNACK_GUARD(ZeroWindowStall, "zero window, data queued",
             fsm.params.persist_timer&& fsm.vars.queued > 0 && fsm.vars.snd_wnd == 0 &&
                 fsm.vars.snd_una == fsm.params.segments - fsm.vars.queued)
// Data sent and not acknowledged: the retransmission timer runs.
SYNACK_GUARD(Unacked, "unacknowledged data",
             fsm.vars.snd_una < fsm.params.segments - fsm.vars.queued)
SYNACK_GUARD(LastAck, "everything acknowledged",
             fsm.vars.queued == 0 && e.msg.ack == fsm.params.segments)
SYNACK_GUARD(NotLastAck, "more to acknowledge",
             fsm.vars.queued > 0 || e.msg.ack != fsm.params.segments)

SYNACK_ACTION(SendSegment, "send DATA",
              send_segment(fsm, FlowSegment::kData, fsm.params.segments - fsm.vars.queued, 0, 0);
              fsm.vars.queued = fsm.vars.queued - 1)
SYNACK_ACTION(Probe, "send PROBE", send_segment(fsm, FlowSegment::kProbe, 0, 0, 0))
SYNACK_ACTION(Retransmit, "resend DATA SND.UNA",
              send_segment(fsm, FlowSegment::kData, fsm.vars.snd_una, 0, 0))
// Segments are in order on the way back: every ACK is at least as new as the last.
SYNACK_ACTION(TakeAck, "update SND.UNA, SND.WND", fsm.vars.snd_una = e.msg.ack;
              fsm.vars.snd_wnd = e.msg.wnd)

template <class V>
struct SenderVarsT {
  V queued = 0;   // segments the application queued that are not sent yet
  V snd_una = 0;  // segments acknowledged
  V snd_wnd = 0;  // the window of the latest ACK
  V& first_var() { return queued; }
  BOOST_DESCRIBE_CLASS(SenderVarsT, (), (queued, snd_una, snd_wnd), (), ())
};

struct Sender_ : protocol_machine<Sender_, FlowSegment> {
  using Params = WindowParams;
  template <class V>
  using generic_vars = SenderVarsT<V>;
  template <class V>
  using generic_message = FlowSegmentT<V>;
  using Vars = SenderVarsT<int>;
  using Codec = window::Codec;
  explicit Sender_(const Params& p) : params(p), vars{p.segments, 0, p.buffer} {}
  static Vars var_bounds(const Params& p) { return {p.segments, p.segments, p.buffer}; }
  static FlowSegment message_bounds(const Params& p) { return Codec(p).bounds(); }
  Params params;
  Vars vars;
  using initial_state = Established;
  using end_states = boost::mpl::vector<AllAcked>;
  template <class... G>
  using all = All<G...>;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start        Event           Next        Action       Guard
  msmf::Row < Established, Send          , msmf::none, SendSegment, WindowOpen      >,
  msmf::Row < Established, PersistTimeout, msmf::none, Probe      , ZeroWindowStall >,
  msmf::Row < Established, Rto           , msmf::none, Retransmit , Unacked         >,
  msmf::Row < Established, RcvAck        , msmf::none, TakeAck    , NotLastAck      >,
  msmf::Row < Established, RcvAck        , AllAcked  , TakeAck    , LastAck         >
  > {};
  // clang-format on
};

// ---- receiver -------------------------------------------------------------------------

// The next segment, and room for it.
SYNACK_GUARD(Fits, "SEG.SEQ == RCV.NXT, room",
             e.msg.seq == fsm.vars.rcv_nxt && fsm.vars.buffered < fsm.params.buffer)
// A retransmission of data already received, or new data with no room for it.
SYNACK_GUARD(Unusable, "old, or no room",
             e.msg.seq != fsm.vars.rcv_nxt || fsm.vars.buffered == fsm.params.buffer)
SYNACK_GUARD(HasData, "data buffered", fsm.vars.buffered > 0)
// Reading from a full buffer opens a zero window: tell the sender.
SYNACK_GUARD(OpensWindow, "window was zero", fsm.vars.buffered == fsm.params.buffer)
SYNACK_GUARD(WindowWasOpen, "window was open",
             fsm.vars.buffered > 0 && fsm.vars.buffered < fsm.params.buffer)

template <class F>
void ack(F& fsm) {
  send_segment(fsm, FlowSegment::kAck, 0, fsm.vars.rcv_nxt, fsm.params.buffer - fsm.vars.buffered);
}
template <class F>
void app_read(F& fsm) {
  fsm.vars.buffered = fsm.vars.buffered - 1;
  fsm.vars.read = fsm.vars.read + 1;
}

SYNACK_ACTION(Accept, "buffer, send ACK", fsm.vars.rcv_nxt = fsm.vars.rcv_nxt + 1;
              fsm.vars.buffered = fsm.vars.buffered + 1; ack(fsm))
SYNACK_ACTION(AckWindow, "send ACK with the window", ack(fsm))
SYNACK_ACTION(ReadQuietly, "read", app_read(fsm))
SYNACK_ACTION(ReadAndUpdate, "read, send window update", app_read(fsm); ack(fsm))

template <class V>
struct ReceiverVarsT {
  V rcv_nxt = 0;   // segments received
  V buffered = 0;  // received, not yet read by the application
  V read = 0;      // read by the application
  V& first_var() { return rcv_nxt; }
  BOOST_DESCRIBE_CLASS(ReceiverVarsT, (), (rcv_nxt, buffered, read), (), ())
};

struct Receiver_ : protocol_machine<Receiver_, FlowSegment> {
  using Params = WindowParams;
  template <class V>
  using generic_vars = ReceiverVarsT<V>;
  template <class V>
  using generic_message = FlowSegmentT<V>;
  using Vars = ReceiverVarsT<int>;
  using Codec = window::Codec;
  explicit Receiver_(const Params& p) : params(p) {}
  static Vars var_bounds(const Params& p) { return {p.segments, p.buffer, p.segments}; }
  static FlowSegment message_bounds(const Params& p) { return Codec(p).bounds(); }
  Params params;
  Vars vars;
  using initial_state = Established;
  using end_states = boost::mpl::vector<Established>;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start        Event     Next        Action         Guard
  msmf::Row < Established, RcvData , msmf::none, Accept       , Fits          >,
  msmf::Row < Established, RcvData , msmf::none, AckWindow    , Unusable      >,
  msmf::Row < Established, RcvProbe, msmf::none, AckWindow    , msmf::none    >,
  msmf::Row < Established, Read    , msmf::none, ReadQuietly  , WindowWasOpen >,
  msmf::Row < Established, Read    , msmf::none, ReadAndUpdate, OpensWindow   >
  > {};
  // clang-format on
};

}  // namespace synack::machines::tcp::flow::window
