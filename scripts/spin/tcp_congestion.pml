/*
 * tcp_congestion.pml: a Promela twin of synack's bundled scenario tcp/congestion
 * (properties/tcp_flow.cpp, machines/tcp/flow/congestion_machines.hpp), written so that
 * SPIN and synack's explicit engine see the very same state graph: the same reachable
 * states and the same transitions. scripts/bench_spin.sh compares the two tools on it
 * and fails if the counts ever differ.
 *
 * Parameters (give them to spin as -DCAP=3 and so on):
 *   CAP   channel.capacity: messages each direction can hold in flight (default 2)
 *   W     tcp.window: the receiver's window in segments, 4..6 (default 4)
 *   DUPS  channel.duplicates: duplications each channel may make over a run (default 0)
 *   LOSSY channel.lossy: 1 (the scenario's default) or 0
 *
 * The state. synack's state vector is: the sender's control state and its 8 variables,
 * the receiver's rcv_nxt (its control state has one value and adds nothing), per channel
 * CAP slots (0 = empty, else message + 1, messages always a prefix) plus a duplication
 * counter when DUPS > 0, and the 3 variables of the spec monitor sender_history
 * (properties/tcp_flow.cpp), which the properties read and which are state too. The
 * globals below are exactly these, nothing more; scratch variables are `hidden`, which
 * keeps them out of SPIN's state vector. Messages are numbered as synack's FlowCodec numbers them: DATA
 * s is s, an ACK for a is 2W + 1 + a (the probe, 2W, is never sent here).
 *
 * The steps. One process, always at the head of one do-loop whose every alternative is
 * a d_step, so one alternative is one indivisible transition and the process's program
 * counter is the same in every reachable state: SPIN's stored states are then exactly
 * synack's states. Each alternative is one of synack's transition groups
 * (checker/system_build.cpp), enabled exactly when synack's System::apply returns true
 * for it (checker/system.cpp, checker/channel.cpp):
 *   - sender.send: the `send` environment event, when a row of the sender's table takes
 *     it (guard CanSend);
 *   - sender.RTO: the timer, untimed, so it may expire whenever its guard holds
 *     (Outstanding);
 *   - s2r.deliver[0], r2s.deliver[0]: the channels are FIFO (the scenario forces
 *     channel.ordered), so only the head is delivered. The receiver takes every DATA. An
 *     ACK no row of the sender accepts (an old one) is discarded, and on a lossy channel
 *     synack leaves that step to the lose group (the successor is the same), so here the
 *     delivery is enabled only when the sender accepts the ACK. Without loss, a discarded
 *     delivery is a step of its own;
 *   - s2r.lose[k], r2s.lose[k]: any message may be lost, but a position holding the same
 *     message as the one before it is skipped (Channel::distinct_at), as synack skips it;
 *   - s2r.duplicate[k], r2s.duplicate[k] (DUPS > 0): the copy goes right behind the
 *     original, within the budget and when the channel has room; equal neighbours are
 *     skipped as for loss.
 * A message sent into a full lossy channel is dropped and the step still happens; into a
 * full reliable one, the step cannot happen (System::push). The actions follow the
 * transition table's rows statement by statement, in their order (the guards read the
 * variables before the action runs). The monitor observes each step after it: its rules
 * set `last` on every step that changes the sender (NONE, unless the step is a timeout,
 * fast retransmit or the end of recovery), and loss_flight and prev_ssthresh on the loss
 * events; here each row ends with what the rules set for it (observe_*), reading the
 * values before the row ran. There is no clock tick: the channels are untimed and the
 * sender has no countdown timer.
 *
 * SPIN settings: spin -o2 keeps variables that are written and never read in the state
 * vector (by default SPIN drops them; the ghosts this twin had before the monitor were
 * such, and every variable is read now, so the counts are the same without it), and
 * pan built with -DSAFETY (no cycle search) and -DNOREDUCE. The invariant synack's
 * benchmark checks (timeout-resets-window) is asserted by an alternative enabled only
 * where it fails, so it adds no transition.
 *
 * What was checked (before the ghosts became the monitor, and again after it at CAP
 * 1 to 3): SPIN's "states, stored" equals synack's states, and SPIN's
 * "transitions" equals synack's transitions + 1 (SPIN counts the step into the initial
 * state as well), with W = 4, DUPS = 0, LOSSY = 1 and CAP = 1 .. 5 (54836 to 63395782 states,
 * scripts/bench_spin.sh, which fails on any difference); and, once, for CAP 2 with DUPS
 * 1 (2587328 states), CAP 1 with DUPS 2, LOSSY 0 with CAP 2 and 3 and with DUPS 1, and
 * W 5 at CAP 2 (854656 states).
 */

