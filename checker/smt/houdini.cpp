#include "checker/smt/houdini.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "checker/smt/cti_neighbourhood.hpp"
#include "checker/smt/step_walks.hpp"

namespace synack::checker::smt {
namespace {

// The walks' random inputs: fixed, so that a run is repeatable.
constexpr std::uint64_t kWalkSeed = 0x4f0d1e;
// Evaluating candidates in a counterexample's model reads the deadline this often: a
// skeleton or shape set's evaluation can take milliseconds, thousands of them minutes.
constexpr std::size_t kCandidatesPerDeadlineCheck = 64;

z3::expr conjunction(z3::context& ctx, const std::vector<Candidate>& facts,
                     const z3::expr_vector& s) {
  z3::expr_vector all(ctx);
  for (const Candidate& c : facts) all.push_back(c.at(s));
  return all.empty() ? ctx.bool_val(true) : z3::mk_and(all);
}

// Drops every candidate that one step can falsify, until none is left to drop. Each
// candidate is put to the solver once, behind two literals: `assumed_i -> C_i(before)`
// and `broken_i -> not C_i(after)`; a call only changes which are in play, so the solver
// keeps what it learnt from one call to the next. The question of a call, "some broken_i
// of the batch", is asserted behind a literal of its own that only that call assumes and
// that is fixed false after it: asserted between push and pop instead, everything Z3
// learnt during the call was thrown away with it (arq with two messages, the product's
// Houdini: 15.9 s of CPU before, 8.8 s after, the same lemmas). A dropped candidate's two
// literals are fixed false as well. A call asks whether some candidate of a
// batch is broken while every live candidate is assumed; a model drops every live
// candidate it falsifies, in any batch (one call may drop many). The batches start
// as one, all candidates; a call Z3 cannot answer within the call's limit splits its
// batch in two, and a single candidate it cannot decide is dropped (dropping is always
// safe: the fixpoint is whatever survives, checked as a whole). A batch found unbroken is
// asked again after any later drop, since fewer candidates are then assumed. With a
// `neighbourhood` (the step, not the initial states), a model's state before the step is a
// counterexample to induction, and every candidate false somewhere around it is dropped too.
class Fixpoint {
 public:
  Fixpoint(z3::solver& solver, std::vector<Candidate> kept, const z3::expr_vector* before,
           const z3::expr_vector& after, const Deadline& deadline, unsigned call_limit,
           const CtiNeighbourhood* neighbourhood, StepWalker* walker, const WalkLimits* walks)
      : solver_(solver),
        kept_(std::move(kept)),
        before_(before),
        after_(after),
        deadline_(deadline),
        call_limit_(call_limit),
        neighbourhood_(neighbourhood),
        walker_(walker),
        walks_(walks),
        alive_(kept_.size(), true) {
    for (std::size_t i = 0; i < kept_.size(); ++i) put_in_play(i);
  }

