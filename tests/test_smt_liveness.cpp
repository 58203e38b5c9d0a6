// Liveness with the Z3 engines (issue 22): bmc's lasso search against the explicit liveness
// engine on every bundled liveness property, the liveness-to-safety proofs, a 32-bit
// question the explicit engine cannot ask, and the limits.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <z3++.h>
#include <catch2/catch.hpp>

#include "checker/fairness.hpp"
#include "checker/liveness.hpp"
#include "checker/smt/lasso_formulas.hpp"
#include "checker/smt/liveness_to_safety.hpp"
#include "checker/smt/smt_check.hpp"
#include "checker/smt/smt_run.hpp"
#include "checker/smt/unmoved_actor_lemmas.hpp"
#include "checker/system.hpp"
#include "helpers.hpp"

namespace {

using synack::checker::PropertyKind;
using synack::checker::PropertySpec;
using synack::checker::Result;
using synack::checker::Verdict;
namespace smt = synack::checker::smt;

constexpr std::size_t kLivenessDepth = 8;

struct LivenessRun {
  std::map<std::string, std::string> verdicts;  // "holds", or "violated N (explicit M)"
};

// Every liveness property of `scenario` with `sets`: the explicit engine's answer on the
// whole graph and bmc's to kDepth must agree. A violation bmc finds is a lasso no longer
// than the explicit engine's (bmc's is a shortest in total steps; the explicit engine
// takes the shortest way to the nearest fair component, then builds its cycle constraint
// by constraint, so it may be longer), and replays (check_with_smt verifies every lasso).
LivenessRun cross_check(const std::string& scenario, const std::vector<std::string>& sets) {
  auto model = synack::testing::build(scenario, sets);
  auto all = synack::properties::bundled_scenarios();
  std::vector<PropertySpec> live;
  for (const PropertySpec& p : synack::properties::find_scenario(all, scenario).properties)
    if (synack::checker::is_liveness(p.kind)) live.push_back(p);
  auto ex = synack::checker::check_liveness(*model, live, {});
  smt::SmtLimits limits;
  limits.max_depth = kLivenessDepth;
  auto bmc = smt::check_with_smt(*model, live, smt::Engine::kBmc, limits);
  LivenessRun out;
  for (std::size_t i = 0; i < live.size(); ++i) {
    INFO(scenario << " " << live[i].name << ": explicit " << to_string(ex[i].verdict) << ", bmc "
                  << to_string(bmc[i].verdict) << " " << bmc[i].limit);
    REQUIRE(ex[i].verdict != Verdict::kInconclusive);
    CHECK(bmc[i].engine == "bmc");
    if (ex[i].verdict == Verdict::kHolds) {
      CHECK(bmc[i].verdict == Verdict::kBoundedHolds);
      CHECK(bmc[i].depth == kLivenessDepth);
      out.verdicts[live[i].name] = "holds";
      continue;
    }
    std::size_t explicit_length = ex[i].trace.value().steps.size();
    REQUIRE(bmc[i].verdict == Verdict::kViolated);
    REQUIRE(bmc[i].trace.has_value());
    REQUIRE(bmc[i].trace->is_lasso());
    CHECK(bmc[i].trace->steps.size() <= explicit_length);
    out.verdicts[live[i].name] = "violated " + std::to_string(bmc[i].trace->steps.size()) +
                                 " (explicit " + std::to_string(explicit_length) + ")";
  }
  return out;
}

}  // namespace

TEST_CASE("liveness with Z3: bmc agrees with the explicit engine on stop-and-wait ARQ",
          "[smt-liveness]") {
  CHECK(cross_check("arq/stop-and-wait", {"arq.messages=1"}).verdicts ==
        std::map<std::string, std::string>{{"completes", "holds"},
                                           {"every-message-delivered", "holds"}});
}