#ifndef CAP
#define CAP 2
#endif
#ifndef W
#define W 4
#endif
#ifndef DUPS
#define DUPS 0
#endif
#ifndef LOSSY
#define LOSSY 1
#endif

#define S      (2 * W)          /* segment numbers run modulo 2W */
#define ACKMSG(a) (S + 1 + (a)) /* FlowCodec's number for an ACK of a */

/* The sender's control states. */
#define SLOW_START   0
#define AVOIDANCE    1
#define FAST_RECOVERY 2

/* ---- state (exactly synack's slots) ------------------------------------------------ */
byte sstate = SLOW_START;
byte snd_una = 0, snd_nxt = 0, snd_max = 0;
byte cwnd = 1;
byte ssthresh = W;              /* the sender's constructor sets it to the window */
byte dupacks = 0, acked = 0, timer_resent = 0;
byte rcv_nxt = 0;
byte s2r[CAP];                  /* sender to receiver: DATA */
byte r2s[CAP];                  /* receiver to sender: ACKs */
#if DUPS > 0
byte s2r_dups = 0, r2s_dups = 0;
#endif
/* the monitor sender_history: the last event among the sender's steps, the FlightSize
 * the last loss event found, ssthresh before the last timeout */
#define NONE             0
#define TIMEOUT          1
#define REPEATED_TIMEOUT 2
#define FAST_RETRANSMIT  3
#define RECOVERY_END     4
byte last = NONE;
byte loss_flight = 0, prev_ssthresh = 0;

/* ---- scratch, outside the state vector ----------------------------------------------- */
hidden byte i, a, m, fl;
hidden byte repeated, ok;

/* ---- the sender's arithmetic (congestion_machines.hpp) ------------------------------- */
#define AHEAD(x, y)   (((x) + S - (y)) % S)
#define NEXT(x)       (((x) + 1) % S)
#define FLIGHT        AHEAD(snd_nxt, snd_una)
#define OUTSTANDING   AHEAD(snd_max, snd_una)
#define MIN(x, y)     ((x) < (y) -> (x) : (y))
#define MAX(x, y)     ((x) > (y) -> (x) : (y))
#define CAN_SEND      (FLIGHT < MIN(cwnd, W))
#define NEW_ACK(x)    (AHEAD(x, snd_una) > 0 && AHEAD(x, snd_una) <= OUTSTANDING)
#define DUP_ACK(x)    ((x) == snd_una && OUTSTANDING > 0)
/* Some row of the sender takes an ACK of x: in slow start and avoidance a duplicate is
 * either an early one or the third (dupacks never exceeds 2), in fast recovery any
 * duplicate inflates, and a new ACK is taken everywhere. */
#define TAKES_ACK(x)  (NEW_ACK(x) || DUP_ACK(x))
/* The only sender row that sends on an ACK is FastRetransmit: on a reliable channel it
 * needs a free slot in s2r, or the delivery cannot happen. */
#define SENDS_ON_ACK(x) (sstate != FAST_RECOVERY && DUP_ACK(x) && dupacks == 2)
/* The ACK field of an r2s slot (slot = message + 1). */
#define ACK_IN(v)     ((v) - 1 - S - 1)

/* ---- channels (checker/channel.cpp, FIFO) --------------------------------------------- */
/* These are cpp macros rather than inlines because Promela cannot pass an array to an
 * inline. Each is a deterministic loop, run inside the calling d_step. */
/* Channel::push: the first empty slot; a full lossy channel drops the message. */
#define PUSH(ch, msg) \
  i = 0; \
  do \
  :: i < CAP && ch[i] != 0 -> i++ \
  :: else -> break \
  od; \
  if \
  :: i < CAP -> ch[i] = (msg) + 1 \
  :: else -> assert(LOSSY) /* full and reliable: the step's guard excludes it */ \
  fi
