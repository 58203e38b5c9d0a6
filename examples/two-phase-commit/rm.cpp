// A resource manager (participant): works, then either prepares (and tells the
// coordinator) or aborts on its own; a prepared participant waits for the decision. With
// retransmission it resends Prepared while it waits (a timer), since either message
// may be lost.
#include <memory>

#include "messages.hpp"
#include "synack/machine.hpp"

namespace two_phase::participant {

namespace msmf = boost::msm::front;

struct Working : msmf::state<> {
  static constexpr const char* name = "WORKING";
};
struct Prepared : msmf::state<> {
  static constexpr const char* name = "PREPARED";
};
struct RmCommitted : msmf::state<> {
  static constexpr const char* name = "COMMITTED";
};
struct RmAborted : msmf::state<> {
  static constexpr const char* name = "ABORTED";
};

struct Prepare : synack::app_call {
  static constexpr const char* name = "prepare";
};
struct ChooseAbort : synack::app_call {
  static constexpr const char* name = "abort";
};
struct Resend : synack::timer {
  static constexpr const char* name = "resend";
};
struct RcvCommit : synack::receive<Msg> {
  static constexpr const char* name = "rcv Commit";
  template <class M>
  static auto matches(const M& m) {
    return m.kind == kCommit;
  }
};
struct RcvAbort : synack::receive<Msg> {
  static constexpr const char* name = "rcv Abort";
  template <class M>
  static auto matches(const M& m) {
    return m.kind == kAbort;
  }
};

SYNACK_GUARD(Retransmits, "retransmission", fsm.params.retransmit)
SYNACK_ACTION(SendPrepared, "send Prepared",
              fsm.send(MsgT<synack::value_of<F>>{kPrepared, fsm.params.self}))

// A participant keeps no variables beyond its control state; value_of<F> (the value type
// the rows run with) still reads it from first_var, hence the one placeholder.
template <class V>
struct VarsT {
  V unused = 0;
  V& first_var() { return unused; }
  BOOST_DESCRIBE_CLASS(VarsT, (), (), (), ())
};

struct Rm_ : synack::protocol_machine<Rm_, Msg> {
  using Params = two_phase::Params;
  using Vars = VarsT<int>;
  template <class V>
  using generic_vars = VarsT<V>;
  template <class V>
  using generic_message = MsgT<V>;
  static Vars var_bounds(const Params&) { return {}; }
  static Msg message_bounds(const Params& p) { return two_phase::message_bounds(p.rms); }
  static std::string print(const Msg& m) { return two_phase::print(m); }

  // For `check --symmetry`: a message names a participant (rm[i] sends its own index).
  static Msg permute(const Msg& m, const synack::Permutation& p) { return {m.kind, p(m.rm)}; }

  explicit Rm_(const Params& p) : params(p) {}
  Params params;
  Vars vars;

  using initial_state = Working;
  using end_states = boost::mpl::vector<RmCommitted, RmAborted>;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start    Event       Next         Action        Guard
  msmf::Row < Working , Prepare    , Prepared   , SendPrepared, msmf::none  >,
  msmf::Row < Working , ChooseAbort, RmAborted  , msmf::none  , msmf::none  >,
  msmf::Row < Working , RcvAbort   , RmAborted  , msmf::none  , msmf::none  >,
  msmf::Row < Prepared, Resend     , msmf::none , SendPrepared, Retransmits >,
  msmf::Row < Prepared, RcvCommit  , RmCommitted, msmf::none  , msmf::none  >,
  msmf::Row < Prepared, RcvAbort   , RmAborted  , msmf::none  , msmf::none  >
  > {};
  // clang-format on
};

}  // namespace two_phase::participant

namespace two_phase {

std::shared_ptr<const synack::Machine> make_rm(const Params& p) {
  return synack::make_machine<participant::Rm_>("rm", p);
}

}  // namespace two_phase