// The zero-window deadlock: the window update is lost and nothing is enabled any more.
// Both engines give the same 5-step run that ends stuck (an empty cycle).
TEST_CASE("liveness with Z3: bmc finds the zero-window lasso the explicit engine finds",
          "[smt-liveness]") {
  CHECK(cross_check("tcp/zero-window", {}).verdicts ==
        std::map<std::string, std::string>{{"sender-progress", "violated 5 (explicit 5)"}});
  auto bmc = synack::testing::check_smt("tcp/zero-window", "sender-progress", {}, smt::Engine::kBmc,
                                        kLivenessDepth);
  REQUIRE(bmc.trace.has_value());
  CHECK(bmc.trace->cycle_start == std::optional<std::size_t>(5));  // stuck: no cycle
  CHECK(bmc.fairness == std::vector<std::string>{"wf(sender)", "wf(receiver)", "fair-loss"});
}

// Limits are never a proof: a search cut at depth K says so.
TEST_CASE("liveness with Z3: limits and refusals are not holds", "[smt-liveness]") {
  auto bounded =
      synack::testing::check_smt("tcp/zero-window", "sender-progress", {}, smt::Engine::kBmc, 4);
  CHECK(bounded.verdict == Verdict::kBoundedHolds);
  CHECK(bounded.depth == 4);
  auto model = synack::testing::build("tcp/zero-window");
  auto all = synack::properties::bundled_scenarios();
  const PropertySpec* spec =
      synack::properties::find_scenario(all, "tcp/zero-window").property("sender-progress");
  REQUIRE(spec != nullptr);
  smt::SmtLimits limits;
  limits.max_depth = 4;
  PropertySpec bad = *spec;
  bad.fairness = {"wf(nobody)"};
  CHECK_THROWS_WITH(smt::check_with_smt(*model, {bad}, smt::Engine::kBmc, limits),
                    Catch::Contains("fairness 'wf(nobody)': not an actor or a transition group"));
}

// A proof through the liveness-to-safety product: the goal holds in the initial state, so
// the obligation never opens. Spacer's invariant (re-checked before `holds`) is over the
// product's variables and says so: `pending` stays 0.
TEST_CASE("liveness with Z3: spacer proves a liveness property through the product",
          "[smt-liveness]") {
  auto model = synack::testing::build("arq/stop-and-wait", {"arq.messages=1"});
  PropertySpec goal = synack::checker::liveness("goal-at-start", PropertyKind::kEventually,
                                                "sender.next >= 0", {}, "", Verdict::kHolds);
  smt::SmtLimits limits;
  auto spacer = smt::check_with_smt(*model, {goal}, smt::Engine::kSpacer, limits);
  CHECK(spacer.at(0).verdict == Verdict::kHolds);
  CHECK_THAT(spacer.at(0).invariant, Catch::Contains("(<= pending 0)"));
  auto ex = synack::checker::check_liveness(*model, {goal}, {});
  CHECK(ex.at(0).verdict == Verdict::kHolds);
}

// Without fair loss, stop-and-wait need not complete: the frame is lost and resent forever.
// Both engines find a 1-step prefix and a 2-step cycle (a loss and a timeout), and bmc's
// cycle closes on the explicit state (verify_lasso replays it).
TEST_CASE("liveness with Z3: bmc finds a lasso with a cycle as the explicit engine does",
          "[smt-liveness]") {
  auto model = synack::testing::build("arq/stop-and-wait", {"arq.messages=1"});
  PropertySpec done = synack::checker::liveness("done-without-fairness", PropertyKind::kEventually,
                                                "sender.state == DONE", {}, "", Verdict::kHolds);
  auto ex = synack::checker::check_liveness(*model, {done}, {});
  smt::SmtLimits limits;
  limits.max_depth = kLivenessDepth;
  auto bmc = smt::check_with_smt(*model, {done}, smt::Engine::kBmc, limits);
  REQUIRE(ex.at(0).verdict == Verdict::kViolated);
  REQUIRE(bmc.at(0).verdict == Verdict::kViolated);
  CHECK(ex.at(0).trace->steps.size() == 3);
  CHECK(bmc.at(0).trace->steps.size() == 3);
  CHECK(bmc.at(0).trace->cycle_start == std::optional<std::size_t>(1));
  std::vector<std::string> cycle;
  for (std::size_t i = 1; i < 3; ++i) cycle.push_back(bmc.at(0).trace->steps[i].info.event);
  std::sort(cycle.begin(), cycle.end());
  CHECK(cycle == std::vector<std::string>{"lose", "timeout"});
}

