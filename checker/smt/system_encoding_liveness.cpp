// What the liveness engines (checker/smt/lasso_formulas.hpp) read of an encoding: the
// property's predicates, each group's enabledness, the channels' deliveries and messages,
// and when two states are the same explicit state.
#include <algorithm>
#include <numeric>

#include "checker/smt/system_encoding.hpp"

namespace synack::checker::smt {

z3::expr SystemEncoding::var_in(std::size_t v, const z3::expr_vector& s) const {
  if (reduction_.constant[v]) return ctx_.int_val(*reduction_.constant[v]);
  auto at = std::lower_bound(kept_.begin(), kept_.end(), v);
  return s[static_cast<unsigned>(at - kept_.begin())];
}

z3::expr SystemEncoding::over(const z3::expr& e, const z3::expr_vector& s) const {
  z3::expr_vector from(ctx_);
  for (std::size_t i : kept_) from.push_back(cur_[static_cast<unsigned>(i)]);
  z3::expr copy = e;
  return copy.substitute(from, s);
}

z3::expr SystemEncoding::premise(const z3::expr_vector& s) const {
  return over(premise_, s);
}
z3::expr SystemEncoding::goal(const z3::expr_vector& s) const {
  return over(goal_, s);
}

z3::expr SystemEncoding::enabled(std::size_t g, const z3::expr_vector& s) const {
  return over(enabled_.at(g), s);
}

std::string SystemEncoding::channel_name(std::size_t link) const {
  return sys_.links_.at(link).channel.name();
}

const std::vector<std::size_t>& SystemEncoding::deliver_groups(std::size_t link) const {
  return deliver_groups_.at(link);
}

z3::expr SystemEncoding::same_message(std::size_t link, int k, const z3::expr_vector& s, int j,
                                      const z3::expr_vector& t) const {
  const ChannelVars& cv = channels_.at(link);
  z3::expr_vector eqs(ctx_);
  for (std::size_t f = 0; f < cv.fields; ++f) {
    std::size_t a = cv.base + static_cast<std::size_t>(k) * cv.stride() + 1 + f;
    std::size_t b = cv.base + static_cast<std::size_t>(j) * cv.stride() + 1 + f;
    eqs.push_back(var_in(a, s) == var_in(b, t));
  }
  return z3::mk_and(eqs);
}

z3::expr SystemEncoding::same_state(const z3::expr_vector& s, const z3::expr_vector& t) const {
  // Position k of a channel: its presence flag, fields and age, as all_vars_ indices.
  auto position = [&](const ChannelVars& cv, int k) {
    std::vector<std::size_t> vars;
    for (std::size_t f = 0; f < cv.stride(); ++f)
      vars.push_back(cv.base + static_cast<std::size_t>(k) * cv.stride() + f);
    if (sys_.links_[cv.link].channel.timed()) vars.push_back(cv.ages + static_cast<std::size_t>(k));
    return vars;
  };
  std::vector<bool> as_multiset(all_vars_.size(), false);
  z3::expr_vector eqs(ctx_);
  // Position k of x holds what position j of u holds.
  auto same_at = [&](const ChannelVars& cv, int k, const z3::expr_vector& x, int j,
                     const z3::expr_vector& u) {
    std::vector<std::size_t> a = position(cv, k), b = position(cv, j);
    z3::expr_vector same(ctx_);
    for (std::size_t i = 0; i < a.size(); ++i) same.push_back(var_in(a[i], x) == var_in(b[i], u));
    return z3::mk_and(same);
  };
  for (const ChannelVars& cv : channels_) {
    const ChannelPolicy& p = sys_.links_[cv.link].channel.policy();
    if (p.ordered || p.capacity < 2) continue;
    for (int k = 0; k < p.capacity; ++k)
      for (std::size_t v : position(cv, k)) as_multiset[v] = true;
    if (p.capacity > 3) {
      // Capacity 4 to 6: too many orders to spell out (720 at 6). Two rows of n positions
      // hold the same multiset when each position of s occurs as often in s as in t (the
      // rows being equally long). Compared position by position instead, a lasso that
      // came back to its state in another order was not seen, and bmc said "holds up to
      // depth K" past a lasso of K steps.
      for (int k = 0; k < p.capacity; ++k) {
        z3::expr in_s = ctx_.int_val(0), in_t = ctx_.int_val(0);
        for (int j = 0; j < p.capacity; ++j) {
          in_s = in_s + z3::ite(same_at(cv, k, s, j, s), ctx_.int_val(1), ctx_.int_val(0));
          in_t = in_t + z3::ite(same_at(cv, k, s, j, t), ctx_.int_val(1), ctx_.int_val(0));
        }
        eqs.push_back(in_s == in_t);
      }
      continue;
    }
    std::vector<int> perm(static_cast<std::size_t>(p.capacity));
    std::iota(perm.begin(), perm.end(), 0);
    z3::expr_vector any(ctx_);
    do {
      z3::expr_vector same(ctx_);
      for (int k = 0; k < p.capacity; ++k)
        same.push_back(same_at(cv, k, s, perm[static_cast<std::size_t>(k)], t));
      any.push_back(z3::mk_and(same));
    } while (std::next_permutation(perm.begin(), perm.end()));
    eqs.push_back(z3::mk_or(any));
  }
  for (std::size_t i = 0; i < kept_.size(); ++i)
    if (!as_multiset[kept_[i]])
      eqs.push_back(s[static_cast<unsigned>(i)] == t[static_cast<unsigned>(i)]);
  return z3::mk_and(eqs);
}

}  // namespace synack::checker::smt
