#include "checker/smt/shape_mining.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "checker/smt/number_form.hpp"
#include "checker/smt/skeleton_mining.hpp"

namespace synack::checker::smt {
namespace {

std::string actor_of(const SmtVar& v) {
  return v.name.substr(0, v.name.find('.'));
}

bool never_changes(std::size_t v, const std::vector<SampledStep>& steps) {
  return std::all_of(steps.begin(), steps.end(),
                     [&](const SampledStep& s) { return s.first[v] == s.second[v]; });
}

// Over every step the clock stays or moves by the step (mod m), and it moves at least once.
bool moves_by(std::size_t clock, std::size_t step, std::int64_t m,
              const std::vector<SampledStep>& steps) {
  bool moved = false;
  for (const auto& [before, after] : steps) {
    std::int64_t d = signed_mod(after[clock] - before[clock], m);
    if (d == 0) continue;
    if (d != signed_mod(before[step], m)) return false;
    moved = true;
  }
  return moved;
}

}  // namespace

std::vector<Candidate::Counter> find_counters(const std::vector<SmtVar>& vars,
                                              const std::vector<SampledStep>& steps) {
  std::vector<Candidate::Counter> out;
  if (steps.empty()) return out;
  std::vector<std::size_t> numbers, fixed;
  for (std::size_t v = 0; v < vars.size(); ++v) {
    if (sequence_space(vars[v]) == 0 || is_presence_flag(vars[v])) continue;
    numbers.push_back(v);
    if (never_changes(v, steps)) fixed.push_back(v);
  }
  for (std::size_t clock : numbers) {
    std::int64_t m = sequence_space(vars[clock]);
    std::vector<std::size_t> own, others;
    for (std::size_t s : fixed)
      if (s != clock && sequence_space(vars[s]) == m)
        (actor_of(vars[s]) == actor_of(vars[clock]) ? own : others).push_back(s);
    own.insert(own.end(), others.begin(), others.end());
    for (std::size_t step : own)
      if (moves_by(clock, step, m, steps)) {
        out.push_back({clock, step, m});
        break;
      }
  }
  return out;
}

bool generic_sample(const std::vector<std::int64_t>& state,
                    const std::vector<Candidate::Counter>& counters) {
  for (const Candidate::Counter& c : counters) {
    // Forms j and j' (offsets within kMaxOffset) alias where (j - j') * step is within
    // 2 * kMaxOffset; a form and a constant where clock - j * step is within reach of one.
    for (std::int64_t k = 1; k <= kMaxDraws; ++k)
      if (std::abs(signed_mod(k * state[c.step], c.modulus)) <= 2 * kMaxOffset) return false;
    for (std::int64_t j = 0; j <= kMaxDraws; ++j) {
      std::int64_t at = signed_mod(state[c.clock] - j * state[c.step], c.modulus);
      if (at >= -kMaxOffset && at < kFormConstants + kMaxOffset) return false;
    }
  }
  return true;
}

std::vector<Candidate> propose_shape_candidates(
    const std::vector<SmtVar>& vars, const std::vector<std::vector<std::int64_t>>& samples,
    const std::vector<Candidate::Counter>& counters, bool with_counters) {
  std::vector<Candidate> out;
  if (counters.empty() || samples.empty()) return out;
  Candidate shape = skeleton_of(vars, with_counters);
  shape.counters = counters;
  std::set<std::int64_t> spaces;
  std::set<std::size_t> counting;
  for (const Candidate::Counter& c : counters) {
    spaces.insert(c.modulus);
    counting.insert(c.clock);
    counting.insert(c.step);
  }
  std::vector<std::size_t> flags = presence_flags(vars);
  for (std::size_t v = 0; v < vars.size(); ++v)
    if (spaces.count(sequence_space(vars[v])) && !counting.count(v) && vars[v].lo != vars[v].hi &&
        !is_presence_flag(vars[v]) &&
        std::find(shape.sum.begin(), shape.sum.end(), v) == shape.sum.end()) {
      shape.shaped.push_back(v);
      shape.shaped_only_if_set.push_back(flags[v]);
    }
  std::set<std::vector<std::int64_t>> seen;
  for (const auto& s : samples)
    if (generic_sample(s, counters)) seen.insert(shape.tuple_of(s));
  shape.tuples.assign(seen.begin(), seen.end());
  out.push_back(std::move(shape));
  std::set<std::size_t> steps;
  for (const Candidate::Counter& c : counters) steps.insert(c.step);
  for (std::size_t s : steps) {
    bool odd = std::all_of(samples.begin(), samples.end(),
                           [&](const auto& state) { return state[s] % 2 != 0; });
    if (!odd) continue;
    Candidate parity{};
    parity.kind = Candidate::kResidue;
    parity.a = s;
    parity.lo = 1;
    parity.modulus = 2;
    out.push_back(parity);
  }
  return out;
}

}  // namespace synack::checker::smt
