#include "checker/smt/invariant_mining.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <regex>
#include <set>

#include <fmt/format.h>

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

struct Interval {
  std::int64_t lo = std::numeric_limits<std::int64_t>::max();
  std::int64_t hi = std::numeric_limits<std::int64_t>::min();
  void add(std::int64_t v) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool operator==(const Interval& o) const { return lo == o.lo && hi == o.hi; }
};

// What the samples in one scope (all of them, or those in one control state) show.
struct ScopeFacts {
  std::vector<Interval> range;                 // per variable
  std::vector<std::int64_t> ored;              // per variable: its samples ORed together
  std::vector<std::set<std::int64_t>> values;  // per control state: those observed
  std::vector<Interval> flights;               // per channel
  std::map<std::pair<std::size_t, std::size_t>, Interval> difference, modular;  // per pair
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
      Interval& d = f.difference[{a, b}];
      std::int64_t m = sequence_space(vars[a]);
      bool modular = m != 0 && vars[a].hi == vars[b].hi;
      Interval md;
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

z3::expr Candidate::at(const z3::expr_vector& s) const {
  z3::context& ctx = s.ctx();
  // z3::expr_vector is indexed by int.
  int ia = static_cast<int>(a), ib = static_cast<int>(b), ig = static_cast<int>(guard);
  auto in = [&](const z3::expr& e, std::int64_t l, std::int64_t h) {
    return ctx.int_val(l) <= e && e <= ctx.int_val(h);
  };
  z3::expr fact = ctx.bool_val(true);
  switch (kind) {
    case kRange:
      fact = in(s[ia], lo, hi);
      break;
    case kExcluded:
      fact = s[ia] != ctx.int_val(lo);
      break;
    case kEqual:
      fact = s[ia] == s[ib];
      break;
    case kLessEq:
      fact = s[ia] <= s[ib];
      break;
    case kDifference:
      fact = in(s[ia] - s[ib], lo, hi);
      break;
    case kModularDifference: {
      // Both within 0..modulus-1, so the plain difference is the signed one, or one turn off.
      z3::expr d = s[ia] - s[ib];
      z3::expr m = ctx.int_val(modulus);
      fact = in(d, lo, hi) || in(d - m, lo, hi) || in(d + m, lo, hi);
      break;
    }
    case kFlightCount: {
      auto term = [&](const std::vector<std::size_t>& flags,
                      const std::vector<std::pair<std::size_t, std::size_t>>& pairs,
                      std::size_t i) {
        z3::expr flag = s[static_cast<int>(flags[i])];
        if (i >= pairs.size()) return flag;
        const auto& [x, y] = pairs[i];
        z3::expr counted = s[static_cast<int>(x)] == s[static_cast<int>(y)];
        return z3::ite(if_equal ? counted : !counted, flag, ctx.int_val(0));
      };
      z3::expr n = ctx.int_val(0);
      for (std::size_t i = 0; i < sum.size(); ++i) n = n + term(sum, sum_if_differ, i);
      for (std::size_t i = 0; i < minus.size(); ++i) n = n - term(minus, minus_if_differ, i);
      fact = in(n, lo, hi);
      break;
    }
    case kLinear:
      fact = linear_at(s);
      break;
  }
  if (!guarded) return fact;
  z3::expr when = s[ig] == ctx.int_val(guard_value);
  if (guarded2) when = when && s[static_cast<int>(guard2)] == ctx.int_val(guard2_value);
  for (const auto& [x, y] : also_equal)
    when = when && s[static_cast<int>(x)] == s[static_cast<int>(y)];
  return z3::implies(when, fact);
}

bool Candidate::holds(const std::vector<std::int64_t>& s) const {
  std::size_t ia = a, ib = b, ig = guard;
  auto differ = [&](const auto& pair) { return s[pair.first] != s[pair.second]; };
  if (guarded && (s[ig] != guard_value || (guarded2 && s[guard2] != guard2_value) ||
                  std::any_of(also_equal.begin(), also_equal.end(), differ)))
    return true;
  switch (kind) {
    case kRange:
      return lo <= s[ia] && s[ia] <= hi;
    case kExcluded:
      return s[ia] != lo;
    case kEqual:
      return s[ia] == s[ib];
    case kLessEq:
      return s[ia] <= s[ib];
    case kDifference:
      return lo <= s[ia] - s[ib] && s[ia] - s[ib] <= hi;
    case kModularDifference: {
      std::int64_t d = signed_mod(s[ia] - s[ib], modulus);
      return lo <= d && d <= hi;
    }
    case kFlightCount: {
      auto term = [&](const std::vector<std::size_t>& flags,
                      const std::vector<std::pair<std::size_t, std::size_t>>& pairs,
                      std::size_t i) {
        return i >= pairs.size() || (s[pairs[i].first] == s[pairs[i].second]) == if_equal
                   ? s[flags[i]]
                   : 0;
      };
      std::int64_t n = 0;
      for (std::size_t i = 0; i < sum.size(); ++i) n += term(sum, sum_if_differ, i);
      for (std::size_t i = 0; i < minus.size(); ++i) n -= term(minus, minus_if_differ, i);
      return lo <= n && n <= hi;
    }
    case kLinear: {
      std::int64_t d = linear_excess(s);
      return modulus == 0 ? d == 0 : signed_mod(d, modulus) == 0;
    }
  }
  return false;
}

std::int64_t Candidate::linear_excess(const std::vector<std::int64_t>& s) const {
  std::int64_t d = s[a] - s[b] - lo;
  for (std::size_t v : sum) d -= s[v];
  for (std::size_t v : minus) d += s[v];
  return d;
}

z3::expr Candidate::linear_at(const z3::expr_vector& s) const {
  z3::context& ctx = s.ctx();
  auto at = [&](std::size_t v) { return s[static_cast<int>(v)]; };
  z3::expr d = at(a) - at(b) - ctx.int_val(lo);
  for (std::size_t v : sum) d = d - at(v);
  for (std::size_t v : minus) d = d + at(v);
  // A multiple of the modulus: Z3's mod by a constant stays within linear integer arithmetic.
  return modulus == 0 ? d == 0 : z3::mod(d, ctx.int_val(modulus)) == 0;
}

std::string Candidate::text(
    const std::vector<SmtVar>& vars,
    const std::function<std::string(std::size_t, std::int64_t)>& value) const {
  auto span = [](std::int64_t l, std::int64_t h) {
    return l == h ? fmt::format("= {}", l) : fmt::format("in {}..{}", l, h);
  };
  std::size_t ia = a, ib = b, ig = guard;
  const std::string& x = vars[ia].name;
  std::string fact;
  switch (kind) {
    case kRange:
      fact = lo == hi ? fmt::format("{} = {}", x, value(a, lo))
                      : fmt::format("{} {}", x, span(lo, hi));
      break;
    case kExcluded:
      fact = fmt::format("{} != {}", x, value(a, lo));
      break;
    case kEqual:
      fact = fmt::format("{} = {}", x, vars[ib].name);
      break;
    case kLessEq:
      fact = fmt::format("{} <= {}", x, vars[ib].name);
      break;
    case kDifference:
      fact = fmt::format("{} - {} {}", x, vars[ib].name, span(lo, hi));
      break;
    case kModularDifference:
      fact = fmt::format("{} - {} {} (mod {})", x, vars[ib].name, span(lo, hi), modulus);
      break;
    case kFlightCount: {
      // "s2r[0].present if s2r[0].bit != sender.bit": a flag counted only while they differ.
      auto term = [&](const std::vector<std::size_t>& flags,
                      const std::vector<std::pair<std::size_t, std::size_t>>& pairs,
                      std::size_t i) {
        if (i >= pairs.size()) return vars[flags[i]].name;
        return fmt::format("({} if {} {} {})", vars[flags[i]].name, vars[pairs[i].first].name,
                           if_equal ? "=" : "!=", vars[pairs[i].second].name);
      };
      std::string names;
      for (std::size_t i = 0; i < sum.size(); ++i)
        names += (names.empty() ? "" : " + ") + term(sum, sum_if_differ, i);
      for (std::size_t i = 0; i < minus.size(); ++i)
        names += " - " + term(minus, minus_if_differ, i);
      fact = fmt::format("{} {}", names, span(lo, hi));
      break;
    }
    case kLinear: {
      fact = fmt::format("{} = {}", x, vars[ib].name);
      for (std::size_t v : sum) fact += " + " + vars[v].name;
      for (std::size_t v : minus) fact += " - " + vars[v].name;
      if (lo != 0) fact += fmt::format(" {} {}", lo < 0 ? '-' : '+', lo < 0 ? -lo : lo);
      if (modulus != 0) fact += fmt::format(" (mod {})", modulus);
      break;
    }
  }
  if (!guarded) return fact;
  std::string also_text;
  if (guarded2)
    also_text = fmt::format(" and {} = {}", vars[guard2].name, value(guard2, guard2_value));
  for (const auto& [p, q] : also_equal)
    also_text += fmt::format(" and {} = {}", vars[p].name, vars[q].name);
  return fmt::format("{} = {}{} -> {}", vars[ig].name, value(guard, guard_value), also_text, fact);
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

std::vector<Candidate> holding_in(std::vector<Candidate> candidates,
                                  const std::vector<std::vector<std::int64_t>>& samples,
                                  const Deadline& deadline) {
  std::vector<Candidate> out;
  bool expired = false;
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    // Past the deadline the rest are kept unfiltered: filtering only saves Houdini work.
    if (c % 64 == 0) expired = deadline.expired();
    if (!expired && !std::all_of(samples.begin(), samples.end(),
                                 [&](const auto& s) { return candidates[c].holds(s); }))
      continue;
    out.push_back(std::move(candidates[c]));
  }
  return out;
}

}  // namespace synack::checker::smt
