// Liveness properties with the Z3 engines: bmc searches for a shortest lasso with exact
// fairness (checker/smt/lasso_bmc.hpp); kind and spacer prove the liveness-to-safety
// product (checker/smt/liveness_to_safety.hpp) free of closing loops, and when it is not,
// the counterexample comes from the lasso search, never from the product (whose fair loss
// is weaker). Every lasso is followed through the explicit interpreter and replayed
// through the real machines like the explicit liveness engine's (verify_lasso).
#include <chrono>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/fairness.hpp"
#include "checker/lasso_fairness.hpp"
#include "checker/smt/lasso_bmc.hpp"
#include "checker/smt/lasso_formulas.hpp"
#include "checker/smt/liveness_to_safety.hpp"
#include "checker/smt/paths.hpp"
#include "checker/smt/product_lemmas.hpp"
#include "checker/smt/smt_run.hpp"
#include "checker/trace_judged.hpp"

namespace synack::checker::smt {

namespace {

double since(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

// A lasso search's answer as the result's verdict and trace.
void read_lasso(Result& r, const SystemEncoding& enc, const PropertySpec& p, const SmtOutcome& o,
                const char* engine) {
  r.depth = o.depth;
  switch (o.kind) {
    case SmtOutcome::kOutOfRange:  // follow_path throws the interpreter's StepError
    case SmtOutcome::kReached:
      r.trace = follow_path(enc.system(), enc, *o.trace, engine, o.kind == SmtOutcome::kOutOfRange,
                            o.loop_start);
      r.depth = r.trace->steps.size();
      r.verdict = Verdict::kViolated;
      if (o.kind == SmtOutcome::kReached) {
        // Z3's lasso formulas chose the loop; its fairness is checked again on the trace.
        verify_lasso_fairness(enc.system(), resolve_fairness(p.fairness, enc.system()), *r.trace);
        confirm_trace_judges(enc.system(), p, *r.trace, engine);
      }
      break;
    case SmtOutcome::kBoundHolds:
      r.verdict = Verdict::kBoundedHolds;
      break;
    case SmtOutcome::kUnknown:
    case SmtOutcome::kProved:  // not an answer of the lasso search
      r.verdict = Verdict::kInconclusive;
      r.limit = o.reason;
      break;
  }
}

// The product's own path, back in the system's variables: for a run out of range.
SmtPath system_path(const LivenessToSafety& product, const SmtPath& path) {
  SmtPath out;
  std::size_t n = product.system_state_count();
  for (const auto& s : path.states) out.states.emplace_back(s.begin(), s.begin() + n);
  for (const auto& in : path.inputs) out.inputs.emplace_back(in.begin(), in.end() - 1);
  return out;
}

// A counterexample to induction of the product, one line per state: every product variable
// (system, flags, saved copy) whose value is not 0, since a loop that fails to close is
// read from the channels, the copy and the flags together. Values are numbers: the copy's
// variables have no slots of their own.
std::string describe_product_cti(const LivenessToSafety& product, const SmtPath& cti) {
  std::string out;
  const auto& vars = product.state_vars();
  for (std::size_t i = 0; i < cti.states.size(); ++i) {
    out += fmt::format("{}state {}:", i == 0 ? "" : "\n", i);
    for (std::size_t v = 0; v < vars.size(); ++v)
      if (cti.states[i][v] != 0) out += fmt::format(" {}={}", vars[v].name, cti.states[i][v]);
  }
  return out;
}

}  // namespace

Result check_liveness_one(Exploration& explored, const PropertySpec& p, Engine engine,
                          const SmtLimits& limits, const Deadline& budget, LemmaSource lemmas) {
  Result r;
  r.property = p.name;
  r.kind = p.kind;
  r.engine = engine_name(engine);
  r.fairness = p.fairness;
  auto started = std::chrono::steady_clock::now();
  // Bad fairness is bad input (exit 2), as with the explicit engine.
  const Fairness fairness = resolve_fairness(p.fairness, explored.system());
  try {
    if (budget.expired()) return timed_out(r, started, budget);
    SystemEncoding enc(explored.get(), p, &budget);
    if (budget.expired()) return timed_out(r, started, budget);
    LassoFormulas formulas(enc, p.kind, fairness);
    if (budget.expired()) return timed_out(r, started, budget);
    if (engine == Engine::kBmc) {
      read_lasso(r, enc, p, run_lasso_bmc(formulas, limits, budget), r.engine.c_str());
    } else {
      LivenessToSafety product(formulas);
      std::optional<Lemmas> given;
      if (lemmas != LemmaSource::kNone) {
        if (lemmas != LemmaSource::kMine)
          r.lemma_note = fmt::format(
              "--lemmas {} adds templates for always properties only; this {} property's "
              "lemmas were mined as with --lemmas mine",
              lemma_source_name(lemmas), to_string(p.kind));
        given =
            take_mined(r, product_lemmas(product, true, MiningLimits{}, budget), budget, started,
                       [&](const Lemmas& l) { return product_lemmas_text(product, l); });
        if (!given) return r;
      }
      const Lemmas* assumed = given ? &*given : nullptr;
      SmtOutcome o = engine == Engine::kKind ? run_k_induction(product, limits, budget, assumed)
                                             : run_spacer(product, limits, budget, assumed);
      r.depth = o.depth;
      switch (o.kind) {
        case SmtOutcome::kProved:
          r.verdict = Verdict::kHolds;
          r.invariant = proof_invariant(engine, o, r.lemmas);
          break;
        case SmtOutcome::kOutOfRange:
          follow_path(enc.system(), enc, system_path(product, *o.trace), r.engine.c_str(), true);
          break;  // not reached: following a run out of range throws its StepError
        case SmtOutcome::kReached: {
          // A loop closes in the product; the trace, with exact fairness, from the search.
          if (budget.expired()) return timed_out(r, started, budget);
          read_lasso(r, enc, p, run_lasso_bmc(formulas, limits, budget), r.engine.c_str());
          if (r.verdict == Verdict::kBoundedHolds) {
            r.verdict = Verdict::kInconclusive;
            r.limit = fmt::format(
                "a loop closes in the liveness-to-safety product, but no lasso fair under {} "
                "has at most {} steps",
                fmt::join(p.fairness, ", "), limits.max_depth);
          }
          break;
        }
        case SmtOutcome::kBoundHolds:
        case SmtOutcome::kUnknown:
          r.verdict = Verdict::kInconclusive;
          r.limit = o.reason.empty() ? fmt::format("not {}-inductive", o.depth) : o.reason;
          if (o.cti) r.cti = describe_product_cti(product, *o.cti);
          break;
      }
    }
    if (r.verdict == Verdict::kInconclusive && budget.expired()) r.limit = budget.why();
  } catch (const Unsupported& e) {
    r.verdict = Verdict::kUnsupported;
    r.limit = e.what();
  } catch (const OutOfBudget&) {
    return timed_out(r, started, budget);
  } catch (const z3::exception& e) {
    return z3_failed(r, started, budget, e);
  }
  r.seconds = since(started);
  return r;
}

}  // namespace synack::checker::smt
