// Random walks with Z3's step relation inside Houdini (checker/smt/step_walks.hpp): each
// state of a walk is a successor by the step solver's premise and relation, and dropping
// what the walks falsify changes the lemmas not at all (the greatest inductive subset is
// unique), on the system and on the liveness-to-safety product alike.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <z3++.h>
#include <catch2/catch.hpp>

#include "candidate_texts.hpp"
#include "checker/fairness.hpp"
#include "checker/smt/houdini.hpp"
#include "checker/smt/lasso_formulas.hpp"
#include "checker/smt/liveness_to_safety.hpp"
#include "checker/smt/mine_lemmas.hpp"
#include "checker/smt/product_lemmas.hpp"
#include "checker/smt/reachable_sample.hpp"
#include "checker/smt/smt_run.hpp"
#include "checker/smt/step_walks.hpp"
#include "checker/smt/unrolling.hpp"
#include "checker/system.hpp"
#include "helpers.hpp"
#include "mining_helpers.hpp"

namespace {

namespace smt = synack::checker::smt;
using synack::testing::sorted_texts;

using synack::testing::kNoLimit;
// What Houdini keeps of the product templates on stop-and-wait `completes`, one message.
constexpr std::size_t kProductLemmas = 75;

// stop-and-wait (one message) with a liveness property, as the Z3 liveness path builds it:
// the encoding with the liveness graph's steps, the lasso formulas and their product.
struct ArqProduct {
  explicit ArqProduct(const std::string& property) {
    auto all = synack::properties::bundled_scenarios();
    spec = *synack::properties::find_scenario(all, "arq/stop-and-wait").property(property);
    model = synack::testing::build("arq/stop-and-wait", {});
    const auto& sys = dynamic_cast<const synack::checker::System&>(*model);
    explored = std::make_unique<smt::Exploration>(sys, true, budget);
    enc = std::make_unique<smt::SystemEncoding>(explored->get(), spec, &budget);
    formulas = std::make_unique<smt::LassoFormulas>(
        *enc, spec.kind, synack::checker::resolve_fairness(spec.fairness, *model));
    product = std::make_unique<smt::LivenessToSafety>(*formulas);
  }
  synack::checker::PropertySpec spec;
  std::unique_ptr<synack::checker::Model> model;
  smt::Deadline budget{60'000};
  std::unique_ptr<smt::Exploration> explored;
  std::unique_ptr<smt::SystemEncoding> enc;
  std::unique_ptr<smt::LassoFormulas> formulas;
  std::unique_ptr<smt::LivenessToSafety> product;
};

// Stop-and-wait's in-order-exactly-once over the system alone (no liveness product).
struct ArqSystem {
  ArqSystem() {
    auto all = synack::properties::bundled_scenarios();
    spec = *synack::properties::find_scenario(all, "arq/stop-and-wait")
                .property("in-order-exactly-once");
    model = synack::testing::build("arq/stop-and-wait", {});
    enc = std::make_unique<smt::SystemEncoding>(
        ctx, dynamic_cast<const synack::checker::System&>(*model), spec);
  }
  synack::checker::PropertySpec spec;
  std::unique_ptr<synack::checker::Model> model;
  z3::context ctx;
  std::unique_ptr<smt::SystemEncoding> enc;
};

}  // namespace

// Every state of a walk is a successor of the one before by the relation (checked by a
// solver of its own), the walk starts from an initial state's successor and stops only where
// no step is possible. (The same seed need not walk the same way on a solver that has
// answered other questions since: where the drawn input is refused, Z3 picks.)
TEST_CASE("a walk's states are successors by the step relation", "[houdini-walks]") {
  ArqProduct arq("completes");
  const smt::LivenessToSafety& ts = *arq.product;
  smt::Unrolling u(ts);
  z3::solver step(ts.context());
  step.add(u.fixed_ranges(0));
  step.add(!u.bad(0));
  step.add(u.transition(0));
  z3::solver initial(ts.context());
  initial.add(u.initial());
  REQUIRE(initial.check() == z3::sat);
  std::vector<std::int64_t> start = smt::model_values(initial.get_model(), u.state(0));

  auto walk = [&](std::uint64_t seed) {
    smt::StepWalker walker(step, u.state(0), u.input(0), u.state(1), ts.input_vars(), seed);
    return walker.walk(start, 30);
  };
  std::vector<std::vector<std::int64_t>> first = walk(7);
  CHECK(first.size() == 30);  // stop-and-wait never deadlocks and no state is bad
  CHECK(walk(8) != first);    // the inputs are drawn at random: another seed, another walk
  // Some walk saves a state: its saved copy then differs from the state at some point.
  std::size_t saved_at = 0;
  for (const auto& s : first)
    if (s[ts.saved_index()] == 1) ++saved_at;
  CHECK(saved_at > 0);

  z3::solver relation(ts.context());
  relation.add(u.transition(0));
  std::vector<std::int64_t> from = start;
  for (const auto& to : first) {
    z3::expr_vector pinned(ts.context());
    for (std::size_t v = 0; v < to.size(); ++v) {
      pinned.push_back(u.state(0)[static_cast<int>(v)] == ts.context().int_val(from[v]));
      pinned.push_back(u.state(1)[static_cast<int>(v)] == ts.context().int_val(to[v]));
    }
    CHECK(relation.check(pinned) == z3::sat);
    from = to;
  }
}

// The product's templates on stop-and-wait's `completes`: the walks drop candidates before
// and between Z3's counterexamples to induction, and the lemmas are plain Houdini's.
TEST_CASE("houdini with walks over the liveness product keeps the same lemmas", "[houdini-walks]") {
  ArqProduct arq("completes");
  std::vector<smt::Candidate> candidates = smt::product_candidates(*arq.product);
  smt::HoudiniAnswer plain = smt::houdini(*arq.product, candidates, kNoLimit);
  const smt::WalkLimits walks;
  smt::HoudiniAnswer walked = smt::houdini(*arq.product, candidates, kNoLimit, nullptr,
                                           smt::kHoudiniCallResourceLimit, nullptr, &walks);
  REQUIRE(plain.kept.has_value());
  REQUIRE(walked.kept.has_value());
  CHECK(plain.walked == 0);
  CHECK(walked.walked > 0);
  CHECK(walked.rounds < plain.rounds);
  const auto& vars = arq.product->state_vars();
  CHECK(sorted_texts(*walked.kept, vars) == sorted_texts(*plain.kept, vars));
  CHECK(walked.kept->size() == kProductLemmas);
}

// On the system alone (stop-and-wait's in-order-exactly-once and its 622 mined candidates),
// the same 550 lemmas as without walks (tests/test_cti_expansion.cpp).
TEST_CASE("houdini with walks over the system keeps the same lemmas", "[houdini-walks]") {
  ArqSystem arq;
  smt::SystemEncoding& enc = *arq.enc;
  auto sample = smt::sample_reachable(enc, smt::SampleLimits{}, kNoLimit);
  auto candidates = smt::propose_candidates(enc.state_vars(), sample.states, 1500, kNoLimit);
  REQUIRE(candidates.size() == 622);
  const smt::WalkLimits walks;
  smt::HoudiniAnswer walked = smt::houdini(enc, candidates, kNoLimit, nullptr,
                                           smt::kHoudiniCallResourceLimit, nullptr, &walks);
  REQUIRE(walked.kept.has_value());
  CHECK(walked.kept->size() == 550);
  smt::HoudiniAnswer plain = smt::houdini(enc, candidates, kNoLimit);
  REQUIRE(plain.kept.has_value());
  CHECK(sorted_texts(*walked.kept, enc.state_vars()) ==
        sorted_texts(*plain.kept, enc.state_vars()));
}

// As product_lemmas runs it: the system's mined lemmas assumed in the step premise (here on
// the state part only, whose variables the product numbers as the system does). A walk
// step must satisfy that premise too, so the walks still drop only what plain Houdini drops
// under the same assumption.
TEST_CASE("houdini with walks and assumed lemmas keeps the same lemmas", "[houdini-walks]") {
  ArqProduct arq("every-message-delivered");
  smt::MinedLemmas system = smt::mine_lemmas(*arq.enc, smt::MiningLimits{}, kNoLimit);
  REQUIRE(system.lemmas.has_value());
  REQUIRE_FALSE(system.lemmas->facts.empty());
  smt::Lemmas assumed;
  assumed.facts = system.lemmas->facts;
  std::vector<smt::Candidate> candidates = smt::product_candidates(*arq.product);
  smt::HoudiniAnswer plain = smt::houdini(*arq.product, candidates, kNoLimit, &assumed);
  const smt::WalkLimits walks;
  smt::HoudiniAnswer walked = smt::houdini(*arq.product, candidates, kNoLimit, &assumed,
                                           smt::kHoudiniCallResourceLimit, nullptr, &walks);
  REQUIRE(plain.kept.has_value());
  REQUIRE(walked.kept.has_value());
  CHECK(plain.undecided == 0);
  CHECK(walked.undecided == 0);
  CHECK(walked.walked > 0);
  const auto& vars = arq.product->state_vars();
  CHECK(sorted_texts(*walked.kept, vars) == sorted_texts(*plain.kept, vars));
}

// Walks only drop candidates: none is taken once none is left (before, the 24 walks from
// the initial state and one from every counterexample ran regardless).
TEST_CASE("houdini takes no walk once no candidate is left", "[houdini-walks]") {
  ArqSystem arq;
  smt::SystemEncoding& enc = *arq.enc;
  const smt::WalkLimits walks;
  auto with = [&](std::vector<smt::Candidate> cs) {
    smt::HoudiniAnswer h = smt::houdini(enc, std::move(cs), kNoLimit, nullptr,
                                        smt::kHoudiniCallResourceLimit, nullptr, &walks);
    REQUIRE(h.kept.has_value());
    return h;
  };
  CHECK(with({}).walks == 0);
  // A value out of the first variable's range: no initial state has it, so the candidate is
  // gone before the first walk.
  const smt::SmtVar& first = enc.state_vars()[0];
  smt::HoudiniAnswer dropped = with({smt::exactly(0, first.hi + 1)});
  CHECK(dropped.kept->empty());
  CHECK(dropped.walks == 0);
  // Its whole range holds initially: the walks from the initial state are taken.
  smt::Candidate range{};
  range.kind = smt::Candidate::kRange;
  range.lo = first.lo;
  range.hi = first.hi;
  CHECK(with({range}).walks >= walks.walks);
}

// Wherever the deadline cuts a run, Houdini gives up or gives the whole answer: a drop
// stopped half-way (the deadline is read inside a walk's states and a model's evaluations,
// not only between solver calls; checks 3 to 23 fall inside the first walk) must never
// leave a falsified candidate standing in an answer.
TEST_CASE("houdini cut anywhere gives up or answers in full", "[houdini-walks]") {
  ArqSystem arq;
  smt::SystemEncoding& enc = *arq.enc;
  auto sample = smt::sample_reachable(enc, smt::SampleLimits{}, kNoLimit);
  auto candidates = smt::propose_candidates(enc.state_vars(), sample.states, 1500, kNoLimit);
  const smt::WalkLimits walks;
  smt::HoudiniAnswer whole = smt::houdini(enc, candidates, kNoLimit, nullptr,
                                          smt::kHoudiniCallResourceLimit, nullptr, &walks);
  REQUIRE(whole.kept.has_value());
  const auto expected = sorted_texts(*whole.kept, enc.state_vars());
  std::size_t answered = 0;
  for (std::size_t checks : {2, 5, 13, 34, 89, 233, 610, 1597, 4181, 100000}) {
    INFO("cut at check " << checks);
    smt::Deadline cut_at = smt::Deadline::after_checks(checks);
    smt::HoudiniAnswer cut = smt::houdini(enc, candidates, cut_at, nullptr,
                                          smt::kHoudiniCallResourceLimit, nullptr, &walks);
    if (!cut.kept) {
      CHECK(cut.reason == "timeout");
      continue;
    }
    ++answered;
    CHECK(sorted_texts(*cut.kept, enc.state_vars()) == expected);
  }
  CHECK(answered >= 1);
}
