// A literal transcription of Lamport's TwoPhase.tla (tlaplus/Examples): one machine
// whose variables are the specification's (rmState, tmState, tmPrepared, msgs), one
// event per action and participant, one row per action. Its reachable states are
// exactly TLC's: 288 for 3 participants, 8,832 for 5 (Stateright's 2pc example agrees).
// Messages are never consumed (msgs only grows), as in the specification.
#include <memory>

#include "machines.hpp"
#include "synack/machine.hpp"

namespace two_phase::tla {

namespace msmf = boost::msm::front;

constexpr int kMaxRms = 5;
enum RmState { kWorking, kPrepared, kCommitted, kAborted };
enum TmState { kInit, kTmCommitted, kTmAborted };

struct Running : msmf::state<> {
  static constexpr const char* name = "RUNNING";
};

// One event per action (and participant: RMPrepare(2) is RMPrepare<2>).
template <int I>
struct TMRcvPrepared : synack::app_call {
  static constexpr const char* kNames[] = {"TMRcvPrepared(0)", "TMRcvPrepared(1)",
                                           "TMRcvPrepared(2)", "TMRcvPrepared(3)",
                                           "TMRcvPrepared(4)"};
  static constexpr const char* name = kNames[I];
};
struct TMCommit : synack::app_call {
  static constexpr const char* name = "TMCommit";
};
struct TMAbort : synack::app_call {
  static constexpr const char* name = "TMAbort";
};
template <int I>
struct RMPrepare : synack::app_call {
  static constexpr const char* kNames[] = {"RMPrepare(0)", "RMPrepare(1)", "RMPrepare(2)",
                                           "RMPrepare(3)", "RMPrepare(4)"};
  static constexpr const char* name = kNames[I];
};
template <int I>
struct RMChooseToAbort : synack::app_call {
  static constexpr const char* kNames[] = {"RMChooseToAbort(0)", "RMChooseToAbort(1)",
                                           "RMChooseToAbort(2)", "RMChooseToAbort(3)",
                                           "RMChooseToAbort(4)"};
  static constexpr const char* name = kNames[I];
};
template <int I>
struct RMRcvCommitMsg : synack::app_call {
  static constexpr const char* kNames[] = {"RMRcvCommitMsg(0)", "RMRcvCommitMsg(1)",
                                           "RMRcvCommitMsg(2)", "RMRcvCommitMsg(3)",
                                           "RMRcvCommitMsg(4)"};
  static constexpr const char* name = kNames[I];
};
template <int I>
struct RMRcvAbortMsg : synack::app_call {
  static constexpr const char* kNames[] = {"RMRcvAbortMsg(0)", "RMRcvAbortMsg(1)",
                                           "RMRcvAbortMsg(2)", "RMRcvAbortMsg(3)",
                                           "RMRcvAbortMsg(4)"};
  static constexpr const char* name = kNames[I];
};

// The guards and actions of the specification, one line each. Participants beyond
// rm.count never act (their guards are false), so they add no states.
template <class E>
constexpr int index_of = 0;
template <template <int> class A, int I>
constexpr int index_of<A<I>> = I;

struct Exists {  // participant I is one of the rm.count
  static constexpr const char* name = "I < rm.count";
  template <class E, class F, class S, class T>
  bool operator()(const E&, F& fsm, S&, T&) const {
    return index_of<E> < fsm.params.rms;
  }
};
SYNACK_GUARD(TmInit, "tmState = init", fsm.vars.tm == kInit)
SYNACK_GUARD(PreparedMsg, "Prepared(I) in msgs", (fsm.vars.msg_prepared >> index_of<E>)&1)
SYNACK_GUARD(AllPrepared, "tmPrepared = RM", fsm.vars.tm_prepared == (1 << fsm.params.rms) - 1)
SYNACK_GUARD(Working, "rmState[I] = working", fsm.rm(index_of<E>) == kWorking)
SYNACK_GUARD(CommitMsg, "Commit in msgs", fsm.vars.msg_commit == 1)
SYNACK_GUARD(AbortMsg, "Abort in msgs", fsm.vars.msg_abort == 1)
SYNACK_ACTION(AddPrepared, "tmPrepared += I", fsm.vars.tm_prepared |= 1 << index_of<E>)
SYNACK_ACTION(Commit, "tmState := committed; msgs += Commit", fsm.vars.tm = kTmCommitted;
              fsm.vars.msg_commit = 1)
SYNACK_ACTION(Abort, "tmState := aborted; msgs += Abort", fsm.vars.tm = kTmAborted;
              fsm.vars.msg_abort = 1)
SYNACK_ACTION(Prepare, "rmState[I] := prepared; msgs += Prepared(I)",
              fsm.rm(index_of<E>) = kPrepared;
              fsm.vars.msg_prepared |= 1 << index_of<E>)
SYNACK_ACTION(ChooseAbort, "rmState[I] := aborted", fsm.rm(index_of<E>) = kAborted)
SYNACK_ACTION(RcvCommit, "rmState[I] := committed", fsm.rm(index_of<E>) = kCommitted)
SYNACK_ACTION(RcvAbort, "rmState[I] := aborted", fsm.rm(index_of<E>) = kAborted)

template <class... G>
using all = synack::All<G...>;

// The specification's messages are variables of the machine; it sends nothing itself.
struct NoMessage {
  BOOST_DESCRIBE_CLASS(NoMessage, (), (), (), ())
};

struct TwoPhase_ : synack::protocol_machine<TwoPhase_, NoMessage> {
  using Params = two_phase::Params;
  struct Vars {
    int rm0 = kWorking, rm1 = kWorking, rm2 = kWorking, rm3 = kWorking, rm4 = kWorking;
    int tm = kInit;
    int tm_prepared = 0;   // a bit per participant
    int msg_prepared = 0;  // msgs: the Prepared messages, a bit per participant
    int msg_commit = 0;    //       Commit sent
    int msg_abort = 0;     //       Abort sent
    BOOST_DESCRIBE_CLASS(Vars, (),
                         (rm0, rm1, rm2, rm3, rm4, tm, tm_prepared, msg_prepared, msg_commit,
                          msg_abort),
                         (), ())
  };
  static Vars var_bounds(const Params&) { return {3, 3, 3, 3, 3, 2, 31, 31, 1, 1}; }
  static std::vector<std::string> value_names(std::string_view var) {
    if (var == "tm") return {"init", "committed", "aborted"};
    if (var.starts_with("rm")) return {"working", "prepared", "committed", "aborted"};
    return {};
  }
  static NoMessage message_bounds(const Params&) { return {}; }