// Fair loss on one channel only is not enough for stop-and-wait: the other channel loses
// every frame (s2r unfair: 5 steps; r2s unfair: 3). No engine may prove it: kind and
// spacer find that a loop closes in the liveness-to-safety product and report the exact
// lasso search's counterexample, as long as the explicit engine's and bmc's.
TEST_CASE("liveness with Z3: fair loss on one channel is violated by every engine",
          "[smt-liveness]") {
  auto model = synack::testing::build("arq/stop-and-wait", {"arq.messages=1"});
  smt::SmtLimits limits;
  limits.max_depth = kLivenessDepth;
  for (const auto& [channel, length] :
       std::vector<std::pair<std::string, std::size_t>>{{"s2r", 5}, {"r2s", 3}}) {
    PropertySpec done =
        synack::checker::liveness("done", PropertyKind::kEventually, "sender.state == DONE",
                                  {"fair-loss(" + channel + ")"}, "", Verdict::kHolds);
    INFO("fair-loss(" << channel << ")");
    auto ex = synack::checker::check_liveness(*model, {done}, {});
    REQUIRE(ex.at(0).verdict == Verdict::kViolated);
    CHECK(ex.at(0).trace->steps.size() == length);
    for (auto engine : {smt::Engine::kBmc, smt::Engine::kKind, smt::Engine::kSpacer}) {
      INFO(smt::engine_name(engine));
      auto r = smt::check_with_smt(*model, {done}, engine, limits);
      REQUIRE(r.at(0).verdict == Verdict::kViolated);
      REQUIRE(r.at(0).trace.has_value());
      CHECK(r.at(0).trace->is_lasso());
      CHECK(r.at(0).trace->steps.size() == length);
    }
    // Lemmas proved over the product cut no path to its target: still the same lasso.
    auto mined =
        smt::check_with_smt(*model, {done}, smt::Engine::kKind, limits, smt::LemmaSource::kMine);
    REQUIRE(mined.at(0).verdict == Verdict::kViolated);
    CHECK(mined.at(0).trace->steps.size() == length);
    CHECK(mined.at(0).lemma_count > 0);
  }
}

namespace {

// Whether some lemma (one per line) mentions every one of `words`.
bool some_line_has(const std::string& lemmas, const std::vector<std::string>& words) {
  std::size_t start = 0;
  while (start < lemmas.size()) {
    std::size_t end = lemmas.find('\n', start);
    if (end == std::string::npos) end = lemmas.size();
    std::string line = lemmas.substr(start, end - start);
    if (std::all_of(words.begin(), words.end(),
                    [&](const std::string& w) { return line.find(w) != std::string::npos; }))
      return true;
    start = end + 1;
  }
  return false;
}

Result prove_arq(const std::string& property, smt::Engine engine, std::size_t depth,
                 smt::LemmaSource lemmas = smt::LemmaSource::kMine) {
  auto model = synack::testing::build("arq/stop-and-wait", {"arq.messages=1"});
  auto all = synack::properties::bundled_scenarios();
  const PropertySpec* spec =
      synack::properties::find_scenario(all, "arq/stop-and-wait").property(property);
  REQUIRE(spec != nullptr);
  auto ex = synack::checker::check_liveness(*model, {*spec}, {});
  CHECK(ex.at(0).verdict == Verdict::kHolds);  // the explicit engine agrees
  smt::SmtLimits limits;
  limits.max_depth = depth;
  return smt::check_with_smt(*model, {*spec}, engine, limits, lemmas).at(0);
}

}  // namespace

