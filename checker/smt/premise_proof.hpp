// Vacuity for the Z3 engines' proofs (checker/vacuity.hpp is the explicit engine's): an
// invariant `always P -> Q` that kind, spacer or prove proved holds vacuously when no
// reachable state meets P, which is what a mistyped premise looks like; so does a leads-to
// P ~> Q that kind or spacer proved. The explicit engines read that off their stored
// states; a proof has none, so the same engine is asked to prove `always !(P)` for each
// premise (Expr::premises; a leads-to's whole premise): a proof marks the result vacuous
// (Result::vacuous, Result::premise), a counterexample is a reachable state that meets P,
// replayed like any other; anything else (its share of the budget spent, not inductive)
// leaves the result unmarked, as the explicit engine leaves a premise it cannot ask under
// --symmetry. A leads-to's question is asked of the liveness encoding, whose steps
// (Model::liveness_only_step too) are the ones its proof took.
//
// Only proofs are asked about: bmc's "holds up to depth K" says nothing of every reachable
// state, and is not marked.
#pragma once

#include <functional>

#include "checker/layout.hpp"
#include "checker/property.hpp"
#include "checker/result.hpp"
#include "checker/smt/deadline.hpp"

namespace synack::checker::smt {

// The same engine on another always property, within `share`.
using ProveWithin = std::function<Result(const PropertySpec&, const Deadline& share)>;

// How long the questions about one property's premises may take together: `proof_seconds`
// (the property's own proof) times kShareFactor, at least kShareMinMs, and with a limited
// budget at most half of what is left, so that the properties after it keep most of theirs.
inline constexpr unsigned kShareFactor = 4;
inline constexpr unsigned kShareMinMs = 10000;
unsigned premise_share_ms(double proof_seconds, const Deadline& budget);

// Marks `r` (the result of `p` by a Z3 engine) vacuous when it is a proof of an invariant or
// a leads-to and `prove` proves that no reachable state meets one of its premises; the
// seconds the questions took are added to r.seconds.
void mark_vacuous_proof(const Layout& layout, const PropertySpec& p, Result& r,
                        const Deadline& budget, const ProveWithin& prove);

}  // namespace synack::checker::smt
