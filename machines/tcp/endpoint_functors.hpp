// Guards and actions of the TCP endpoint (RFC 9293 section 3.10), written once as
// functors over the front-end's variables and the arriving segment. The transition table
// in endpoint_machine.hpp names them; read it first.
//
// Everything here is generic over the value type of the machine's variables, deduced
// from the fsm (value_of<F>): int when the concrete engines and the Boost.MSM back-end
// run the machine, checker::smt::SymInt when the symbolic interpreter runs the very same
// code over Z3 terms. So conditions are `auto` (bool or SymBool), arithmetic goes through
// mod_floor / min_of (which have plain-int overloads), and an `if` on a symbolic
// condition is a branch the path explorer follows both ways. Params are always concrete.
#pragma once

#include <type_traits>
#include <utility>

#include "checker/smt/sym.hpp"
#include "machines/functor_macros.hpp"
#include "machines/tcp/segment.hpp"
#include "machines/tcp/tcp.hpp"
#include "machines/value_of.hpp"

namespace synack::machines::tcp::fn {

// Value parameters below are value_of<F>, which is not deduced: F comes from the fsm,
// and plain int arguments (0, a parameter) convert to the machine's value type.
template <class F>
value_of<F> wrap(const F& fsm, value_of<F> v) {
  return checker::smt::mod_floor(v, fsm.params.seq_space);
}

// (a - b) mod the sequence space: how far a is ahead of b.
template <class F>
value_of<F> ahead(const F& fsm, value_of<F> a, value_of<F> b) {
  return wrap(fsm, a - b);
}

template <class F>
auto in_window(const F& fsm, value_of<F> seq) {
  return ahead(fsm, seq, fsm.vars.rcv_nxt) < fsm.params.rcv_wnd;
}

// RFC 9293 3.10.7.4's acceptability test, for a window of at least one.
template <class F>
auto acceptable(const F& fsm, const SegmentT<value_of<F>>& s) {
  if (s.seg_len() == 0) return in_window(fsm, s.seq);
  return in_window(fsm, s.seq) || in_window(fsm, s.seq + s.seg_len() - 1);
}

// ---- guards ---------------------------------------------------------------------------

SYNACK_GUARD(CanOpen, "incarnations left", fsm.vars.incarnation < fsm.params.incarnations)
SYNACK_GUARD(CanRetry, "retries left", fsm.vars.retries < fsm.params.max_retries)
SYNACK_GUARD(RetriesExhausted, "retries exhausted", fsm.vars.retries >= fsm.params.max_retries)
SYNACK_GUARD(ThreeWay, "three-way", fsm.params.handshake == Handshake::kThreeWay)
SYNACK_GUARD(TwoWay, "two-way", fsm.params.handshake == Handshake::kTwoWay)
SYNACK_GUARD(MergedFin, "merged FIN", fsm.params.merged_fin)
SYNACK_GUARD(MayCloseFirst, "may close first", fsm.params.may_close_first)
SYNACK_GUARD(Passive, "passive open", fsm.vars.passive == 1)
SYNACK_GUARD(Active, "active open", fsm.vars.passive == 0)
// SND.UNA < SEG.ACK =< SND.NXT while the handshake is open: the SYN and, with TCP Fast
// Open, the data it or the server's early segment carried.
SYNACK_GUARD(AckIsOurs, "SND.UNA < SEG.ACK =< SND.NXT",
             ahead(fsm, e.msg.ack, fsm.vars.snd_una) >= 1 &&
                 ahead(fsm, e.msg.ack, fsm.vars.snd_una) <=
                     ahead(fsm, fsm.vars.snd_nxt, fsm.vars.snd_una))
// SND.UNA =< SEG.ACK =< SND.NXT in a synchronized state.
SYNACK_GUARD(AckAcceptable, "SND.UNA =< SEG.ACK =< SND.NXT",
             ahead(fsm, e.msg.ack, fsm.vars.snd_una) <=
                 ahead(fsm, fsm.vars.snd_nxt, fsm.vars.snd_una))
// Our FIN is the last thing we sent: an ACK of SND.NXT acknowledges it.
SYNACK_GUARD(AckOfFin, "FIN acked", e.msg.ack == fsm.vars.snd_nxt)
SYNACK_GUARD(SeqOk, "acceptable", acceptable(fsm, e.msg))
SYNACK_GUARD(SeqExact, "SEG.SEQ == RCV.NXT", e.msg.seq == fsm.vars.rcv_nxt)
SYNACK_GUARD(IsPeersSyn, "SEG.SEQ == IRS", e.msg.seq == fsm.vars.irs)
// In SYN-SENT a RST counts only when it acknowledges our SYN.
SYNACK_GUARD(RstAcksOurSyn, "RST acks our SYN", e.msg.has(kAck) && e.msg.ack == fsm.vars.snd_nxt)
SYNACK_GUARD(CanSend, "data queued, nothing in flight",
             (fsm.vars.queued > 0 || fsm.vars.tx_pending != 0) &&
                 fsm.vars.snd_una == fsm.vars.snd_nxt)
SYNACK_GUARD(AllSent, "all data sent and acked",
             fsm.vars.queued == 0 && fsm.vars.tx_pending == 0 &&
                 fsm.vars.snd_una == fsm.vars.snd_nxt)
// RFC 7413 section 4.2: a server that accepted SYN data may send before the handshake
// completes; here one segment, while only its SYN is unacknowledged.
SYNACK_GUARD(TfoAccepted, "SYN data accepted", fsm.vars.tfo_accepted == 1)
SYNACK_GUARD(CanSendEarly, "data written, only the SYN outstanding",
             fsm.vars.tx_pending != 0 && fsm.vars.snd_nxt == wrap(fsm, fsm.vars.iss + 1))
SYNACK_GUARD(Unacked, "unacknowledged data", fsm.vars.snd_una != fsm.vars.snd_nxt)
// Untimed, an armed timer may expire at any moment; timed, only when its countdown is due.
SYNACK_GUARD(RtoDue, "RTO due", !fsm.params.timed || fsm.vars.rto_timer == 1)
SYNACK_GUARD(TwDue, "2MSL due", !fsm.params.timed || fsm.vars.tw_timer == 1)

// ---- actions --------------------------------------------------------------------------

// Countdowns: 0 disarmed, k >= 1 due after k - 1 ticks. Untimed machines leave them 0.
template <class F>
void arm_rto(F& fsm) {
  if (fsm.params.timed) fsm.vars.rto_timer = fsm.params.rto + 1;
}
template <class F>
void arm_time_wait(F& fsm) {
  if (fsm.params.timed) fsm.vars.tw_timer = fsm.params.time_wait + 1;
}

// The flags and the option are always concrete here: each call site names them.
template <class F>
void send(F& fsm, std::uint8_t flags, value_of<F> seq, value_of<F> ack, value_of<F> data = 0,
          FastOpen fo = FastOpen::kNone) {
  fsm.send(SegmentT<value_of<F>>{flags, wrap(fsm, seq), flags & kAck ? wrap(fsm, ack) : 0, data,
                                 fsm.vars.conn_tag, fo, Socket::kWire});
}

template <class F>
bool socket_mode(const F& fsm) {
  return !fsm.params.upper_messages.empty();
}

// Data reaches the application: handed up to the layer above, if there is one. What the
// application got is a monitor's to count (properties/tcp_history.cpp): it shows in the
// step as RCV.NXT moving past the segment.
template <class F>
void deliver(F& fsm, value_of<F> data) {
  if (data == 0) return;
  if (!socket_mode(fsm)) return;
  fsm.send(SegmentT<value_of<F>>{0, 0, 0, data, 0, FastOpen::kNone, Socket::kDeliver});
}

// Forget the connection: the TCB is deleted. The ISN clock and the incarnation count
// belong to the host, not the connection, and survive.
template <class F>
void forget(F& fsm) {
  auto& v = fsm.vars;
  if (socket_mode(fsm) && v.conn_tag != 0)
    fsm.send(SegmentT<value_of<F>>{0, 0, 0, 0, 0, FastOpen::kNone, Socket::kClosed});
  v.tfo_accepted = v.tx_pending = v.in_flight = 0;
  v.iss = v.irs = v.snd_una = v.snd_nxt = v.rcv_nxt = v.retries = v.passive = 0;
  v.queued = v.conn_tag = 0;
  v.rto_timer = v.tw_timer = 0;
}

template <class F>
void choose_iss(F& fsm) {
  fsm.vars.iss = fsm.vars.isn_clock;
  fsm.vars.isn_clock = wrap(fsm, fsm.vars.isn_clock + fsm.vars.isn_step);
  fsm.vars.snd_una = fsm.vars.iss;
  fsm.vars.snd_nxt = wrap(fsm, fsm.vars.iss + 1);
}

template <class F>
void record_peer_syn(F& fsm, const SegmentT<value_of<F>>& syn) {
  fsm.vars.irs = syn.seq;
  fsm.vars.rcv_nxt = wrap(fsm, syn.seq + 1);
}

// The connection is open: the application hands over its data.
template <class F>
void open_data(F& fsm) {
  fsm.vars.queued = fsm.params.app_data;
}

template <class F>
void take_ack(F& fsm, const SegmentT<value_of<F>>& s) {
  if (ahead(fsm, s.ack, fsm.vars.snd_una) > 0) {
    fsm.vars.snd_una = s.ack;
    fsm.vars.retries = 0;
    if (fsm.vars.snd_una == fsm.vars.snd_nxt) {  // nothing in flight
      fsm.vars.rto_timer = 0;
      fsm.vars.in_flight = 0;
    }
  }
}

template <class F>
void ack_now(F& fsm) {
  send(fsm, kAck, fsm.vars.snd_nxt, fsm.vars.rcv_nxt);
}

// One data segment: a unit of the application's data, or everything the layer above has
// written since the last one.
template <class F>
void send_data(F& fsm) {
  value_of<F> data = 1;
  if (socket_mode(fsm)) {
    data = fsm.vars.in_flight = fsm.vars.tx_pending;
    fsm.vars.tx_pending = 0;
  } else {
    --fsm.vars.queued;
  }
  send(fsm, kAck, fsm.vars.snd_nxt, fsm.vars.rcv_nxt, data);
  fsm.vars.snd_nxt = wrap(fsm, fsm.vars.snd_nxt + 1);
  fsm.vars.retries = 0;
  arm_rto(fsm);
}

template <class F>
void send_fin(F& fsm) {
  send(fsm, kFin | kAck, fsm.vars.snd_nxt, fsm.vars.rcv_nxt);
  fsm.vars.snd_nxt = wrap(fsm, fsm.vars.snd_nxt + 1);
  fsm.vars.retries = 0;
  arm_rto(fsm);
}

// A FIN in sequence (with any data before it in the same segment).
template <class F>
void take_fin(F& fsm, const SegmentT<value_of<F>>& s) {
  take_ack(fsm, s);
  deliver(fsm, s.data);
  fsm.vars.rcv_nxt = wrap(fsm, fsm.vars.rcv_nxt + s.data_len() + 1);
}

// The SYN's Fast Open option follows the cookie the client holds; with one, the data
// already written rides in the SYN (RFC 7413 section 4.1.2). A chain of tests rather than
// a table lookup: a symbolic cookie then branches once per value, and the option each
// path sends stays concrete.
template <class F>
FastOpen syn_option(const F& fsm) {
  if (!fsm.params.fast_open) return FastOpen::kNone;
  const auto& cookie = fsm.vars.tfo_cookie;
  if (cookie == 0) return FastOpen::kRequest;
  if (cookie == 1) return FastOpen::kCookie;
  if (cookie == 2) return FastOpen::kBadCookie;
  return FastOpen::kNone;  // 3: Fast Open turned off for this server
}

template <class F>
void open_active(F& fsm) {
  // Written before connect: it belongs to this connection.
  value_of<F> written = fsm.vars.tx_pending;
  forget(fsm);
  fsm.vars.tx_pending = written;
  if (fsm.params.write_before_connect) fsm.vars.tx_pending |= 1;
  ++fsm.vars.incarnation;
  fsm.vars.conn_tag = fsm.vars.incarnation;
  choose_iss(fsm);
  FastOpen fo = syn_option(fsm);
  if ((fo == FastOpen::kCookie || fo == FastOpen::kBadCookie) && fsm.vars.tx_pending != 0) {
    fsm.vars.in_flight = fsm.vars.tx_pending;
    fsm.vars.tx_pending = 0;
    fsm.vars.snd_nxt = wrap(fsm, fsm.vars.snd_nxt + 1);
  }
  send(fsm, kSyn, fsm.vars.iss, 0, fsm.vars.in_flight, fo);
  arm_rto(fsm);
}

// The client learns from the SYN-ACK's option (RFC 7413 section 4.1.3, and FreeBSD's test
// suite where the RFC leaves it open): a valid cookie replaces the one held; an invalid
// one is ignored when the server took the SYN data anyway, and otherwise turns Fast Open
// off for this server.
template <class F>
void learn_cookie(F& fsm, const SegmentT<value_of<F>>& synack) {
  if (!fsm.params.fast_open) return;
  auto& cookie = fsm.vars.tfo_cookie;
  auto data_acked = fsm.vars.in_flight != 0 && synack.ack == fsm.vars.snd_nxt;
  if (synack.fo == FastOpen::kCookie) cookie = 1;
  if (synack.fo == FastOpen::kBadCookie && !data_acked) cookie = 3;
}

// The third segment of the handshake: SYN data the SYN-ACK left unacknowledged goes again
// at once; otherwise data already written rides on the ACK.
template <class F>
void complete_handshake(F& fsm) {
  if (fsm.vars.snd_una != fsm.vars.snd_nxt) {
    send(fsm, kAck, fsm.vars.snd_una, fsm.vars.rcv_nxt, fsm.vars.in_flight);
    arm_rto(fsm);
  } else if (fsm.vars.tx_pending != 0) {
    send_data(fsm);
  } else {
    ack_now(fsm);
  }
}

SYNACK_ACTION(OpenActive, "send SYN", open_active(fsm))
SYNACK_ACTION(RetransmitSyn, "resend SYN", ++fsm.vars.retries;
              send(fsm, kSyn, fsm.vars.iss, 0, fsm.vars.in_flight, syn_option(fsm)); arm_rto(fsm))
SYNACK_ACTION(BufferWrite, "buffer", fsm.vars.tx_pending |= e.msg.data)
SYNACK_ACTION(Forget, "delete TCB", forget(fsm))
// A RST that ends a connection which was closing.
SYNACK_ACTION(ResetWhileClosing, "delete TCB (reset)", forget(fsm))
// A server with Fast Open answers a cookie request, or a cookie it does not accept, with
// a fresh cookie; SYN data with a valid cookie is acknowledged and handed up at once
// (RFC 7413 section 4.2.2), data with an invalid one is dropped (unless the verify_cookie
// ablation takes it anyway).
template <class F>
void accept_syn(F& fsm, const SegmentT<value_of<F>>& syn) {
  forget(fsm);
  fsm.vars.passive = 1;
  fsm.vars.conn_tag = syn.tag;
  record_peer_syn(fsm, syn);
  choose_iss(fsm);
  FastOpen answer = FastOpen::kNone;
  bool take_data = false;
  if (fsm.params.fast_open) {
    if (syn.fo == FastOpen::kRequest || syn.fo == FastOpen::kBadCookie) answer = FastOpen::kCookie;
    // Decided here, once: a symbolic condition branches at the cast, and both uses below
    // then follow the same path. Without the cookie check any SYN data is taken.
    if (fsm.params.verify_cookie)
      take_data = static_cast<bool>(syn.fo == FastOpen::kCookie && syn.data != 0);
    else
      take_data = static_cast<bool>(syn.data != 0);
  }
  if (take_data) {
    fsm.vars.rcv_nxt = wrap(fsm, fsm.vars.rcv_nxt + 1);
    fsm.vars.tfo_accepted = 1;
  }
  send(fsm, kSyn | kAck, fsm.vars.iss, fsm.vars.rcv_nxt, 0, answer);
  if (take_data) deliver(fsm, syn.data);
  arm_rto(fsm);
  if (fsm.params.handshake == Handshake::kTwoWay) {
    fsm.vars.rto_timer = 0;
    fsm.vars.snd_una = fsm.vars.snd_nxt;
    open_data(fsm);
  }
}

SYNACK_ACTION(AcceptSyn, "send SYN-ACK", accept_syn(fsm, e.msg))
SYNACK_ACTION(AnswerCrossingSyn, "send SYN-ACK", record_peer_syn(fsm, e.msg);
              send(fsm, kSyn | kAck, fsm.vars.iss, fsm.vars.rcv_nxt))
SYNACK_ACTION(ResendSynAck, "resend SYN-ACK",
              send(fsm, kSyn | kAck, fsm.vars.iss, fsm.vars.rcv_nxt))
SYNACK_ACTION(RetransmitSynAck, "resend SYN-ACK", ++fsm.vars.retries;
              send(fsm, kSyn | kAck, fsm.vars.iss, fsm.vars.rcv_nxt); arm_rto(fsm))
SYNACK_ACTION(CompleteOpen, "send ACK", record_peer_syn(fsm, e.msg); learn_cookie(fsm, e.msg);
              fsm.vars.retries = 0; fsm.vars.rto_timer = 0; take_ack(fsm, e.msg);
              fsm.vars.snd_una = e.msg.ack; open_data(fsm); complete_handshake(fsm))
SYNACK_ACTION(CompleteOpenSilently, "no ACK", record_peer_syn(fsm, e.msg);
              fsm.vars.snd_una = e.msg.ack; fsm.vars.retries = 0; fsm.vars.rto_timer = 0;
              open_data(fsm))
// SYN-RECEIVED to ESTABLISHED on the ACK of our SYN (possibly a crossing SYN-ACK).
SYNACK_ACTION(TakeHandshakeAck, "", fsm.vars.retries = 0; fsm.vars.rto_timer = 0;
              take_ack(fsm, e.msg); open_data(fsm))
// The handshake's ACK carrying the client's first data.
SYNACK_ACTION(TakeHandshakeData, "deliver, send ACK", fsm.vars.retries = 0; fsm.vars.rto_timer = 0;
              take_ack(fsm, e.msg); open_data(fsm); deliver(fsm, e.msg.data);
              fsm.vars.rcv_nxt = wrap(fsm, fsm.vars.rcv_nxt + 1); ack_now(fsm))
// <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>: an unacceptable segment, or RFC 5961's challenge.
// A FIN that also acknowledges our SYN: the handshake completes and the peer closes.
SYNACK_ACTION(AcceptHandshakeFin, "send ACK", fsm.vars.snd_una = e.msg.ack; fsm.vars.retries = 0;
              fsm.vars.rto_timer = 0; open_data(fsm); take_fin(fsm, e.msg); ack_now(fsm))
SYNACK_ACTION(SendAck, "send ACK", ack_now(fsm))
// A reset for a segment that carries an ACK: <SEQ=SEG.ACK><CTL=RST>. Under the
// send_rst=false ablation the segment is dropped instead.
SYNACK_ACTION(ResetByAck, "send RST", if (fsm.params.send_rst) send(fsm, kRst, e.msg.ack, 0))
// A reset for one that does not: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
SYNACK_ACTION(ResetBySeq, "send RST-ACK",
              if (fsm.params.send_rst) send(fsm, kRst | kAck, 0, e.msg.seq + e.msg.seg_len()))
SYNACK_ACTION(SendData, "send data", send_data(fsm))
SYNACK_ACTION(RetransmitData, "resend data", ++fsm.vars.retries;
              send(fsm, kAck, fsm.vars.snd_una, fsm.vars.rcv_nxt,
                   socket_mode(fsm) ? fsm.vars.in_flight : 1);
              arm_rto(fsm))
SYNACK_ACTION(RetransmitFin, "resend FIN", ++fsm.vars.retries;
              send(fsm, kFin | kAck, fsm.vars.snd_una, fsm.vars.rcv_nxt); arm_rto(fsm))
// An ACK counts as accepted (for the stale-segment ghost) only when it acknowledges
// something new; RFC 9293 ignores a duplicate ACK.
SYNACK_ACTION(TakeAck, "", if (ahead(fsm, e.msg.ack, fsm.vars.snd_una) > 0) take_ack(fsm, e.msg))
SYNACK_ACTION(DeliverData, "deliver, send ACK", take_ack(fsm, e.msg); deliver(fsm, e.msg.data);
              fsm.vars.rcv_nxt = wrap(fsm, fsm.vars.rcv_nxt + e.msg.data_len()); ack_now(fsm))
SYNACK_ACTION(SendFin, "send FIN", send_fin(fsm))
SYNACK_ACTION(AcceptFin, "send ACK", take_fin(fsm, e.msg); ack_now(fsm))
// The merged-FIN ablation: the peer's FIN is answered with our own at once; whatever
// the application still had to send is dropped.
SYNACK_ACTION(AcceptFinMerged, "send FIN-ACK", take_fin(fsm, e.msg); fsm.vars.queued = 0;
              send_fin(fsm))
// Into TIME-WAIT: the 2MSL timer starts (and restarts on a retransmitted FIN).
SYNACK_ACTION(AcceptFinIntoTimeWait, "send ACK", take_fin(fsm, e.msg); ack_now(fsm);
              arm_time_wait(fsm))
SYNACK_ACTION(TakeAckIntoTimeWait, "", take_ack(fsm, e.msg); arm_time_wait(fsm))
SYNACK_ACTION(AckAgainInTimeWait, "send ACK, restart 2MSL", ack_now(fsm); arm_time_wait(fsm))
// How a connection ended, by the row that ended it: what properties ask about it is a
// spec monitor's to record (properties/tcp_history.cpp), not the endpoint's.
SYNACK_ACTION(FinalAck, "delete TCB", forget(fsm))
SYNACK_ACTION(CloseCleanly, "delete TCB", forget(fsm))
SYNACK_ACTION(ConnectFails, "delete TCB (connect fails)", forget(fsm))
SYNACK_ACTION(GiveUp, "delete TCB (retries exhausted)", forget(fsm))
SYNACK_ACTION(ResetOpen, "delete TCB (reset)", forget(fsm))

}  // namespace synack::machines::tcp::fn
