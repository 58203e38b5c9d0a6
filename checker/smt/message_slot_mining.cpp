#include "checker/smt/message_slot_mining.hpp"

#include "checker/smt/control_state.hpp"
#include "checker/smt/scope_stats.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <utility>

namespace synack::checker::smt {
namespace {

using scope::Constant;
using scope::Interval;

// The variables of one channel position ("c2s[1].flags", "c2s[1].seq", ...).
struct Position {
  std::optional<std::size_t> present;  // the presence flag, if in the cone
  std::vector<std::size_t> kinds;      // discrete fields but the presence flag: what it carries
  std::vector<std::size_t> fields;     // the others: numbers it carries
};

std::vector<Position> positions(const std::vector<SmtVar>& vars) {
  static const std::regex field(R"((.*\[[0-9]+\])\.(.+))");
  std::map<std::string, Position> by_name;
  std::smatch m;
  for (std::size_t i = 0; i < vars.size(); ++i) {
    if (!std::regex_match(vars[i].name, m, field)) continue;
    Position& p = by_name[m[1].str()];
    if (m[2].str() == "present") {
      p.present = i;
      continue;
    }
    (is_discrete(vars[i]) ? p.kinds : p.fields).push_back(i);
  }
  std::vector<Position> out;
  for (auto& [name, p] : by_name)
    if (!p.kinds.empty() && !p.fields.empty()) out.push_back(std::move(p));
  return out;
}

// Field and actor variable: their difference, modulo the sequence space where both have it.
std::int64_t difference(const std::vector<SmtVar>& vars, const std::vector<std::int64_t>& s,
                        std::size_t field, std::size_t actor) {
  std::int64_t m = sequence_space(vars[field]);
  std::int64_t d = s[field] - s[actor];
  return m != 0 && vars[actor].hi == vars[field].hi ? signed_mod(d, m) : d;
}

// What one scope's samples show: per pair, the difference; per ranged variable, its values.
struct Scope {
  std::vector<Constant> pairs;
  std::vector<Interval> varying;  // per pair, its first variable's values
  std::vector<Interval> ranges;
};

// Facts under two guards, g1 = v1 and g2 = v2, for every pair of values the samples show
// (g1's values in `skipped` aside): a constant difference of each of `pairs` (modular where
// both look like sequence numbers), and the observed values of each of `ranged`, each
// only where neither guard alone says as much.
void propose_under(const std::vector<SmtVar>& vars,
                   const std::vector<std::vector<std::int64_t>>& samples, std::size_t g1,
                   std::size_t g2, const std::vector<std::pair<std::size_t, std::size_t>>& pairs,
                   const std::vector<std::size_t>& ranged, const std::set<std::int64_t>& skipped,
                   std::size_t max_candidates, std::vector<Candidate>& out) {
  std::map<std::int64_t, Scope> first, second;
  std::map<std::pair<std::int64_t, std::int64_t>, Scope> both;
  auto fresh = [&] {
    return Scope{std::vector<Constant>(pairs.size()), std::vector<Interval>(pairs.size()),
                 std::vector<Interval>(ranged.size())};
  };
  for (const auto& s : samples) {
    // g2 alone is what a one-guard candidate sees: every sample. A skipped value of g1
    // makes no scope of its own.
    bool skip = skipped.count(s[g1]) != 0;
    Scope* scopes[] = {&second.try_emplace(s[g2], fresh()).first->second,
                       skip ? nullptr : &first.try_emplace(s[g1], fresh()).first->second,
                       skip ? nullptr : &both.try_emplace({s[g1], s[g2]}, fresh()).first->second};
    auto in = [&] { return std::span<Scope* const>(scopes, skip ? 1 : 3); };
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      std::int64_t d = difference(vars, s, pairs[i].first, pairs[i].second);
      for (Scope* scope : in()) {
        scope->pairs[i].add(d);
        scope->varying[i].add(s[pairs[i].first]);
      }
    }
    for (std::size_t i = 0; i < ranged.size(); ++i)
      for (Scope* scope : in()) scope->ranges[i].add(s[ranged[i]]);
  }
  for (const auto& [values, scope] : both) {
    if (out.size() >= max_candidates) return;
    Candidate base{};
    base.guarded = base.guarded2 = true;
    base.guard = g1;
    base.guard_value = values.first;
    base.guard2 = g2;
    base.guard2_value = values.second;
    const Scope& one = first.at(values.first);
    const Scope& two = second.at(values.second);
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      const Constant& c = scope.pairs[i];
      // Two numbers constant in the scope (a closed connection's zeroed variables) are
      // said better by nothing at all: such an equality is no relation.
      bool varies = scope.varying[i].lo < scope.varying[i].hi;
      if (!varies || !c.constant() || one.pairs[i].constant() || two.pairs[i].constant()) continue;
      auto [a, b] = pairs[i];
      std::int64_t m = sequence_space(vars[a]);
      bool modular = m != 0 && vars[b].hi == vars[a].hi;
      Candidate cand = base;
      cand.kind = *c.value == 0 ? Candidate::kEqual
                  : modular     ? Candidate::kModularDifference
                                : Candidate::kDifference;
      cand.a = a;
      cand.b = b;
      cand.lo = cand.hi = *c.value;
      cand.modulus = modular ? m : 0;
      out.push_back(cand);
    }
    for (std::size_t i = 0; i < ranged.size(); ++i) {
      const Interval& r = scope.ranges[i];
      if (ranged[i] == g1 || ranged[i] == g2 || r == one.ranges[i] || r == two.ranges[i]) continue;
      Candidate cand = base;
      cand.kind = Candidate::kRange;
      cand.a = ranged[i];
      cand.lo = r.lo;
      cand.hi = r.hi;
      out.push_back(cand);
    }
  }
}

}  // namespace

