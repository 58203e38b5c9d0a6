#include "checker/smt/equality_guard_mining.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "checker/smt/control_state.hpp"
#include "checker/smt/scope_stats.hpp"

namespace synack::checker::smt {
namespace {

using scope::Constant;
using scope::Interval;

// A scope of x = y needs this many samples: one sample says nothing. (Asking for the
// equality at two different values as well left tcp/tfo-invalid-cookie's ACK of the data,
// whose number is always 2, without a fact.)
constexpr std::size_t kMinScope = 2;

bool same_range(const SmtVar& a, const SmtVar& b) {
  return a.lo == b.lo && a.hi == b.hi;
}

bool is_present_field(const SmtVar& v) {
  const std::string suffix = ".present";
  return v.name.size() > suffix.size() &&
         v.name.compare(v.name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A variable whose equality with another can say which connection it belongs to.
bool is_number(const SmtVar& v) {
  return v.hi - v.lo >= 2 && !is_control_state(v) && !is_present_field(v);
}

// Whose a variable is: a channel position ("c2s[0]") or an actor ("client").
struct Owner {
  std::string name;
  bool message = false;
};

Owner owner_of(const std::string& name) {
  static const std::regex field(R"((.*\[[0-9]+\])\..+)");
  std::smatch m;
  if (std::regex_match(name, m, field)) return {m[1].str(), true};
  return {name.substr(0, name.find('.')), false};
}

// x = y under two value guards: one of `guards` (a message field's kinds; for two actors,
// the first's control state) and `second` (the control state of y's actor), where they
// exist.
struct Equality {
  std::size_t x = 0, y = 0;
  std::vector<std::size_t> guards;
  std::optional<std::size_t> second;
};

// The values each field of a channel position shows while the position is empty (per
// variable): a kind that an empty position shows guards nothing.
std::map<std::size_t, std::set<std::int64_t>> empty_values(
    const std::vector<SmtVar>& vars, const std::vector<std::vector<std::int64_t>>& samples) {
  std::map<std::string, std::size_t> present;
  for (std::size_t v = 0; v < vars.size(); ++v)
    if (is_present_field(vars[v])) present[owner_of(vars[v].name).name] = v;
  std::map<std::size_t, std::set<std::int64_t>> out;
  for (std::size_t v = 0; v < vars.size(); ++v) {
    Owner o = owner_of(vars[v].name);
    auto flag = present.find(o.name);
    if (!o.message || flag == present.end() || flag->second == v) continue;
    for (const auto& s : samples)
      if (s[flag->second] == 0) out[v].insert(s[v]);
  }
  return out;
}

// Message fields against actors' variables first, then two actors' variables.
std::vector<Equality> equalities(const std::vector<SmtVar>& vars,
                                 const std::vector<ChannelReceiver>& receivers) {
  // A position's receiver: "c2s[0]" is received by the receiver of "c2s".
  auto receives = [&](const std::string& position, const std::string& actor) {
    std::string channel = position.substr(0, position.find('['));
    return std::any_of(receivers.begin(), receivers.end(), [&](const ChannelReceiver& r) {
      return r.channel == channel && r.receiver == actor;
    });
  };
  std::vector<Owner> owner;
  std::map<std::string, std::size_t> control;
  std::map<std::string, std::vector<std::size_t>> kinds;  // per position
  for (std::size_t v = 0; v < vars.size(); ++v) {
    owner.push_back(owner_of(vars[v].name));
    if (is_control_state(vars[v])) control[owner[v].name] = v;
    if (owner[v].message && is_discrete(vars[v]) && !is_present_field(vars[v]))
      kinds[owner[v].name].push_back(v);
  }
  auto control_of = [&](std::size_t v) -> std::optional<std::size_t> {
    auto it = control.find(owner[v].name);
    return it == control.end() ? std::nullopt : std::optional{it->second};
  };
  std::vector<Equality> fields, actors;
  for (std::size_t x = 0; x < vars.size(); ++x) {
    if (!is_number(vars[x])) continue;
    for (std::size_t y = 0; y < vars.size(); ++y) {
      if (owner[y].message || !is_number(vars[y]) || !same_range(vars[x], vars[y])) continue;
      Equality e{x, y, {}, control_of(y)};
      if (owner[x].message) {
        if (!receives(owner[x].name, owner[y].name)) continue;
        for (std::size_t k : kinds[owner[x].name])
          if (!same_range(vars[k], vars[x])) e.guards.push_back(k);
        if (!e.guards.empty()) fields.push_back(std::move(e));
      } else if (x < y && owner[x].name != owner[y].name) {
        if (auto c = control_of(x)) e.guards.push_back(*c);
        // One control state between them: it is the first guard.
        if (e.guards.empty() && e.second)
          e.guards.push_back(*std::exchange(e.second, std::nullopt));
        if (!e.guards.empty()) actors.push_back(std::move(e));
      }
    }
  }
  fields.insert(fields.end(), actors.begin(), actors.end());
  return fields;
}

// Pairs of actors' numbers of one range: the conclusions that relate two variables.
std::vector<std::pair<std::size_t, std::size_t>> number_pairs(const std::vector<SmtVar>& vars) {
  std::vector<std::size_t> numbers;
  for (std::size_t v = 0; v < vars.size(); ++v)
    if (!owner_of(vars[v].name).message && is_number(vars[v]) && !is_discrete(vars[v]))
      numbers.push_back(v);
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t i = 0; i < numbers.size(); ++i)
    for (std::size_t j = i + 1; j < numbers.size(); ++j)
      if (same_range(vars[numbers[i]], vars[numbers[j]])) out.emplace_back(numbers[i], numbers[j]);
  return out;
}

// a - b, modulo the sequence space where they look like sequence numbers.
std::int64_t sequence_difference(const std::vector<SmtVar>& vars,
                                 const std::vector<std::int64_t>& s, std::size_t a, std::size_t b) {
  std::int64_t m = sequence_space(vars[a]);
  return m != 0 ? signed_mod(s[a] - s[b], m) : s[a] - s[b];
}

// What one scope's samples show.
struct GuardScope {
  std::size_t count = 0;
  std::vector<Interval> range;                 // per variable
  std::vector<std::set<std::int64_t>> values;  // per discrete variable
  std::vector<Constant> differences;           // per number pair
  std::vector<Interval> varying;               // per number pair: its first variable's values
};

GuardScope observe_guard_scope(const std::vector<SmtVar>& vars,
                               const std::vector<std::vector<std::int64_t>>& samples,
                               const std::vector<std::size_t>& members,
                               const std::vector<std::pair<std::size_t, std::size_t>>& pairs) {
  GuardScope f;
  f.count = members.size();
  f.range.resize(vars.size());
  f.values.resize(vars.size());
  f.differences.resize(pairs.size());
  f.varying.resize(pairs.size());
  for (std::size_t i : members) {
    const auto& s = samples[i];
    for (std::size_t v = 0; v < vars.size(); ++v) {
      f.range[v].add(s[v]);
      if (is_discrete(vars[v])) f.values[v].insert(s[v]);
    }
    for (std::size_t p = 0; p < pairs.size(); ++p) {
      f.differences[p].add(sequence_difference(vars, s, pairs[p].first, pairs[p].second));
      f.varying[p].add(s[pairs[p].first]);
    }
  }
  return f;
}

// The facts of `inner` (x = y within the guards' scope) that `outer` (the guards' scope)
// does not show, nor `wider` (x = y under the first guard alone, if this scope has a
// second: what the one-guard facts say already), each under `base`'s guards.
void emit_guarded(const std::vector<SmtVar>& vars,
                  const std::vector<std::pair<std::size_t, std::size_t>>& pairs,
                  const GuardScope& inner, const GuardScope& outer, const GuardScope* wider,
                  const Candidate& base, std::size_t max_candidates, std::vector<Candidate>& out) {
  const auto [x, y] = base.also_equal.front();
  auto push = [&](Candidate c) {
    if (out.size() < max_candidates) out.push_back(std::move(c));
  };
  for (std::size_t v = 0; v < vars.size(); ++v) {
    // Numbers of the compared range are said by the pairs below: their values one by one
    // are noise (sequence numbers of a small space are discrete too).
    bool number = same_range(vars[v], vars[x]);
    if (v == x || v == y || v == base.guard || (base.guarded2 && v == base.guard2) ||
        !is_discrete(vars[v]) || number)
      continue;
    const Interval& r = inner.range[v];
    if (r != outer.range[v] && !(wider && wider->range[v] == r)) {
      Candidate c = base;
      c.kind = Candidate::kRange;
      c.a = v;
      c.lo = r.lo;
      c.hi = r.hi;
      push(c);
    }
    for (std::int64_t value : outer.values[v]) {
      if (value < r.lo || value > r.hi || inner.values[v].count(value)) continue;
      if (wider && !wider->values[v].count(value)) continue;
      Candidate c = base;
      c.kind = Candidate::kExcluded;
      c.a = v;
      c.lo = c.hi = value;
      push(c);
    }
  }
  for (std::size_t p = 0; p < pairs.size(); ++p) {
    auto [a, b] = pairs[p];
    const Constant& d = inner.differences[p];
    bool varies = inner.varying[p].lo < inner.varying[p].hi;
    if ((a == x && b == y) || (a == y && b == x)) continue;
    if (!varies || !d.constant() || outer.differences[p].constant()) continue;
    if (wider && wider->differences[p].constant()) continue;
    std::int64_t m = sequence_space(vars[a]);
    Candidate c = base;
    c.kind = *d.value == 0 ? Candidate::kEqual
             : m != 0      ? Candidate::kModularDifference
                           : Candidate::kDifference;
    c.a = a;
    c.b = b;
    c.lo = c.hi = *d.value;
    c.modulus = m;
    push(c);
  }
}

// Whether a scope of x = y can propose anything: enough samples, and not every sample of
// the guards' scope (`outer`) has the equality (then it is no condition).
bool worth_observing(const std::vector<std::size_t>& members, const GuardScope& outer) {
  return members.size() >= kMinScope && members.size() != outer.count;
}

}  // namespace

std::vector<Candidate> propose_equality_guarded_candidates(
    const std::vector<SmtVar>& vars, const std::vector<std::vector<std::int64_t>>& samples,
    const std::vector<ChannelReceiver>& receivers, std::size_t max_candidates,
    const Deadline& deadline) {
  const auto pairs = number_pairs(vars);
  // The guards' scopes, observed once each: (guard, value, second guard or none, value).
  using Key = std::tuple<std::size_t, std::int64_t, std::optional<std::size_t>, std::int64_t>;
  std::map<Key, GuardScope> guard_scopes;
  auto guard_scope = [&](std::size_t g, std::int64_t value, std::optional<std::size_t> g2,
                         std::int64_t value2) -> const GuardScope& {
    Key key{g, value, g2, value2};
    auto it = guard_scopes.find(key);
    if (it != guard_scopes.end()) return it->second;
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < samples.size(); ++i)
      if (samples[i][g] == value && (!g2 || samples[i][*g2] == value2)) members.push_back(i);
    return guard_scopes.emplace(key, observe_guard_scope(vars, samples, members, pairs))
        .first->second;
  };
  const auto empty = empty_values(vars, samples);
  auto shown_empty = [&](std::size_t g, std::int64_t value) {
    auto it = empty.find(g);
    return it != empty.end() && it->second.count(value) != 0;
  };
  std::vector<Candidate> out;
  for (const Equality& e : equalities(vars, receivers)) {
    if (deadline.expired()) return {};
    if (out.size() >= max_candidates) break;
    std::vector<std::size_t> equal;
    for (std::size_t i = 0; i < samples.size(); ++i)
      if (samples[i][e.x] == samples[i][e.y]) equal.push_back(i);
    if (equal.size() < kMinScope) continue;
    // Two guards that select the same samples (a kind every message in flight has) say the
    // same: the first one only.
    std::set<std::vector<std::size_t>> seen;
    for (std::size_t g : e.guards) {
      // Under g alone, then under g and the second guard where that says more.
      std::map<std::int64_t, std::vector<std::size_t>> by_value;
      for (std::size_t i : equal)
        if (!shown_empty(g, samples[i][g])) by_value[samples[i][g]].push_back(i);
      for (const auto& [value, members] : by_value) {
        Candidate base = guarded_by(Candidate{}, g, value, {{e.x, e.y}});
        const GuardScope& outer = guard_scope(g, value, std::nullopt, 0);
        std::optional<GuardScope> wider;
        if (members.size() >= kMinScope) wider = observe_guard_scope(vars, samples, members, pairs);
        if (worth_observing(members, outer) && seen.insert(members).second)
          emit_guarded(vars, pairs, *wider, outer, nullptr, base, max_candidates, out);
        if (!e.second || !wider) continue;
        std::map<std::int64_t, std::vector<std::size_t>> by_second;
        for (std::size_t i : members) by_second[samples[i][*e.second]].push_back(i);
        for (const auto& [value2, narrower] : by_second) {
          const GuardScope& outer2 = guard_scope(g, value, e.second, value2);
          if (!worth_observing(narrower, outer2) || !seen.insert(narrower).second) continue;
          Candidate both = base;
          both.guarded2 = true;
          both.guard2 = *e.second;
          both.guard2_value = value2;
          emit_guarded(vars, pairs, observe_guard_scope(vars, samples, narrower, pairs), outer2,
                       &*wider, both, max_candidates, out);
        }
      }
    }
  }
  return out;
}

}  // namespace synack::checker::smt
