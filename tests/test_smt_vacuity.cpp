// Vacuity of the Z3 engines' proofs (checker/smt/premise_proof.hpp): an invariant P -> Q
// that kind, spacer or prove proves is marked vacuous when the same engine proves that no
// reachable state meets P, as the explicit engine marks it from its stored states; a premise
// some state meets, a bounded holds and a premise the engine cannot settle stay unmarked.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/liveness.hpp"
#include "checker/smt/premise_proof.hpp"
#include "checker/smt/smt_check.hpp"
#include "cli_run.hpp"
#include "helpers.hpp"

namespace {

using synack::checker::PropertyKind;
using synack::checker::PropertySpec;
using synack::checker::Result;
using synack::checker::Verdict;
namespace smt = synack::checker::smt;

PropertySpec always(const std::string& name, const std::string& expression) {
  return {name, PropertyKind::kAlways, expression, "", std::nullopt};
}

smt::SmtLimits depth(std::size_t max_depth) {
  smt::SmtLimits limits;
  limits.max_depth = max_depth;
  return limits;
}

// tcp/syn-flood with SYN cookies: the listener never drops the legitimate client's SYN, so
// the monitor's legit_dropped stays 0, which k-induction proves at k = 1.
const std::vector<std::string> kCookies = {"tcp.syn_cookies=true"};
const std::vector<PropertySpec> kRules = {
    always("unreached", "server_history.legit_dropped > 0 -> client.state == ESTABLISHED"),
    // The client sends its SYN in the first step.
    always("met", "client.state == SYN_SENT -> server_history.legit_dropped == 0"),
    // Two implications: the second's premise is the one no state meets.
    always("one-part",
           "(client.state == SYN_SENT -> server_history.legit_dropped == 0) && "
           "(server_history.legit_dropped == 1 -> false)"),
    // A chain: its premise is both, and the first alone is met.
    always("chain", "client.state == SYN_SENT -> server_history.legit_dropped > 0 -> false")};

}  // namespace

TEST_CASE("a Z3 proof of an invariant whose premise no state meets is marked vacuous",
          "[smt-vacuity]") {
  auto model = synack::testing::build("tcp/syn-flood", kCookies);
  const std::vector<Result> ex = synack::checker::check_properties(*model, kRules, {});
  for (smt::Engine engine : {smt::Engine::kKind, smt::Engine::kSpacer, smt::Engine::kProve}) {
    INFO(smt::engine_name(engine));
    const std::vector<Result> rs = smt::check_with_smt(*model, kRules, engine, depth(4));
    REQUIRE(rs.size() == kRules.size());
    for (std::size_t i = 0; i < rs.size(); ++i) {
      INFO(rs[i].property << ": " << rs[i].engine << " " << rs[i].limit);
      CHECK(rs[i].verdict == Verdict::kHolds);
      // The explicit engine, from its 168 states, marks the same premises.
      CHECK(rs[i].vacuous == ex.at(i).vacuous);
      CHECK(rs[i].premise == ex.at(i).premise);
    }
    CHECK(rs[0].vacuous);
    CHECK(rs[0].premise == "server_history.legit_dropped > 0");
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
      always("unsettled", "server.irs == 2 -> server.irs != 3")};
  const Result ex = synack::checker::check_properties(*model, rules, {}).at(0);
  CHECK(ex.vacuous);
  const Result kind = smt::check_with_smt(*model, rules, smt::Engine::kKind, depth(2)).at(0);
  CHECK(kind.verdict == Verdict::kHolds);
  CHECK_FALSE(kind.vacuous);
  CHECK(kind.premise.empty());
}

TEST_CASE("a bounded holds of bmc is not marked vacuous", "[smt-vacuity]") {
  auto model = synack::testing::build("tcp/syn-flood", kCookies);
  const std::vector<Result> rs = smt::check_with_smt(*model, kRules, smt::Engine::kBmc, depth(4));
  for (const Result& r : rs) {
    INFO(r.property);
    CHECK(r.verdict == Verdict::kBoundedHolds);
    CHECK_FALSE(r.vacuous);
  }
}

TEST_CASE("a premise's question takes a share of the budget, not the whole") {
  smt::Deadline none(0);
  CHECK(smt::premise_share_ms(0.001, none) == smt::kShareMinMs);
  CHECK(smt::premise_share_ms(5.0, none) == 5000 * smt::kShareFactor);
  smt::Deadline limited(8000);
  CHECK(smt::premise_share_ms(0.001, limited) <= 4000);
  CHECK(smt::premise_share_ms(0.001, limited) >= 3000);
}

TEST_CASE("the command line says which engine proved the premise unreachable", "[smt-vacuity]") {
  synack::testing::Run run = synack::testing::run_synack(
      "check tcp/syn-flood --set tcp.syn_cookies=true --engine kind --always "
      "'server_history.legit_dropped > 0 -> client.state == ESTABLISHED'");
  INFO(run.err);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("holds (vacuous)"));
  CHECK_THAT(run.out,
             Catch::Contains("tcp/syn-flood always server_history.legit_dropped > 0 -> "
                             "client.state == ESTABLISHED: holds vacuously: kind proved that the "
                             "premise 'server_history.legit_dropped > 0' holds in no reachable "
                             "state, so the implication with that premise asked nothing of any "
                             "state\n"));
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
                                std::nullopt)};
  std::vector<Result> rs = smt::check_with_smt(*model, rules, smt::Engine::kSpacer, depth(6));
  REQUIRE(rs.size() == 2);
  INFO(rs[0].limit << " / " << rs[1].limit);
  CHECK(rs[0].verdict == Verdict::kHolds);
  CHECK(rs[0].vacuous);
  CHECK(rs[0].premise == "receiver_history.misdelivered > 0");
  CHECK(rs[1].verdict == Verdict::kHolds);
  CHECK_FALSE(rs[1].vacuous);
  std::vector<Result> ex = synack::checker::check_liveness(*model, rules, {});
  CHECK(ex.at(0).vacuous);
  CHECK_FALSE(ex.at(1).vacuous);
}
