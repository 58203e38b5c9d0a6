// The transaction manager (coordinator): collects Prepared messages and decides. It
// commits only when every participant is prepared (the broken variant: when any is), and
// may abort any time before deciding. With retransmission, a Prepared that arrives after
// the decision is answered with the decision again (the participant lost it).
#include <memory>

#include "messages.hpp"
#include "synack/machine.hpp"

namespace two_phase::coordinator {

namespace msmf = boost::msm::front;

struct Init : msmf::state<> {
  static constexpr const char* name = "INIT";
};
struct Committed : msmf::state<> {
  static constexpr const char* name = "COMMITTED";
};
struct Aborted : msmf::state<> {
  static constexpr const char* name = "ABORTED";
};

struct Commit : synack::app_call {
  static constexpr const char* name = "commit";
};
struct Abort : synack::app_call {
  static constexpr const char* name = "abort";
};
struct RcvPrepared : synack::receive<Msg> {
  static constexpr const char* name = "rcv Prepared";
  template <class M>
  static auto matches(const M& m) {
    return m.kind == kPrepared;
  }
};

// 2^i for a participant index i (a shift by a symbolic amount, spelled out for Z3).
template <class V>
V bit(const V& i, int rms) {
  V out = 0;
  for (int k = 0; k < rms; ++k) out = synack::ite(i == k, V(1 << k), out);
  return out;
}
template <class F>
using Message = MsgT<synack::value_of<F>>;

template <class F>
void broadcast(F& fsm, int kind) {
  for (int i = 0; i < fsm.params.rms; ++i) fsm.send(Message<F>{kind, i});
}

SYNACK_GUARD(AllPrepared, "all prepared",
             fsm.params.wait_for_all ? fsm.vars.prepared == (1 << fsm.params.rms) - 1
                                     : fsm.vars.prepared != 0)
SYNACK_GUARD(Retransmits, "retransmission", fsm.params.retransmit)
SYNACK_ACTION(Record, "record", fsm.vars.prepared |= bit(e.msg.rm, fsm.params.rms))
SYNACK_ACTION(SendCommits, "send Commit to all", broadcast(fsm, kCommit))
SYNACK_ACTION(SendAborts, "send Abort to all", broadcast(fsm, kAbort))
SYNACK_ACTION(ResendCommit, "resend Commit", fsm.send(Message<F>{kCommit, e.msg.rm}))
SYNACK_ACTION(ResendAbort, "resend Abort", fsm.send(Message<F>{kAbort, e.msg.rm}))

template <class V>
struct VarsT {
  V prepared = 0;  // the participants heard Prepared from, as a bit set
  V& first_var() { return prepared; }
  BOOST_DESCRIBE_CLASS(VarsT, (), (prepared), (), ())
};

struct Tm_ : synack::protocol_machine<Tm_, Msg> {
  using Params = two_phase::Params;
  using Vars = VarsT<int>;
  // The same machine over any value type: the Z3 engines run these rows symbolically.
  template <class V>
  using generic_vars = VarsT<V>;
  template <class V>
  using generic_message = MsgT<V>;
  static Vars var_bounds(const Params& p) { return {(1 << p.rms) - 1}; }
  static Msg message_bounds(const Params& p) { return two_phase::message_bounds(p.rms); }
  static std::string print(const Msg& m) { return two_phase::print(m); }
  // A decision goes to the participant it names: the channel to rm[i] is port i.
  template <class M>
  static auto port(const M& m) {
    return m.rm;
  }

  // For `check --symmetry`: how renaming the participants changes a message (the one it
  // names) and the coordinator's variables (the set of those prepared).
  static Msg permute(const Msg& m, const synack::Permutation& p) { return {m.kind, p(m.rm)}; }
  static Vars permute(const Vars& v, const synack::Permutation& p) {
    return {static_cast<int>(p.bits(v.prepared))};
  }

  explicit Tm_(const Params& p) : params(p) {}
  Params params;
  Vars vars;

  using initial_state = Init;
  using end_states = boost::mpl::vector<Committed, Aborted>;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start      Event        Next        Action        Guard
  msmf::Row < Init     , RcvPrepared, msmf::none, Record      , msmf::none  >,
  msmf::Row < Init     , Commit     , Committed , SendCommits , AllPrepared >,
  msmf::Row < Init     , Abort      , Aborted   , SendAborts  , msmf::none  >,
  msmf::Row < Committed, RcvPrepared, msmf::none, ResendCommit, Retransmits >,
  msmf::Row < Aborted  , RcvPrepared, msmf::none, ResendAbort , Retransmits >
  > {};
  // clang-format on
};

}  // namespace two_phase::coordinator

namespace two_phase {

std::shared_ptr<const synack::Machine> make_tm(const Params& p) {
  return synack::make_machine<coordinator::Tm_>("tm", p);
}

}  // namespace two_phase
