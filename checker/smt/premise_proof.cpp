#include "checker/smt/premise_proof.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "checker/errors.hpp"
#include "checker/expr.hpp"

namespace synack::checker::smt {

unsigned premise_share_ms(double proof_seconds, const Deadline& budget) {
  const double wanted = std::max<double>(kShareMinMs, proof_seconds * 1000.0 * kShareFactor);
  unsigned ms = static_cast<unsigned>(std::min(wanted, 4.0e9));
  const unsigned left = budget.remaining_ms();  // 0: no limit
  if (left != 0) ms = std::max(1u, std::min(ms, left / 2));
  return ms;
}

void mark_vacuous_proof(const Layout& layout, const PropertySpec& p, Result& r,
                        const Deadline& budget, const ProveWithin& prove) {
  const bool leads_to = p.kind == PropertyKind::kLeadsTo;
  if ((p.kind != PropertyKind::kAlways && !leads_to) || r.verdict != Verdict::kHolds ||
      !r.limit.empty())
    return;
  std::vector<Expr> premises;
  if (leads_to)
    premises.push_back(Expr::parse(p.expression, layout));
  else
    premises = Expr::parse(p.expression, layout).premises();
  // One share for all of the property's premises (a rule of twenty implications none of
  // which the engine can settle costs one share, not twenty), split evenly among those not
  // yet asked, so that one the engine cannot settle leaves the next its part: which premise
  // is marked does not depend on the order they are written in, short of the share.
  const Deadline share = budget.share(premise_share_ms(r.seconds, budget));
  for (std::size_t k = 0; k < premises.size(); ++k) {
    if (share.expired()) return;
    const Expr& premise = premises[k];
    PropertySpec never{p.name, PropertyKind::kAlways, "!(" + premise.text() + ")", p.description,
                       std::nullopt};
    const auto left = static_cast<unsigned>(premises.size() - k);
    const Deadline part = share.share(std::max(1u, share.remaining_ms() / left));
    Result answer;
    try {
      answer = prove(never, part);
    } catch (const InputError&) {
      // The question is the premise's text negated, a level deeper than the user wrote it:
      // a premise at the parser's nesting limit cannot be asked, and stays unmarked rather
      // than ending a run whose property was proved.
      continue;
    }
    r.seconds += answer.seconds;
    if (answer.verdict != Verdict::kHolds || !answer.limit.empty()) continue;
    r.vacuous = true;
    r.premise = premise.text();
    r.premise_proved_by = answer.engine;
    return;  // the first premise no state meets, as the explicit engine names
  }
}

}  // namespace synack::checker::smt
