// The lock server of lock_machines.hpp: FREE until an Acquire arrives, then BUSY granting
// it to the sender until that client's Release; an Acquire while BUSY is dropped.
#include "lock_machines.hpp"
#include "synack/machine.hpp"

namespace lock::server {

namespace msmf = boost::msm::front;

struct Free : msmf::state<> {
  static constexpr const char* name = "FREE";
};
struct Busy : msmf::state<> {
  static constexpr const char* name = "BUSY";
};

struct RcvAcquire : synack::receive<Msg> {
  static constexpr const char* name = "rcv Acquire";
  static bool matches(const Msg& m) { return m.kind == kAcquire; }
};
struct RcvRelease : synack::receive<Msg> {
  static constexpr const char* name = "rcv Release";
  static bool matches(const Msg& m) { return m.kind == kRelease; }
};

inline int nobody(const Params& p) {
  return p.nobody_past_last ? p.clients : 0;
}

SYNACK_GUARD(FromHolder, "from the holder", e.msg.who == fsm.vars.holder)
SYNACK_ACTION(GrantIt, "grant", (fsm.vars.holder = e.msg.who, fsm.send(Msg{kGrant, e.msg.who})))
SYNACK_ACTION(FreeIt, "free", fsm.vars.holder = nobody(fsm.params))

struct Server_ : synack::protocol_machine<Server_, Msg> {
  using Params = lock::Params;
  struct Vars {
    int holder = 0;  // the client holding the lock
    BOOST_DESCRIBE_CLASS(Vars, (), (holder), (), ())
  };
  static Vars var_bounds(const Params& p) { return {p.clients}; }
  static Msg message_bounds(const Params& p) { return lock::message_bounds(p.clients); }
  static std::string print(const Msg& m) { return lock::print(m); }
  // The server sends only Grants, each to the client it names (its channel to client[i] is
  // port i); the other kinds it never sends go nowhere in particular.
  static int port(const Msg& m) { return m.kind == kGrant ? m.who : 0; }

  // For `check --symmetry`: a message names a client, and so does `holder`.
  static Msg permute(const Msg& m, const synack::Permutation& p) { return {m.kind, p(m.who)}; }
  static Vars permute(const Vars& v, const synack::Permutation& p) { return {p(v.holder)}; }

  explicit Server_(const Params& p) : params(p) { vars.holder = nobody(p); }
  Params params;
  Vars vars;

  using initial_state = Free;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start Event       Next  Action   Guard
  msmf::Row < Free, RcvAcquire, Busy, GrantIt, msmf::none >,
  msmf::Row < Busy, RcvRelease, Free, FreeIt , FromHolder >
  > {};
  // clang-format on
};

}  // namespace lock::server

std::shared_ptr<const synack::Machine> lock::make_server(const Params& p) {
  return synack::make_machine<server::Server_>("server", p);
}
