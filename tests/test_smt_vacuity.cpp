// Vacuity of the Z3 engines' proofs (checker/smt/premise_proof.hpp): an invariant P -> Q
// that kind, spacer or prove proves is marked vacuous when the same engine proves that no
// reachable state meets P, as the explicit engine marks it from its stored states; a premise
// some state meets, a bounded holds and a premise the engine cannot settle stay unmarked.
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "checker/liveness.hpp"
#include "checker/smt/premise_proof.hpp"
#include "checker/smt/smt_check.hpp"
#include "cli_run.hpp"
#include "helpers.hpp"
#include "temp_dir.hpp"

namespace {

using synack::checker::PropertyKind;
using synack::checker::PropertySpec;
using synack::checker::Result;
using synack::checker::Verdict;
namespace smt = synack::checker::smt;

PropertySpec always_spec(const std::string& name, const std::string& expression) {
  return {name, PropertyKind::kAlways, expression, "", std::nullopt};
}

smt::SmtLimits depth_limits(std::size_t max_depth) {
  smt::SmtLimits limits;
  limits.max_depth = max_depth;
  return limits;
}

// tcp/syn-flood with SYN cookies: the listener never drops the legitimate client's SYN, so
// the monitor's legit_dropped stays 0, which k-induction proves at k = 1.
const std::vector<std::string> kCookies = {"tcp.syn_cookies=true"};
const std::vector<PropertySpec> kVacuityRules = {
    always_spec("unreached", "server_history.legit_dropped > 0 -> client.state == ESTABLISHED"),
    // The client sends its SYN in the first step.
    always_spec("met", "client.state == SYN_SENT -> server_history.legit_dropped == 0"),
    // Two implications: the second's premise is the one no state meets.
    always_spec("one-part",
                "(client.state == SYN_SENT -> server_history.legit_dropped == 0) && "
                "(server_history.legit_dropped == 1 -> false)"),
    // A chain: its premise is both, and the first alone is met.
    always_spec("chain", "client.state == SYN_SENT -> server_history.legit_dropped > 0 -> false")};

}  // namespace

TEST_CASE("a Z3 proof of an invariant whose premise no state meets is marked vacuous",
          "[smt-vacuity]") {
  auto model = synack::testing::build("tcp/syn-flood", kCookies);
  const std::vector<Result> ex = synack::checker::check_properties(*model, kVacuityRules, {});
  for (smt::Engine engine : {smt::Engine::kKind, smt::Engine::kSpacer, smt::Engine::kProve}) {
    INFO(smt::engine_name(engine));
    const std::vector<Result> rs =
        smt::check_with_smt(*model, kVacuityRules, engine, depth_limits(4));
    REQUIRE(rs.size() == kVacuityRules.size());
    for (std::size_t i = 0; i < rs.size(); ++i) {
      INFO(rs[i].property << ": " << rs[i].engine << " " << rs[i].limit);
      CHECK(rs[i].verdict == Verdict::kHolds);
      // The explicit engine, from its 168 states, marks the same premises.
      CHECK(rs[i].vacuous == ex.at(i).vacuous);
      CHECK(rs[i].premise == ex.at(i).premise);
    }
    CHECK(rs[0].vacuous);
    CHECK(rs[0].premise == "server_history.legit_dropped > 0");
    CHECK_THAT(rs[0].premise_proved_by, Catch::StartsWith(smt::engine_name(engine)));
    CHECK_FALSE(rs[1].vacuous);
    CHECK(rs[1].premise.empty());
    CHECK(rs[2].premise == "server_history.legit_dropped == 1");
    CHECK(rs[3].premise == "(client.state == SYN_SENT) && (server_history.legit_dropped > 0)");
  }
}

// tcp/three-way-handshake with one incarnation: the client's only ISN is 0, so the server's
// irs is never 2, which the explicit engine reads off its states, but `server.irs != 2` is
// not 2-inductive: k-induction at depth 2 cannot settle the premise, and the result, a
// proof at k = 0 of an implication that cannot fail, stays unmarked rather than guessed.
TEST_CASE("a premise the Z3 engine cannot settle leaves its proof unmarked", "[smt-vacuity]") {
  auto model = synack::testing::build("tcp/three-way-handshake", {"tcp.incarnations=1"});
  const std::vector<PropertySpec> rules = {
      always_spec("unsettled", "server.irs == 2 -> server.irs != 3")};
  const Result ex = synack::checker::check_properties(*model, rules, {}).at(0);
  CHECK(ex.vacuous);
  const Result kind = smt::check_with_smt(*model, rules, smt::Engine::kKind, depth_limits(2)).at(0);
  CHECK(kind.verdict == Verdict::kHolds);
  CHECK_FALSE(kind.vacuous);
  CHECK(kind.premise.empty());
}