// Stop-and-wait completes under fair loss, for runs of any length: with lemmas Houdini proves
// over the liveness-to-safety product (mined from the 21 reachable states, on the state and
// on its saved copy, and the templates relating the two and the loop flags), k-induction
// closes at k = 3 and Spacer finds an invariant. What makes it work, in the lemmas: counters
// never below their saved copies, and a delivered ACK ends the obligation.
TEST_CASE("liveness with Z3: mined lemmas prove stop-and-wait completes", "[smt-liveness]") {
  for (auto engine : {smt::Engine::kKind, smt::Engine::kSpacer}) {
    INFO(smt::engine_name(engine));
    Result r = prove_arq("completes", engine, 4);
    REQUIRE(r.verdict == Verdict::kHolds);
    CHECK(r.lemma_samples == 21);
    CHECK(r.lemma_note.empty());
    CHECK(r.lemma_count > 0);
    CHECK(r.lemma_count < r.lemma_candidates);
    CHECK(some_line_has(r.lemmas, {"saved = 1 ->", "saved.sender.next <= sender.next"}));
    CHECK(some_line_has(r.lemmas, {"saved.receiver_history.delivered <= "}));
    CHECK(some_line_has(r.lemmas, {"fair.delivered(r2s) = 1", "pending = 0"}));
    CHECK(some_line_has(r.lemmas, {"saved.sender.state", "saved.sender.next"}));
    if (engine == smt::Engine::kKind) {
      CHECK(r.depth == 3);
      CHECK(r.invariant.empty());  // k >= 2: the step case is the proof, no invariant
    } else {
      // Spacer's own invariant over the product, then the lemmas, all checked again.
      CHECK_THAT(r.invariant, Catch::StartsWith("(and "));
      CHECK_THAT(r.invariant, Catch::Contains("\nand the lemmas:\n" + r.lemmas));
    }
  }
}

// mine+equalities and mine+skeletons add templates for always properties only: a liveness
// property gets mine's lemmas, and the result says so instead of leaving it silent.
TEST_CASE("liveness with Z3: a lemma source with always-only templates is named as mine",
          "[smt-liveness]") {
  Result r = prove_arq("completes", smt::Engine::kKind, 4, smt::LemmaSource::kMineEqualities);
  REQUIRE(r.verdict == Verdict::kHolds);
  CHECK(r.depth == 3);
  CHECK(r.lemma_samples == 21);
  CHECK(r.lemma_note ==
        "--lemmas mine+equalities adds templates for always properties only; this eventually "
        "property's lemmas were mined as with --lemmas mine");
}

// Every message sent is delivered (leads-to under fair loss): Spacer proves it with the
// lemmas (without them it times out).
TEST_CASE("liveness with Z3: mined lemmas let spacer prove every-message-delivered",
          "[smt-liveness]") {
  Result r = prove_arq("every-message-delivered", smt::Engine::kSpacer, 4);
  REQUIRE(r.verdict == Verdict::kHolds);
  CHECK(r.lemma_samples == 21);
  CHECK(some_line_has(r.lemmas, {"saved = 1 ->", "saved.sender.next <= sender.next"}));
  CHECK(some_line_has(r.lemmas, {"sender.state = READY", "pending = 0"}));
  CHECK_THAT(r.invariant, Catch::Contains("\nand the lemmas:\n"));
}

