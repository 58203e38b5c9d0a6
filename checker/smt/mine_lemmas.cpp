#include "checker/smt/mine_lemmas.hpp"

#include <chrono>
#include <cstdlib>

#include <fmt/format.h>

#include "checker/smt/reachable_sample.hpp"

namespace synack::checker::smt {

MinedLemmas mine_lemmas(const SystemEncoding& enc, const MiningLimits& limits,
                        const Deadline& deadline) {
  auto t0 = std::chrono::steady_clock::now();
  auto lap = [&](const char* what) {
    if (std::getenv("SYNACK_MINING_TIMES"))
      fmt::print(stderr, "{}: {:.2f} s\n", what, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  };
  ReachableSample sample =
      sample_reachable(enc, SampleLimits{limits.initial_states, limits.max_states}, deadline);
  std::vector<Candidate> candidates =
      propose_candidates(enc.state_vars(), sample.states, limits.max_candidates);
  lap("sampled and proposed");
  if (std::getenv("SYNACK_MINING_DUMP")) {
    Lemmas all;
    all.facts = candidates;
    fmt::print(stderr, "{}\n", lemmas_text(enc, all));
  }
  MinedLemmas out;
  Lemmas lemmas;
  lemmas.candidates = candidates.size();
  lemmas.samples = sample.states.size();
  HoudiniAnswer h = houdini(enc, std::move(candidates), deadline);
  if (!h.kept) {
    out.reason = "houdini: z3 gave up (" + h.reason + ")";
    return out;
  }
  lap("houdini");
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
  for (const Candidate& c : lemmas.facts) out += (out.empty() ? "" : "\n") + c.text(vars, value);
  return out;
}

}  // namespace synack::checker::smt