TEST_CASE("a bounded holds of bmc is not marked vacuous", "[smt-vacuity]") {
  auto model = synack::testing::build("tcp/syn-flood", kCookies);
  const std::vector<Result> rs =
      smt::check_with_smt(*model, kVacuityRules, smt::Engine::kBmc, depth_limits(4));
  for (const Result& r : rs) {
    INFO(r.property);
    CHECK(r.verdict == Verdict::kBoundedHolds);
    CHECK_FALSE(r.vacuous);
  }
}

TEST_CASE("the premises' questions take a share of the budget, not the whole", "[smt-vacuity]") {
  smt::Deadline none(0);
  CHECK(smt::premise_share_ms(0.001, none) == smt::kShareMinMs);
  CHECK(smt::premise_share_ms(5.0, none) == 5000 * smt::kShareFactor);
  smt::Deadline limited(8000);
  CHECK(smt::premise_share_ms(0.001, limited) <= 4000);
  CHECK(smt::premise_share_ms(0.001, limited) >= 3000);
}

// The share is split among the premises not yet asked: the first of two gets half, and what
// it leaves goes to the second.
TEST_CASE("each premise gets its part of the share", "[smt-vacuity]") {
  auto model = synack::testing::build("tcp/syn-flood", kCookies);
  const PropertySpec rule = kVacuityRules[2];  // two premises, the second met by no state
  Result proved;
  proved.verdict = Verdict::kHolds;
  proved.seconds = 0.001;
  smt::Deadline budget(8000);
  std::vector<unsigned> parts;
  smt::mark_vacuous_proof(model->layout(), rule, proved, budget,
                          [&](const PropertySpec& never, const smt::Deadline& part) {
                            parts.push_back(part.remaining_ms());
                            Result answer;
                            answer.engine = "kind";
                            answer.verdict = never.expression == "!(client.state == SYN_SENT)"
                                                 ? Verdict::kInconclusive
                                                 : Verdict::kHolds;
                            return answer;
                          });
  REQUIRE(parts.size() == 2);
  CHECK(parts[0] <= 2000);  // half of 4000, half of what was left
  CHECK(parts[0] >= 1500);
  CHECK(parts[1] > 2000);  // the first answered at once, and is not asked again
  CHECK(proved.vacuous);
  CHECK(proved.premise == "server_history.legit_dropped == 1");
  CHECK(proved.premise_proved_by == "kind");
}

// A question that runs out of its part is asked again after the others, with what they
// left; what an engine throws while answering is not swallowed.
TEST_CASE("a premise that ran out of its part is asked again with what is left", "[smt-vacuity]") {
  auto model = synack::testing::build("tcp/syn-flood", kCookies);
  const PropertySpec rule = kVacuityRules[2];
  Result proved;
  proved.verdict = Verdict::kHolds;
  smt::Deadline budget(400);  // a share of 200 ms, 100 for the first question
  std::vector<std::string> asked;
  smt::mark_vacuous_proof(model->layout(), rule, proved, budget,
                          [&](const PropertySpec& never, const smt::Deadline& part) {
                            asked.push_back(never.expression);
                            Result answer;
                            answer.engine = "spacer";
                            const bool first = asked.size() == 1;
                            if (first)
                              while (!part.expired()) {
                              }
                            answer.verdict = first               ? Verdict::kInconclusive
                                             : asked.size() == 2 ? Verdict::kViolated
                                                                 : Verdict::kHolds;
                            return answer;
                          });
  CHECK(asked == std::vector<std::string>{"!(client.state == SYN_SENT)",
                                          "!(server_history.legit_dropped == 1)",
                                          "!(client.state == SYN_SENT)"});
  CHECK(proved.vacuous);
  CHECK(proved.premise == "client.state == SYN_SENT");
  CHECK(proved.premise_proved_by == "spacer");

  Result again;
  again.verdict = Verdict::kHolds;
  CHECK_THROWS_AS(smt::mark_vacuous_proof(model->layout(), rule, again, smt::Deadline(0),
                                          [](const PropertySpec&, const smt::Deadline&) -> Result {
                                            throw synack::InputError("a step refused");
                                          }),
                  synack::InputError);
}