// The stale-message lemma (checker/smt/unmoved_actor_lemmas.hpp) that closed the last
// counterexample to induction with two messages, and the counterexample printing, on one
// message (two messages take half a minute of Houdini: scripts/bench_engines.sh). A sender
// waiting for its ACK, unmoved since the save: the messages of either channel whose bit is
// not the sender's (stale frames, stale ACKs), plus "a delivery on r2s since the save", are
// no more than the copy's stale ones. (With two messages the condition has `sender.next =
// saved.sender.next` too: a counter of three values; with one, `next` has two.) Before it, the
// product with two messages was not k-inductive up to 8 (a stale ACK0 delivered to a sender waiting
// with bit 1 and nothing stale at the save; two messages are now proved at k = 3). With one message
// the product is still not 2-inductive: the counterexample is three states, one per line, non-zero
// variables only, the last a target (saved, pending, the goal avoided).
TEST_CASE("liveness with Z3: k-induction's counterexample to induction over the product",
          "[smt-liveness]") {
  Result r = prove_arq("completes", smt::Engine::kKind, 2);
  CHECK(r.verdict == Verdict::kInconclusive);
  CHECK(r.limit == "not k-inductive for any k <= 2");
  CHECK(r.lemma_samples == 21);
  CHECK(some_line_has(r.lemmas,
                      {"sender.state = WAIT-ACK and sender.bit = saved.sender.bit and "
                       "sender.state = saved.sender.state -> ",
                       "(r2s[0].present if r2s[0].bit != sender.bit) + (r2s[1].present if "
                       "r2s[1].bit != sender.bit) + (s2r[0].present if s2r[0].bit != sender.bit) "
                       "+ (s2r[1].present if s2r[1].bit != sender.bit) + fair.delivered(r2s) - "
                       "(saved.r2s[0].present if saved.r2s[0].bit != saved.sender.bit) - ",
                       " in -4..0"}));
  CHECK(some_line_has(r.lemmas, {"sender.state = READY and sender.next = saved.sender.next -> ",
                                 "s2r[0].present + s2r[1].present - saved.s2r[0].present - "
                                 "saved.s2r[1].present in -2..0"}));
  CHECK_THAT(r.cti, Catch::StartsWith("state 0: sender.state=1 "));
  CHECK_THAT(r.cti, !Catch::Contains("\nstate 3:"));
  std::size_t last = r.cti.find("\nstate 2:");
  REQUIRE(last != std::string::npos);
  std::string target = r.cti.substr(last) + " ";
  for (const char* flag : {" pending=1 ", " saved=1 ", " avoid=1 ", " sender.state=1 "})
    CHECK_THAT(target, Catch::Contains(flag));
}