/* Channel::remove: the messages behind position k move up one. */
#define REMOVE_AT(ch, k) \
  i = k; \
  do \
  :: i < CAP - 1 -> ch[i] = ch[i + 1]; i++ \
  :: else -> break \
  od; \
  ch[CAP - 1] = 0
/* Channel::duplicate: a copy right behind position k (the last slot is empty). */
#define DUPLICATE_AT(ch, k) \
  i = CAP - 1; \
  do \
  :: i > k -> ch[i] = ch[i - 1]; i-- \
  :: else -> break \
  od
/* Channel::distinct_at: a message at k that differs from the one before it. (k is a
 * literal; the index (k) - (k > 0) is k - 1 where it is read, and never negative even
 * in text that is not evaluated.) */
#define DISTINCT(ch, k)  (ch[k] != 0 && (k == 0 || ch[k] != ch[(k) - (k > 0)]))
/* Room for what a step sends: always on a lossy channel (it drops), else a free slot. */
#define ROOM(ch)         (LOSSY || ch[CAP - 1] == 0)

/* ---- the sender's actions, as its rows do them -------------------------------------- */
inline take_ack(x) {
  /* an ACK beyond SND.NXT (segments from before a timeout arrived after all) moves it */
  if
  :: AHEAD(x, snd_una) > FLIGHT -> snd_nxt = x
  :: else -> skip
  fi;
  snd_una = x; dupacks = 0; timer_resent = 0
}
/* RFC 5681 equation (4); the monitor records the FlightSize (fl, read before the row). */
inline halve() {
  ssthresh = MAX(fl / 2, 2)
}
inline send_new() {             /* row SendNew (guard CanSend) */
  PUSH(s2r, snd_nxt);
  if
  :: snd_nxt == snd_max -> snd_max = NEXT(snd_max)
  :: else -> skip
  fi;
  snd_nxt = NEXT(snd_nxt);
  last = NONE
}
inline rto_fires() {              /* row Timeout (guard Outstanding), to SLOW-START */
  repeated = (timer_resent == 1);
  fl = FLIGHT;
  prev_ssthresh = ssthresh;   /* the monitor, from the values before the row */
  if
  :: !repeated -> halve()
  :: else -> skip
  fi;
  cwnd = 1; dupacks = 0; acked = 0; timer_resent = 1;
  PUSH(s2r, snd_una);
  snd_nxt = NEXT(snd_una);
  if
  :: repeated -> last = REPEATED_TIMEOUT
  :: else -> last = TIMEOUT; loss_flight = fl
  fi;
  sstate = SLOW_START
}
inline take_ack_row(x) {        /* the sender's RcvAck rows, x accepted (TAKES_ACK) */
  if
  :: sstate == SLOW_START && NEW_ACK(x) ->
       /* GrowFast; to AVOIDANCE when cwnd + 1 >= ssthresh (read before the action) */
       if
       :: cwnd + 1 >= ssthresh -> sstate = AVOIDANCE
       :: else -> skip
       fi;
       take_ack(x);
       cwnd = MIN(cwnd + 1, W);
       last = NONE
  :: sstate == AVOIDANCE && NEW_ACK(x) ->       /* GrowSlowly */
       take_ack(x);
       acked = acked + 1;
       if
       :: acked >= cwnd -> acked = 0; cwnd = MIN(cwnd + 1, W)
       :: else -> skip
       fi;
       last = NONE
  :: sstate != FAST_RECOVERY && DUP_ACK(x) && dupacks < 2 ->   /* CountDup */
       dupacks = dupacks + 1;
       last = NONE
  :: sstate != FAST_RECOVERY && DUP_ACK(x) && dupacks == 2 ->  /* FastRetransmit */
       fl = FLIGHT;
       halve();
       PUSH(s2r, snd_una);
       cwnd = ssthresh + 3;
       dupacks = 0; acked = 0;
       last = FAST_RETRANSMIT; loss_flight = fl;
       sstate = FAST_RECOVERY
  :: sstate == FAST_RECOVERY && DUP_ACK(x) ->   /* Inflate */
       cwnd = MIN(cwnd + 1, W + 3);
       /* at W + 3 the row changes nothing and the monitor leaves `last`, which is NONE
        * already there (only Inflate rows, each setting NONE, get cwnd that high) */
       last = NONE
  :: sstate == FAST_RECOVERY && NEW_ACK(x) ->   /* Deflate, to AVOIDANCE */
       take_ack(x);
       cwnd = ssthresh; acked = 0;
       last = RECOVERY_END;
       sstate = AVOIDANCE
  fi
}

