#include "checker/smt/reachable_sample.hpp"

#include <deque>
#include <random>
#include <set>
#include <unordered_set>

#include "checker/errors.hpp"

namespace synack::checker::smt {
namespace {

struct StateHash {
  std::size_t operator()(const std::vector<Value>& s) const {
    std::size_t h = 0xcbf29ce484222325ULL;
    for (Value v : s) h = (h ^ static_cast<std::size_t>(v)) * 0x100000001b3ULL;
    return h;
  }
};

// Up to `count` initial states of the encoding, each differing from the ones before. Z3's
// models cluster at small values, which would make every sample agree on facts that only
// those values have: each start after the first asks for its open variables (those the
// initial states do not pin) at or above a point drawn at random (a fixed seed: the same
// samples every run), falling back to any new start when that is not possible.
//
// The questions are asked in a context of their own: Z3's models depend on everything the
// encoding's context has seen before (a bmc of 4 steps first gave other starts than one of
// 2, and so other samples and another number of lemmas), and a sample must depend only on
// the model and the seed. The watchdog (checker/smt/z3_watchdog) does not know this
// context; each of its calls is a few variables' worth and honours the deadline's timeout.
std::vector<std::vector<std::int64_t>> initial_states(const SystemEncoding& enc, std::size_t count,
                                                      std::uint64_t seed,
                                                      const Deadline& deadline) {
  Unrolling u(enc);
  // Element by element: a copy of u.state(0) would share Unrolling's own vector, and the
  // push_back below would append the initial constraint to it.
  z3::expr_vector asked(enc.context());
  for (const z3::expr& v : u.state(0)) asked.push_back(v);
  asked.push_back(u.initial());
  z3::context ctx;
  z3::expr_vector fresh(ctx, asked);  // translated: the same terms, a context of their own
  z3::expr_vector s(ctx);
  for (int i = 0; i + 1 < static_cast<int>(fresh.size()); ++i) s.push_back(fresh[i]);
  z3::solver solver(ctx);
  solver.add(fresh.back());
  std::vector<std::vector<std::int64_t>> out;
  Answer first = check_goal(solver, ctx.bool_val(true), deadline);
  if (first.result != z3::sat) return out;
  out.push_back(model_values(*first.model, s));
  std::vector<std::size_t> open;
  for (std::size_t v = 0; v < out[0].size(); ++v) {
    int iv = static_cast<int>(v);
    if (check_goal(solver, s[iv] != ctx.int_val(out[0][v]), deadline).result == z3::sat)
      open.push_back(v);
  }
  std::mt19937_64 random(seed);
  while (out.size() < count && !open.empty()) {
    z3::expr same = ctx.bool_val(true);
    for (std::size_t v : open) same = same && s[static_cast<int>(v)] == ctx.int_val(out.back()[v]);
    solver.add(!same);
    z3::expr spread = ctx.bool_val(true);
    for (std::size_t v : open) {
      const SmtVar& var = enc.state_vars()[v];
      std::uniform_int_distribution<std::int64_t> point(var.lo, var.hi);
      spread = spread && s[static_cast<int>(v)] >= ctx.int_val(point(random));
    }
    Answer a = check_goal(solver, spread, deadline);
    if (a.result != z3::sat) a = check_goal(solver, ctx.bool_val(true), deadline);
    if (a.result != z3::sat) break;
    out.push_back(model_values(*a.model, s));
  }
  return out;
}

}  // namespace

ReachableSample sample_reachable(const SystemEncoding& enc, const SampleLimits& limits,
                                 const Deadline& deadline) {
  const System& sys = enc.system();
  ReachableSample out;
  std::unordered_set<std::vector<Value>, StateHash> seen;
  std::set<std::vector<std::int64_t>> projected;
  std::deque<std::vector<Value>> queue;
  for (const auto& init : initial_states(enc, limits.initial_states, limits.seed, deadline)) {
    ++out.starts;
    std::vector<Value> ex = enc.explicit_initial(init);
    if (seen.insert(ex).second) queue.push_back(std::move(ex));
  }
  std::vector<Value> next;
  while (!queue.empty() && seen.size() <= limits.max_states && !deadline.expired()) {
    std::vector<Value> from = std::move(queue.front());
    queue.pop_front();
    if (projected.insert(enc.kept_values(from)).second) out.states.push_back(enc.kept_values(from));
    next.assign(from.size(), 0);
    for (std::size_t g = 0; g < sys.group_count(); ++g) {
      try {
        if (!sys.apply(g, from.data(), next.data())) continue;
      } catch (const InputError&) {
        continue;  // a variable leaving its range: the Z3 engines report that themselves
      }
      if (seen.size() <= limits.max_states && seen.insert(next).second) queue.push_back(next);
    }
  }
  out.complete = queue.empty();
  // States discovered but not expanded are reachable too.
  for (const auto& ex : queue)
    if (projected.insert(enc.kept_values(ex)).second) out.states.push_back(enc.kept_values(ex));
  return out;
}

}  // namespace synack::checker::smt
