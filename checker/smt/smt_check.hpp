// The Z3 engines as `synack check` runs them: encode the scenario (checker/smt/
// system_encoding), run bmc, kind or spacer, and turn the answer into a Result like the
// explicit engine's. Every trace a Z3 engine finds is mapped to explicit states, checked
// step by step against the explicit interpreter, and replayed through the real Boost.MSM
// machines before it is reported; a divergence is an InternalError, never a verdict.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "checker/model.hpp"
#include "checker/property.hpp"
#include "checker/result.hpp"
#include "checker/smt/transition_system.hpp"

namespace synack::checker::smt {

// kProve: kind and spacer at once on two threads, the first definitive answer taken
// (checker/smt/portfolio.hpp).
enum class Engine { kBmc, kKind, kSpacer, kProve };

const char* engine_name(Engine e);
// "bmc", "kind", "spacer", "prove"; nothing for anything else.
std::optional<Engine> engine_named(std::string_view name);

// Where kind and spacer get strengthening lemmas: none, or mined from reachable states of
// the explicit interpreter and kept only where Houdini proves them inductive
// (checker/smt/mine_lemmas.hpp). bmc takes none.
// kMineSkeletons: mined as kMine, and where those lemmas leave a bad state, skeleton lemmas
// as well (checker/smt/skeleton_mining; liveness: as kMine).
// kMineEqualities: mined as kMine, with facts under equalities between two numbers too
// (checker/smt/equality_guard_mining; liveness: as kMine).
enum class LemmaSource { kNone, kMine, kMineSkeletons, kMineEqualities };
const char* lemma_source_name(LemmaSource s);
// "none", "mine", "mine+skeletons", "mine+equalities"; nothing for anything else.
std::optional<LemmaSource> lemma_source_named(std::string_view name);

// What kind, spacer and prove assume: lemmas mined as `source` says, and the invariants the
// user stated (`--invariant`, checker/smt/user_invariants.hpp), each kept only where Houdini
// proves it inductive. Stated invariants strengthen always properties: check_with_smt
// refuses them (InputError) with bmc or beside a property of another kind.
// An invariant as the user wrote it, and where: "--invariant", or "FILE:LINE" of
// `--invariants FILE`, which messages about it name.
struct StatedText {
  std::string text;
  std::string origin = "--invariant";
};

struct LemmaRequest {
  LemmaSource source = LemmaSource::kNone;
  std::vector<StatedText> stated;
  // Implicit from a LemmaSource: most callers state nothing.
  LemmaRequest(LemmaSource s = LemmaSource::kNone, std::vector<StatedText> invariants = {})
      : source(s), stated(std::move(invariants)) {}
  bool any() const { return source != LemmaSource::kNone || !stated.empty(); }
};

std::vector<Result> check_with_smt(const Model& model, const std::vector<PropertySpec>& properties,
                                   Engine engine, const SmtLimits& limits,
                                   const LemmaRequest& lemmas = {});

}  // namespace synack::checker::smt
