// Invariants that hold vacuously (checker/vacuity.hpp): `always P -> Q` with P true in no
// reachable state is marked beside its holds, in the engine's result, the table, the JSON
// and the baselines, which report a property that has become vacuous as a flip.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checker/errors.hpp"
#include "checker/expr.hpp"
#include "cli/runs.hpp"
#include "cli_run.hpp"
#include "expr_layouts.hpp"
#include "reports/baseline.hpp"
#include "synack/bundled.hpp"
#include "temp_dir.hpp"

using namespace synack;
using checker::PropertyKind;
using checker::PropertySpec;
using checker::Result;
using checker::Verdict;

namespace {

std::vector<std::string> premise_texts(const std::string& expression) {
  std::vector<std::string> texts;
  for (const checker::Expr& p :
       checker::Expr::parse(expression, expr_test::sample_layout()).premises())
    texts.push_back(p.text());
  return texts;
}

PropertySpec always(const std::string& name, const std::string& expression) {
  return {name, PropertyKind::kAlways, expression, "", std::nullopt};
}

// tcp/three-way-handshake with one incarnation: the client's only ISN is 0, so the server's
// irs is never 2 (it is with two incarnations).
cli::PreparedRuns handshake(const std::vector<PropertySpec>& rules, int incarnations,
                            const checker::Limits& limits = {}) {
  cli::Selection s;
  s.scenarios = {"tcp/three-way-handshake"};
  s.sets = {"tcp.incarnations=" + std::to_string(incarnations)};
  s.adhoc = rules;  // alone: the scenario's own properties are not named
  cli::PreparedRuns p = cli::prepare_runs(synack::bundled::catalog(), s);
  cli::execute_runs(p, limits, {});
  return p;
}

const Result& result(const cli::PreparedRuns& p, const std::string& name) {
  for (const Result& r : p.runs.at(0).results)
    if (r.property == name) return r;
  throw std::logic_error("no result for " + name);
}

const std::vector<PropertySpec> kRules = {
    always("vacuous", "server.irs == 2 -> server.irs != 3"),
    always("met", "server.irs == 0 -> server.irs != 3"),
    always("one-part", "(server.irs == 0 -> server.irs != 3) && (server.irs == 2 -> true)"),
    always("chain", "server.irs == 0 -> client.iss == 2 -> server.irs == 0"),
    always("not-asserted", "!(server.irs == 2 -> false) || true"),
    always("violated", "client.state == ESTABLISHED -> server.irs == 2"),
    {"goal", PropertyKind::kSometimes, "server.irs == 2 -> false", "", std::nullopt}};

}  // namespace

TEST_CASE("premises: the implications an invariant asserts, as written") {
  CHECK(premise_texts("client.iss == 1 -> server.irs == 1") ==
        std::vector<std::string>{"client.iss == 1"});
  // A chain's premises together; each conjunct of the top-level &&, through parentheses.
  CHECK(premise_texts("client.iss == 1 -> server.irs == 2 -> false") ==
        std::vector<std::string>{"(client.iss == 1) && (server.irs == 2)"});
  CHECK(premise_texts("client.iss == 1 -> server.irs == 2 -> client.iss < 3 -> false") ==
        std::vector<std::string>{"(client.iss == 1) && (server.irs == 2) && (client.iss < 3)"});
  CHECK(premise_texts("(client.iss == 1 -> true) && client.iss < 9 && ((server.irs > 2) -> "
                      "false)") == std::vector<std::string>{"client.iss == 1", "(server.irs > 2)"});
  // An implication that a negation, a disjunction or an operand holds asserts nothing.
  CHECK(premise_texts("!(client.iss == 1 -> true)").empty());
  CHECK(premise_texts("(client.iss == 1 -> true) || server.irs == 0").empty());
  CHECK(premise_texts("(client.iss == 1 -> true) == 1").empty());
  CHECK(premise_texts("client.iss == 1").empty());
  // The premise evaluates on its own.
  const auto layout = expr_test::sample_layout();
  const auto premises =
      checker::Expr::parse("client.iss == 1 -> server.irs == 2 -> false", layout).premises();
  REQUIRE(premises.size() == 1);
  const checker::Value both[] = {0, 1, 2}, one[] = {0, 1, 3};
  CHECK(premises[0].holds(both));
  CHECK_FALSE(premises[0].holds(one));
}

TEST_CASE("premises: quantifiers' bodies assert on their own, and are left out") {
  const auto layout = expr_test::commit_layout();
  CHECK(checker::Expr::parse("forall r in rm: r.state == PREPARED -> r.prepared == 1", layout)
            .premises()
            .empty());
  const auto counted = checker::Expr::parse(
      "(count r in rm: r.state == COMMITTED) >= 2 -> tm.state == COMMIT", layout);
  REQUIRE(counted.premises().size() == 1);
  CHECK(counted.premises()[0].text() == "(count r in rm: r.state == COMMITTED) >= 2");
}

