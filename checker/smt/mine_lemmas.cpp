#include "checker/smt/mine_lemmas.hpp"

#include <fmt/format.h>

#include "checker/smt/reachable_sample.hpp"

namespace synack::checker::smt {

MinedLemmas mine_lemmas(const SystemEncoding& enc, const MiningLimits& limits,
                        const Deadline& deadline) {
  MinedLemmas out;
  // Every phase stops at the deadline; lemmas from a cut sample or a cut proposal would
  // still be sound (Houdini proves them), but the budget is spent: no lemmas, "timeout".
  ReachableSample sample =
      sample_reachable(enc, SampleLimits{limits.initial_states, limits.max_states}, deadline);
  std::vector<Candidate> candidates =
      propose_candidates(enc.state_vars(), sample.states, limits.max_candidates, deadline);
  if (deadline.expired()) {
    out.reason = "timeout";
    return out;
  }
  Lemmas lemmas;
  lemmas.candidates = candidates.size();
  lemmas.samples = sample.states.size();
  HoudiniAnswer h = houdini(enc, std::move(candidates), deadline);
  if (!h.kept) {
    out.reason = "houdini: z3 gave up (" + h.reason + ")";
    return out;
  }
  lemmas.facts = std::move(*h.kept);
  lemmas.rounds = h.rounds;
  out.lemmas = std::move(lemmas);
  return out;
}

std::string lemmas_text(const SystemEncoding& enc, const Lemmas& lemmas) {
  const Layout& layout = enc.system().layout();
  const auto& vars = enc.state_vars();
  auto value = [&](std::size_t v, std::int64_t x) {
    std::optional<std::size_t> slot = layout.find(vars[v].name);
    return slot ? layout.slot(*slot).print(x) : std::to_string(x);
  };
  std::string out;
  for (const Candidate& c : lemmas.facts) {
    if (!out.empty()) out += '\n';
    out += c.text(vars, value);
  }
  return out;
}

}  // namespace synack::checker::smt