  // `start`: an initial state, walked from before the first call.
  HoudiniAnswer run(const std::optional<std::vector<std::int64_t>>& start = std::nullopt) {
    // A walk only drops candidates: with none left it is wasted Z3 calls.
    if (walker_ && start)
      for (std::size_t w = 0; w < walks_->walks && !deadline_.expired() && any_alive(); ++w)
        walk(*start, walks_->steps);
    std::vector<std::vector<std::size_t>> queue, unbroken;
    queue.emplace_back();
    for (std::size_t i = 0; i < kept_.size(); ++i) queue.back().push_back(i);
    while (!queue.empty()) {
      std::vector<std::size_t> batch = live(std::move(queue.back()));
      queue.pop_back();
      if (batch.empty()) continue;
      if (deadline_.expired()) return gave_up(deadline_.why());
      Answer a = ask(batch);
      if (a.result == z3::unsat) {
        unbroken.push_back(std::move(batch));
        continue;
      }
      if (a.result == z3::sat) {
        ++out_.rounds;
        // Each of these stops early at the deadline, leaving what it had not yet looked at
        // alive: so no answer may be read from the candidates after one did.
        drop_falsified(*a.model);
        if (walker_ && before_ && any_alive() && !deadline_.expired())
          walk(model_values(*a.model, after_), walks_->cti_steps);
        if (neighbourhood_ && before_ && !deadline_.expired()) drop_around(*a.model);
        if (deadline_.expired()) return gave_up(deadline_.why());
        queue.push_back(std::move(batch));
        // The weakened candidates are asked about like the rest.
        if (!weakened_.empty()) queue.push_back(std::exchange(weakened_, {}));
      } else if (!limited(a.reason)) {
        return gave_up(a.reason);
      } else if (batch.size() == 1) {
        drop(batch[0]);
        ++out_.undecided;
      } else {
        ++out_.splits;
        std::size_t half = batch.size() / 2;
        queue.emplace_back(batch.begin() + static_cast<std::ptrdiff_t>(half), batch.end());
        queue.emplace_back(batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(half));
        continue;  // nothing dropped: the unbroken batches stand
      }
      // Something was dropped: what was unbroken may not be any more.
      for (auto& b : unbroken) queue.insert(queue.begin(), std::move(b));
      unbroken.clear();
    }
    std::vector<Candidate> still;
    for (std::size_t i = 0; i < kept_.size(); ++i)
      if (alive_[i]) still.push_back(std::move(kept_[i]));
    out_.kept = std::move(still);
    return std::move(out_);
  }

 private:
  std::vector<std::size_t> live(std::vector<std::size_t> batch) const {
    std::erase_if(batch, [&](std::size_t i) { return !alive_[i]; });
    return batch;
  }

  Answer ask(const std::vector<std::size_t>& batch) {
    z3::context& ctx = solver_.ctx();
    z3::expr_vector in_play(ctx), some_broken(ctx);
    for (std::size_t i = 0; i < kept_.size(); ++i)
      if (alive_[i]) in_play.push_back(assumed_[i]);
    for (std::size_t i : batch) some_broken.push_back(broken_[i]);
    deadline_.apply(solver_);
    z3::params p(ctx);
    p.set("rlimit", call_limit_);
    solver_.set(p);
    Answer a;
    z3::expr asking = ctx.bool_const(("houdini.asking." + std::to_string(asked_++)).c_str());
    solver_.add(z3::implies(asking, z3::mk_or(some_broken)));
    in_play.push_back(asking);
    a.result = solver_.check(in_play);
    if (a.result == z3::sat) a.model = solver_.get_model();
    if (a.result == z3::unknown) a.reason = solver_.reason_unknown();
    solver_.add(!asking);
    return a;
  }

  // Z3 stopped at the call's resource limit, not at the run's deadline (a limit met inside
  // a tactic reads "canceled"; one met while the assumptions are set up reads just
  // "unknown", seen on stop-and-wait with limits of 100 to 60,000).
  bool limited(const std::string& reason) const {
    return !deadline_.expired() && (reason.find("resource") != std::string::npos ||
                                    reason == "canceled" || reason == "unknown");
  }

  // Candidate i behind its two literals.
  void put_in_play(std::size_t i) {
    z3::context& ctx = solver_.ctx();
    std::string n = std::to_string(i);
    assumed_.push_back(ctx.bool_const(("houdini.assumed." + n).c_str()));
    broken_.push_back(ctx.bool_const(("houdini.broken." + n).c_str()));
    at_after_.push_back(kept_[i].at(after_));
    if (before_) solver_.add(z3::implies(assumed_.back(), kept_[i].at(*before_)));
    solver_.add(z3::implies(broken_.back(), !at_after_.back()));
  }

  // A dropped candidate is never in play again: its literals are fixed to false, so that Z3
  // no longer reasons about either implication.
  void drop(std::size_t i) {
    alive_[i] = false;
    solver_.add(!assumed_[i]);
    solver_.add(!broken_[i]);
  }

