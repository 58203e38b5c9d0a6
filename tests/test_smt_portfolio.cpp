// `--engine prove` on bundled scenarios: the verdicts of kind and spacer on proofs pinned in
// test_smt_proofs.cpp, a violation as bmc's shortest, what it refuses, and the command line.
// The race itself (threads, interrupt, budget) is tests/test_smt_portfolio_race.cpp, which
// also runs under ThreadSanitizer.
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "checker/smt/smt_check.hpp"
#include "cli_run.hpp"
#include "helpers.hpp"

namespace {

using synack::checker::Result;
using synack::checker::Verdict;
namespace smt = synack::checker::smt;

Result check_portfolio(const std::string& scenario, const std::string& property,
                       const std::vector<std::string>& sets, smt::Engine engine, std::size_t depth,
                       smt::LemmaSource lemmas = smt::LemmaSource::kNone) {
  auto model = synack::testing::build(scenario, sets);
  auto all = synack::properties::bundled_scenarios();
  const auto* spec = synack::properties::find_scenario(all, scenario).property(property);
  REQUIRE(spec);
  smt::SmtLimits limits;
  limits.max_depth = depth;
  return smt::check_with_smt(*model, {*spec}, engine, limits, lemmas).at(0);
}

bool answered_by_kind_or_spacer(const std::string& engine) {
  return engine == "prove (kind)" || engine == "prove (spacer)";
}

}  // namespace

// Two proofs of test_smt_proofs.cpp: the SYN-cookie listener (kind, k = 1, no lemmas) and
// stop-and-wait ARQ at its defaults with mined lemmas (kind at k = 0, Spacer too). prove
// says holds, as they do, whichever answers first.
TEST_CASE("prove: the verdicts of kind and spacer on pinned proofs", "[smt-proof]") {
  Result cookies = check_portfolio("tcp/syn-flood", "legit-syn-answered", {"tcp.syn_cookies=true"},
                                   smt::Engine::kProve, 4);
  INFO(cookies.engine << ": " << cookies.limit);
  CHECK(cookies.verdict == Verdict::kHolds);
  CHECK(answered_by_kind_or_spacer(cookies.engine));
  Result arq = check_portfolio("arq/stop-and-wait", "in-order-exactly-once", {},
                               smt::Engine::kProve, 4, smt::LemmaSource::kMine);
  INFO(arq.engine << ": " << arq.limit);
  REQUIRE(arq.verdict == Verdict::kHolds);
  CHECK(answered_by_kind_or_spacer(arq.engine));
  CHECK(arq.lemma_count > 0);
  // Each engine's proof text: k-induction's at k = 0 is the lemmas; Spacer's adds them.
  if (arq.engine == "prove (kind)") CHECK_THAT(arq.invariant, Catch::StartsWith(arq.lemmas));
  if (arq.engine == "prove (spacer)")
    CHECK_THAT(arq.invariant, Catch::Contains("\nand the lemmas:\n" + arq.lemmas));
}

// Without cookies the listener drops the client's SYN in 4 steps: bmc's shortest, and
// prove's (k-induction's base case or Spacer's trace search are both shortest).
TEST_CASE("prove: a violation is bmc's shortest counterexample", "[smt-proof]") {
  Result bmc = check_portfolio("tcp/syn-flood", "legit-syn-answered", {}, smt::Engine::kBmc, 6);
  REQUIRE(bmc.verdict == Verdict::kViolated);
  Result r = check_portfolio("tcp/syn-flood", "legit-syn-answered", {}, smt::Engine::kProve, 6);
  INFO(r.engine << ": " << r.limit);
  REQUIRE(r.verdict == Verdict::kViolated);
  CHECK(answered_by_kind_or_spacer(r.engine));
  REQUIRE(r.trace.has_value());
  CHECK(r.trace->steps.size() == 4);
  CHECK(r.trace->steps.size() == bmc.trace->steps.size());
}

// With lemmas, the short bmc before mining finds a shallow bug before any race
// (test_smt_proofs.cpp, "a shallow violation is found before any lemma is mined").
TEST_CASE("prove: a shallow bug is found by the bmc before mining", "[smt-proof]") {
  Result r = check_portfolio("tcp/two-way-handshake", "no-stale-connection",
                             {"channel.capacity=1", "channel.ordered=true", "channel.duplicates=0",
                              "tcp.max_retries=1", "tcp.incarnations=2"},
                             smt::Engine::kProve, 6, smt::LemmaSource::kMine);
  INFO(r.engine << ": " << r.limit);
  REQUIRE(r.verdict == Verdict::kViolated);
  CHECK(r.engine == "prove (bmc)");
  REQUIRE(r.trace.has_value());
  CHECK(r.trace->steps.size() == 4);
  CHECK(r.lemma_candidates == 0);
}