TEST_CASE("an invariant whose premise no reachable state satisfies holds vacuously") {
  const cli::PreparedRuns p = handshake(kRules, 1);
  CHECK(result(p, "vacuous").verdict == Verdict::kHolds);
  CHECK(result(p, "vacuous").vacuous);
  CHECK(result(p, "vacuous").premise == "server.irs == 2");
  CHECK(result(p, "vacuous").states == 5120);
  CHECK_FALSE(result(p, "met").vacuous);
  CHECK(result(p, "met").premise.empty());
  // One conjunct that asks nothing is enough, and names its premise.
  CHECK(result(p, "one-part").vacuous);
  CHECK(result(p, "one-part").premise == "server.irs == 2");
  CHECK(result(p, "chain").vacuous);
  CHECK(result(p, "chain").premise == "(server.irs == 0) && (client.iss == 2)");
  CHECK_FALSE(result(p, "not-asserted").vacuous);
  CHECK(result(p, "violated").verdict == Verdict::kViolated);
  CHECK_FALSE(result(p, "violated").vacuous);
  CHECK_FALSE(result(p, "goal").vacuous);
  // With two incarnations the server's irs is 2 in some state: nothing is vacuous.
  const cli::PreparedRuns two = handshake(kRules, 2);
  for (const Result& r : two.runs.at(0).results) {
    CAPTURE(r.property);
    CHECK_FALSE(r.vacuous);
  }
  CHECK(result(two, "vacuous").verdict == Verdict::kHolds);
}

TEST_CASE("the vacuity of an invariant does not depend on threads, store or a cut search") {
  for (unsigned threads : {1u, 2u})
    for (checker::StoreKind store : {checker::StoreKind::kPlain, checker::StoreKind::kTree}) {
      CAPTURE(threads, static_cast<int>(store));
      checker::Limits limits;
      limits.threads = threads;
      limits.round_states = 64;
      limits.store = store;
      const cli::PreparedRuns p = handshake(kRules, 1, limits);
      CHECK(result(p, "vacuous").vacuous);
      CHECK(result(p, "one-part").premise == "server.irs == 2");
      CHECK_FALSE(result(p, "met").vacuous);
    }
  // A search a limit cut short proves nothing, so it calls nothing vacuous.
  checker::Limits cut;
  cut.max_states = 100;
  const cli::PreparedRuns p = handshake(kRules, 1, cut);
  CHECK(result(p, "vacuous").verdict == Verdict::kInconclusive);
  CHECK_FALSE(result(p, "vacuous").vacuous);
}

TEST_CASE("baseline: an invariant that has become vacuous is a flip; one no longer is a change") {
  const cli::PreparedRuns before = handshake(kRules, 2);
  const auto baseline = reports::baseline_json(before.runs);
  CHECK_FALSE(baseline["scenarios"]["tcp/three-way-handshake"]["properties"]["vacuous"].contains(
      "vacuous"));
  // The edit: the client opens one connection, and the premise is never met again.
  const cli::PreparedRuns after = handshake(kRules, 1);
  const auto diff = reports::compare_with_baseline(baseline, after.runs);
  CHECK(diff.flips ==
        std::vector<std::string>{"tcp/three-way-handshake vacuous: holds -> holds (vacuous): the "
                                 "premise 'server.irs == 2' now holds in no reachable state",
                                 "tcp/three-way-handshake one-part: holds -> holds (vacuous): the "
                                 "premise 'server.irs == 2' now holds in no reachable state",
                                 "tcp/three-way-handshake chain: holds -> holds (vacuous): the "
                                 "premise '(server.irs == 0) && (client.iss == 2)' now holds in no "
                                 "reachable state"});
  // Recorded vacuous, and back: a change, not a flip.
  const auto vacuous_baseline = reports::baseline_json(after.runs);
  CHECK(vacuous_baseline["scenarios"]["tcp/three-way-handshake"]["properties"]["vacuous"]
                        ["vacuous"] == true);
  const auto back = reports::compare_with_baseline(vacuous_baseline, before.runs);
  CHECK(back.flips.empty());
  CHECK(std::count(back.changes.begin(), back.changes.end(),
                   "tcp/three-way-handshake vacuous: no longer vacuous: every premise now holds "
                   "in some reachable state") == 1);
  CHECK(reports::compare_with_baseline(vacuous_baseline, after.runs).flips.empty());
  // A verdict that flips to a vacuous holds says so.
  auto violated = reports::baseline_json(before.runs);
  violated["scenarios"]["tcp/three-way-handshake"]["properties"]["met"]["verdict"] = "violated";
  CHECK(reports::compare_with_baseline(violated, after.runs).flips.size() == 4);
  CHECK(reports::compare_with_baseline(violated, after.runs).flips[1] ==
        "tcp/three-way-handshake met: violated -> holds");
  violated["scenarios"]["tcp/three-way-handshake"]["properties"]["vacuous"]["verdict"] = "violated";
  CHECK(reports::compare_with_baseline(violated, after.runs).flips[0] ==
        "tcp/three-way-handshake vacuous: violated -> holds (vacuous)");
  // A baseline saved before synack recorded the mark cannot say it is new: a change.
  auto older = reports::baseline_json(before.runs);
  older.erase("records_vacuous");
  const auto unknown = reports::compare_with_baseline(older, after.runs);
  CHECK(unknown.flips.empty());
  CHECK(std::count(unknown.changes.begin(), unknown.changes.end(),
                   "tcp/three-way-handshake vacuous: holds vacuously: the premise 'server.irs == "
                   "2' holds in no reachable state (the baseline was saved before synack "
                   "recorded this; save it again to compare it)") == 1);
  // One that records a property vacuous without the declaration: still vacuous, no change.
  auto marked = reports::baseline_json(after.runs);
  marked.erase("records_vacuous");
  CHECK(reports::compare_with_baseline(marked, after.runs).format() ==
        "baseline: no differences\n");
}