  explicit TwoPhase_(const Params& p) : params(p) {}
  Params params;
  Vars vars;

  int& rm(int i) {
    int* states[] = {&vars.rm0, &vars.rm1, &vars.rm2, &vars.rm3, &vars.rm4};
    return *states[i];
  }

  using initial_state = Running;
  using R = Running;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start  , Event             , Next      , Action     , Guard
  msmf::Row < R      , TMRcvPrepared<0>  , msmf::none, AddPrepared, all<Exists, TmInit, PreparedMsg> >,
  msmf::Row < R      , TMRcvPrepared<1>  , msmf::none, AddPrepared, all<Exists, TmInit, PreparedMsg> >,
  msmf::Row < R      , TMRcvPrepared<2>  , msmf::none, AddPrepared, all<Exists, TmInit, PreparedMsg> >,
  msmf::Row < R      , TMRcvPrepared<3>  , msmf::none, AddPrepared, all<Exists, TmInit, PreparedMsg> >,
  msmf::Row < R      , TMRcvPrepared<4>  , msmf::none, AddPrepared, all<Exists, TmInit, PreparedMsg> >,
  msmf::Row < R      , TMCommit          , msmf::none, Commit     , all<TmInit, AllPrepared>         >,
  msmf::Row < R      , TMAbort           , msmf::none, Abort      , TmInit                           >,
  msmf::Row < R      , RMPrepare<0>      , msmf::none, Prepare    , all<Exists, Working>             >,
  msmf::Row < R      , RMPrepare<1>      , msmf::none, Prepare    , all<Exists, Working>             >,
  msmf::Row < R      , RMPrepare<2>      , msmf::none, Prepare    , all<Exists, Working>             >,
  msmf::Row < R      , RMPrepare<3>      , msmf::none, Prepare    , all<Exists, Working>             >,
  msmf::Row < R      , RMPrepare<4>      , msmf::none, Prepare    , all<Exists, Working>             >,
  msmf::Row < R      , RMChooseToAbort<0>, msmf::none, ChooseAbort, all<Exists, Working>             >,
  msmf::Row < R      , RMChooseToAbort<1>, msmf::none, ChooseAbort, all<Exists, Working>             >,
  msmf::Row < R      , RMChooseToAbort<2>, msmf::none, ChooseAbort, all<Exists, Working>             >,
  msmf::Row < R      , RMChooseToAbort<3>, msmf::none, ChooseAbort, all<Exists, Working>             >,
  msmf::Row < R      , RMChooseToAbort<4>, msmf::none, ChooseAbort, all<Exists, Working>             >,
  msmf::Row < R      , RMRcvCommitMsg<0> , msmf::none, RcvCommit  , all<Exists, CommitMsg>           >,
  msmf::Row < R      , RMRcvCommitMsg<1> , msmf::none, RcvCommit  , all<Exists, CommitMsg>           >,
  msmf::Row < R      , RMRcvCommitMsg<2> , msmf::none, RcvCommit  , all<Exists, CommitMsg>           >,
  msmf::Row < R      , RMRcvCommitMsg<3> , msmf::none, RcvCommit  , all<Exists, CommitMsg>           >,
  msmf::Row < R      , RMRcvCommitMsg<4> , msmf::none, RcvCommit  , all<Exists, CommitMsg>           >,
  msmf::Row < R      , RMRcvAbortMsg<0>  , msmf::none, RcvAbort   , all<Exists, AbortMsg>            >,
  msmf::Row < R      , RMRcvAbortMsg<1>  , msmf::none, RcvAbort   , all<Exists, AbortMsg>            >,
  msmf::Row < R      , RMRcvAbortMsg<2>  , msmf::none, RcvAbort   , all<Exists, AbortMsg>            >,
  msmf::Row < R      , RMRcvAbortMsg<3>  , msmf::none, RcvAbort   , all<Exists, AbortMsg>            >,
  msmf::Row < R      , RMRcvAbortMsg<4>  , msmf::none, RcvAbort   , all<Exists, AbortMsg>            >
  > {};
  // clang-format on
};

}  // namespace two_phase::tla

namespace two_phase {

std::shared_ptr<const synack::Machine> make_twophase_tla(const Params& p) {
  return synack::make_machine<tla::TwoPhase_>("twophase", p);
}

}  // namespace two_phase
