#include "checker/smt/mine_lemmas.hpp"

#include <chrono>
#include <iterator>

#include <fmt/format.h>

#include "checker/smt/channel_order_mining.hpp"
#include "checker/smt/equality_guard_mining.hpp"
#include "checker/smt/message_slot_mining.hpp"
#include "checker/smt/reachable_sample.hpp"
#include "checker/smt/shape_mining.hpp"
#include "checker/smt/skeleton_mining.hpp"
#include "checker/smt/three_variable_mining.hpp"

namespace synack::checker::smt {
namespace {

// The proposal keeps this many times the cap: the cap applies after pruning, to what
// survives it.
constexpr std::size_t kProposalShare = 4;
// The equality-guarded facts (checker/smt/equality_guard_mining) keep at most this share of
// the cap, and at least as much of it as they fill.
constexpr std::size_t kEqualityShare = 4;
// The second sample's starts are spread by another seed than the first's.
constexpr std::uint64_t kPruneSeed = 0x5eed2;
// One candidate, the shape set, over thousands of tuples: a call over it needs more work
// than Houdini's usual limit allows.
constexpr unsigned kShapeCallResourceLimit = 100'000'000;

// At most `count` of `all`, evenly spread over them (a breadth-first sample's first states
// are its shallowest: a prefix would miss what deeper states show).
std::vector<std::vector<std::int64_t>> spread_subset(
    const std::vector<std::vector<std::int64_t>>& all, std::size_t count) {
  if (all.size() <= count) return all;
  std::vector<std::vector<std::int64_t>> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.push_back(all[i * all.size() / count]);
  return out;
}

// Seconds since `start`, and `start` moved to now.
double lap(std::chrono::steady_clock::time_point& start) {
  auto now = std::chrono::steady_clock::now();
  double s = std::chrono::duration<double>(now - start).count();
  start = now;
  return s;
}

// The ordered channels, each with its receiver and sender.
std::vector<OrderedChannel> ordered_channels(const SystemEncoding& enc) {
  std::vector<OrderedChannel> out;
  std::vector<Model::ChannelEnds> ends = enc.system().channel_ends();
  for (std::size_t link = 0; link < ends.size(); ++link)
    if (enc.channel_ordered(link)) out.push_back({ends[link].name, ends[link].to, ends[link].from});
  return out;
}

// Every channel with its receiver.
std::vector<ChannelReceiver> receivers(const SystemEncoding& enc) {
  std::vector<ChannelReceiver> out;
  for (const Model::ChannelEnds& ends : enc.system().channel_ends())
    out.push_back({ends.name, ends.to});
  return out;
}

// Whether every state within the fixed ranges that satisfies the lemmas is good: then
// k-induction closes at k = 0 and skeleton lemmas are not needed. Z3 giving up is a no.
bool closes_at_zero(const SystemEncoding& enc, const Lemmas& lemmas, const Deadline& deadline) {
  Unrolling u(enc);
  z3::solver solver(enc.context());
  return check_goal(solver, u.fixed_ranges(0) && lemmas.at(u.state(0)) && u.bad(0), deadline)
             .result == z3::unsat;
}

// The skeleton lemmas over `samples`, by a Houdini run that assumes `lemmas` (Houdini's
// answer so far, inductive on its own), added to them. False (and `out.reason`) where Z3
// gave up.
bool add_skeleton_lemmas(const SystemEncoding& enc, const MiningLimits& limits,
                         std::vector<std::vector<std::int64_t>> samples,
                         const CtiExpansion& expansion, const Deadline& deadline, Lemmas& lemmas,
                         MinedLemmas& out) {
  std::vector<Candidate> candidates =
      propose_skeleton_candidates(enc.state_vars(), samples, limits.skeleton_counters,
                                  limits.max_skeleton_candidates, deadline);
  if (candidates.empty()) return true;
  lemmas.skeletons = candidates.front().tuples.size();
  lemmas.skeleton_candidates = candidates.size();
  lemmas.candidates += candidates.size();
  HoudiniAnswer h = houdini(enc, std::move(candidates), deadline, &lemmas,
                            kHoudiniCallResourceLimit, limits.cti_depth > 0 ? &expansion : nullptr);
  if (!h.kept) {
    out.reason = "houdini (skeletons): z3 gave up (" + h.reason + ")";
    return false;
  }
  lemmas.skeleton_facts = h.kept->size();
  lemmas.skeletons_added = h.weakened;
  lemmas.rounds += h.rounds;
  lemmas.undecided += h.undecided;
  lemmas.expanded += h.expanded;
  for (Candidate& c : *h.kept) lemmas.facts.push_back(std::move(c));
  return true;
}

// The shape lemmas over `samples` (checker/smt/shape_mining), by a Houdini run that assumes
// `lemmas`, added to them; counters are found on the explicit steps of a spread subset.
// False (and `out.reason`) where Z3 gave up.
bool add_shape_lemmas(const SystemEncoding& enc, const MiningLimits& limits,
                      const std::vector<std::vector<std::int64_t>>& samples,
                      const CtiExpansion& expansion, const Deadline& deadline, Lemmas& lemmas,
                      MinedLemmas& out) {
  std::vector<SampledStep> steps;
  for (const auto& s : spread_subset(samples, limits.shape_step_samples)) {
    if (deadline.expired()) break;
    for (auto& next : enc.explicit_successors(s)) steps.emplace_back(s, std::move(next));
  }
  std::vector<Candidate::Counter> counters = find_counters(enc.state_vars(), steps);
  std::vector<Candidate> candidates =
      propose_shape_candidates(enc.state_vars(), samples, counters, limits.shape_counters);
  if (candidates.empty()) return true;
  lemmas.counters = counters.size();
  lemmas.shapes = candidates.front().tuples.size();
  lemmas.candidates += candidates.size();
  HoudiniAnswer h = houdini(enc, std::move(candidates), deadline, &lemmas, kShapeCallResourceLimit,
                            limits.cti_depth > 0 ? &expansion : nullptr);
  if (!h.kept) {
    out.reason = "houdini (shapes): z3 gave up (" + h.reason + ")";
    return false;
  }
  lemmas.shapes_added = h.weakened;
  lemmas.rounds += h.rounds;
  lemmas.undecided += h.undecided;
  lemmas.expanded += h.expanded;
  for (Candidate& c : *h.kept) {
    if (c.kind == Candidate::kOneOf) lemmas.shape_kept = true;
    lemmas.facts.push_back(std::move(c));
  }
  return true;
}

}  // namespace

MiningLimits mining_limits(LemmaSource source) {
  MiningLimits limits;
  limits.skeletons = source == LemmaSource::kMineSkeletons;
  limits.equality_guards = source == LemmaSource::kMineEqualities;
  return limits;
}

MinedLemmas mine_lemmas(const SystemEncoding& enc, const MiningLimits& limits,
                        const Deadline& deadline, std::vector<Candidate> stated) {
  MinedLemmas out;
  Lemmas lemmas;
  auto clock = std::chrono::steady_clock::now();
  // Every phase stops at the deadline; lemmas from a cut sample or a cut proposal would
  // still be sound (Houdini proves them), but the budget is spent: no lemmas, and why.
  ReachableSample sample =
      sample_reachable(enc, SampleLimits{limits.initial_states, limits.max_states}, deadline);
  lemmas.seconds.sampling += lap(clock);
  std::vector<std::vector<std::int64_t>> proposing =
      spread_subset(sample.states, limits.propose_states);
  std::vector<Candidate> candidates = propose_candidates(
      enc.state_vars(), proposing, limits.max_candidates * kProposalShare, deadline);
  if (limits.message_slots)
    for (Candidate& c : propose_message_slot_candidates(enc.state_vars(), proposing,
                                                        limits.max_two_guard_proposals, deadline))
      candidates.push_back(std::move(c));
  std::vector<Candidate> equality;
  if (limits.equality_guards)
    equality = propose_equality_guarded_candidates(enc.state_vars(), proposing, receivers(enc),
                                                   limits.max_equality_guard_proposals, deadline);
  if (limits.three_variables)
    for (Candidate& c : propose_three_variable_candidates(
             enc.state_vars(), proposing, limits.max_three_variable_proposals, deadline))
      candidates.push_back(std::move(c));
  if (limits.channel_order)
    for (Candidate& c :
         propose_channel_order_candidates(enc.state_vars(), proposing, ordered_channels(enc),
                                          limits.max_channel_order_proposals, deadline))
      candidates.push_back(std::move(c));
  lemmas.seconds.proposing += lap(clock);
  // Pruning with both samples, in one pass per template, after the second is drawn: a
  // candidate is checked against both, and only until the cap is filled (the same first
  // candidates as checking them all and cutting at the cap). The equality-guarded facts
  // (checker/smt/equality_guard_mining) come last but keep a share of the cap: at the
  // defaults the other templates alone fill it.
  std::vector<const SampleStates*> pruning;
  if (sample.states.size() > limits.propose_states) pruning.push_back(&sample.states);
  // One start and every state seen: nothing else to sample.
  ReachableSample second;
  if (sample.starts > 1 || !sample.complete) {
    SampleLimits wider{limits.initial_states * 2, limits.prune_states, kPruneSeed};
    second = sample_reachable(enc, wider, deadline);
    lemmas.seconds.sampling += lap(clock);
    pruning.push_back(&second.states);
  }
  equality = first_holding_in(std::move(equality), pruning, limits.max_candidates / kEqualityShare,
                              deadline);
  candidates = first_holding_in(std::move(candidates), pruning,
                                limits.max_candidates - equality.size(), deadline);
  for (Candidate& c : equality) candidates.push_back(std::move(c));
  lemmas.seconds.pruning += lap(clock);
  // The second sample (up to prune_states states) outlives pruning only for the skeleton
  // and shape passes: held through Houdini regardless, it raised the peak RSS of `--lemmas
  // mine` on the grown three-way handshake from 128 to 161 MB.
  std::vector<std::vector<std::int64_t>> second_states;
  if (limits.skeletons || limits.shapes) second_states = std::move(second.states);
  second = ReachableSample{};
  if (deadline.expired()) {
    out.reason = deadline.why();
    return out;
  }
  for (Candidate& c : stated) candidates.push_back(std::move(c));
  lemmas.candidates = candidates.size();
  lemmas.samples = sample.states.size();
  CtiExpansion expansion{
      [&](const std::vector<std::int64_t>& s) { return enc.explicit_successors(s); },
      limits.cti_depth, limits.cti_states};
  HoudiniAnswer h = houdini(enc, std::move(candidates), deadline, nullptr,
                            kHoudiniCallResourceLimit, limits.cti_depth > 0 ? &expansion : nullptr);
  lemmas.seconds.houdini = lap(clock);
  if (!h.kept) {
    out.reason = "houdini: z3 gave up (" + h.reason + ")";
    return out;
  }
  lemmas.facts = std::move(*h.kept);
  lemmas.rounds = h.rounds;
  lemmas.undecided = h.undecided;
  lemmas.expanded = h.expanded;
  const bool shapes = limits.shapes || limits.skeletons;
  bool closed = !shapes || closes_at_zero(enc, lemmas, deadline);
  if (!closed) {
    std::vector<std::vector<std::int64_t>> both = std::move(sample.states);
    both.insert(both.end(), std::make_move_iterator(second_states.begin()),
                std::make_move_iterator(second_states.end()));
    if (shapes) {
      if (!add_shape_lemmas(enc, limits, both, expansion, deadline, lemmas, out)) return out;
      closed = closes_at_zero(enc, lemmas, deadline);
    }
    if (!closed && limits.skeletons &&
        !add_skeleton_lemmas(enc, limits, std::move(both), expansion, deadline, lemmas, out))
      return out;
    lemmas.seconds.skeletons = lap(clock);
  }
  out.lemmas = std::move(lemmas);
  return out;
}

std::string facts_text(const Lemmas& lemmas, const std::vector<SmtVar>& vars,
                       const std::function<std::string(std::size_t, std::int64_t)>& value) {
  std::string out;
  for (const Candidate& c : lemmas.facts) {
    if (!out.empty()) out += '\n';
    out += c.text(vars, value);
  }
  return out;
}

std::string printed_value(const Layout& layout, const std::string& name, std::int64_t x) {
  std::optional<std::size_t> slot = layout.find(name);
  return slot ? layout.slot(*slot).print(x) : std::to_string(x);
}

std::string lemmas_text(const SystemEncoding& enc, const Lemmas& lemmas) {
  const auto& vars = enc.state_vars();
  return facts_text(lemmas, vars, [&](std::size_t v, std::int64_t x) {
    return printed_value(enc.system().layout(), vars[v].name, x);
  });
}

}  // namespace synack::checker::smt
