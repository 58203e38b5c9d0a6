#include "checker/smt/lasso_formulas.hpp"

namespace synack::checker::smt {

LassoFormulas::LassoFormulas(const SystemEncoding& enc, PropertyKind kind, const Fairness& fairness)
    : enc_(enc), kind_(kind), weak_(fairness.weak) {
  for (std::size_t l = 0; l < enc.channel_count(); ++l)
    if (fairness.fair_channel(enc.channel_name(l))) fair_links_.push_back(l);
}

z3::expr LassoFormulas::pending_initial(const z3::expr_vector& s) const {
  if (kind_ == PropertyKind::kLeadsTo) return enc_.premise(s) && avoids(s);
  return avoids(s);
}

z3::expr LassoFormulas::pending_next(const z3::expr& pending, const z3::expr_vector& t) const {
  switch (kind_) {
    case PropertyKind::kEventually:
      return pending && avoids(t);
    case PropertyKind::kLeadsTo:
      return (pending || enc_.premise(t)) && avoids(t);
    default:  // always-eventually: no memory
      return avoids(t);
  }
}

z3::expr LassoFormulas::dead(const z3::expr_vector& s) const {
  z3::expr_vector none(ctx());
  for (std::size_t g = 0; g < enc_.system().group_count(); ++g) none.push_back(!enc_.enabled(g, s));
  return z3::mk_and(none);
}

z3::expr LassoFormulas::weak_taken(std::size_t i, const z3::expr_vector& in) const {
  z3::expr_vector any(ctx());
  for (std::size_t g = 0; g < weak_[i].groups.size(); ++g)
    if (weak_[i].groups[g]) any.push_back(in[0] == ctx().int_val(static_cast<std::int64_t>(g)));
  return z3::mk_or(any);
}

z3::expr LassoFormulas::weak_enabled(std::size_t i, const z3::expr_vector& s) const {
  z3::expr_vector any(ctx());
  for (std::size_t g = 0; g < weak_[i].groups.size(); ++g)
    if (weak_[i].groups[g]) any.push_back(enc_.enabled(g, s));
  return z3::mk_or(any);
}

int LassoFormulas::capacity(std::size_t link) const {
  return static_cast<int>(enc_.deliver_groups(link).size());
}

z3::expr LassoFormulas::deliverable(std::size_t link, int p, const z3::expr_vector& s) const {
  return enc_.enabled(enc_.deliver_groups(link)[static_cast<std::size_t>(p)], s);
}

z3::expr LassoFormulas::delivers(std::size_t link, const z3::expr_vector& in) const {
  z3::expr_vector any(ctx());
  for (std::size_t g : enc_.deliver_groups(link))
    any.push_back(in[0] == ctx().int_val(static_cast<std::int64_t>(g)));
  return z3::mk_or(any);
}

z3::expr LassoFormulas::delivers_message(std::size_t link, const z3::expr_vector& in,
                                         const z3::expr_vector& s, int p,
                                         const z3::expr_vector& holder) const {
  z3::expr_vector any(ctx());
  const std::vector<std::size_t>& groups = enc_.deliver_groups(link);
  for (std::size_t q = 0; q < groups.size(); ++q)
    any.push_back(in[0] == ctx().int_val(static_cast<std::int64_t>(groups[q])) &&
                  enc_.same_message(link, static_cast<int>(q), s, p, holder));
  return z3::mk_or(any);
}

}  // namespace synack::checker::smt
