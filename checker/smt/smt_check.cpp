#include "checker/smt/smt_check.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/liveness.hpp"
#include "checker/smt/bmc_first.hpp"
#include "checker/smt/mine_lemmas.hpp"
#include "checker/smt/paths.hpp"
#include "checker/smt/portfolio.hpp"
#include "checker/smt/premise_proof.hpp"
#include "checker/smt/smt_check_within.hpp"
#include "checker/smt/smt_run.hpp"
#include "checker/smt/system_encoding.hpp"
#include "checker/smt/unrolling.hpp"
#include "checker/smt/user_invariants.hpp"
#include "checker/smt/z3_exit.hpp"
#include "checker/smt/z3_watchdog.hpp"
#include "checker/step_error.hpp"
#include "checker/system.hpp"
#include "checker/trace.hpp"
#include "checker/trace_judged.hpp"

namespace synack::checker::smt {

namespace {

// The channel position a field belongs to ("c2s[0]" of "c2s[0].seq"), or empty.
std::string position_of(const std::string& name) {
  std::size_t close = name.find("].");
  return close == std::string::npos ? std::string() : name.substr(0, close + 1);
}

}  // namespace

std::string describe_state(const SystemEncoding& enc, const std::vector<std::int64_t>& state) {
  const Layout& layout = enc.system().layout();
  const auto& vars = enc.state_vars();
  std::string out;
  for (std::size_t v = 0; v < vars.size(); ++v) {
    const std::string& name = vars[v].name;
    std::optional<std::size_t> slot = layout.find(name);
    if (!slot) continue;  // a channel field or counter: below
    std::int64_t value = state[v];
    const SmtVar& var = vars[v];
    // A value out of range (the last state may be) has no name: the number, marked.
    out += value < var.lo || value > var.hi
               ? fmt::format(" {}={} (outside {}..{})", name, value, var.lo, var.hi)
               : fmt::format(" {}={}", name, layout.slot(*slot).print(value));
  }
  for (std::size_t v = 0; v < vars.size(); ++v) {
    std::string position = position_of(vars[v].name);
    // An array actor's slot (rm[0].state) looks like a position's field: printed above.
    if (position.empty() || vars[v].name == position + ".present" || layout.find(vars[v].name))
      continue;
    auto present = std::find_if(vars.begin(), vars.end(),
                                [&](const SmtVar& p) { return p.name == position + ".present"; });
    // Without a presence flag in the cone, every field says something.
    if (present != vars.end() && state[present - vars.begin()] == 0) continue;
    out += fmt::format(" {}={}", vars[v].name, state[v]);
  }
  return out.empty() ? out : out.substr(1);
}

namespace {

// A counterexample to induction, in the state variables' names: the states in order, one
// line each (describe_state).
std::string describe_cti(const SystemEncoding& enc, const SmtPath& cti) {
  std::string out;
  for (std::size_t i = 0; i < cti.states.size(); ++i)
    out += fmt::format("{}state {}: {}", i == 0 ? "" : "\n", i, describe_state(enc, cti.states[i]));
  return out;
}

}  // namespace

Result timed_out(Result& r, std::chrono::steady_clock::time_point started, const Deadline& budget) {
  r.verdict = Verdict::kInconclusive;
  r.limit = budget.why();
  r.trace.reset();
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return r;
}

void check_stated_early(Exploration* explored, const std::vector<StatedText>& stated) {
  // The option, not a line of its file: the whole model is refused.
  const std::string& origin = stated.front().origin;
  const std::string option =
      origin.rfind("--", 0) == 0 ? origin : "--invariants " + origin.substr(0, origin.rfind(':'));
  auto refuse = [&](const std::string& why) {
    throw InputError(fmt::format(
        "{}: the Z3 engines cannot encode this model ({}), so no invariant can be stated for it",
        option, why));
  };
  if (!explored) refuse("the model is not a composition of machines");
  try {
    check_stated_names(explored->get(), stated);
  } catch (const Unsupported& e) {
    refuse(e.what());
  } catch (const OutOfBudget&) {
    // The budget ran out while exploring: every property says so; no name was judged.
  } catch (const z3::exception&) {
    // Interrupted (the watchdog): likewise, each property's own attempt reports it.
  }
}

std::optional<Lemmas> strengthen(Result& r, const SystemEncoding& enc, const PropertySpec& p,
                                 const LemmaRequest& request, const Deadline& budget,
                                 std::chrono::steady_clock::time_point started) {
  std::vector<Stated> stated = read_stated(enc, p.name, request.stated);
  std::vector<Candidate> candidates = stated_candidates(stated);
  const std::size_t stated_count = candidates.size();
  MinedLemmas mined =
      request.source != LemmaSource::kNone
          ? mine_lemmas(enc, mining_limits(request.source), budget, std::move(candidates))
          : prove_stated(enc, std::move(candidates), budget);
  if (mined.lemmas) r.stated = settle_stated(enc, stated, *mined.lemmas, budget);
  std::optional<Lemmas> lemmas = take_mined(r, std::move(mined), budget, started,
                                            [&](const Lemmas& l) { return lemmas_text(enc, l); });
  // Houdini counted them among its candidates; the reports count them apart from mining's.
  if (lemmas) {
    r.lemma_candidates -= stated_count;
    r.lemma_stated = stated_count;
  }
  return lemmas;
}

std::optional<Lemmas> take_mined(Result& r, MinedLemmas mined, const Deadline& budget,
                                 std::chrono::steady_clock::time_point started,
                                 const std::function<std::string(const Lemmas&)>& text) {
  if (!mined.lemmas) {
    r.verdict = Verdict::kInconclusive;
    r.limit = budget.expired() ? budget.why() : mined.reason;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return std::nullopt;
  }
  r.lemmas = text(*mined.lemmas);
  r.lemma_count = mined.lemmas->facts.size();
  r.lemma_candidates = mined.lemmas->candidates;
  r.lemma_samples = mined.lemmas->samples;
  r.lemma_rounds = mined.lemmas->rounds;
  r.lemma_dropped_around = mined.lemmas->expanded;
  const Lemmas::Seconds& t = mined.lemmas->seconds;
  r.lemma_mining_seconds = t.sampling + t.proposing + t.pruning;
  r.lemma_houdini_seconds = t.houdini + t.skeletons;
  return std::move(mined.lemmas);
}

Result z3_failed(Result& r, std::chrono::steady_clock::time_point started, const Deadline& budget,
                 const z3::exception& e) {
  if (budget.expired()) return timed_out(r, started, budget);
  throw InternalError(std::string("Z3: ") + e.msg());
}

std::string proof_invariant(Engine engine, const SmtOutcome& o, const std::string& lemmas) {
  if (lemmas.empty()) return o.invariant;
  if (engine == Engine::kSpacer) return o.invariant + "\nand the lemmas:\n" + lemmas;
  // The encoding's variables: the property's cone of influence (README, "Z3 engines").
  if (o.depth <= 1)
    return lemmas + "\nand no target state, every variable the encoding keeps within its range";
  return "";
}

void read_outcome(Result& r, const SystemEncoding& enc, const PropertySpec& p, Engine engine,
                  SmtOutcome o, const Deadline& budget) {
  r.depth = o.depth;
  switch (o.kind) {
    case SmtOutcome::kOutOfRange:  // to_trace throws the interpreter's StepError
    case SmtOutcome::kReached:
      r.trace = follow_path(enc.system(), enc, *o.trace, r.engine.c_str(),
                            o.kind == SmtOutcome::kOutOfRange);
      r.depth = r.trace->steps.size();
      r.verdict = p.kind == PropertyKind::kAlways ? Verdict::kViolated : Verdict::kHolds;
      confirm_trace_judges(enc.system(), p, *r.trace, r.engine);
      break;
    case SmtOutcome::kBoundHolds:
      r.verdict = p.kind == PropertyKind::kAlways ? Verdict::kBoundedHolds : Verdict::kInconclusive;
      if (p.kind != PropertyKind::kAlways)
        r.limit = fmt::format("no witness within depth {}", o.depth);
      break;
    case SmtOutcome::kProved:
      r.verdict = Verdict::kHolds;
      r.invariant = proof_invariant(engine, o, r.lemmas);
      break;
    case SmtOutcome::kUnknown:
      r.verdict = Verdict::kInconclusive;
      r.limit = o.reason.empty() ? fmt::format("not {}-inductive", o.depth) : o.reason;
      if (o.cti) r.cti = describe_cti(enc, *o.cti);
      // As the explicit engine says it: the reason is the signal, not what Z3 was doing.
      if (budget.interrupt_requested()) r.limit = budget.why();
      break;
  }
}

namespace {

Result check_one(Exploration& explored, const PropertySpec& p, Engine engine,
                 const SmtLimits& limits, const Deadline& budget, const LemmaRequest& request) {
  Result r;
  r.property = p.name;
  r.kind = p.kind;
  r.engine = engine_name(engine);
  auto started = std::chrono::steady_clock::now();
  try {
    if (engine != Engine::kBmc && p.kind != PropertyKind::kAlways)
      throw Unsupported(fmt::format("{} proves always and liveness properties; use bmc for {}",
                                    r.engine, to_string(p.kind)));
    if (budget.expired()) return timed_out(r, started, budget);
    SystemEncoding enc(explored.get(), p, &budget);
    if (budget.expired()) return timed_out(r, started, budget);
    std::optional<Lemmas> lemmas;
    // A shallow bug needs no lemma: a few steps of bmc first (checker/smt/bmc_first.hpp).
    std::optional<SmtOutcome> shallow;
    if (request.any() && engine != Engine::kBmc) {
      shallow = shallow_violation(enc, limits, budget);
      if (!shallow) {
        lemmas = strengthen(r, enc, p, request, budget, started);
        if (!lemmas) return r;
      }
    }
    const Lemmas* given = lemmas ? &*lemmas : nullptr;
    SmtOutcome o = shallow                   ? std::move(*shallow)
                   : engine == Engine::kBmc  ? run_bmc(enc, limits, budget)
                   : engine == Engine::kKind ? run_k_induction(enc, limits, budget, given)
                                             : run_spacer(enc, limits, budget, given);
    read_outcome(r, enc, p, engine, std::move(o), budget);
  } catch (const Unsupported& e) {
    r.verdict = Verdict::kUnsupported;
    r.limit = e.what();
  } catch (const OutOfBudget&) {
    return timed_out(r, started, budget);
  } catch (const z3::exception& e) {
    return z3_failed(r, started, budget, e);
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return r;
}

}  // namespace

// A Z3 path followed through the explicit model: each step's group taken by the explicit
// interpreter must reach a state that agrees with Z3's on every variable the encoding
// kept (the others the property cannot see, and the interpreter fills them in). A step
// the interpreter refuses as the user's mistake (a variable the encoding dropped leaving
// its range, say) is reported as the explicit engine would: a StepError with the run.
// A path out of range (`out_of_range`) must end in such a step.
Trace follow_path(const Model& model, const SystemEncoding& enc, const SmtPath& path,
                  const char* engine, bool out_of_range, std::optional<std::size_t> cycle_start) {
  Trace trace;
  trace.initial = enc.explicit_initial(path.states.at(0));
  if (!enc.agrees(path.states.at(0), trace.initial))
    throw InternalError("a Z3 trace does not start in the model's initial state");
  std::vector<Value> from = trace.initial, to(from.size());
  for (std::size_t i = 0; i + 1 < path.states.size(); ++i) {
    std::size_t step = static_cast<std::size_t>(path.inputs.at(i).at(0));
    std::optional<std::size_t> group = enc.explicit_group(step, path.states[i], from);
    bool applied = false;
    try {
      applied =
          group &&
          (model.apply(*group, from.data(), to.data()) ||
           (enc.has_liveness_steps() && model.liveness_only_step(*group, from.data(), to.data())));
    } catch (const InputError& e) {
      throw_step_error(model, trace, *group, e, engine);
    }
    if (!applied || !enc.agrees(path.states[i + 1], to))
      throw InternalError(fmt::format(
          "step {} ({}) of a Z3 trace disagrees with the explicit interpreter: Z3 has {}", i + 1,
          model.group_name(group.value_or(step)), enc.print(path.states[i + 1])));
    trace.steps.push_back({*group, model.describe(*group, from.data()), to});
    from = to;
  }
  if (out_of_range)
    throw InternalError(fmt::format(
        "{} found a run of {} steps to {}, outside the declared ranges, but the explicit "
        "interpreter takes its last step without complaint",
        engine, trace.steps.size(), enc.print(path.states.back())));
  trace.cycle_start = cycle_start;
  if (cycle_start)
    verify_lasso(model, trace);
  else
    verify_by_replay(model, trace);
  return trace;
}

const SystemEncoding& Exploration::get() {
  if (!enc_ && !why_) {
    try {
      enc_.emplace(ctx_, sys_, liveness_, &budget_);
    } catch (const Unsupported& e) {
      why_ = e.what();
    }
  }
  if (why_) throw Unsupported(*why_);
  return *enc_;
}

const char* engine_name(Engine e) {
  switch (e) {
    case Engine::kBmc:
      return "bmc";
    case Engine::kKind:
      return "kind";
    case Engine::kSpacer:
      return "spacer";
    case Engine::kProve:
      return "prove";
  }
  return "?";
}

std::optional<Engine> engine_named(std::string_view name) {
  for (Engine e : {Engine::kBmc, Engine::kKind, Engine::kSpacer, Engine::kProve})
    if (name == engine_name(e)) return e;
  return std::nullopt;
}

const char* lemma_source_name(LemmaSource s) {
  switch (s) {
    case LemmaSource::kMine:
      return "mine";
    case LemmaSource::kMineSkeletons:
      return "mine+skeletons";
    case LemmaSource::kMineEqualities:
      return "mine+equalities";
    case LemmaSource::kNone:
      break;
  }
  return "none";
}

std::optional<LemmaSource> lemma_source_named(std::string_view name) {
  for (LemmaSource s : {LemmaSource::kNone, LemmaSource::kMine, LemmaSource::kMineSkeletons,
                        LemmaSource::kMineEqualities})
    if (name == lemma_source_name(s)) return s;
  return std::nullopt;
}

std::vector<Result> check_with_smt(const Model& model, const std::vector<PropertySpec>& properties,
                                   Engine engine, const SmtLimits& limits,
                                   const LemmaRequest& lemmas) {
  // The whole run's budget, started before anything is encoded: the exploration and
  // encoding count against it, and each property gets what is left.
  return check_with_smt(model, properties, engine, limits, lemmas, Deadline(limits.timeout_ms));
}

std::vector<Result> check_with_smt(const Model& model, const std::vector<PropertySpec>& properties,
                                   Engine engine, const SmtLimits& limits,
                                   const LemmaRequest& lemmas, const Deadline& budget) {
  if (!lemmas.stated.empty()) {
    if (engine == Engine::kBmc)
      throw InputError(
          "--invariant: applies to --engine kind, spacer or prove (bmc assumes no lemma: it "
          "searches for a violation)");
    for (const PropertySpec& p : properties)
      if (p.kind != PropertyKind::kAlways)
        throw InputError(fmt::format(
            "--invariant: strengthens proofs of always properties, and {} is {}; name an "
            "always property with --property",
            p.name, to_string(p.kind)));
  }
  Z3ExitNotice notice("the Z3 engines' work");
  std::vector<Result> results;
  const auto* sys = dynamic_cast<const System*>(&model);
  // Liveness sees the liveness graph's steps too: an exploration of its own.
  std::optional<Exploration> explored, explored_live;
  std::optional<Z3Watchdog> watchdog;  // destroyed before the contexts it interrupts
  if (sys) {
    explored.emplace(*sys, false, budget);
    explored_live.emplace(*sys, true, budget);
    watchdog.emplace(budget,
                     std::vector<z3::context*>{&explored->context(), &explored_live->context()});
  }
  if (!lemmas.stated.empty()) check_stated_early(sys ? &*explored : nullptr, lemmas.stated);
  for (const PropertySpec& p : properties) {
    if (!sys) {
      Result r;
      r.property = p.name;
      r.kind = p.kind;
      r.engine = engine_name(engine);
      r.verdict = Verdict::kUnsupported;
      r.limit = "the model is not a composition of machines";
      results.push_back(r);
      continue;
    }
    Result r = engine == Engine::kProve ? check_portfolio_one(*explored, p, limits, budget, lemmas)
               : is_liveness(p.kind)
                   ? check_liveness_one(*explored_live, p, engine, limits, budget, lemmas.source)
                   : check_one(*explored, p, engine, limits, budget, lemmas);
    // Whether a proof asked anything (checker/smt/premise_proof.hpp), of the encoding the
    // proof was of. The invariants the user stated are for `p`: the premise's question
    // mines its own lemmas, if any.
    Exploration& of = is_liveness(p.kind) ? *explored_live : *explored;
    mark_vacuous_proof(
        sys->layout(), p, r, budget, [&](const PropertySpec& never, const Deadline& share) {
          const LemmaRequest mined(lemmas.source);
          return engine == Engine::kProve ? check_portfolio_one(of, never, limits, share, mined)
                                          : check_one(of, never, engine, limits, share, mined);
        });
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace synack::checker::smt
