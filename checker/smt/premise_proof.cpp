#include "checker/smt/premise_proof.hpp"

#include <algorithm>
#include <string>
#include <utility>
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
  // The questions, `!(P)` for each premise. The negation is a level deeper than the user
  // wrote P: one at the parser's nesting limit cannot be asked, and stays unmarked rather
  // than ending a run whose property was proved. Only the parse is excused so; whatever the
  // engines throw while answering (a step the interpreter refuses, say) surfaces.
  std::vector<std::pair<const Expr*, PropertySpec>> asks;
  for (const Expr& premise : premises) {
    PropertySpec never{p.name, PropertyKind::kAlways, "!(" + premise.text() + ")", p.description,
                       std::nullopt};
    try {
      Expr::parse(never.expression, layout);
    } catch (const InputError&) {
      continue;
    }
    asks.emplace_back(&premise, std::move(never));
  }
  // One share for all of them (a rule of twenty implications none of which the engine can
  // settle costs one share, not twenty), split evenly among those not yet asked. A question
  // that ran out of its part is asked again, after the others, with what they left: a
  // premise met in a few steps takes little, so one that needs most of the share gets it
  // wherever it is written.
  const Deadline share = budget.share(premise_share_ms(r.seconds, budget));
  std::vector<std::size_t> open(asks.size());
  for (std::size_t k = 0; k < open.size(); ++k) open[k] = k;
  for (int pass = 0; pass < 2 && !open.empty(); ++pass) {
    std::vector<std::size_t> again;
    for (std::size_t k = 0; k < open.size(); ++k) {
      if (share.expired()) return;
      const auto left = static_cast<unsigned>(open.size() - k);
      const Deadline part = share.share(std::max(1u, share.remaining_ms() / left));
      const auto& [premise, never] = asks[open[k]];
      const Result answer = prove(never, part);
      r.seconds += answer.seconds;
      if (answer.verdict == Verdict::kHolds && answer.limit.empty()) {
        // The first premise no state meets that was settled, as the explicit engine names
        // the first it finds unmet.
        r.vacuous = true;
        r.premise = premise->text();
        r.premise_proved_by = answer.engine;
        return;
      }
      if (answer.verdict == Verdict::kInconclusive && part.expired()) again.push_back(open[k]);
    }
    open = std::move(again);
  }
}

}  // namespace synack::checker::smt
