// A complete little machine; each case in this folder removes or breaks one declaration
// (selected by a macro) and must fail to compile with synack's message saying what to add.
#include "synack/machine.hpp"

namespace case_machine {
namespace msmf = boost::msm::front;

template <class V>
struct MsgT {
  V to = 0;
#ifndef UNDESCRIBED_MESSAGE
  BOOST_DESCRIBE_CLASS(MsgT, (), (to), (), ())
#endif
};
using Msg = MsgT<int>;
template <class V>
struct VarsT {
  V n = 0;
  V& first_var() { return n; }
  BOOST_DESCRIBE_CLASS(VarsT, (), (n), (), ())
};
struct Idle : msmf::state<> {
  static constexpr const char* name = "IDLE";
};
struct Go : synack::app_call {
  static constexpr const char* name = "go";
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
  using initial_state = Idle;
  struct transition_table : boost::mpl::vector<msmf::Row<Idle, Go, msmf::none, Send, msmf::none>> {
  };
};
}  // namespace case_machine

std::shared_ptr<const synack::Machine> make() {
  return synack::make_machine<case_machine::M_>("m", {});
}
