// `--engine prove`: k-induction and Spacer at once, on two threads, the first definitive
// answer taken (issue 22). Neither engine is the faster on every model: k-induction with
// lemmas closes at k = 0 where the lemmas are enough, Spacer finds invariants the
// templates cannot state, and on a shared machine nobody knows in advance which one will
// answer. Which engine wins may differ between two runs of the same command; the verdict
// cannot, since each engine reports `holds` only with a proof checked again and
// `violated` only with a trace replayed through the real machines (both finishing with
// opposite verdicts is an InternalError).
//
// The encoding, the short bmc before mining and mining itself are done once, in the
// calling thread, on the run's Exploration (checker/smt/smt_run.hpp); k-induction then
// runs there and Spacer on a thread of its own with a second exploration in its own Z3
// context (a context is never shared between threads), both assuming the same lemmas. The
// first to answer stops the other through Z3's interrupt (Deadline::or_when and a
// Z3Watchdog per context), and that thread is joined before this returns.
#pragma once

#include "checker/property.hpp"
#include "checker/result.hpp"
#include "checker/smt/deadline.hpp"
#include "checker/smt/smt_check.hpp"
#include "checker/smt/smt_run.hpp"

namespace synack::checker::smt {

// `p` by both engines, with `limits.max_depth` as k-induction's largest k (Spacer's trace
// search keeps its default depth) and `budget` for the whole of it. The result's engine is
// "prove (kind)", "prove (spacer)" or, for a bug the bmc before mining finds, "prove
// (bmc)"; with neither definitive, "prove", inconclusive, its limit naming both engines'
// reasons (k-induction's counterexample to induction kept). `sometimes` and liveness
// properties are unsupported (use bmc, or kind or spacer alone).
Result check_portfolio_one(Exploration& explored, const PropertySpec& p, const SmtLimits& limits,
                           const Deadline& budget, const LemmaRequest& lemmas);

}  // namespace synack::checker::smt
