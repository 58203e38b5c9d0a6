// Two-phase commit as synack scenarios: a coordinator (tm) and rm.count participants
// (rm[0], rm[1], ...), a channel each way between the coordinator and each participant,
// lossy and unordered by default.
#include <fmt/format.h>

#include "machines.hpp"
#include "scenarios.hpp"

namespace two_phase {

namespace {

// Every participant has decided, the same way.
constexpr const char* kConsistent =
    "forall r in rm: forall s in rm: !(r.state == COMMITTED && s.state == ABORTED)";
constexpr const char* kAllDecided = "forall r in rm: r.state == COMMITTED || r.state == ABORTED";

synack::ScenarioBuilder two_phase_commit(std::string name, std::string description,
                                         bool wait_for_all, bool retransmit) {
  return synack::ScenarioBuilder(std::move(name), std::move(description))
      .param("rm.count", 3, 1, 6, "resource managers (participants)")
      .flag("2pc.retransmit", retransmit,
            "participants resend Prepared while they wait; the coordinator answers with its "
            "decision")
      .channel_params(/*capacity=*/2, /*duplicates=*/0)
      .model([wait_for_all](synack::Composition& c) {
        Params p;
        p.rms = c.param("rm.count");
        p.wait_for_all = wait_for_all;
        p.retransmit = c.param("2pc.retransmit") != 0;
        auto tm = c.actor("tm", make_tm(p), {"commit", "abort"});
        auto rm = c.actors("rm", p.rms,
                           [&](int i) {
                             Params own = p;
                             own.self = i;
                             return make_rm(own);
                           },
                           {"prepare", "abort", "resend"});
        c.channels("tm_rm", tm, rm, c.channel_policy());  // the coordinator's ports 0..n-1
        c.channels("rm_tm", rm, tm, c.channel_policy());
      })
      // The participants are interchangeable: `check --symmetry` stores one state per
      // renaming of them (their messages and the coordinator's set say how to rename).
      .symmetric("rm")
      .always("consistent", kConsistent, "no participant commits while another aborts",
              wait_for_all ? synack::holds : synack::violated);
}

// TwoPhase.tla's TCConsistent over its five rmState variables (unused ones stay working).
std::string tla_consistent() {
  std::string out;
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 5; ++j)
      if (i != j)
        out += fmt::format("{}!(twophase.rm{} == committed && twophase.rm{} == aborted)",
                           out.empty() ? "" : " && ", i, j);
  return out;
}

synack::Scenario twophase_tla() {
  std::vector<std::string> events = {"TMCommit", "TMAbort"};
  for (const char* action :
       {"TMRcvPrepared", "RMPrepare", "RMChooseToAbort", "RMRcvCommitMsg", "RMRcvAbortMsg"})
    for (int i = 0; i < 5; ++i) events.push_back(fmt::format("{}({})", action, i));
  return synack::ScenarioBuilder("2pc/twophase-tla",
                                 "Lamport's TwoPhase.tla transcribed literally: one machine, the "
                                 "specification's variables and actions; TLC's state counts")
      .param("rm.count", 3, 1, 5, "resource managers")
      .model([events](synack::Composition& c) {
        Params p;
        p.rms = c.param("rm.count");
        c.actor("twophase", make_twophase_tla(p), events);
      })
      .always("TCConsistent", tla_consistent(), "no participant committed while another aborted")
      .build();
}

}  // namespace

std::vector<synack::Scenario> scenarios() {
  return {
      two_phase_commit("2pc/commit",
                       "two-phase commit over lossy channels: the coordinator commits once every "
                       "participant is prepared, and may abort before",
                       true, false)
          .sometimes("can-commit", "forall r in rm: r.state == COMMITTED",
                     "every participant can end committed (a witness)")
          .eventually("all-decide", kAllDecided, {"fair-loss", "wf(tm)", "wf(rm)"},
                      "every participant decides, if the channels do not lose a message resent "
                      "forever: false without retransmission (a lost Prepared or decision)",
                      synack::violated)
          .build(),
      two_phase_commit("2pc/commit-retransmit",
                       "two-phase commit with retransmission: a participant resends Prepared "
                       "until it hears the decision",
                       true, true)
          .eventually("all-decide", kAllDecided, {"fair-loss", "wf(tm)", "wf(rm)"},
                      "every participant decides, if the channels do not lose a message resent "
                      "forever")
          .mechanism("retransmission", "participants resend Prepared", {"2pc.retransmit=false"})
          .build(),
      two_phase_commit("2pc/commit-early",
                       "a broken coordinator that commits on the first Prepared: a participant "
                       "that aborted on its own disagrees",
                       false, false)
          .build(),
      twophase_tla(),
  };
}

}  // namespace two_phase