// kind and spacer answer `sometimes` unsupported (use bmc); prove does the same rather than
// fall back to bmc silently. Liveness, which kind and spacer prove alone, is not raced:
// each would mine the liveness product's lemmas again.
TEST_CASE("prove: sometimes and liveness properties are unsupported, naming what to use") {
  Result sometimes =
      check_portfolio("tcp/three-way-handshake", "connects", {}, smt::Engine::kProve, 4);
  CHECK(sometimes.verdict == Verdict::kUnsupported);
  CHECK(sometimes.engine == "prove");
  CHECK(sometimes.limit ==
        "prove races kind and spacer on always properties; use bmc for sometimes");
  Result kind = check_portfolio("tcp/three-way-handshake", "connects", {}, smt::Engine::kKind, 4);
  CHECK(kind.verdict == Verdict::kUnsupported);
  Result live =
      check_portfolio("arq/stop-and-wait", "completes", {"arq.messages=1"}, smt::Engine::kProve, 4);
  CHECK(live.verdict == Verdict::kUnsupported);
  CHECK(live.limit ==
        "prove races kind and spacer on always properties; use kind or spacer for eventually");
}

TEST_CASE("prove on the command line: its options, its errors, the engine that answered") {
  using synack::testing::Run;
  using synack::testing::run_synack;
  Run spacer_depth = run_synack("check tcp/syn-flood --engine spacer --depth 3");
  CHECK(spacer_depth.exit_code == 2);
  CHECK(spacer_depth.err ==
        "synack: --depth: applies to --engine bmc, kind or prove, not spacer\n");
  Run bmc_lemmas = run_synack("check tcp/syn-flood --engine bmc --lemmas mine");
  CHECK(bmc_lemmas.exit_code == 2);
  CHECK(bmc_lemmas.err == "synack: --lemmas: applies to --engine kind, spacer or prove, not bmc\n");
  Run bad_lemmas = run_synack("check tcp/syn-flood --engine prove --lemmas some");
  CHECK(bad_lemmas.exit_code == 2);
  CHECK(bad_lemmas.err ==
        "synack: --lemmas some: unknown lemma source; valid: mine, mine+skeletons, "
        "mine+equalities, none\n");
  Run threads = run_synack("check tcp/syn-flood --engine prove --threads 2");
  CHECK(threads.exit_code == 2);
  CHECK_THAT(threads.err, Catch::StartsWith("synack: --threads: applies to the explicit engine, "
                                            "not prove"));
  Run help = run_synack("check --help");
  CHECK_THAT(help.out, Catch::Contains("prove (kind and spacer at once"));
  // --depth and --lemmas are taken; the JSON names the engine that answered.
  auto json = std::filesystem::temp_directory_path() / "synack-prove.json";
  Run proved = run_synack(
      "check tcp/syn-flood --property legit-syn-answered --set tcp.syn_cookies=true --engine "
      "prove --depth 3 --lemmas none --json " +
      json.string());
  CHECK(proved.exit_code == 0);
  auto j = nlohmann::json::parse(synack::testing::slurp(json.string()));
  std::filesystem::remove(json);
  const auto& r = j.at("results").at(0);
  CHECK(r.at("verdict") == "holds");
  CHECK(answered_by_kind_or_spacer(r.at("engine").get<std::string>()));
}

TEST_CASE("prove with no winner names both reasons and k-induction's counterexample") {
  using synack::testing::Run;
  using synack::testing::run_synack;
  // k-induction gives up at k = 1 at once; Spacer alone needs 20 s or more here (README),
  // so the 2 s budget ends it.
  Run r = run_synack(
      "check arq/stop-and-wait --property in-order-exactly-once --engine prove --depth 1 "
      "--max-seconds 2");
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.out, Catch::Contains("inconclusive (kind: not k-inductive for any k <= 1; spacer: "
                                    "timeout)"));
  CHECK_THAT(r.out, Catch::Contains("arq/stop-and-wait in-order-exactly-once: not proved by "
                                    "prove; k-induction's counterexample to induction:\n"
                                    "    state 0: sender.state="));
}
