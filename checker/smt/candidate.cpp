// What a Candidate says, three ways that must agree: over Z3's copies of the state
// variables (at: what Houdini proves and the proofs re-check), on a concrete state (holds:
// what mining prunes on and drops around counterexamples to induction), and as printed
// (text: the lemma the user reads). Kept together so that a new kind changes all three at
// once (tests/test_invariant_mining.cpp checks at() against holds() state by state).
#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "checker/smt/invariant_mining.hpp"
#include "checker/smt/number_form.hpp"

namespace synack::checker::smt {

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
    case kOneOf: {
      z3::expr_vector any(ctx);
      for (const auto& t : tuples) {
        z3::expr_vector all(ctx);
        for (std::size_t i = 0; i < sum.size(); ++i)
          if (t[i] != kAnyValue) all.push_back(s[static_cast<int>(sum[i])] == ctx.int_val(t[i]));
        for (std::size_t i = 0; i < shaped.size(); ++i)
          if (t[sum.size() + i] != kAnyValue)
            all.push_back(form_at(s[static_cast<int>(shaped[i])], t[sum.size() + i], s, counters));
        any.push_back(all.empty() ? ctx.bool_val(true) : z3::mk_and(all));
      }
      fact = any.empty() ? ctx.bool_val(false) : z3::mk_or(any);
      break;
    }
    case kResidue:
      fact = z3::mod(s[ia], ctx.int_val(modulus)) == ctx.int_val(lo);
      break;
    case kStated:
      fact = stated->at(s);
      break;
  }
  if (!guarded) return fact;
  z3::expr when = s[ig] == ctx.int_val(guard_value);
  if (guarded2) when = when && s[static_cast<int>(guard2)] == ctx.int_val(guard2_value);
  for (const auto& [x, value] : also_values)
    when = when && s[static_cast<int>(x)] == ctx.int_val(value);
  for (const auto& [x, y] : also_equal)
    when = when && s[static_cast<int>(x)] == s[static_cast<int>(y)];
  return z3::implies(when, fact);
}

bool Candidate::holds(const std::vector<std::int64_t>& s) const {
  std::size_t ia = a, ib = b, ig = guard;
  auto differ = [&](const auto& pair) { return s[pair.first] != s[pair.second]; };
  auto other = [&](const auto& pair) { return s[pair.first] != pair.second; };
  if (guarded && (s[ig] != guard_value || (guarded2 && s[guard2] != guard2_value) ||
                  std::any_of(also_equal.begin(), also_equal.end(), differ) ||
                  std::any_of(also_values.begin(), also_values.end(), other)))
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
    case kOneOf: {
      std::vector<std::int64_t> mine = tuple_of(s);
      if (std::find(tuples.begin(), tuples.end(), mine) != tuples.end()) return true;
      // Another tuple may fit too: a kAnyValue, or a number of several forms.
      return std::any_of(tuples.begin(), tuples.end(), [&](const auto& t) { return fits(t, s); });
    }
    case kResidue:
      return modulus != 0 && ((s[ia] % modulus) + modulus) % modulus == lo;
    case kStated:
      return stated->holds(s);
  }
  return false;
}

std::vector<std::int64_t> Candidate::tuple_of(const std::vector<std::int64_t>& s) const {
  std::vector<std::int64_t> t(sum.size() + shaped.size());
  for (std::size_t i = 0; i < sum.size(); ++i) {
    bool matters = i >= only_if_set.size() || only_if_set[i] == kNoFlag || s[only_if_set[i]] != 0;
    t[i] = matters ? s[sum[i]] : kAnyValue;
  }
  for (std::size_t i = 0; i < shaped.size(); ++i) {
    std::size_t flag = i < shaped_only_if_set.size() ? shaped_only_if_set[i] : kNoFlag;
    std::optional<std::int64_t> form;
    if (flag == kNoFlag || s[flag] != 0) form = form_of(s[shaped[i]], s, counters);
    t[sum.size() + i] = form ? *form : kAnyValue;
  }
  return t;
}

bool Candidate::fits(const std::vector<std::int64_t>& t, const std::vector<std::int64_t>& s) const {
  for (std::size_t i = 0; i < sum.size(); ++i)
    if (t[i] != kAnyValue && s[sum[i]] != t[i]) return false;
  for (std::size_t i = 0; i < shaped.size(); ++i)
    if (t[sum.size() + i] != kAnyValue && !has_form(s[shaped[i]], t[sum.size() + i], s, counters))
      return false;
  return true;
}

Candidate Candidate::weakened_by(const std::vector<std::int64_t>& s) const {
  Candidate wider = *this;
  std::vector<std::int64_t> t = tuple_of(s);
  if (std::find(tuples.begin(), tuples.end(), t) == tuples.end()) wider.tuples.push_back(t);
  return wider;
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
  if (kind == kStated) return stated->text();
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
    case kOneOf: {
      // "(client.state, c2s[0].present, c2s[0].flags) in {(CLOSED, 0, *), (SYN-SENT, 1, 1)}"
      std::string names, seen;
      for (std::size_t v : sum) names += (names.empty() ? "" : ", ") + vars[v].name;
      for (std::size_t v : shaped) names += (names.empty() ? "" : ", ") + vars[v].name;
      for (const auto& t : tuples) {
        std::string one;
        for (std::size_t i = 0; i < sum.size(); ++i)
          one += (i == 0 ? "" : ", ") + (t[i] == kAnyValue ? "*" : value(sum[i], t[i]));
        for (std::size_t i = 0; i < shaped.size(); ++i) {
          std::int64_t code = t[sum.size() + i];
          one += (one.empty() ? "" : ", ") +
                 (code == kAnyValue ? "*" : form_text(code, vars, counters));
        }
        seen += (seen.empty() ? "(" : ", (") + one + ")";
      }
      fact = fmt::format("({}) in {{{}}}", names, seen);
      break;
    }
    case kResidue:
      fact = fmt::format("{} = {} (mod {})", x, lo, modulus);
      break;
    case kStated:
      break;  // returned above
  }
  if (!guarded) return fact;
  std::string also_text;
  if (guarded2)
    also_text = fmt::format(" and {} = {}", vars[guard2].name, value(guard2, guard2_value));
  for (const auto& [p, q] : also_equal)
    also_text += fmt::format(" and {} = {}", vars[p].name, vars[q].name);
  for (const auto& [p, given] : also_values)
    also_text += fmt::format(" and {} = {}", vars[p].name, value(p, given));
  return fmt::format("{} = {}{} -> {}", vars[ig].name, value(guard, guard_value), also_text, fact);
}

}  // namespace synack::checker::smt
