#include "checker/smt/cone_of_influence.hpp"

#include <unordered_map>
#include <unordered_set>

namespace synack::checker::smt {

namespace {

// The state variables `e` reads, marked in `into`. Terms are DAGs with heavy sharing
// (the channel's if-then-else pushes): each node is visited once.
class VariableCollector {
 public:
  explicit VariableCollector(const z3::expr_vector& vars) {
    for (unsigned i = 0; i < vars.size(); ++i) index_.emplace(vars[i].id(), i);
  }

  // `seen` carries visited nodes across calls that fill the same `into`.
  void collect(const z3::expr& e, std::vector<bool>& into, std::unordered_set<unsigned>& seen) {
    std::vector<z3::expr> todo{e};
    while (!todo.empty()) {
      z3::expr x = todo.back();
      todo.pop_back();
      if (!seen.insert(x.id()).second) continue;
      if (auto it = index_.find(x.id()); it != index_.end()) {
        into[it->second] = true;
        continue;
      }
      if (!x.is_app()) continue;
      for (unsigned i = 0; i < x.num_args(); ++i) todo.push_back(x.arg(i));
    }
  }

 private:
  std::unordered_map<unsigned, std::size_t> index_;
};

bool is_value(const z3::expr& e, std::int64_t v) {
  std::int64_t x = 0;
  return e.is_numeral() && e.is_numeral_i64(x) && x == v;
}

}  // namespace

Reduction reduce(const z3::expr_vector& vars,
                 const std::vector<std::optional<std::int64_t>>& initial,
                 const std::vector<std::vector<GuardedUpdate>>& groups, const z3::expr& target,
                 const z3::expr_vector* relied) {
  std::size_t n = vars.size();
  // Constants as a greatest fixpoint: assume every variable keeps its initial value, then
  // drop each one some path moves elsewhere under the assumption, until none is dropped.
  // Sound by induction: the initial state satisfies the assumption, and a step from a state
  // that does keeps it. (A channel field that every message sets to the same value, say
  // a socket kind, is then a constant even though each push writes it.)
  Reduction r;
  r.constant.assign(n, std::nullopt);
  for (std::size_t i = 0; i < n; ++i) r.constant[i] = initial[i];
  for (bool dropped = true; dropped;) {
    dropped = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (!r.constant[i]) continue;
      for (const auto& paths : groups) {
        for (const GuardedUpdate& p : paths) {
          if (z3::eq(p.next[i], vars[static_cast<unsigned>(i)]) || is_value(p.next[i], *initial[i]))
            continue;
          if (is_value(substitute_constants(p.next[i], vars, r), *initial[i])) continue;
          r.constant[i] = std::nullopt;
          dropped = true;
          break;
        }
        if (!r.constant[i]) break;
      }
    }
  }

  // The cone: what the target and the conditions read, then what kept updates read.
  VariableCollector collector(vars);
  std::vector<bool> cone(n, false);
  // Node ids are reused once a term dies: the terms visited stay alive while `seen` lives.
  z3::expr_vector alive(vars.ctx());
  std::unordered_set<unsigned> seen;
  alive.push_back(substitute_constants(target, vars, r));
  collector.collect(alive.back(), cone, seen);
  for (const auto& paths : groups)
    for (const GuardedUpdate& p : paths) {
      alive.push_back(substitute_constants(p.condition, vars, r));
      collector.collect(alive.back(), cone, seen);
    }
  if (relied)
    for (unsigned i = 0; i < relied->size(); ++i) collector.collect((*relied)[i], cone, seen);
  // reads[i]: the variables some path computes i's new value from (constants aside).
  std::vector<std::vector<bool>> reads(n, std::vector<bool>(n, false));
  for (std::size_t i = 0; i < n; ++i) {
    if (r.constant[i]) continue;
    std::unordered_set<unsigned> seen_i;
    for (const auto& paths : groups)
      for (const GuardedUpdate& p : paths) collector.collect(p.next[i], reads[i], seen_i);
    for (std::size_t j = 0; j < n; ++j) reads[i][j] = reads[i][j] && !r.constant[j];
  }
  for (bool grew = true; grew;) {
    grew = false;
    for (std::size_t i = 0; i < n; ++i)
      if (cone[i] && !r.constant[i])
        for (std::size_t j = 0; j < n; ++j)
          if (reads[i][j] && !cone[j]) cone[j] = grew = true;
  }
  r.kept.assign(n, false);
  for (std::size_t i = 0; i < n; ++i) r.kept[i] = cone[i] && !r.constant[i];
  return r;
}

z3::expr substitute_constants(const z3::expr& e, const z3::expr_vector& vars, const Reduction& r) {
  z3::expr_vector from(e.ctx()), to(e.ctx());
  for (std::size_t i = 0; i < r.constant.size(); ++i)
    if (r.constant[i]) {
      from.push_back(vars[static_cast<unsigned>(i)]);
      to.push_back(e.ctx().int_val(*r.constant[i]));
    }
  z3::expr out = e;
  return from.empty() ? out : out.substitute(from, to).simplify();
}

}  // namespace synack::checker::smt
