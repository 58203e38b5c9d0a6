#include "mistake_machine.hpp"

#include <stdexcept>

#include "synack/machine.hpp"

namespace mistake::machine {

namespace msmf = boost::msm::front;

struct Msg {
  int unused = 0;
  BOOST_DESCRIBE_CLASS(Msg, (), (unused), (), ())
};

struct Idle : msmf::state<> {
  static constexpr const char* name = "IDLE";
};
struct Running : msmf::state<> {
  static constexpr const char* name = "RUNNING";
};
struct Start : synack::app_call {
  static constexpr const char* name = "start";
};
struct Tick : synack::timer {
  static constexpr const char* name = "tick";
};

int g_ticks = 0;  // the mistake kGlobal makes: state no engine can see

template <class M>
bool below(M& fsm) {
  switch (fsm.params.kind) {
    case Kind::kThrowInGuard:
      if (fsm.vars.count == 1) throw std::runtime_error("boom in guard");
      break;
    case Kind::kThrowInternal:
      if (fsm.vars.count == 1) throw synack::InternalError("synack's own");
      break;
    case Kind::kHiddenMember:
      return fsm.hidden < 2 && fsm.vars.count < 3;
    case Kind::kGlobal:
      return ++g_ticks % 2 == 0 && fsm.vars.count < 3;
    default:
      break;
  }
  return fsm.vars.count < 3;
}

template <class M>
void count_up(M& fsm) {
  if (fsm.params.kind == Kind::kThrowInAction && fsm.vars.count == 2) throw 42;
  fsm.hidden = fsm.hidden + 1;
  fsm.vars.count = fsm.vars.count + 1;
}

SYNACK_GUARD(Below3, "below 3", below(fsm))
SYNACK_ACTION(Begin, "begin", fsm.vars.count = 0)
SYNACK_ACTION(CountUp, "count up", count_up(fsm))

struct Meter_ : synack::protocol_machine<Meter_, Msg> {
  using Params = mistake::Params;
  struct Vars {
    int count = 0;
    BOOST_DESCRIBE_CLASS(Vars, (), (count), (), ())
  };
  static Vars var_bounds(const Params&) { return {3}; }
  static Msg message_bounds(const Params&) { return {0}; }

  explicit Meter_(const Params& p) : params(p) {}
  Params params;
  Vars vars;
  int hidden = 0;  // the mistake kHiddenMember makes: outside Vars
  using initial_state = Idle;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start    Event  Next        Action   Guard
  msmf::Row < Idle   , Start, Running   , Begin  , msmf::none >,
  msmf::Row < Running, Tick , msmf::none, CountUp, Below3     >
  > {};
  // clang-format on
};

// The meter, value-generic: the guard and the action run over SymInt for the Z3 engines.
template <class V>
struct CountT {
  V count = 0;
  BOOST_DESCRIBE_CLASS(CountT, (), (count), (), ())
};
template <class V>
struct UnusedT {
  V unused = 0;
  BOOST_DESCRIBE_CLASS(UnusedT, (), (unused), (), ())
};

template <class M>
auto below_generic(M& fsm) {
  if (fsm.params.kind == Kind::kThrowInGuard && fsm.vars.count == 1)
    throw std::runtime_error("boom in guard");
  return fsm.vars.count < 3;
}

template <class M>
void count_up_generic(M& fsm) {
  if (fsm.params.kind == Kind::kThrowInAction && fsm.vars.count == 2) throw 42;
  fsm.vars.count = fsm.vars.count + 1;
}

SYNACK_GUARD(GenericBelow3, "below 3", below_generic(fsm))
SYNACK_ACTION(GenericCountUp, "count up", count_up_generic(fsm))

struct GenericMeter_ : synack::protocol_machine<GenericMeter_, UnusedT<int>> {
  using Params = mistake::Params;
  template <class V>
  using generic_vars = CountT<V>;
  template <class V>
  using generic_message = UnusedT<V>;
  using Vars = CountT<int>;
  static Vars var_bounds(const Params&) { return {3}; }
  static UnusedT<int> message_bounds(const Params&) { return {0}; }

  explicit GenericMeter_(const Params& p) : params(p) {}
  Params params;
  Vars vars;
  using initial_state = Idle;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start    Event  Next        Action          Guard
  msmf::Row < Idle   , Start, Running   , Begin         , msmf::none    >,
  msmf::Row < Running, Tick , msmf::none, GenericCountUp, GenericBelow3 >
  > {};
  // clang-format on
};

// The sender, whose port() throws for a Note to peer 1.
struct Note {
  int peer = 0;
  BOOST_DESCRIBE_CLASS(Note, (), (peer), (), ())
};
struct Done : msmf::state<> {
  static constexpr const char* name = "DONE";
};

SYNACK_ACTION(SendNote, "send Note", fsm.send(Note{fsm.params.kind == Kind::kThrowInPort ? 1 : 0}))

struct Sender_ : synack::protocol_machine<Sender_, Note> {
  using Params = mistake::Params;
  struct Vars {
    int sent = 0;
    BOOST_DESCRIBE_CLASS(Vars, (), (sent), (), ())
  };
  static Vars var_bounds(const Params&) { return {0}; }
  static Note message_bounds(const Params&) { return {1}; }
  static int port(const Note& n) {
    if (n.peer == 1) throw std::out_of_range("no port for peer 1");
    return 0;
  }

  explicit Sender_(const Params& p) : params(p) {}
  Params params;
  Vars vars;
  using initial_state = Idle;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start  Event  Next  Action    Guard
  msmf::Row < Idle , Start, Done, SendNote, msmf::none >
  > {};
  // clang-format on
};

}  // namespace mistake::machine

std::shared_ptr<const synack::Machine> mistake::make_meter(const Params& p) {
  return synack::make_machine<machine::Meter_>("meter", p);
}

std::shared_ptr<const synack::Machine> mistake::make_generic_meter(const Params& p) {
  return synack::make_machine<machine::GenericMeter_>("meter", p);
}

std::shared_ptr<const synack::Machine> mistake::make_sender(const Params& p) {
  return synack::make_machine<machine::Sender_>("sender", p);
}

void mistake::reset_global() {
  machine::g_ticks = 0;
}
