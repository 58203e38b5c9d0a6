#include "checker/smt/cti_neighbourhood.hpp"

#include <set>
#include <stdexcept>

#include "checker/errors.hpp"
#include "checker/refused_step.hpp"

namespace synack::checker::smt {

// Out of a range, or bad, or Z3 cannot say: not expanded (its successors need not satisfy
// the greatest inductive subset).
bool CtiNeighbourhood::expandable(const std::vector<std::int64_t>& state) const {
  const std::vector<SmtVar>& vars = ts_.state_vars();
  for (std::size_t v = 0; v < vars.size(); ++v)
    if (state[v] < vars[v].lo || state[v] > vars[v].hi) return false;
  z3::context& ctx = ts_.context();
  z3::expr_vector values(ctx);
  for (std::int64_t x : state) values.push_back(ctx.int_val(x));
  z3::expr bad = bad_;
  return bad.substitute(s_, values).simplify().is_false();
}

std::vector<std::vector<std::int64_t>> CtiNeighbourhood::proposed(
    const std::vector<std::int64_t>& state) const {
  try {
    return expansion_.successors(state);
  } catch (const InputError&) {
    return {};
  } catch (const RefusedStep&) {
    return {};
  }
}

std::vector<CtiNeighbourhood::Reached> CtiNeighbourhood::around(
    const std::vector<std::int64_t>& start) const {
  std::vector<Reached> out;
  std::set<std::vector<std::int64_t>> seen{start};
  std::vector<std::size_t> frontier{kFromStart};  // indices into `out`
  for (std::size_t d = 0; d < expansion_.depth && !frontier.empty(); ++d) {
    std::vector<std::size_t> next;
    for (std::size_t from : frontier) {
      // Copied: `out` grows below.
      std::vector<std::int64_t> x = from == kFromStart ? start : out[from].state;
      if (d > 0 && !expandable(x)) continue;  // the start is not bad: Z3's premise
      for (auto& y : proposed(x)) {
        if (!seen.insert(y).second) continue;
        out.push_back({std::move(y), from});
        if (out.size() >= expansion_.max_states) return out;
        next.push_back(out.size() - 1);
      }
    }
    frontier = std::move(next);
  }
  return out;
}

}  // namespace synack::checker::smt