std::vector<Candidate> propose_message_slot_candidates(
    const std::vector<SmtVar>& vars, const std::vector<std::vector<std::int64_t>>& samples,
    std::size_t max_candidates, const Deadline& deadline) {
  std::vector<std::size_t> states, numbers;
  for (std::size_t v = 0; v < vars.size(); ++v) {
    if (vars[v].name.find('[') != std::string::npos) continue;
    if (is_control_state(vars[v]))
      states.push_back(v);
    else if (!is_discrete(vars[v]))
      numbers.push_back(v);
  }
  std::vector<Candidate> out;
  // A message kind and a control state: the message's numbers against the actors', and
  // the other control states. A kind an empty position shows (its fields all 0) is skipped.
  for (const Position& p : positions(vars)) {
    if (deadline.expired()) return {};
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (std::size_t f : p.fields)
      for (std::size_t a : numbers) pairs.emplace_back(f, a);
    for (std::size_t kind : p.kinds) {
      std::set<std::int64_t> empty;
      if (p.present)
        for (const auto& s : samples)
          if (s[*p.present] == 0) empty.insert(s[kind]);
      for (std::size_t g : states)
        propose_under(vars, samples, kind, g, pairs, states, empty, max_candidates, out);
    }
  }
  // Two control states: the actors' numbers against one another (both ESTABLISHED: each
  // side's IRS is the other's ISS).
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t i = 0; i < numbers.size(); ++i)
    for (std::size_t j = i + 1; j < numbers.size(); ++j) pairs.emplace_back(numbers[i], numbers[j]);
  for (std::size_t i = 0; i < states.size() && !deadline.expired(); ++i)
    for (std::size_t j = i + 1; j < states.size(); ++j)
      propose_under(vars, samples, states[i], states[j], pairs, {}, {}, max_candidates, out);
  if (deadline.expired()) return {};
  // A scope may add several at once past the cap.
  if (out.size() > max_candidates) out.resize(max_candidates);
  return out;
}

}  // namespace synack::checker::smt
