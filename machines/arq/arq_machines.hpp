// The alternating-bit sender and receiver as Boost.MSM front-ends. Read the two
// transition tables first; the guards and actions above them are one line each. Both
// are generic over the value type (int, or SymInt for the Z3 engines' interpreter).
//
// Include only from sender.cpp and receiver.cpp.
#pragma once

#include <boost/describe.hpp>
#include <boost/mpl/vector.hpp>

#include "machines/arq/frame.hpp"
#include "machines/combinators.hpp"
#include "machines/functor_macros.hpp"
#include "machines/machine_base.hpp"

namespace synack::machines::arq {

namespace msmf = boost::msm::front;

// ---- states and events ---------------------------------------------------------------

struct Ready : msmf::state<> {
  static constexpr const char* name = "READY";
};
struct WaitAck : msmf::state<> {
  static constexpr const char* name = "WAIT-ACK";
};
struct Done : msmf::state<> {
  static constexpr const char* name = "DONE";
};
struct Receiving : msmf::state<> {
  static constexpr const char* name = "RECEIVING";
};

struct Send : app_call {
  static constexpr const char* name = "send";
};
struct Timeout : timer {
  static constexpr const char* name = "timeout";
};
struct RcvAck : receive<Frame> {
  static constexpr const char* name = "rcv ACK";
  template <class M>
  static auto matches(const M& f) {
    return f.ack != 0;
  }
};
struct RcvData : receive<Frame> {
  static constexpr const char* name = "rcv DATA";
  template <class M>
  static auto matches(const M& f) {
    return f.ack == 0;
  }
};
// ---- sender ---------------------------------------------------------------------------

// Without the sequence bit every ACK looks like the one awaited.
SYNACK_GUARD(AckMatches, "ACK for this frame", !fsm.params.seq_bit || e.msg.bit == fsm.vars.bit)
SYNACK_GUARD(MoreToSend, "more messages", fsm.vars.next + 1 < fsm.params.messages)
SYNACK_GUARD(LastMessage, "last message", fsm.vars.next + 1 == fsm.params.messages)

template <class F>
void send_current(F& fsm) {
  fsm.send(FrameT<value_of<F>>{false, fsm.vars.bit, fsm.vars.next});
}

SYNACK_ACTION(SendFrame, "send DATA", send_current(fsm))
SYNACK_ACTION(Resend, "resend DATA", send_current(fsm))
// The bit flips (1 - bit: it is 0 or 1).
SYNACK_ACTION(NextMessage, "next message", fsm.vars.next = fsm.vars.next + 1;
              if (fsm.params.seq_bit) fsm.vars.bit = 1 - fsm.vars.bit)

template <class V>
struct SenderVarsT {
  V next = 0;  // the message being sent (messages once all are acknowledged)
  V bit = 0;   // its alternating bit
  V& first_var() { return next; }
  BOOST_DESCRIBE_CLASS(SenderVarsT, (), (next, bit), (), ())
};

// What a frame's fields range over, as the codec spans them.
inline Frame frame_bounds(const Params& p) {
  return {true, 1, p.messages - 1};
}

struct Sender_ : protocol_machine<Sender_, Frame> {
  using Params = arq::Params;
  template <class V>
  using generic_vars = SenderVarsT<V>;
  template <class V>
  using generic_message = FrameT<V>;
  using Vars = SenderVarsT<int>;
  using Codec = FrameCodec;
  explicit Sender_(const Params& p) : params(p) {}
  static Vars var_bounds(const Params& p) { return {p.messages, 1}; }
  static Frame message_bounds(const Params& p) { return frame_bounds(p); }
  Params params;
  Vars vars;
  using initial_state = Ready;
  using end_states = boost::mpl::vector<Done>;
  template <class... G>
  using all = All<G...>;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start    Event    Next        Action       Guard
  msmf::Row < Ready  , Send   , WaitAck   , SendFrame  , msmf::none                   >,
  msmf::Row < WaitAck, Timeout, msmf::none, Resend     , msmf::none                   >,
  msmf::Row < WaitAck, RcvAck , Ready     , NextMessage, all<AckMatches, MoreToSend>  >,
  msmf::Row < WaitAck, RcvAck , Done      , NextMessage, all<AckMatches, LastMessage> >
  > {};
  // clang-format on
};

// ---- receiver -------------------------------------------------------------------------

// Without the sequence bit every frame looks new.
SYNACK_GUARD(NewFrame, "new frame", !fsm.params.seq_bit || e.msg.bit == fsm.vars.expected)
SYNACK_GUARD(OldFrame, "duplicate frame", fsm.params.seq_bit&& e.msg.bit != fsm.vars.expected)

// Hands the payload to the application and acknowledges the frame. What the application
// got, in which order, is kept by a monitor beside the receiver (properties/arq.cpp).
template <class F, class M>
void deliver(F& fsm, const M& frame) {
  if (fsm.params.seq_bit) fsm.vars.expected = 1 - fsm.vars.expected;
  fsm.send(FrameT<value_of<F>>{true, frame.bit, 0});
}

SYNACK_ACTION(Deliver, "deliver, send ACK", deliver(fsm, e.msg))
SYNACK_ACTION(AckAgain, "send ACK again", fsm.send(FrameT<value_of<F>>{true, e.msg.bit, 0}))

template <class V>
struct ReceiverVarsT {
  V expected = 0;  // the bit of the next new frame
  V& first_var() { return expected; }
  BOOST_DESCRIBE_CLASS(ReceiverVarsT, (), (expected), (), ())
};

struct Receiver_ : protocol_machine<Receiver_, Frame> {
  using Params = arq::Params;
  template <class V>
  using generic_vars = ReceiverVarsT<V>;
  template <class V>
  using generic_message = FrameT<V>;
  using Vars = ReceiverVarsT<int>;
  using Codec = FrameCodec;
  explicit Receiver_(const Params& p) : params(p) {}
  static Vars var_bounds(const Params&) { return {1}; }
  static Frame message_bounds(const Params& p) { return frame_bounds(p); }
  Params params;
  Vars vars;
  using initial_state = Receiving;
  using end_states = boost::mpl::vector<Receiving>;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start      Event    Next        Action    Guard
  msmf::Row < Receiving, RcvData, msmf::none, Deliver , NewFrame >,
  msmf::Row < Receiving, RcvData, msmf::none, AckAgain, OldFrame >
  > {};
  // clang-format on
};

}  // namespace synack::machines::arq
