#include "checker/smt/portfolio.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/smt/bmc_first.hpp"
#include "checker/smt/mine_lemmas.hpp"
#include "checker/smt/paths.hpp"
#include "checker/smt/system_encoding.hpp"
#include "checker/smt/unrolling.hpp"
#include "checker/smt/z3_exit.hpp"
#include "checker/smt/z3_watchdog.hpp"

namespace synack::checker::smt {

namespace {

using Clock = std::chrono::steady_clock;

bool definitive(const Result& r) {
  return r.verdict == Verdict::kHolds || r.verdict == Verdict::kViolated;
}

// One engine of the race: what it reported, or what it threw (synack's bug, rethrown
// once both threads are done).
struct Entrant {
  Engine engine;
  Result result;
  std::exception_ptr failure;
};

// The lemmas name variables by position: Spacer's encoding, built again in its own
// context, must have the same variables in the same order as the one they were mined on.
void check_same_variables(const SystemEncoding& mined_on, const SystemEncoding& other) {
  const auto& a = mined_on.state_vars();
  const auto& b = other.state_vars();
  bool same =
      std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const SmtVar& x, const SmtVar& y) {
        return x.name == y.name && x.lo == y.lo && x.hi == y.hi;
      });
  if (!same)
    throw InternalError(
        "prove: Spacer's encoding has other state variables than the one the lemmas were mined "
        "on");
}

// `engine` on `enc` under `deadline`, as a Result that starts from `mined` (the property,
// the lemmas' text and counts).
Result run_entrant(Engine engine, const SystemEncoding& enc, const PropertySpec& p,
                   const SmtLimits& limits, const Deadline& deadline, const Lemmas* lemmas,
                   const Result& mined) {
  Result r = mined;
  r.engine = fmt::format("prove ({})", engine_name(engine));
  auto started = Clock::now();
  try {
    SmtOutcome o = engine == Engine::kKind ? run_k_induction(enc, limits, deadline, lemmas)
                                           : run_spacer(enc, limits, deadline, lemmas);
    read_outcome(r, enc, p, engine, std::move(o), deadline);
  } catch (const OutOfBudget&) {
    return timed_out(r, started, deadline);
  } catch (const z3::exception& e) {
    return z3_failed(r, started, deadline, e);
  }
  return r;
}

// An engine's reason without its own name in front ("spacer: timeout" is spacer's).
std::string reason_of(const Entrant& e) {
  std::string prefix = std::string(engine_name(e.engine)) + ": ";
  const std::string& limit = e.result.limit;
  return limit.rfind(prefix, 0) == 0 ? limit.substr(prefix.size()) : limit;
}

// Neither engine definitive: inconclusive, naming both reasons; k-induction's counterexample
// to induction says the most about what is missing.
Result undecided(const Entrant& kind, const Entrant& spacer, const Deadline& budget) {
  Result r = kind.result;
  r.engine = engine_name(Engine::kProve);
  r.verdict = Verdict::kInconclusive;
  r.trace.reset();
  // As every engine says it: the reason is the signal, not what Z3 was doing.
  r.limit = budget.interrupt_requested()
                ? std::string(budget.why())
                : fmt::format("kind: {}; spacer: {}", reason_of(kind), reason_of(spacer));
  return r;
}

