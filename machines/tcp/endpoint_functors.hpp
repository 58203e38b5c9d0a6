// Guards and actions of the TCP endpoint (RFC 9293 section 3.10), written once as
// functors over the front-end's variables and the arriving segment. The transition table
// in endpoint_machine.hpp names them; read it first.
#pragma once

#include "machines/tcp/segment.hpp"
#include "machines/tcp/tcp.hpp"

namespace synack::machines::tcp::fn {

template <class F>
int wrap(const F& fsm, int v) {
  int m = fsm.params.seq_space;
  return ((v % m) + m) % m;
}

// ---- guards ---------------------------------------------------------------------------

#define SYNACK_GUARD(Name, Label, ...)                  \
  struct Name {                                         \
    static constexpr const char* name = Label;          \
    template <class E, class F, class S, class T>       \
    bool operator()(const E& e, F& fsm, S&, T&) const { \
      (void)e;                                          \
      return __VA_ARGS__;                               \
    }                                                   \
  };

SYNACK_GUARD(CanOpen, "incarnations left", fsm.vars.incarnation < fsm.params.incarnations)
SYNACK_GUARD(CanRetry, "retries left", fsm.vars.retries < fsm.params.max_retries)
SYNACK_GUARD(RetriesExhausted, "retries exhausted", fsm.vars.retries >= fsm.params.max_retries)
SYNACK_GUARD(ThreeWay, "three-way", fsm.params.handshake == Handshake::kThreeWay)
SYNACK_GUARD(TwoWay, "two-way", fsm.params.handshake == Handshake::kTwoWay)
SYNACK_GUARD(Passive, "passive open", fsm.vars.passive == 1)
SYNACK_GUARD(Active, "active open", fsm.vars.passive == 0)
// SND.UNA < SEG.ACK =< SND.NXT, with only the SYN outstanding.
SYNACK_GUARD(AckIsOurs, "SEG.ACK == SND.NXT", e.msg.ack == fsm.vars.snd_nxt)
// RCV.NXT =< SEG.SEQ < RCV.NXT + RCV.WND with a window of one (RFC 5961's exact match).
SYNACK_GUARD(SeqInWindow, "SEG.SEQ == RCV.NXT", e.msg.seq == fsm.vars.rcv_nxt)
SYNACK_GUARD(IsPeersSyn, "SEG.SEQ == IRS", e.msg.seq == fsm.vars.irs)
// In SYN-SENT a RST counts only when it acknowledges our SYN.
SYNACK_GUARD(RstAcksOurSyn, "RST acks our SYN", e.msg.has(kAck) && e.msg.ack == fsm.vars.snd_nxt)

#undef SYNACK_GUARD

// ---- actions --------------------------------------------------------------------------

template <class F>
void send(F& fsm, std::uint8_t flags, int seq, int ack) {
  fsm.send(Segment{flags, wrap(fsm, seq), flags & kAck ? wrap(fsm, ack) : 0});
}

// Forget the connection: the TCB is deleted. The ISN clock and the incarnation count
// belong to the host, not the connection, and survive.
template <class F>
void forget(F& fsm) {
  auto& v = fsm.vars;
  v.iss = v.irs = v.snd_nxt = v.rcv_nxt = v.retries = v.passive = v.peer_syn_seen = 0;
}

template <class F>
void choose_iss(F& fsm) {
  fsm.vars.iss = fsm.vars.isn_clock;
  fsm.vars.isn_clock = wrap(fsm, fsm.vars.isn_clock + fsm.params.isn_step);
  fsm.vars.snd_nxt = wrap(fsm, fsm.vars.iss + 1);
}

template <class F>
void record_peer_syn(F& fsm, const Segment& syn) {
  fsm.vars.irs = syn.seq;
  fsm.vars.rcv_nxt = wrap(fsm, syn.seq + 1);
  fsm.vars.peer_syn_seen = 1;
}

#define SYNACK_ACTION(Name, Label, ...)                 \
  struct Name {                                         \
    static constexpr const char* name = Label;          \
    template <class E, class F, class S, class T>       \
    void operator()(const E& e, F& fsm, S&, T&) const { \
      (void)e;                                          \
      __VA_ARGS__;                                      \
    }                                                   \
  };

SYNACK_ACTION(OpenActive, "send SYN", forget(fsm); ++fsm.vars.incarnation; choose_iss(fsm);
              send(fsm, kSyn, fsm.vars.iss, 0))
SYNACK_ACTION(RetransmitSyn, "resend SYN", ++fsm.vars.retries; send(fsm, kSyn, fsm.vars.iss, 0))
SYNACK_ACTION(Forget, "delete TCB", forget(fsm))
SYNACK_ACTION(AcceptSyn, "send SYN-ACK", forget(fsm); fsm.vars.passive = 1;
              record_peer_syn(fsm, e.msg); choose_iss(fsm);
              send(fsm, kSyn | kAck, fsm.vars.iss, fsm.vars.rcv_nxt))
SYNACK_ACTION(AnswerCrossingSyn, "send SYN-ACK", record_peer_syn(fsm, e.msg);
              send(fsm, kSyn | kAck, fsm.vars.iss, fsm.vars.rcv_nxt))
SYNACK_ACTION(ResendSynAck, "resend SYN-ACK",
              send(fsm, kSyn | kAck, fsm.vars.iss, fsm.vars.rcv_nxt))
SYNACK_ACTION(RetransmitSynAck, "resend SYN-ACK", ++fsm.vars.retries;
              send(fsm, kSyn | kAck, fsm.vars.iss, fsm.vars.rcv_nxt))
SYNACK_ACTION(CompleteOpen, "send ACK", record_peer_syn(fsm, e.msg);
              send(fsm, kAck, fsm.vars.snd_nxt, fsm.vars.rcv_nxt))
SYNACK_ACTION(CompleteOpenSilently, "no ACK", record_peer_syn(fsm, e.msg))
// <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>: an unacceptable segment, or RFC 5961's challenge.
SYNACK_ACTION(SendAck, "send ACK", send(fsm, kAck, fsm.vars.snd_nxt, fsm.vars.rcv_nxt))
// A reset for a segment that carries an ACK: <SEQ=SEG.ACK><CTL=RST>. Under the
// send_rst=false ablation the segment is dropped instead.
SYNACK_ACTION(ResetByAck, "send RST", if (fsm.params.send_rst) send(fsm, kRst, e.msg.ack, 0))
// A reset for one that does not: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> (a SYN counts 1).
SYNACK_ACTION(ResetBySeq, "send RST-ACK",
              if (fsm.params.send_rst) send(fsm, kRst | kAck, 0, e.msg.seq + 1))

#undef SYNACK_ACTION

}  // namespace synack::machines::tcp::fn
