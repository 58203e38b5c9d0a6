#include "deep_global_machine.hpp"

#include "synack/machine.hpp"

namespace deep_global::machine {

namespace msmf = boost::msm::front;

struct Msg {
  int unused = 0;
  BOOST_DESCRIBE_CLASS(Msg, (), (unused), (), ())
};

struct Walking : msmf::state<> {
  static constexpr const char* name = "WALKING";
};
struct StepX : synack::app_call {
  static constexpr const char* name = "step_x";
};
struct StepY : synack::app_call {
  static constexpr const char* name = "step_y";
};
struct StepZ : synack::app_call {
  static constexpr const char* name = "step_z";
};
struct Poke : synack::app_call {
  static constexpr const char* name = "poke";
};

// The mistake: the place of the last poke, kept outside Vars (per thread, so that each
// step's two runs see each other, whatever other threads run meanwhile).
thread_local int t_last_poke = -1;

template <class M>
bool poked_here_before(M& fsm) {
  const auto& v = fsm.vars;
  if (v.x + v.y + v.z < kDeep) return false;
  const int here = (v.x * 32 + v.y) * 32 + v.z;
  const bool again = here == t_last_poke;
  t_last_poke = here;
  return again;
}

SYNACK_GUARD(BelowX, "x below 31", fsm.vars.x < 31)
SYNACK_GUARD(BelowY, "y below 31", fsm.vars.y < 31)
SYNACK_GUARD(BelowZ, "z below 31", fsm.vars.z < 31)
SYNACK_GUARD(PokedHereBefore, "poked here before", poked_here_before(fsm))
SYNACK_ACTION(UpX, "x up", ++fsm.vars.x)
SYNACK_ACTION(UpY, "y up", ++fsm.vars.y)
SYNACK_ACTION(UpZ, "z up", ++fsm.vars.z)

struct Walker_ : synack::protocol_machine<Walker_, Msg> {
  struct Params {};
  struct Vars {
    int x = 0;
    int y = 0;
    int z = 0;
    BOOST_DESCRIBE_CLASS(Vars, (), (x, y, z), (), ())
  };
  static Vars var_bounds(const Params&) { return {31, 31, 31}; }
  static Msg message_bounds(const Params&) { return {0}; }

  explicit Walker_(const Params& p) : params(p) {}
  Params params;
  Vars vars;
  using initial_state = Walking;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start    Event  Next        Action      Guard
  msmf::Row < Walking, StepX, msmf::none, UpX       , BelowX          >,
  msmf::Row < Walking, StepY, msmf::none, UpY       , BelowY          >,
  msmf::Row < Walking, StepZ, msmf::none, UpZ       , BelowZ          >,
  msmf::Row < Walking, Poke , msmf::none, msmf::none, PokedHereBefore >
  > {};
  // clang-format on
};

}  // namespace deep_global::machine

std::shared_ptr<const synack::Machine> deep_global::make_walker() {
  return synack::make_machine<machine::Walker_>("walker", {});
}