  // Candidate i is false in `state`, which every candidate of the answer holds in: dropped,
  // or for a set of skeletons (kOneOf) replaced by the set with the state's own added. The
  // answer's set contains the current one (each weakening adds only what it must), so it
  // contains the wider one too, and the answer is the same as if nothing were weakened
  // but a larger set proposed; a set only grows, within finitely many tuples.
  void retire(std::size_t i, const std::vector<std::int64_t>& state) {
    drop(i);
    if (kept_[i].kind != Candidate::kOneOf) return;
    kept_.push_back(kept_[i].weakened_by(state));
    alive_.push_back(true);
    put_in_play(kept_.size() - 1);
    weakened_.push_back(kept_.size() - 1);
    ++out_.weakened;
  }

  void drop_falsified(const z3::model& m) {
    std::optional<std::vector<std::int64_t>> state;
    for (std::size_t i = 0, n = kept_.size(); i < n; ++i) {
      // A set candidate's evaluation in a model can take long: the deadline is read
      // between candidates, not only between solver calls.
      if (i % kCandidatesPerDeadlineCheck == 0 && deadline_.expired()) return;
      if (!alive_[i] || m.eval(at_after_[i], true).is_true()) continue;
      if (kept_[i].kind != Candidate::kOneOf) {
        drop(i);
        continue;
      }
      if (!state) state = model_values(m, after_);
      retire(i, *state);
    }
  }

  bool any_alive() const { return std::find(alive_.begin(), alive_.end(), true) != alive_.end(); }

  void walk(const std::vector<std::int64_t>& from, std::size_t steps) {
    ++out_.walks;
    for (const auto& state : walker_->walk(from, steps)) drop_walked(state);
  }

  // Drops what a state of a walk falsifies (checker/smt/step_walks.hpp: no candidate of the
  // answer can be false there).
  void drop_walked(const std::vector<std::int64_t>& state) {
    if (deadline_.expired()) return;
    for (std::size_t i = 0, n = kept_.size(); i < n; ++i)
      if (alive_[i] && !kept_[i].holds(state)) {
        retire(i, state);
        ++out_.walked;
      }
  }

  // Drops what a state around the counterexample falsifies, once Z3 confirms each step of
  // the path to it: the explicit interpreter only proposes the states.
  void drop_around(const z3::model& m) {
    using Reached = CtiNeighbourhood::Reached;
    std::vector<std::int64_t> start = model_values(m, *before_);
    std::vector<Reached> reached = neighbourhood_->around(start);
    std::vector<int> confirmed(reached.size(), -1);  // unknown, no, yes
    auto path_confirmed = [&](auto& self, std::size_t i) -> bool {
      if (confirmed[i] < 0) {
        std::size_t p = reached[i].parent;
        bool parent_ok = p == CtiNeighbourhood::kFromStart || self(self, p);
        const auto& from = p == CtiNeighbourhood::kFromStart ? start : reached[p].state;
        confirmed[i] = parent_ok && related(from, reached[i].state) ? 1 : 0;
      }
      return confirmed[i] == 1;
    };
    for (std::size_t r = 0; r < reached.size() && !deadline_.expired(); ++r) {
      std::vector<std::size_t> falsified;
      for (std::size_t i = 0; i < kept_.size(); ++i)
        if (alive_[i] && !kept_[i].holds(reached[r].state)) falsified.push_back(i);
      if (falsified.empty() || !path_confirmed(path_confirmed, r)) continue;
      for (std::size_t i : falsified) retire(i, reached[r].state);
      out_.expanded += falsified.size();
    }
  }

  // Whether the step solver's premise holds of `from` (not bad, within the fixed ranges, the
  // assumed facts) and the relation takes it to `to`; anything but sat is a no.
  bool related(const std::vector<std::int64_t>& from, const std::vector<std::int64_t>& to) {
    z3::context& ctx = solver_.ctx();
    z3::expr_vector pinned(ctx);
    for (std::size_t v = 0; v < from.size(); ++v) {
      int i = static_cast<int>(v);
      pinned.push_back((*before_)[i] == ctx.int_val(from[v]));
      pinned.push_back(after_[i] == ctx.int_val(to[v]));
    }
    return solver_.check(pinned) == z3::sat;
  }

  HoudiniAnswer gave_up(std::string reason) {
    if (reason == "canceled" && deadline_.expired()) reason = deadline_.why();
    out_.reason = std::move(reason);
    out_.kept.reset();
    return std::move(out_);
  }

