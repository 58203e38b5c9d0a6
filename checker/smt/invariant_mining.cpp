#include "checker/smt/invariant_mining.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <regex>
#include <set>

namespace synack::checker::smt {
namespace {

// A guard is a control state: values of such a variable beyond this many are not split on.
constexpr std::int64_t kMaxGuardValues = 16;
// A modular difference spread over more than this share of the space says nothing useful.
constexpr std::int64_t kModularWidthShare = 4;
// A difference is proposed only where it is at most this share of what the ranges allow.
constexpr std::int64_t kDifferenceShare = 2;
// The smallest space whose numbers are taken to be sequence numbers (2^4).
constexpr std::int64_t kSmallestSequenceSpace = 16;
// The widest set of flags whose unused high bits are proposed (a 32-bit sequence number
// is no set, and its samples would refute the candidate anyway).
constexpr std::int64_t kWidestFlagSet = std::int64_t{1} << 16;
// Pruning reads the deadline after this many candidate-in-state checks (a few tens of
// microseconds of work): reading the clock costs less than one percent of it.
constexpr std::size_t kStatesPerDeadlineCheck = 4096;

// Whether `v` may be a set of flags: declared 0..2^b - 1 and wider than a control state or
// a small counter (is_discrete), whose values are excluded one by one instead.
bool is_flag_set(const SmtVar& v) {
  std::int64_t m = v.hi + 1;
  return v.lo == 0 && !is_discrete(v) && (m & (m - 1)) == 0 && m <= kWidestFlagSet;
}

// The presence flags of each channel ("c2s[0].present", "c2s[1].present"), by channel.
std::vector<std::vector<std::size_t>> channel_flags(const std::vector<SmtVar>& vars) {
  static const std::regex flag(R"((.*)\[[0-9]+\]\.present)");
  std::map<std::string, std::vector<std::size_t>> by_channel;
  std::smatch m;
  for (std::size_t i = 0; i < vars.size(); ++i)
    if (std::regex_match(vars[i].name, m, flag)) by_channel[m[1].str()].push_back(i);
  std::vector<std::vector<std::size_t>> out;
  for (auto& [name, flags] : by_channel)
    if (flags.size() >= 2) out.push_back(std::move(flags));
  return out;
}

struct ValueInterval {
  std::int64_t lo = std::numeric_limits<std::int64_t>::max();
  std::int64_t hi = std::numeric_limits<std::int64_t>::min();
  void add(std::int64_t v) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool operator==(const ValueInterval& o) const { return lo == o.lo && hi == o.hi; }
};

// What the samples in one scope (all of them, or those in one control state) show.
struct ScopeFacts {
  std::vector<ValueInterval> range;            // per variable
  std::vector<std::int64_t> ored;              // per variable: its samples ORed together
  std::vector<std::set<std::int64_t>> values;  // per control state: those observed
  std::vector<ValueInterval> flights;          // per channel
  std::map<std::pair<std::size_t, std::size_t>, ValueInterval> difference, modular;  // per pair
};

// Cut short, and incomplete, once `deadline` expires: the pairs cost variables^2 x samples,
// minutes on the larger models, so the deadline is checked once per first variable.
ScopeFacts observe(const std::vector<SmtVar>& vars,
                   const std::vector<std::vector<std::int64_t>>& samples,
                   const std::vector<std::size_t>& members,
                   const std::vector<std::vector<std::size_t>>& channels,
                   const Deadline& deadline) {
  ScopeFacts f;
  f.range.resize(vars.size());
  f.ored.resize(vars.size());
  f.values.resize(vars.size());
  f.flights.resize(channels.size());
  for (std::size_t s : members) {
    const auto& st = samples[s];
    for (std::size_t v = 0; v < vars.size(); ++v) {
      f.range[v].add(st[v]);
      f.ored[v] |= st[v];
      if (is_discrete(vars[v])) f.values[v].insert(st[v]);
    }
    for (std::size_t c = 0; c < channels.size(); ++c) {
      std::int64_t n = 0;
      for (std::size_t v : channels[c]) n += st[v];
      f.flights[c].add(n);
    }
  }
  for (std::size_t a = 0; a < vars.size() && !deadline.expired(); ++a)
    for (std::size_t b = a + 1; b < vars.size(); ++b) {
      // Constants are said by the ranges already.
      if (f.range[a].lo == f.range[a].hi || f.range[b].lo == f.range[b].hi) continue;
      ValueInterval& d = f.difference[{a, b}];
      std::int64_t m = sequence_space(vars[a]);
      bool modular = m != 0 && vars[a].hi == vars[b].hi;
      ValueInterval md;
      for (std::size_t s : members) {
        d.add(samples[s][a] - samples[s][b]);
        if (modular) md.add(signed_mod(samples[s][a] - samples[s][b], m));
      }
      if (modular && md.hi - md.lo < m / kModularWidthShare) f.modular[{a, b}] = md;
    }
  return f;
}

// The candidates of one scope; `outer` (the unguarded scope) to skip what it says already.
void emit(const std::vector<SmtVar>& vars, const std::vector<std::vector<std::size_t>>& channels,
          const ScopeFacts& f, const ScopeFacts* outer, Candidate base,
          std::vector<Candidate>& unary, std::vector<Candidate>& pairs) {
  for (std::size_t v = 0; v < vars.size(); ++v) {
    if (base.guarded && v == base.guard) continue;
    bool few = is_discrete(vars[v]) && f.range[v].hi - f.range[v].lo < kMaxGuardValues;
    for (std::int64_t x = f.range[v].lo; few && x <= f.range[v].hi; ++x) {
      if (f.values[v].count(x) || (outer && !outer->values[v].count(x))) continue;
      Candidate c = base;
      c.kind = Candidate::kExcluded;
      c.a = v;
      c.lo = c.hi = x;
      unary.push_back(c);
    }
    if (!outer && is_flag_set(vars[v])) {
      std::int64_t below = 1;  // the smallest power of two above every sample's bits
      while (below <= f.ored[v]) below *= 2;
      if (below - 1 < vars[v].hi && (f.range[v].lo != 0 || f.range[v].hi != below - 1)) {
        Candidate c = base;
        c.kind = Candidate::kRange;
        c.a = v;
        c.lo = 0;
        c.hi = below - 1;
        unary.push_back(c);
      }
    }
    // A number no sample shows 0 (an ISN clock's step, coprime with the space): `x != 0`
    // may be inductive where the observed range is not initial (open initial values make
    // the samples' range a few points among many).
    bool wide = !is_discrete(vars[v]) && !is_flag_set(vars[v]);
    if (!outer && wide && vars[v].lo <= 0 && 0 <= vars[v].hi && f.range[v].lo > 0) {
      Candidate c = base;
      c.kind = Candidate::kExcluded;
      c.a = v;
      c.lo = c.hi = 0;
      unary.push_back(c);
    }
    if (outer && f.range[v] == outer->range[v]) continue;
    Candidate c = base;
    c.kind = Candidate::kRange;
    c.a = v;
    c.lo = f.range[v].lo;
    c.hi = f.range[v].hi;
    unary.push_back(c);
  }
  for (std::size_t ch = 0; ch < channels.size(); ++ch) {
    if (outer && f.flights[ch] == outer->flights[ch]) continue;
    Candidate c = base;
    c.kind = Candidate::kFlightCount;
    c.sum = channels[ch];
    c.lo = f.flights[ch].lo;
    c.hi = f.flights[ch].hi;
    unary.push_back(c);
  }
  for (const auto& [ab, d] : f.difference) {
    auto [a, b] = ab;
    if (outer) {
      auto it = outer->difference.find(ab);
      if (it != outer->difference.end() && it->second == d) continue;
    }
    Candidate c = base;
    c.a = a;
    c.b = b;
    // What the two ranges alone allow.
    std::int64_t implied_lo = f.range[a].lo - f.range[b].hi,
                 implied_hi = f.range[a].hi - f.range[b].lo;
    if (d.lo == d.hi) {
      c.kind = d.lo == 0 ? Candidate::kEqual : Candidate::kDifference;
      c.lo = c.hi = d.lo;
      pairs.push_back(c);
      continue;
    }
    bool a_le_b = d.hi <= 0 && implied_hi > 0, b_le_a = d.lo >= 0 && implied_lo < 0;
    if (a_le_b || b_le_a) {
      Candidate le = c;
      le.kind = Candidate::kLessEq;
      if (b_le_a) std::swap(le.a, le.b);
      pairs.push_back(le);
    }
    bool says_more = (d.hi - d.lo) * kDifferenceShare <= implied_hi - implied_lo &&
                     ((d.lo > implied_lo && !(b_le_a && d.lo == 0)) ||
                      (d.hi < implied_hi && !(a_le_b && d.hi == 0)));
    if (says_more) {
      c.kind = Candidate::kDifference;
      c.lo = d.lo;
      c.hi = d.hi;
      pairs.push_back(c);
    }
  }
  for (const auto& [ab, d] : f.modular) {
    if (outer) {
      auto it = outer->modular.find(ab);
      if (it != outer->modular.end() && it->second == d) continue;
    }
    Candidate c = base;
    c.kind = Candidate::kModularDifference;
    c.a = ab.first;
    c.b = ab.second;
    c.lo = d.lo;
    c.hi = d.hi;
    c.modulus = sequence_space(vars[c.a]);
    pairs.push_back(c);
  }
}

}  // namespace

std::int64_t sequence_space(const SmtVar& v) {
  std::int64_t m = v.hi + 1;
  bool power_of_two = m > 0 && (m & (m - 1)) == 0;
  return v.lo == 0 && power_of_two && m >= kSmallestSequenceSpace ? m : 0;
}

bool is_discrete(const SmtVar& v) {
  return v.hi - v.lo < kMaxGuardValues;
}

std::int64_t signed_mod(std::int64_t d, std::int64_t m) {
  std::int64_t r = ((d % m) + m) % m;
  return r > m / 2 ? r - m : r;
}

Candidate exactly(std::size_t var, std::int64_t value) {
  Candidate c{};
  c.kind = Candidate::kRange;
  c.a = var;
  c.lo = c.hi = value;
  return c;
}

Candidate guarded_by(Candidate fact, std::size_t guard, std::int64_t value,
                     std::vector<std::pair<std::size_t, std::size_t>> equal) {
  fact.guarded = true;
  fact.guard = guard;
  fact.guard_value = value;
  fact.also_equal = std::move(equal);
  return fact;
}

std::vector<Candidate> propose_candidates(const std::vector<SmtVar>& vars,
                                          const std::vector<std::vector<std::int64_t>>& samples,
                                          std::size_t max_candidates, const Deadline& deadline) {
  if (samples.empty()) return {};
  std::vector<std::vector<std::size_t>> channels = channel_flags(vars);
  std::vector<std::size_t> everyone(samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) everyone[i] = i;
  ScopeFacts global = observe(vars, samples, everyone, channels, deadline);
  if (deadline.expired()) return {};
  std::vector<Candidate> unary, pairs, guarded_unary, guarded_pairs;
  Candidate base{};
  emit(vars, channels, global, nullptr, base, unary, pairs);
  for (std::size_t g = 0; g < vars.size(); ++g) {
    if (!is_discrete(vars[g]) || global.range[g].lo == global.range[g].hi) continue;
    std::map<std::int64_t, std::vector<std::size_t>> by_value;
    for (std::size_t i = 0; i < samples.size(); ++i) by_value[samples[i][g]].push_back(i);
    if (by_value.size() > static_cast<std::size_t>(kMaxGuardValues)) continue;
    for (const auto& [value, members] : by_value) {
      ScopeFacts scope = observe(vars, samples, members, channels, deadline);
      if (deadline.expired()) return {};
      Candidate guarded = base;
      guarded.guarded = true;
      guarded.guard = g;
      guarded.guard_value = value;
      emit(vars, channels, scope, &global, guarded, guarded_unary, guarded_pairs);
    }
  }
  std::vector<Candidate> out;
  for (auto* part : {&unary, &pairs, &guarded_unary, &guarded_pairs})
    for (Candidate& c : *part) {
      if (out.size() == max_candidates) return out;
      out.push_back(std::move(c));
    }
  return out;
}

std::vector<Candidate> first_holding_in(std::vector<Candidate> candidates,
                                        const std::vector<const SampleStates*>& samples,
                                        std::size_t limit, const Deadline& deadline) {
  std::vector<Candidate> out;
  std::size_t until_check = 0;
  bool expired = false;
  // Whether `c` holds in every state, reading the deadline every kStatesPerDeadlineCheck states.
  auto holds_everywhere = [&](const Candidate& c) {
    for (const SampleStates* states : samples)
      for (const auto& s : *states) {
        if (until_check-- == 0) {
          until_check = kStatesPerDeadlineCheck - 1;
          if ((expired = deadline.expired())) return true;
        }
        if (!c.holds(s)) return false;
      }
    return true;
  };
  for (Candidate& c : candidates) {
    if (out.size() == limit) break;
    // Past the deadline the rest are kept unfiltered: filtering only saves Houdini work.
    if (expired || holds_everywhere(c)) out.push_back(std::move(c));
  }
  return out;
}

std::vector<Candidate> holding_in(std::vector<Candidate> candidates, const SampleStates& samples,
                                  const Deadline& deadline) {
  return first_holding_in(std::move(candidates), {&samples}, SIZE_MAX, deadline);
}

}  // namespace synack::checker::smt
