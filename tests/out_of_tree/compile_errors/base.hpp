// A complete little machine; each case in this folder removes or breaks one declaration
// (selected by a macro) and must fail to compile with synack's message saying what to add.
#include "synack/machine.hpp"

namespace case_machine {
namespace msmf = boost::msm::front;

template <class V>
struct MsgT {
  V to = 0;
#ifdef UNDESCRIBED_FIELD
  V hops = 0;
#endif
#ifndef UNDESCRIBED_MESSAGE
  BOOST_DESCRIBE_CLASS(MsgT, (), (to), (), ())
#endif
};
using Msg = MsgT<int>;
struct Counters {
  int sent = 0;
  BOOST_DESCRIBE_CLASS(Counters, (), (sent), (), ())
};
template <class V>
#ifdef VARS_WITH_BASE
struct VarsT : Counters {
#else
struct VarsT {
#endif
  V n = 0;
#ifdef UNDESCRIBED_VAR
  V m = 0;
#endif
  V& first_var() {
    return n;
  }
  BOOST_DESCRIBE_CLASS(VarsT, (), (n), (), ())
};
#ifdef STATE_NOT_MSM
struct Idle {
#else
struct Idle : msmf::state<> {
#endif
#ifndef UNNAMED_STATE
  static constexpr const char* name = "IDLE";
#endif
};
#ifdef EVENT_WITHOUT_SOURCE
struct Go {
#else
struct Go : synack::app_call {
#endif
#ifndef UNNAMED_EVENT
  static constexpr const char* name = "go";
#endif
};
struct Arrive : synack::receive<Msg> {
  static constexpr const char* name = "arrive";
#ifndef RECEIVE_WITHOUT_MATCHES
  template <class M>
  static auto matches(const M& m) {
    return m.to == 0;
  }
#endif
};
SYNACK_ACTION(Send, "send", fsm.send(MsgT<synack::value_of<F>>{0}))

struct M_ : synack::protocol_machine<M_, Msg> {
  struct Params {};
  using Vars = VarsT<int>;
  template <class V>
  using generic_vars = VarsT<V>;
  template <class V>
  using generic_message = MsgT<V>;
#ifndef NO_VAR_BOUNDS
  static Vars var_bounds(const Params&) {
    return {1};
  }
#endif
#ifndef NO_MESSAGE_BOUNDS
  static Msg message_bounds(const Params&) {
    return {1};
  }
#endif
#ifdef CONCRETE_PORT
  static int port(const Msg& m) {
    return m.to;
  }
#endif
  explicit M_(const Params&) {}
  Vars vars;
#ifdef REGIONS
  using initial_state = boost::mpl::vector<Idle, Idle>;
#else
  using initial_state = Idle;
#endif
  struct transition_table
      : boost::mpl::vector<msmf::Row<Idle, Go, msmf::none, Send, msmf::none>,
#ifdef EVENTLESS
                           msmf::Row<Idle, msmf::none, Idle, msmf::none, msmf::none>,
#endif
                           msmf::Row<Idle, Arrive, msmf::none, msmf::none, msmf::none>> {
  };
};
}  // namespace case_machine

std::shared_ptr<const synack::Machine> make() {
  return synack::make_machine<case_machine::M_>("m", {});
}
