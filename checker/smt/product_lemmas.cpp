#include "checker/smt/product_lemmas.hpp"

#include <chrono>
#include <utility>

#include "checker/smt/unmoved_actor_lemmas.hpp"

namespace synack::checker::smt {
namespace {

Candidate less_eq(std::size_t a, std::size_t b) {
  Candidate c{};
  c.kind = Candidate::kLessEq;
  c.a = a;
  c.b = b;
  return c;
}

// A system fact about the saved copy instead of the state.
Candidate on_copy(Candidate c, const LivenessToSafety& product) {
  c.a = product.copy_index(c.a);
  c.b = product.copy_index(c.b);
  for (std::size_t& v : c.sum) v = product.copy_index(v);
  for (std::size_t& v : c.minus) v = product.copy_index(v);
  for (auto* differ : {&c.sum_if_differ, &c.minus_if_differ})
    for (auto& [x, y] : *differ) x = product.copy_index(x), y = product.copy_index(y);
  for (auto& [x, y] : c.also_equal) x = product.copy_index(x), y = product.copy_index(y);
  for (auto& guard : c.also_values) guard.first = product.copy_index(guard.first);
  for (std::size_t& v : c.only_if_set)
    if (v != Candidate::kNoFlag) v = product.copy_index(v);
  if (c.guarded) c.guard = product.copy_index(c.guard);
  if (c.guarded2) c.guard2 = product.copy_index(c.guard2);
  return c;
}

}  // namespace

std::vector<Candidate> product_candidates(const LivenessToSafety& product) {
  const auto& vars = product.state_vars();
  const std::size_t n = static_cast<std::size_t>(product.system_state_count());
  const std::size_t saved = product.saved_index();
  std::vector<Candidate> out;
  // The copy against the state: equal before the save, ordered once a state is saved.
  for (std::size_t i = 0; i < n; ++i) {
    Candidate same{};
    same.kind = Candidate::kEqual;
    same.a = i;
    same.b = product.copy_index(i);
    out.push_back(guarded_by(same, saved, 0));
    out.push_back(guarded_by(less_eq(product.copy_index(i), i), saved, 1));
    out.push_back(guarded_by(less_eq(i, product.copy_index(i)), saved, 1));
  }
  // The flags, alone and under one another and under the control states.
  std::vector<std::size_t> flags = product.flag_indices();
  std::vector<std::pair<std::size_t, std::int64_t>> guards;
  for (std::size_t g : flags)
    for (std::int64_t v : {0, 1}) guards.emplace_back(g, v);
  for (std::size_t g = 0; g < n; ++g)
    if (is_control_state(vars[g]))
      for (std::int64_t v = vars[g].lo; v <= vars[g].hi; ++v) guards.emplace_back(g, v);
  for (std::size_t f : flags)
    for (std::int64_t v : {0, 1}) {
      out.push_back(exactly(f, v));
      for (const auto& [g, gv] : guards)
        if (g != f) out.push_back(guarded_by(exactly(f, v), g, gv));
    }
  for (Candidate& c : unmoved_actor_candidates(product)) out.push_back(std::move(c));
  return out;
}

MinedLemmas product_lemmas(const LivenessToSafety& product, bool mine, const MiningLimits& limits,
                           const Deadline& deadline) {
  MinedLemmas out;
  Lemmas lemmas;
  // The system's own lemmas first, by Houdini over the system alone (half the variables):
  // inductive there, so on the product too, for the state and for the saved copy.
  Lemmas lifted;
  if (mine) {
    MinedLemmas system = mine_lemmas(product.encoding(), limits, deadline);
    if (!system.lemmas) {
      out.reason = system.reason;
      return out;
    }
    lemmas.samples = system.lemmas->samples;
    lemmas.candidates = system.lemmas->candidates;
    lemmas.rounds = system.lemmas->rounds;
    lemmas.undecided = system.lemmas->undecided;
    lemmas.expanded = system.lemmas->expanded;
    lemmas.seconds = system.lemmas->seconds;
    for (const Candidate& c : system.lemmas->facts) {
      lifted.facts.push_back(c);
      lifted.facts.push_back(on_copy(c, product));
    }
  }
  std::vector<Candidate> candidates = product_candidates(product);
  lemmas.candidates += candidates.size();
  auto started = std::chrono::steady_clock::now();
  const WalkLimits walks;
  HoudiniAnswer h = houdini(product, std::move(candidates), deadline, mine ? &lifted : nullptr,
                            kHoudiniCallResourceLimit, nullptr, &walks);
  lemmas.seconds.houdini +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!h.kept) {
    out.reason = "houdini over the liveness-to-safety product: z3 gave up (" + h.reason + ")";
    return out;
  }
  lemmas.facts = std::move(lifted.facts);
  for (Candidate& c : *h.kept) lemmas.facts.push_back(std::move(c));
  lemmas.rounds += h.rounds;
  lemmas.undecided += h.undecided;
  out.lemmas = std::move(lemmas);
  return out;
}

std::string product_lemmas_text(const LivenessToSafety& product, const Lemmas& lemmas) {
  const SystemEncoding& enc = product.encoding();
  const std::size_t n = static_cast<std::size_t>(product.system_state_count());
  // A system variable's value as its slot prints it, on the state or on the copy.
  return facts_text(lemmas, product.state_vars(), [&](std::size_t v, std::int64_t x) {
    std::size_t system = v;
    if (v >= product.copy_index(0) && v < product.copy_index(n)) system = v - product.copy_index(0);
    if (system >= n) return std::to_string(x);
    return printed_value(enc.system().layout(), enc.state_vars()[system].name, x);
  });
}

}  // namespace synack::checker::smt