// k-induction in this thread on `enc` (the run's context), Spacer on a second thread with
// an encoding of its own; the first definitive answer stops the other.
Result race(Exploration& explored, const SystemEncoding& enc, const PropertySpec& p,
            const SmtLimits& limits, const Deadline& budget, const Lemmas* lemmas,
            const Result& mined) {
  std::atomic<bool> answered{false};
  std::atomic<int> winner{-1};  // 0: kind, 1: spacer
  const Deadline kind_deadline = budget.or_when(&answered);
  const Deadline spacer_deadline = budget.or_when(&answered);
  Entrant kind{Engine::kKind, mined, nullptr}, spacer{Engine::kSpacer, mined, nullptr};
  auto finish = [&](Entrant& e, int index) {
    int none = -1;
    if (!e.failure && definitive(e.result)) winner.compare_exchange_strong(none, index);
    // A failure stops the other too: it is rethrown as soon as both are done.
    if (e.failure || definitive(e.result)) answered.store(true);
  };
  // Spacer keeps its own default depth for the trace it looks for once it knows a bad
  // state is reachable: --depth is k-induction's.
  SmtLimits spacer_limits = limits;
  spacer_limits.max_depth = SmtLimits{}.max_depth;
  std::thread spacer_thread;
  try {
    spacer_thread = std::thread([&] {
      Z3ExitNotice notice("prove's spacer");
      try {
        Exploration own(explored.system(), false, spacer_deadline);
        Z3Watchdog watchdog(spacer_deadline, {&own.context()});
        SystemEncoding own_enc(own.get(), p, &spacer_deadline);
        if (lemmas) check_same_variables(enc, own_enc);
        spacer.result =
            run_entrant(Engine::kSpacer, own_enc, p, spacer_limits, spacer_deadline, lemmas, mined);
      } catch (const OutOfBudget&) {
        spacer.result.engine = "prove (spacer)";
        timed_out(spacer.result, Clock::now(), spacer_deadline);
      } catch (const z3::exception& e) {
        // While encoding: as run_entrant, the stop's interrupt or synack's bug.
        if (spacer_deadline.expired())
          timed_out(spacer.result, Clock::now(), spacer_deadline);
        else
          spacer.failure = std::current_exception();
      } catch (...) {
        spacer.failure = std::current_exception();
      }
      finish(spacer, 1);
    });
  } catch (const std::system_error& e) {
    throw InputError(fmt::format(
        "--engine prove runs k-induction and Spacer on two threads, and the system refused "
        "the second ({}); use --engine kind or --engine spacer",
        e.code().message()));
  }
  try {
    Z3Watchdog watchdog(kind_deadline, {&explored.context()});
    kind.result = run_entrant(Engine::kKind, enc, p, limits, kind_deadline, lemmas, mined);
  } catch (...) {
    kind.failure = std::current_exception();
  }
  finish(kind, 0);
  spacer_thread.join();
  if (kind.failure) std::rethrow_exception(kind.failure);
  if (spacer.failure) std::rethrow_exception(spacer.failure);
  // Stopped late, the loser may have answered too: two sound engines cannot disagree.
  if (definitive(kind.result) && definitive(spacer.result) &&
      kind.result.verdict != spacer.result.verdict)
    throw InternalError(fmt::format("prove: kind says {} and spacer says {} for {}",
                                    to_string(kind.result.verdict),
                                    to_string(spacer.result.verdict), p.name));
  if (winner.load() == 0) return kind.result;
  if (winner.load() == 1) return spacer.result;
  return undecided(kind, spacer, budget);
}

}  // namespace

Result check_portfolio_one(Exploration& explored, const PropertySpec& p, const SmtLimits& limits,
                           const Deadline& budget, const LemmaRequest& request) {
  Result r;
  r.property = p.name;
  r.kind = p.kind;
  r.engine = engine_name(Engine::kProve);
  auto started = Clock::now();
  std::optional<SystemEncoding> enc;
  std::optional<Lemmas> lemmas;
  try {
    if (p.kind != PropertyKind::kAlways)
      throw Unsupported(
          fmt::format("prove races kind and spacer on always properties; use {} for {}",
                      is_liveness(p.kind) ? "kind or spacer" : "bmc", to_string(p.kind)));
    if (budget.expired()) return timed_out(r, started, budget);
    enc.emplace(explored.get(), p, &budget);
    if (budget.expired()) return timed_out(r, started, budget);
    if (request.any()) {
      // A shallow bug needs no lemma, nor a race (checker/smt/bmc_first.hpp).
      if (std::optional<SmtOutcome> shallow = shallow_violation(*enc, limits, budget)) {
        r.engine = fmt::format("prove ({})", engine_name(Engine::kBmc));
        read_outcome(r, *enc, p, Engine::kBmc, std::move(*shallow), budget);
        r.seconds = std::chrono::duration<double>(Clock::now() - started).count();
        return r;
      }
      lemmas = strengthen(r, *enc, p, request, budget, started);
      if (!lemmas) return r;
    }
  } catch (const Unsupported& e) {
    r.verdict = Verdict::kUnsupported;
    r.limit = e.what();
    r.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return r;
  } catch (const OutOfBudget&) {
    return timed_out(r, started, budget);
  } catch (const z3::exception& e) {
    return z3_failed(r, started, budget, e);
  }
  Result out = race(explored, *enc, p, limits, budget, lemmas ? &*lemmas : nullptr, r);
  out.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return out;
}

}  // namespace synack::checker::smt
