#include "checker/smt/three_variable_mining.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>

#include "checker/smt/control_state.hpp"

namespace synack::checker::smt {
namespace {

// At least this many different (x, y, z) in a scope: two points fix any constant c.
constexpr std::size_t kMinDistinct = 3;

// One actor's numbers (variables "<actor>.<name>", no channel field, not discrete) and its
// control state, if it has one.
struct Actor {
  std::vector<std::size_t> numbers;
  std::optional<std::size_t> control;
};

std::map<std::string, Actor> actors(const std::vector<SmtVar>& vars) {
  std::map<std::string, Actor> out;
  for (std::size_t v = 0; v < vars.size(); ++v) {
    const std::string& name = vars[v].name;
    std::size_t dot = name.find('.');
    if (dot == std::string::npos || name.find('[') != std::string::npos) continue;
    Actor& a = out[name.substr(0, dot)];
    if (is_control_state(vars[v]))
      a.control = v;
    else if (!is_discrete(vars[v]))
      a.numbers.push_back(v);
  }
  return out;
}

// x - y - z in one scope: the same constant (modulo m where m != 0) in every sample,
// over enough different triples, with none of x, y, z constant.
struct Agreement {
  std::optional<std::int64_t> c;
  bool broken = false;
  std::set<std::tuple<std::int64_t, std::int64_t, std::int64_t>> seen;
  std::set<std::int64_t> xs, ys, zs;

  void add(std::int64_t x, std::int64_t y, std::int64_t z, std::int64_t m) {
    if (broken) return;
    std::int64_t d = x - y - z;
    if (m != 0) d = signed_mod(d, m);
    if (c && *c != d) {
      broken = true;
      return;
    }
    c = d;
    if (seen.size() < kMinDistinct) seen.insert({x, y, z});
    if (xs.size() < 2) xs.insert(x);
    if (ys.size() < 2) ys.insert(y);
    if (zs.size() < 2) zs.insert(z);
  }
  bool holds() const {
    return !broken && c && seen.size() >= kMinDistinct && xs.size() >= 2 && ys.size() >= 2 &&
           zs.size() >= 2;
  }
};

// x = y + z + c (mod m; m = 0: exactly).
Candidate linear(std::size_t x, std::size_t y, std::size_t z, std::int64_t c, std::int64_t m) {
  Candidate out{};
  out.kind = Candidate::kLinear;
  out.a = x;
  out.b = y;
  out.sum.push_back(z);
  out.lo = out.hi = c;
  out.modulus = m;
  return out;
}

// Modulo x's sequence space where x looks like a sequence number and y or z shares its
// range (x = y + z with an ISN clock, its ISS and its step: two are sequence numbers).
std::int64_t modulus(const std::vector<SmtVar>& vars, std::size_t x, std::size_t y, std::size_t z) {
  std::int64_t m = sequence_space(vars[x]);
  return m != 0 && (vars[y].hi == vars[x].hi || vars[z].hi == vars[x].hi) ? m : 0;
}

// The numbers of one scope that are not constant there, one of each class whose members
// differ by a constant there (modulo a shared sequence space): x = y + z with y - w constant
// is x = w + z + c, a two-variable fact away (snd_una = iss in SYN-SENT).
std::vector<std::size_t> representatives(const std::vector<SmtVar>& vars,
                                         const std::vector<std::vector<std::int64_t>>& samples,
                                         const std::vector<std::size_t>& members,
                                         const std::vector<std::size_t>& numbers) {
  std::vector<std::size_t> out;
  auto constant = [&](auto&& value) {
    std::optional<std::int64_t> first;
    for (std::size_t i : members) {
      std::int64_t v = value(samples[i]);
      if (first && *first != v) return false;
      first = v;
    }
    return true;
  };
  for (std::size_t v : numbers) {
    if (constant([&](const auto& s) { return s[v]; })) continue;
    bool same_class = false;
    for (std::size_t r : out) {
      std::int64_t m = sequence_space(vars[v]);
      if (m != 0 && vars[r].hi != vars[v].hi) m = 0;
      same_class = constant([&](const auto& s) {
        std::int64_t d = s[v] - s[r];
        return m != 0 ? signed_mod(d, m) : d;
      });
      if (same_class) break;
    }
    if (!same_class) out.push_back(v);
  }
  return out;
}

}  // namespace

std::vector<Candidate> propose_three_variable_candidates(
    const std::vector<SmtVar>& vars, const std::vector<std::vector<std::int64_t>>& samples,
    std::size_t max_candidates, const Deadline& deadline) {
  std::vector<Candidate> out;
  for (const auto& [name, actor] : actors(vars)) {
    // The scopes: every sample (no guard), then each value of the actor's control state.
    std::map<std::optional<std::int64_t>, std::vector<std::size_t>> scopes;
    for (std::size_t i = 0; i < samples.size(); ++i) {
      scopes[std::nullopt].push_back(i);
      if (actor.control) scopes[samples[i][*actor.control]].push_back(i);
    }
    std::set<std::tuple<std::size_t, std::size_t, std::size_t>> everywhere;
    for (const auto& [guard, members] : scopes) {
      if (deadline.expired()) return {};
      const auto n = representatives(vars, samples, members, actor.numbers);
      // x = y + z + c: every relation x = y +- z + c between three variables is one of these
      // with the variables renamed (x = y - z is y = x + z), so each is proposed once.
      for (std::size_t x : n)
        for (std::size_t iy = 0; iy < n.size(); ++iy)
          for (std::size_t iz = iy + 1; iz < n.size(); ++iz) {
            std::size_t y = n[iy], z = n[iz];
            if (x == y || x == z) continue;
            if (guard && everywhere.count({x, y, z})) continue;  // said without the guard
            std::int64_t m = modulus(vars, x, y, z);
            Agreement a;
            for (std::size_t i : members) a.add(samples[i][x], samples[i][y], samples[i][z], m);
            if (!a.holds()) continue;
            Candidate c = linear(x, y, z, *a.c, m);
            if (guard)
              c = guarded_by(c, *actor.control, *guard);
            else
              everywhere.insert({x, y, z});
            out.push_back(c);
            if (out.size() >= max_candidates) return out;
          }
    }
  }
  return out;
}

}  // namespace synack::checker::smt
