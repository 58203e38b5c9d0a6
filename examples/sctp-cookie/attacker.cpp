// The attacker: floods the server with INITs from forged source addresses. It never
// sees the INIT-ACKs (they go to the forged addresses, the server's port 1), so it can
// never echo a cookie: its INITs are exactly those that never complete. The flood is
// unbounded; the channel's capacity bounds how many INITs are in flight at once.
#include <memory>

#include "machines.hpp"
#include "synack/machine.hpp"

namespace sctp::flooder {

namespace msmf = boost::msm::front;

struct Flooding : msmf::state<> {
  static constexpr const char* name = "FLOODING";
};

struct SendInit : synack::app_call {
  static constexpr const char* name = "send INIT";
};

SYNACK_ACTION(Spoof, "send spoofed INIT",
              fsm.send(MsgT<synack::value_of<F>>{kInit, kSpoofed, kSpoofedTag, 0}))

// The attacker keeps no variables; value_of<F> (the value type the rows run with) still
// reads it from first_var, hence the one undescribed placeholder.
template <class V>
struct VarsT {
  V unused = 0;
  V& first_var() { return unused; }
  BOOST_DESCRIBE_CLASS(VarsT, (), (), (), ())
};

struct Attacker_ : synack::protocol_machine<Attacker_, Msg> {
  using Params = sctp::Params;
  using Vars = VarsT<int>;
  template <class V>
  using generic_vars = VarsT<V>;
  template <class V>
  using generic_message = MsgT<V>;
  static Vars var_bounds(const Params&) { return {}; }
  static Msg message_bounds(const Params&) { return sctp::message_bounds(); }
  static std::string print(const Msg& m) { return sctp::print(m); }

  explicit Attacker_(const Params& p) : params(p) {}
  Params params;
  Vars vars;

  using initial_state = Flooding;

  // No receive rows: whatever reaches the forged addresses is discarded.
  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start     Event     Next        Action  Guard
  msmf::Row < Flooding, SendInit, msmf::none, Spoof , msmf::none >
  > {};
  // clang-format on
};

}  // namespace sctp::flooder

namespace sctp {

std::shared_ptr<const synack::Machine> make_attacker(const Params& p) {
  return synack::make_machine<flooder::Attacker_>("attacker", p);
}

}  // namespace sctp