// A premise at the parser's nesting limit: its negation is a level deeper and cannot be
// parsed, so it is not asked; the proof stands, unmarked, where the explicit engine (which
// reads the premise itself) marks it.
TEST_CASE("a premise too deep to negate leaves the proof unmarked", "[smt-vacuity]") {
  auto model = synack::testing::build("tcp/syn-flood", kCookies);
  const std::string deep =
      std::string(999, '(') + "server_history.legit_dropped > 0" + std::string(999, ')');
  const std::vector<PropertySpec> rules = {always_spec("deep", deep + " -> true")};
  CHECK(synack::checker::check_properties(*model, rules, {}).at(0).vacuous);
  const Result kind = smt::check_with_smt(*model, rules, smt::Engine::kKind, depth_limits(4)).at(0);
  CHECK(kind.verdict == Verdict::kHolds);
  CHECK_FALSE(kind.vacuous);
}

// Under prove, the engine named is the one that won the premise's race: k-induction needs
// k = 17 for this premise, so at depth 4 only Spacer can prove it, whoever proved `true`.
TEST_CASE("under prove, the premise's own race names the engine", "[smt-vacuity]") {
  auto model = synack::testing::build("arq/stop-and-wait", {"arq.messages=1"});
  const std::vector<PropertySpec> rules = {
      always_spec("nothing-asked", "receiver_history.misdelivered > 0 -> true")};
  const Result r = smt::check_with_smt(*model, rules, smt::Engine::kProve, depth_limits(4)).at(0);
  CHECK(r.verdict == Verdict::kHolds);
  CHECK(r.vacuous);
  CHECK(r.premise_proved_by == "prove (spacer)");
}

TEST_CASE("the command line says which engine proved the premise unreachable", "[smt-vacuity]") {
  synack::testing::TempDir dir("smt-vacuity");
  const auto json = dir.path / "v.json";
  synack::testing::Run run = synack::testing::run_synack(
      "check tcp/syn-flood --set tcp.syn_cookies=true --engine kind --always "
      "'server_history.legit_dropped > 0 -> client.state == ESTABLISHED' --json " +
      json.string());
  INFO(run.err);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("holds (vacuous)"));
  CHECK_THAT(run.out,
             Catch::Contains("tcp/syn-flood always server_history.legit_dropped > 0 -> "
                             "client.state == ESTABLISHED: holds vacuously: kind proved that the "
                             "premise 'server_history.legit_dropped > 0' holds in no reachable "
                             "state, so the implication with that premise asked nothing of any "
                             "state\n"));
  std::ifstream in(json);
  const auto result = nlohmann::json::parse(in)["results"].at(0);
  CHECK(result["vacuous"] == true);
  CHECK(result["vacuous_premise"] == "server_history.legit_dropped > 0");
  CHECK(result["vacuous_proved_by"] == "kind");
}

// A leads-to whose premise no state meets: nothing ever had to follow. Its question is asked
// of the liveness encoding, and the explicit liveness engine marks it too.
TEST_CASE("a Z3 proof of a leads-to whose premise no state meets is marked vacuous",
          "[smt-vacuity]") {
  auto model = synack::testing::build("arq/stop-and-wait", {"arq.messages=1"});
  const std::vector<PropertySpec> rules = {
      synack::checker::leads_to("never-misdelivered", "receiver_history.misdelivered > 0",
                                "sender.state == DONE", {}, "", std::nullopt),
      synack::checker::leads_to("start", "sender.next == 0", "sender.next >= 0", {}, "",
                                std::nullopt),
      // No state has both: k-induction proves this one too (it proves neither above).
      synack::checker::leads_to("contradiction", "sender.next == 0 && sender.next == 1",
                                "sender.state == DONE", {}, "", std::nullopt)};
  std::vector<Result> rs =
      smt::check_with_smt(*model, rules, smt::Engine::kSpacer, depth_limits(6));
  REQUIRE(rs.size() == 3);
  for (const Result& r : rs) {
    INFO(r.property << ": " << r.limit);
    CHECK(r.verdict == Verdict::kHolds);
  }
  CHECK(rs[0].vacuous);
  CHECK(rs[0].premise == "receiver_history.misdelivered > 0");
  CHECK(rs[0].premise_proved_by == "spacer");
  CHECK_FALSE(rs[1].vacuous);
  CHECK(rs[2].vacuous);
  std::vector<Result> ex = synack::checker::check_liveness(*model, rules, {});
  CHECK(ex.at(0).vacuous);
  CHECK_FALSE(ex.at(1).vacuous);
  CHECK(ex.at(2).vacuous);
}