namespace {

// The unmoved-actor templates of `scenario`'s `property` with `sets`, over its product.
std::vector<smt::Candidate> unmoved_templates(const std::string& scenario,
                                              const std::string& property,
                                              const std::vector<std::string>& sets) {
  auto model = synack::testing::build(scenario, sets);
  auto all = synack::properties::bundled_scenarios();
  const PropertySpec* spec = synack::properties::find_scenario(all, scenario).property(property);
  REQUIRE(spec != nullptr);
  const auto& sys = dynamic_cast<const synack::checker::System&>(*model);
  smt::Deadline budget(60'000);
  smt::Exploration explored(sys, true, budget);
  smt::SystemEncoding enc(explored.get(), *spec, &budget);
  const synack::checker::Fairness fairness =
      synack::checker::resolve_fairness(spec->fairness, *model);
  smt::LassoFormulas formulas(enc, spec->kind, fairness);
  smt::LivenessToSafety product(formulas);
  return smt::unmoved_actor_candidates(product);
}

std::size_t with_conditions(const std::vector<smt::Candidate>& candidates, std::size_t n) {
  return static_cast<std::size_t>(
      std::count_if(candidates.begin(), candidates.end(),
                    [&](const smt::Candidate& c) { return c.also_equal.size() == n; }));
}

}  // namespace

// A flight count whose flags count only while a pair differs (or, with if_equal, is equal),
// and a flag past the pairs counted as it is (the stale-message templates): holds() and Z3's
// at() agree on every state of six 0/1 variables, each side seen, and the text says which.
TEST_CASE("liveness with Z3: a stale-message count means the same to holds and to Z3",
          "[smt-liveness]") {
  // Variables: 0, 1 presence flags; 2, 3 their messages' field; 4 the actor's variable;
  // 5 a delivered flag.
  std::vector<smt::SmtVar> vars;
  for (const char* name : {"L[0].present", "L[1].present", "L[0].bit", "L[1].bit", "a.bit", "d"})
    vars.push_back({name, 0, 1, false});
  smt::Candidate stale{};
  stale.kind = smt::Candidate::kFlightCount;
  stale.sum = {0, 1, 5};
  stale.sum_if_differ = {{2, 4}, {3, 4}};
  stale.lo = -1;
  stale.hi = 1;
  smt::Candidate same = stale;
  same.if_equal = true;
  same.minus = {0};
  same.minus_if_differ = {{2, 4}};
  auto value = [](std::size_t, std::int64_t x) { return std::to_string(x); };
  CHECK(stale.text(vars, value) ==
        "(L[0].present if L[0].bit != a.bit) + (L[1].present if L[1].bit != a.bit) + d in -1..1");
  CHECK(same.text(vars, value) ==
        "(L[0].present if L[0].bit = a.bit) + (L[1].present if L[1].bit = a.bit) + d - "
        "(L[0].present if L[0].bit = a.bit) in -1..1");
  z3::context ctx;
  for (const smt::Candidate& c : {stale, same}) {
    std::size_t differ = 0, held = 0;
    for (unsigned i = 0; i < 64; ++i) {
      std::vector<std::int64_t> s;
      z3::expr_vector values(ctx);
      for (unsigned v = 0; v < 6; ++v) {
        s.push_back((i >> v) & 1);
        values.push_back(ctx.int_val(static_cast<int>((i >> v) & 1)));
      }
      z3::expr e = c.at(values).simplify();
      REQUIRE((e.is_true() || e.is_false()));
      differ += e.is_true() != c.holds(s);
      held += c.holds(s);
    }
    CHECK(differ == 0);
    CHECK(held > 0);
    CHECK(held < 64);
  }
  // Both flags present with a stale bit and the delivered flag: 3, past 1.
  CHECK_FALSE(stale.holds({1, 1, 0, 0, 1, 1}));
  // The same messages equal to the actor's bit are not counted: 1.
  CHECK(stale.holds({1, 1, 1, 1, 1, 1}));
}

// How many candidates the templates add: per actor position (a control-state value, or
// "saved" for an actor without one) and variable x of the actor, one for the copy's control
// state, per channel one count and one per saved position, and the matching-message ones
// over small ranges; per position, small variable y of the actor, x = y or a small counter x
// of the actor (more than two values), and field name of y's declared range, the
// stale-message counts across channels (differing from y, and equal to it), each alone and
// with each fair link's delivered flag. Pinned so that a change that multiplies them is
// seen; the handshake is the largest bundled liveness model.
TEST_CASE("liveness with Z3: the unmoved-actor templates stay few", "[smt-liveness]") {
  auto arq = unmoved_templates("arq/stop-and-wait", "completes", {"arq.messages=2"});
  // Stale messages: the 2-valued field names (r2s's ack, both channels' bit, s2r's payload)
  // against a 2-valued y: 3 x 2 (differ, equal) x (1 + 2 fair links) = 18 per position and
  // (y, x): the sender's 3 states x (bit, bit) and (bit, next), the receiver's (expected,
  // expected), its monitor's (misdelivered, misdelivered) and (misdelivered, delivered).
  constexpr std::size_t kStale = 18;
  // One condition beside the position: sender 3 states x {next, bit} x (1 + 2 channels x
  // (1 + 2 positions)) = 42; receiver (expected) and receiver_history (two counters) under
  // saved = 1: 1 x 6 and 2 x 6; and the stale ones with x = y of the two actors without a
  // control state (a stale count's condition also has the actor's control state equal to
  // its copy where it has one: the sender's have one condition more).
  CHECK(with_conditions(arq, 1) == 42 + 6 + 12 + (1 + 1) * kStale);
  // Two: a saved message's 2-valued field against a 2-valued variable of the actor; the
  // sender's stale ones with x = y, and the monitor's with x a counter.
  CHECK(with_conditions(arq, 2) == 72 + (3 + 1) * kStale);
  // Three: the sender's stale ones with x its message number.
  CHECK(with_conditions(arq, 3) == 3 * kStale);
  CHECK(arq.size() == 132 + 9 * kStale);
  // The handshake: 1,092 stale-message templates, all with x = y (none with a counter), 36 of
  // them of actors without a control state.
  auto tcp = unmoved_templates("tcp/handshake-loss", "connect-terminates", {"channel.capacity=1"});
  CHECK(with_conditions(tcp, 1) == 1112 + 36);
  CHECK(tcp.size() == 2628 + 1092);
}
