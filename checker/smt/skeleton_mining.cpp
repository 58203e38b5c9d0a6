#include "checker/smt/skeleton_mining.hpp"

#include <optional>
#include <regex>
#include <string>

#include "checker/smt/control_state.hpp"

namespace synack::checker::smt {
namespace {

// Two representatives whose difference varies by at most this much over a skeleton's
// samples get that range as a fact; wider ranges say little and cost Houdini a call each.
constexpr std::int64_t kNarrowDifference = 8;

// A skeleton's guard: each of its variables that matters, with its value.
Candidate guarded_by_skeleton(Candidate fact, const Candidate& skeleton,
                              const std::vector<std::int64_t>& tuple) {
  bool first = true;
  for (std::size_t i = 0; i < tuple.size(); ++i) {
    if (tuple[i] == Candidate::kAnyValue) continue;
    if (first) {
      fact.guarded = true;
      fact.guard = skeleton.sum[i];
      fact.guard_value = tuple[i];
      first = false;
    } else {
      fact.also_values.emplace_back(skeleton.sum[i], tuple[i]);
    }
  }
  return fact;
}

Candidate modular_difference(std::size_t a, std::size_t b, std::int64_t lo, std::int64_t hi,
                             std::int64_t modulus) {
  Candidate c{};
  c.kind = Candidate::kModularDifference;
  c.a = a;
  c.b = b;
  c.lo = lo;
  c.hi = hi;
  c.modulus = modulus;
  return c;
}

// The first `x = r + s + c` or `x = r - s + c` (mod m) over the members, x = reps[j], r an
// earlier representative, s another number of the space: a message left over from an earlier
// connection acknowledges the ISN before the last clock step (`c2s[0].ack = server.iss -
// server.isn_step + 1`), which no difference of two numbers says while the step varies.
std::optional<Candidate> linear_in(const std::vector<SmtVar>& vars,
                                   const std::vector<std::vector<std::int64_t>>& samples,
                                   const std::vector<std::size_t>& members,
                                   const std::vector<std::size_t>& reps, std::size_t j,
                                   const std::vector<std::size_t>& numbers, std::int64_t m) {
  std::size_t x = reps[j];
  for (std::size_t i = 0; i < j; ++i)
    for (std::size_t step : numbers) {
      if (step == x || step == reps[i] || sequence_space(vars[step]) != m) continue;
      for (std::int64_t sign : {1, -1}) {
        auto excess = [&](const std::vector<std::int64_t>& s) {
          return signed_mod(s[x] - s[reps[i]] - sign * s[step], m);
        };
        std::int64_t c = excess(samples[members[0]]);
        bool constant = true;
        for (std::size_t s : members) constant = constant && excess(samples[s]) == c;
        if (!constant) continue;
        Candidate f{};
        f.kind = Candidate::kLinear;
        f.a = x;
        f.b = reps[i];
        (sign > 0 ? f.sum : f.minus).push_back(step);
        f.lo = c;
        f.modulus = m;
        return f;
      }
    }
  return std::nullopt;
}

// The facts D_K of one skeleton over its samples (at least two), unguarded.
std::vector<Candidate> facts_of(const std::vector<SmtVar>& vars,
                                const std::vector<std::vector<std::int64_t>>& samples,
                                const std::vector<std::size_t>& members,
                                const std::vector<std::size_t>& numbers) {
  std::vector<Candidate> out;
  auto constant = [&](auto value_of) -> std::optional<std::int64_t> {
    std::int64_t first = value_of(samples[members[0]]);
    for (std::size_t s : members)
      if (value_of(samples[s]) != first) return std::nullopt;
    return first;
  };
  // Representatives of the classes of sequence numbers at constant differences, by space.
  std::map<std::int64_t, std::vector<std::size_t>> representatives;
  for (std::size_t v : numbers) {
    if (auto value = constant([&](const auto& s) { return s[v]; })) {
      out.push_back(exactly(v, *value));
      continue;
    }
    std::int64_t m = sequence_space(vars[v]);
    if (m == 0) continue;
    std::vector<std::size_t>& reps = representatives[m];
    bool joined = false;
    for (std::size_t r : reps) {
      auto d = constant([&](const auto& s) { return signed_mod(s[v] - s[r], m); });
      if (!d) continue;
      out.push_back(modular_difference(v, r, *d, *d, m));
      joined = true;
      break;
    }
    if (!joined) reps.push_back(v);
  }
  for (const auto& [m, reps] : representatives) {
    for (std::size_t j = 1; j < reps.size(); ++j)
      if (auto linear = linear_in(vars, samples, members, reps, j, numbers, m))
        out.push_back(*linear);
    for (std::size_t i = 0; i < reps.size(); ++i)
      for (std::size_t j = i + 1; j < reps.size(); ++j) {
        std::int64_t lo = m, hi = -m;
        for (std::size_t s : members) {
          std::int64_t d = signed_mod(samples[s][reps[j]] - samples[s][reps[i]], m);
          lo = std::min(lo, d);
          hi = std::max(hi, d);
        }
        if (hi - lo <= kNarrowDifference)
          out.push_back(modular_difference(reps[j], reps[i], lo, hi, m));
      }
  }
  return out;
}

}  // namespace

std::vector<std::size_t> presence_flags(const std::vector<SmtVar>& vars) {
  static const std::regex field(R"((.*\[[0-9]+\])\.(.+))");
  std::map<std::string, std::size_t> flag_of_position;
  std::smatch m;
  for (std::size_t i = 0; i < vars.size(); ++i)
    if (std::regex_match(vars[i].name, m, field) && m[2].str() == "present")
      flag_of_position[m[1].str()] = i;
  std::vector<std::size_t> out(vars.size(), Candidate::kNoFlag);
  for (std::size_t i = 0; i < vars.size(); ++i) {
    if (!std::regex_match(vars[i].name, m, field) || m[2].str() == "present") continue;
    auto flag = flag_of_position.find(m[1].str());
    if (flag != flag_of_position.end()) out[i] = flag->second;
  }
  return out;
}

bool is_presence_flag(const SmtVar& v) {
  const std::string suffix = "].present";
  return v.name.size() > suffix.size() &&
         v.name.compare(v.name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Candidate skeleton_of(const std::vector<SmtVar>& vars, bool with_counters) {
  std::vector<std::size_t> flags = presence_flags(vars);
  Candidate c{};
  c.kind = Candidate::kOneOf;
  for (std::size_t i = 0; i < vars.size(); ++i) {
    const SmtVar& v = vars[i];
    if (v.lo == v.hi || !is_discrete(v)) continue;
    bool in_flight = is_presence_flag(v) || flags[i] != Candidate::kNoFlag;
    if (!with_counters && !in_flight && !is_control_state(v)) continue;
    c.sum.push_back(i);
    c.only_if_set.push_back(flags[i]);
  }
  return c;
}

std::map<std::vector<std::int64_t>, std::vector<std::size_t>> skeletons_seen(
    const Candidate& skeleton, const std::vector<std::vector<std::int64_t>>& samples) {
  std::map<std::vector<std::int64_t>, std::vector<std::size_t>> out;
  for (std::size_t s = 0; s < samples.size(); ++s) out[skeleton.tuple_of(samples[s])].push_back(s);
  return out;
}

std::vector<Candidate> propose_skeleton_candidates(
    const std::vector<SmtVar>& vars, const std::vector<std::vector<std::int64_t>>& samples,
    bool with_counters, std::size_t max_candidates, const Deadline& deadline) {
  std::vector<Candidate> out;
  if (samples.empty() || max_candidates == 0) return out;
  Candidate skeleton = skeleton_of(vars, with_counters);
  auto seen = skeletons_seen(skeleton, samples);
  for (const auto& [tuple, members] : seen) skeleton.tuples.push_back(tuple);
  out.push_back(skeleton);
  std::vector<bool> in_skeleton(vars.size(), false);
  for (std::size_t v : skeleton.sum) in_skeleton[v] = true;
  std::vector<std::size_t> flags = presence_flags(vars);
  for (const auto& [tuple, members] : seen) {
    if (deadline.expired()) break;
    if (members.size() < 2) continue;
    // The numbers of this skeleton: what is no part of it, of a message in flight if of a
    // message at all.
    std::vector<std::size_t> numbers;
    const std::vector<std::int64_t>& first = samples[members[0]];
    for (std::size_t v = 0; v < vars.size(); ++v)
      if (!in_skeleton[v] && vars[v].lo != vars[v].hi && !is_presence_flag(vars[v]) &&
          (flags[v] == Candidate::kNoFlag || first[flags[v]] != 0))
        numbers.push_back(v);
    std::vector<Candidate> facts = facts_of(vars, samples, members, numbers);
    if (out.size() + facts.size() > max_candidates) break;
    for (Candidate& f : facts) out.push_back(guarded_by_skeleton(std::move(f), skeleton, tuple));
  }
  return out;
}

}  // namespace synack::checker::smt
