#include "toy_machine.hpp"

#include "synack/machine.hpp"

namespace toy::machine {

namespace msmf = boost::msm::front;

struct Msg {
  int pong = 0;
  int to = 0;
  BOOST_DESCRIBE_CLASS(Msg, (), (pong, to), (), ())
};

struct Idle : msmf::state<> {
  static constexpr const char* name = "IDLE";
};
struct Call : synack::app_call {
  static constexpr const char* name = "call";
};
struct RcvPing : synack::receive<Msg> {
  static constexpr const char* name = "rcv Ping";
  static bool matches(const Msg& m) { return m.pong == 0; }
};

SYNACK_GUARD(Below2, "count < 2", fsm.vars.count < 2)
SYNACK_ACTION(Count, "count, send Ping", fsm.vars.count = fsm.vars.count + 1;
              fsm.vars.phase = 1 - fsm.vars.phase;
              if (fsm.params.send_on_call)
                  fsm.send({0, fsm.vars.count % fsm.params.peers + fsm.params.port_offset}))
SYNACK_ACTION(Answer, "count, send Pong", fsm.vars.count = fsm.vars.count + 1; fsm.send({1, 0}))

struct Toy_ : synack::protocol_machine<Toy_, Msg> {
  using Params = toy::Params;
  struct Vars {
    int count = 0;  // calls and Pings received
    int phase = 0;  // flips on every call (named values)
    BOOST_DESCRIBE_CLASS(Vars, (), (count, phase), (), ())
  };
  static Vars var_bounds(const Params& p) { return {p.bound, p.phase_bound}; }
  static Msg message_bounds(const Params& p) { return {1, p.peers - 1}; }
  static std::vector<std::string> value_names(std::string_view var) {
    if (var == "phase") return {"OFF", "ON"};
    return {};
  }
  static int port(const Msg& m) { return m.to; }

  explicit Toy_(const Params& p) : params(p) {}
  Params params;
  Vars vars;
  using initial_state = Idle;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start  Event    Next        Action  Guard
  msmf::Row < Idle , Call   , msmf::none, Count , Below2     >,
  msmf::Row < Idle , RcvPing, msmf::none, Answer, msmf::none >
  > {};
  // clang-format on
};

}  // namespace toy::machine

std::shared_ptr<const synack::Machine> toy::make_toy(const Params& p) {
  return synack::make_machine<machine::Toy_>("toy", p);
}