/* ---- the receiver (cumulative ACKs, nothing kept out of order) ------------------------ */
inline take_data(seq) {
  if
  :: seq == rcv_nxt -> rcv_nxt = NEXT(rcv_nxt)   /* AcceptSegment */
  :: else -> skip                                 /* DuplicateAck */
  fi;
  PUSH(r2s, ACKMSG(rcv_nxt))
}

/* ---- one step per alternative ------------------------------------------------------- */
#define LOSE(ch, k) \
  :: d_step { LOSSY && DISTINCT(ch, k) -> REMOVE_AT(ch, k) }
#if DUPS > 0
#define DUP(ch, k, used) \
  :: d_step { DISTINCT(ch, k) && used < DUPS && ch[CAP - 1] == 0 -> \
              DUPLICATE_AT(ch, k); used++ }
#else
#define DUP(ch, k, used)
#endif

/* The invariant synack's benchmark checks, property timeout-resets-window: right after a
 * timeout, cwnd = 1 and ssthresh = max(FlightSize / 2, 2), or ssthresh unchanged when the
 * timer had resent that segment already. Checked in every state by an alternative that is
 * enabled only where it fails (so it adds no transition where it holds). */
#define TIMEOUT_RESETS_WINDOW \
  ((last != TIMEOUT || (cwnd == 1 && ssthresh == MAX(loss_flight / 2, 2))) && \
   (last != REPEATED_TIMEOUT || (cwnd == 1 && ssthresh == prev_ssthresh)))

active proctype system() {
end:
  do
  :: d_step { CAN_SEND && ROOM(s2r) -> send_new() }
  :: d_step { OUTSTANDING > 0 && ROOM(s2r) -> rto_fires() }
  :: d_step { s2r[0] != 0 && ROOM(r2s) ->
       m = s2r[0] - 1; REMOVE_AT(s2r, 0); take_data(m) }
  :: d_step { r2s[0] != 0 && (TAKES_ACK(ACK_IN(r2s[0])) || !LOSSY) &&
              (!SENDS_ON_ACK(ACK_IN(r2s[0])) || ROOM(s2r)) ->
       a = ACK_IN(r2s[0]); ok = TAKES_ACK(a); REMOVE_AT(r2s, 0);
       if
       :: ok -> take_ack_row(a)
       :: else -> skip        /* discarded: a step of its own on a reliable channel */
       fi }
  /* one loss and one duplication alternative per position, as many as CAP */
  LOSE(s2r, 0) LOSE(r2s, 0) DUP(s2r, 0, s2r_dups) DUP(r2s, 0, r2s_dups)
#if CAP > 1
  LOSE(s2r, 1) LOSE(r2s, 1) DUP(s2r, 1, s2r_dups) DUP(r2s, 1, r2s_dups)
#endif
#if CAP > 2
  LOSE(s2r, 2) LOSE(r2s, 2) DUP(s2r, 2, s2r_dups) DUP(r2s, 2, r2s_dups)
#endif
#if CAP > 3
  LOSE(s2r, 3) LOSE(r2s, 3) DUP(s2r, 3, s2r_dups) DUP(r2s, 3, r2s_dups)
#endif
#if CAP > 4
  LOSE(s2r, 4) LOSE(r2s, 4) DUP(s2r, 4, s2r_dups) DUP(r2s, 4, r2s_dups)
#endif
#if CAP > 5
  LOSE(s2r, 5) LOSE(r2s, 5) DUP(s2r, 5, s2r_dups) DUP(r2s, 5, r2s_dups)
#endif
  :: d_step { !TIMEOUT_RESETS_WINDOW -> assert(TIMEOUT_RESETS_WINDOW) }
  od
}
