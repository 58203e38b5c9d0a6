// pointing_member.hpp's machine: POINTING --forget--> FORGOT, `peer` set to nobody.
#include "pointing_member.hpp"

#include <boost/describe.hpp>

#include "synack/machine.hpp"

namespace pointing::member {

namespace msmf = boost::msm::front;

struct Pointing : msmf::state<> {
  static constexpr const char* name = "POINTING";
};
struct Forgot : msmf::state<> {
  static constexpr const char* name = "FORGOT";
};

struct Forget : synack::app_call {
  static constexpr const char* name = "forget";
};

// It sends nothing; a message type is still part of a machine's declaration.
struct Msg {
  int unused = 0;
  BOOST_DESCRIBE_CLASS(Msg, (), (unused), (), ())
};

SYNACK_ACTION(Drop, "forget the peer",
              fsm.vars.peer = fsm.params.nobody ? fsm.params.members : fsm.params.self)

struct Member_ : synack::protocol_machine<Member_, Msg> {
  using Params = pointing::Params;
  struct Vars {
    int peer = 0;  // a member, or `members`: nobody
    BOOST_DESCRIBE_CLASS(Vars, (), (peer), (), ())
  };
  static Vars var_bounds(const Params& p) { return {p.nobody ? p.members : p.members - 1}; }
  static Msg message_bounds(const Params&) { return {}; }
  static std::string print(const Msg&) { return "Msg"; }
  // The bug: at() throws for nobody, where p(peer) would leave it alone.
  static Vars permute(const Vars& v, const synack::Permutation& p) {
    return {p.image().at(static_cast<std::size_t>(v.peer))};
  }

  explicit Member_(const Params& p) : params(p) { vars.peer = p.self; }
  Params params;
  Vars vars;

  using initial_state = Pointing;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start     Event   Next    Action  Guard
  msmf::Row < Pointing, Forget, Forgot, Drop  , msmf::none >
  > {};
  // clang-format on
};

}  // namespace pointing::member

std::shared_ptr<const synack::Machine> pointing::make_member(const Params& p) {
  return synack::make_machine<member::Member_>("member", p);
}
