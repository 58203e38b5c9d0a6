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

}  // namespace mistake::machine

std::shared_ptr<const synack::Machine> mistake::make_meter(const Params& p) {
  return synack::make_machine<machine::Meter_>("meter", p);
}

void mistake::reset_global() {
  machine::g_ticks = 0;
}