  z3::solver& solver_;
  std::vector<Candidate> kept_;
  const z3::expr_vector* before_;
  z3::expr_vector after_;
  const Deadline& deadline_;
  unsigned call_limit_;
  const CtiNeighbourhood* neighbourhood_;
  StepWalker* walker_;
  const WalkLimits* walks_;
  std::vector<bool> alive_;
  std::size_t asked_ = 0;
  std::vector<z3::expr> assumed_, broken_, at_after_;
  std::vector<std::size_t> weakened_;  // put in play since the last call, not yet asked about
  HoudiniAnswer out_;
};

HoudiniAnswer fixpoint(z3::solver& solver, std::vector<Candidate> kept,
                       const z3::expr_vector* before, const z3::expr_vector& after,
                       const Deadline& deadline, unsigned call_limit,
                       const CtiNeighbourhood* neighbourhood = nullptr,
                       StepWalker* walker = nullptr, const WalkLimits* walks = nullptr,
                       const std::optional<std::vector<std::int64_t>>& start = std::nullopt) {
  return Fixpoint(solver, std::move(kept), before, after, deadline, call_limit, neighbourhood,
                  walker, walks)
      .run(start);
}

}  // namespace

z3::expr Lemmas::at(const z3::expr_vector& s) const {
  return conjunction(s.ctx(), facts, s);
}

HoudiniAnswer houdini(const TransitionSystem& ts, std::vector<Candidate> candidates,
                      const Deadline& deadline, const Lemmas* assumed, unsigned call_resource_limit,
                      const CtiExpansion* expansion, const WalkLimits* walks) {
  z3::context& ctx = ts.context();
  Unrolling u(ts);
  // Initially: no premise but the initial states.
  z3::solver initial(ctx);
  initial.add(u.initial());
  HoudiniAnswer first =
      fixpoint(initial, std::move(candidates), nullptr, u.state(0), deadline, call_resource_limit);
  if (!first.kept) return first;
  // One step from a state that is not bad, within the fixed ranges, satisfying them all.
  z3::solver step(ctx);
  step.add(u.fixed_ranges(0));
  step.add(!u.bad(0));
  step.add(u.transition(0));
  z3::expr_vector before = u.state(0);
  if (assumed) step.add(assumed->at(before));
  std::optional<CtiNeighbourhood> around;
  if (expansion) around.emplace(ts, u.bad(0), before, *expansion);
  // Walks start from an initial state Z3 picks (the literals of the first fixpoint are
  // not assumed, so it is any initial state).
  std::optional<StepWalker> walker;
  std::optional<std::vector<std::int64_t>> start;
  if (walks) {
    walker.emplace(step, before, u.input(0), u.state(1), ts.input_vars(), kWalkSeed);
    if (initial.check() == z3::sat) start = model_values(initial.get_model(), u.state(0));
  }
  HoudiniAnswer out =
      fixpoint(step, std::move(*first.kept), &before, u.state(1), deadline, call_resource_limit,
               around ? &*around : nullptr, walker ? &*walker : nullptr, walks, start);
  out.rounds += first.rounds;
  out.undecided += first.undecided;
  out.splits += first.splits;
  return out;
}

std::optional<std::string> recheck_lemmas(const TransitionSystem& ts, const Lemmas& lemmas,
                                          const Deadline& deadline) {
  Unrolling u(ts);
  z3::solver solver(ts.context());
  const std::pair<const char*, z3::expr> obligations[] = {
      {"an initial state outside them", u.initial() && !lemmas.at(u.state(0))},
      {"a step from a state that is not bad leaving them",
       u.fixed_ranges(0) && !u.bad(0) && lemmas.at(u.state(0)) && u.transition(0) &&
           !lemmas.at(u.state(1))},
  };
  for (const auto& [what, goal] : obligations) {
    Answer a = check_goal(solver, goal, deadline);
    if (a.result == z3::unsat) continue;
    return std::string("the lemmas did not check again: ") +
           (a.result == z3::sat ? what : "z3 gave up (" + a.reason + ")");
  }
  return std::nullopt;
}

}  // namespace synack::checker::smt
