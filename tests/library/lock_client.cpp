// A client of lock_machines.hpp: IDLE --want / Acquire--> WAITING --rcv Grant--> HOLDING
// --done / Release--> IDLE.
#include "lock_machines.hpp"
#include "synack/machine.hpp"

namespace lock::client {

namespace msmf = boost::msm::front;

struct Idle : msmf::state<> {
  static constexpr const char* name = "IDLE";
};
struct Waiting : msmf::state<> {
  static constexpr const char* name = "WAITING";
};
struct Holding : msmf::state<> {
  static constexpr const char* name = "HOLDING";
};

struct Want : synack::app_call {
  static constexpr const char* name = "want";
};
struct Done : synack::app_call {
  static constexpr const char* name = "done";
};
struct RcvGrant : synack::receive<Msg> {
  static constexpr const char* name = "rcv Grant";
  static bool matches(const Msg& m) { return m.kind == kGrant; }
};

SYNACK_ACTION(AskForIt, "send Acquire", fsm.send(Msg{kAcquire, fsm.params.self}))
SYNACK_ACTION(GiveItBack, "send Release", fsm.send(Msg{kRelease, fsm.params.self}))

struct Client_ : synack::protocol_machine<Client_, Msg> {
  using Params = lock::Params;
  // No variables beyond the control state: one placeholder, described as none.
  struct Vars {
    int unused = 0;
    int& first_var() { return unused; }
    BOOST_DESCRIBE_CLASS(Vars, (), (), (), ())
  };
  static Vars var_bounds(const Params&) { return {}; }
  static Msg message_bounds(const Params& p) { return lock::message_bounds(p.clients); }
  static std::string print(const Msg& m) { return lock::print(m); }
  static Msg permute(const Msg& m, const synack::Permutation& p) { return {m.kind, p(m.who)}; }

  explicit Client_(const Params& p) : params(p) {}
  Params params;
  Vars vars;

  using initial_state = Idle;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start    Event     Next     Action      Guard
  msmf::Row < Idle   , Want    , Waiting, AskForIt  , msmf::none >,
  msmf::Row < Waiting, RcvGrant, Holding, msmf::none, msmf::none >,
  msmf::Row < Holding, Done    , Idle   , GiveItBack, msmf::none >
  > {};
  // clang-format on
};

}  // namespace lock::client

std::shared_ptr<const synack::Machine> lock::make_client(const Params& p) {
  return synack::make_machine<client::Client_>("client", p);
}
