#include "timer_machine.hpp"

#include "synack/machine.hpp"

namespace timers::machine {

namespace msmf = boost::msm::front;

template <class V>
struct MsgT {
  V ack = 0;  // 0: Req, 1: Ack
  BOOST_DESCRIBE_CLASS(MsgT, (), (ack), (), ())
};
using Msg = MsgT<int>;

struct Idle : msmf::state<> {
  static constexpr const char* name = "IDLE";
};
struct Waiting : msmf::state<> {
  static constexpr const char* name = "WAITING";
};
struct Done : msmf::state<> {
  static constexpr const char* name = "DONE";
};
struct Ready : msmf::state<> {
  static constexpr const char* name = "READY";
};
struct Send : synack::app_call {
  static constexpr const char* name = "send";
};
struct Retry : synack::timer {
  static constexpr const char* name = "retry";
};
struct GiveUp : synack::timer {
  static constexpr const char* name = "give up";
};
struct RcvReq : synack::receive<Msg> {
  static constexpr const char* name = "rcv Req";
  template <class M>
  static auto matches(const M& m) {
    return m.ack == 0;
  }
};
struct RcvAck : synack::receive<Msg> {
  static constexpr const char* name = "rcv Ack";
  template <class M>
  static auto matches(const M& m) {
    return m.ack != 0;
  }
};

SYNACK_GUARD(Due, "due", fsm.vars.retry_timer == 1)
SYNACK_GUARD(TriesLeft, "tries left", fsm.vars.tries < 2)
SYNACK_GUARD(NoTriesLeft, "no tries left", fsm.vars.tries == 2)
SYNACK_ACTION(SendReq, "send Req, arm", fsm.send(MsgT<synack::value_of<F>>{0});
              fsm.vars.retry_timer = fsm.params.arm ? 2 : 0)
SYNACK_ACTION(Resend, "resend Req, arm", fsm.send(MsgT<synack::value_of<F>>{0});
              fsm.vars.tries = fsm.vars.tries + 1; fsm.vars.retry_timer = 2)
SYNACK_ACTION(Disarm, "disarm", fsm.vars.retry_timer = 0)
SYNACK_ACTION(SendAck, "send Ack", fsm.send(MsgT<synack::value_of<F>>{1}))

template <class V>
struct SenderVarsT {
  V tries = 0;
  V retry_timer = 0;
  V& first_var() { return tries; }
  BOOST_DESCRIBE_CLASS(SenderVarsT, (), (tries, retry_timer), (), ())
};

template <class V>
struct AckerVarsT {
  V unused = 0;
  V& first_var() { return unused; }
  BOOST_DESCRIBE_CLASS(AckerVarsT, (), (unused), (), ())
};

struct Sender_ : synack::protocol_machine<Sender_, Msg> {
  using Params = timers::Params;
  template <class V>
  using generic_vars = SenderVarsT<V>;
  template <class V>
  using generic_message = MsgT<V>;
  using Vars = SenderVarsT<int>;
  static Vars var_bounds(const Params&) { return {2, 2}; }
  static Msg message_bounds(const Params&) { return {1}; }
  explicit Sender_(const Params& p) : params(p) {}
  Params params;
  Vars vars;
  using initial_state = Idle;
  using end_states = boost::mpl::vector<Done>;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start    Event   Next        Action   Guard
  msmf::Row < Idle   , Send  , Waiting   , SendReq, msmf::none                   >,
  msmf::Row < Waiting, Retry , msmf::none, Resend , synack::All<Due, TriesLeft>   >,
  msmf::Row < Waiting, GiveUp, Done      , Disarm , synack::All<Due, NoTriesLeft> >,
  msmf::Row < Waiting, RcvAck, Done      , Disarm , msmf::none                   >
  > {};
  // clang-format on
};

struct Acker_ : synack::protocol_machine<Acker_, Msg> {
  struct Params {};
  template <class V>
  using generic_vars = AckerVarsT<V>;
  template <class V>
  using generic_message = MsgT<V>;
  using Vars = AckerVarsT<int>;
  static Vars var_bounds(const Params&) { return {0}; }
  static Msg message_bounds(const Params&) { return {1}; }
  explicit Acker_(const Params& p) : params(p) {}
  Params params;
  Vars vars;
  using initial_state = Ready;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start  Event   Next        Action   Guard
  msmf::Row < Ready, RcvReq, msmf::none, SendAck, msmf::none >
  > {};
  // clang-format on
};

}  // namespace timers::machine

std::shared_ptr<const synack::Machine> timers::make_sender(const Params& p) {
  return synack::make_machine<machine::Sender_>("retrier", p);
}

std::shared_ptr<const synack::Machine> timers::make_acker() {
  return synack::make_machine<machine::Acker_>("acker", {});
}