TEST_CASE("baseline: a vacuous mark must be a boolean beside holds") {
  const std::string head =
      R"({"synack_baseline":1,"scenarios":{"s":{"properties":{"p":{"states":1,"trace_length":0,)";
  CHECK_NOTHROW(reports::parse_baseline(head + R"("verdict":"holds","vacuous":true}}}}})", "b"));
  CHECK_NOTHROW(
      reports::parse_baseline(head + R"("verdict":"violated","vacuous":false}}}}})", "b"));
  const std::string why =
      "--baseline b: s p: vacuous must be true or false, and true only beside verdict holds";
  REQUIRE_THROWS_WITH(
      reports::parse_baseline(head + R"("verdict":"holds","vacuous":"yes"}}}}})", "b"), why);
  REQUIRE_THROWS_WITH(
      reports::parse_baseline(head + R"("verdict":"violated","vacuous":true}}}}})", "b"), why);
  REQUIRE_THROWS_WITH(
      reports::parse_baseline(R"({"synack_baseline":1,"records_vacuous":1,"scenarios":{}})", "b"),
      "--baseline b: records_vacuous must be true or false");
}

TEST_CASE("a vacuous invariant on the command line: the table, its line and the JSON") {
  synack::testing::TempDir dir("vacuous-always");
  const auto json = dir.path / "v.json";
  auto r = synack::testing::run_synack(
      "check arq/stop-and-wait --always 'sender.state == DONE -> receiver_history.misdelivered "
      "== 0' --always 'receiver_history.misdelivered > 0 -> sender.state == DONE' --json " +
      json.string());
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains(" holds (vacuous) "));
  CHECK_THAT(r.out,
             Catch::Contains("arq/stop-and-wait always receiver_history.misdelivered > 0 "
                             "-> sender.state == DONE: holds vacuously: the premise "
                             "'receiver_history.misdelivered > 0' holds in none of the "
                             "107 reachable states, so the implication with that premise asked "
                             "nothing of any state\n"));
  std::ifstream in(json);
  const auto results = nlohmann::json::parse(in)["results"];
  CHECK_FALSE(results[0].contains("vacuous"));
  CHECK(results[1]["vacuous"] == true);
  CHECK(results[1]["vacuous_premise"] == "receiver_history.misdelivered > 0");
}

// A holds that an assumption made inconclusive is no holds, vacuous or not: the mark goes
// with it (it said "inconclusive (rests on inputs-valid ...) (vacuous)").
TEST_CASE("a vacuous invariant made inconclusive by an assumption is not marked") {
  const std::string compose = SYNACK_SOURCE_DIR "/tests/data/learned/compose/";
  auto r = synack::testing::run_synack(
      "check --compose tcp-endpoint " + compose + "toy_server.dot --compose-map " + compose +
      "toy.map --set channel.lossy=false --set channel.duplicates=0 --set channel.ordered=true "
      "--always 'server.refused == 1 && false -> true'");
  CHECK_THAT(r.out, Catch::Contains("always server.refused == 1 && false -> true  always  "
                                    "inconclusive (rests on inputs-valid, violated in 5 steps)  "));
  CHECK_THAT(r.out, !Catch::Contains("vacuous"));
}
