// Houdini: the largest subset of candidate facts that is inductive, by a fixpoint with Z3.
// Assume every remaining candidate in a state, take one step, drop each candidate the
// step can falsify; repeat until none is dropped. Candidates false in some initial state
// are dropped first. What remains, L, satisfies
//   init => L,   L /\ not bad /\ fixed ranges /\ trans => L'
// (Unrolling::bad: a target, or a state out of range). So L holds on every state of a
// shortest path to a bad state (the states before its last are not bad), and an engine
// looking for such a path may assume L on every state of it: the strengthening lemmas of
// k-induction and Spacer. Declared ranges are never assumed: a range candidate is kept
// only if Z3 proves it, like any other.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <z3++.h>

#include "checker/smt/invariant_mining.hpp"
#include "checker/smt/step_walks.hpp"
#include "checker/smt/transition_system.hpp"
#include "checker/smt/unrolling.hpp"

namespace synack::checker::smt {

struct Lemmas {
  std::vector<Candidate> facts;  // proved inductive, as above
  std::size_t candidates = 0;    // how many were proposed
  std::size_t samples = 0;       // from how many reachable states
  std::size_t rounds = 0;        // Houdini's solver calls that dropped something
  std::size_t undecided = 0;     // dropped because Z3 could not decide them in one call
  std::size_t expanded = 0;      // dropped by the successors of counterexamples (CtiExpansion)
  // Skeleton lemmas (checker/smt/skeleton_mining), where mining went on to them: the
  // skeletons the samples show, the candidates proposed over them (counted in `candidates`
  // too), how many of the facts are theirs and how often the seen set was widened.
  std::size_t skeletons = 0, skeleton_candidates = 0, skeleton_facts = 0, skeletons_added = 0;
  // Shape lemmas (checker/smt/shape_mining), likewise: the counters found, the shapes the
  // samples show, how often Houdini widened them, and whether the shape set was kept (its
  // time is counted in seconds.skeletons).
  std::size_t counters = 0, shapes = 0, shapes_added = 0;
  bool shape_kept = false;
  // Where mining's time went, in seconds: the reachable samples (both), proposing,
  // pruning with the samples, Houdini.
  struct Seconds {
    double sampling = 0, proposing = 0, pruning = 0, houdini = 0, skeletons = 0;
  } seconds;

  // Their conjunction over one state's copies of the variables.
  z3::expr at(const z3::expr_vector& s) const;
};

struct HoudiniAnswer {
  std::optional<std::vector<Candidate>> kept;  // none: Z3 gave up (reason)
  std::size_t rounds = 0;
  std::size_t undecided = 0;  // as Lemmas::undecided
  std::size_t splits = 0;     // batches asked again as two halves
  std::size_t expanded = 0;   // dropped by CtiExpansion, on states Z3 confirmed
  std::size_t walked = 0;     // dropped on the states of random walks (WalkLimits)
  std::size_t walks = 0;      // walks taken (none once no candidate is left)
  std::size_t weakened = 0;   // sets of skeletons (Candidate::kOneOf) widened, not dropped
  std::string reason;
};

// How much work one of Houdini's solver calls may take, in Z3's resource count (which is
// deterministic, unlike a timeout; a few seconds' work). A question "is one of these
// candidates broken by a step?" that needs more is asked again over each half of them,
// and a single candidate Z3 cannot decide within it is dropped (always safe: what
// survives is checked as a whole). On tcp/congestion the first question over all of
// its candidates did not come back within minutes.
constexpr unsigned kHoudiniCallResourceLimit = 4'000'000;

// Successors of a concrete state (values of state_vars()) by the explicit interpreter
// (SystemEncoding::explicit_successors): proposals only. On unreachable states the
// interpreter need not follow the encoding (stop-and-wait's frame codec turns a payload past
// arq.messages into another frame), so each step is confirmed with Z3 before it drops
// anything.
using ConcreteSuccessors =
    std::function<std::vector<std::vector<std::int64_t>>(const std::vector<std::int64_t>&)>;

// Each of Houdini's models is a counterexample to induction: a state s satisfying every live
// candidate, not bad, with a successor that falsifies some. On the larger models one model
// falsifies one to three of 1,500 candidates, so Houdini needs hundreds of calls. Every
// candidate of the greatest inductive subset L* of the live ones holds in s (s satisfies all
// of them), hence in every state reached from s through states that are not bad (L* is
// inductive from such states). So a candidate false in any of them is not in L* and would
// be dropped by some later call anyway: these are dropped at once, states proposed by the
// explicit interpreter, breadth first from s, and dropped on only where Z3's step relation
// (with the step's premise: not bad, fixed ranges, assumed facts) confirms every step of the
// path from s, one fully pinned call per step. Only dropping is done this way; what is kept
// still rests on Z3's answer alone, so the answer is the same and as sound.
struct CtiExpansion {
  ConcreteSuccessors successors;
  std::size_t depth = 3;         // steps from s
  std::size_t max_states = 400;  // states looked at per counterexample
};

// `assumed`: facts already known to be initial and inductive on their own (Houdini's answer
// for a part of the system), assumed of the state a step starts from and never dropped.
HoudiniAnswer houdini(const TransitionSystem& ts, std::vector<Candidate> candidates,
                      const Deadline& deadline, const Lemmas* assumed = nullptr,
                      unsigned call_resource_limit = kHoudiniCallResourceLimit,
                      const CtiExpansion* expansion = nullptr, const WalkLimits* walks = nullptr);

// The lemmas checked again from scratch, with an ordinary solver and a fresh unrolling:
// initial, and closed under a step from a state that is not bad. What failed, if anything.
std::optional<std::string> recheck_lemmas(const TransitionSystem& ts, const Lemmas& lemmas,
                                          const Deadline& deadline);

}  // namespace synack::checker::smt
