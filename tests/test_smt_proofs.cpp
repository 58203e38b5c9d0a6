// Unbounded proofs on bundled scenarios: Spacer's invariant (checked again by synack before
// `holds` is reported) and k-induction where the reduction settles the question.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/smt/smt_check.hpp"
#include "handshake_configs.hpp"
#include "helpers.hpp"

namespace {

using synack::checker::Result;
using synack::checker::Verdict;
namespace smt = synack::checker::smt;

Result prove(const std::string& scenario, const std::string& property,
             const std::vector<std::string>& sets, smt::Engine engine) {
  return synack::testing::check_smt(scenario, property, sets, engine, 20);
}

}  // namespace

// The alternating-bit protocol over a lossy, duplicating channel: every delivery is the
// next payload, for runs of any length. The invariant relates the bits and payloads in
// flight to the sender's and receiver's counters.
TEST_CASE("spacer proves stop-and-wait ARQ delivers in order, exactly once", "[smt-proof]") {
  Result r = prove("arq/stop-and-wait", "in-order-exactly-once", {}, smt::Engine::kSpacer);
  INFO(r.limit);
  REQUIRE(r.verdict == Verdict::kHolds);
  CHECK(r.engine == "spacer");
  for (const char* slot :
       {"receiver_history.delivered", "receiver.expected", "sender.bit", "s2r[0].bit"})
    CHECK(r.invariant.find(slot) != std::string::npos);
}

// With SYN cookies the listener never drops the client's SYN: the ghost that records a
// drop is only written on rows the cookie guard disables, so it is a constant and the
// target is false before any unrolling. The proof also covers server.half_open's declared
// range: forgetting the client's entry (half_open - 1) leaves it from an in-range state
// with half_open = 0 and legit_pending = 1, which the exploration cannot rule out; with
// cookies legit_pending is the constant 0, and induction shows it at k = 1 (k = 0 while
// ranges were assumed).
TEST_CASE("k-induction proves the SYN-cookie listener never drops the client's SYN",
          "[smt-proof]") {
  Result r =
      prove("tcp/syn-flood", "legit-syn-answered", {"tcp.syn_cookies=true"}, smt::Engine::kKind);
  REQUIRE(r.verdict == Verdict::kHolds);
  CHECK(r.depth == 1);
  Result without = prove("tcp/syn-flood", "legit-syn-answered", {}, smt::Engine::kKind);
  CHECK(without.verdict == Verdict::kViolated);
  CHECK(without.trace->steps.size() == 4);
}

// Congestion control over a lossy channel (272,082 states for the explicit engine). Spacer
// proved the four always properties in 0.1 s and k-induction three at k = 1 while the
// engines assumed the declared ranges. They no longer do: ssthresh and the monitor's
// loss_flight are declared 0..window, which holds only because the flight never exceeds the window,
// a relational fact the engines now have to prove first, and within a minute they do not. The
// counterexample to induction shows the range that was being assumed.
TEST_CASE("congestion control: the proofs no longer rest on an unproved range", "[smt-proof]") {
  auto all = synack::properties::bundled_scenarios();
  {
    auto model = synack::testing::build("tcp/congestion");
    const auto* spec =
        synack::properties::find_scenario(all, "tcp/congestion").property("timeout-resets-window");
    smt::SmtLimits limits;
    limits.max_depth = 1;
    Result r = smt::check_with_smt(*model, {*spec}, smt::Engine::kKind, limits).at(0);
    CHECK(r.verdict == Verdict::kInconclusive);
    CHECK(r.limit == "not k-inductive for any k <= 1");
    CHECK_THAT(r.cti, Catch::Contains("sender_history.loss_flight="));
    CHECK_THAT(r.cti, Catch::Contains("(outside 0..4)"));
  }
  // cwnd-at-least-one needed a strengthening k-induction did not find up to k = 8 even
  // then; it still does not.
  auto model = synack::testing::build("tcp/congestion");
  const auto* spec =
      synack::properties::find_scenario(all, "tcp/congestion").property("cwnd-at-least-one");
  smt::SmtLimits limits;
  limits.max_depth = 8;
  Result kind = smt::check_with_smt(*model, {*spec}, smt::Engine::kKind, limits).at(0);
  CHECK(kind.verdict == Verdict::kInconclusive);
  CHECK(kind.depth == 8);
  CHECK(kind.limit == "not k-inductive for any k <= 8");
  // Nine states, one per line, the machines' states by name.
  CHECK_THAT(kind.cti, Catch::StartsWith("state 0: sender.state="));
  CHECK_THAT(kind.cti, Catch::Contains("\nstate 8: sender.state="));
  CHECK_THAT(kind.cti, !Catch::Contains("\nstate 9:"));
}

// The correction to the claim, proved: differing 32-bit ISNs do keep stale
// connections out when the network does not reorder (the counterexample in test_smt_isn.cpp
// needs an old RST to overtake a SYN-ACK sent after it). Spacer, for runs of any length,
// on the smallest configuration (capacity 1, no duplication, no retransmission).
TEST_CASE("spacer: differing 32-bit ISNs over an ordered channel admit no stale connection",
          "[smt-proof]") {
  Result r = prove("tcp/three-way-handshake", "no-stale-connection",
                   synack::testing::smallest_32bit_handshake(), smt::Engine::kSpacer);
  INFO(r.limit);
  REQUIRE(r.verdict == Verdict::kHolds);
  for (const char* slot : {"client.iss", "server.irs", "c2s[0].seq"})
    CHECK(r.invariant.find(slot) != std::string::npos);
}

// --max-seconds is the whole run's: exploring and encoding the model count against it,
// and every property shares it. One millisecond is gone before any engine could start.
TEST_CASE("a Z3 run's time budget counts the encoding and is shared by its properties") {
  auto all = synack::properties::bundled_scenarios();
  const auto& scenario = synack::properties::find_scenario(all, "tls12/handshake");
  auto model = synack::testing::build("tls12/handshake");
  smt::SmtLimits limits;
  limits.timeout_ms = 1;
  for (smt::Engine engine : {smt::Engine::kBmc, smt::Engine::kKind}) {
    auto results = smt::check_with_smt(*model, scenario.properties, engine, limits);
    REQUIRE(results.size() == scenario.properties.size());
    for (const Result& r : results) {
      INFO(r.property << ": " << r.limit);
      if (engine == smt::Engine::kKind && r.kind != synack::checker::PropertyKind::kAlways) {
        CHECK(r.verdict == Verdict::kUnsupported);  // whatever the budget
        continue;
      }
      CHECK(r.verdict == Verdict::kInconclusive);
      CHECK(r.limit == "timeout");
      CHECK(r.depth == 0);
    }
  }
}

namespace {

Result prove_with_mined_lemmas(const std::string& scenario, const std::string& property,
                               const std::vector<std::string>& sets, smt::Engine engine,
                               std::size_t depth,
                               smt::LemmaSource source = smt::LemmaSource::kMine) {
  auto model = synack::testing::build(scenario, sets);
  auto all = synack::properties::bundled_scenarios();
  const auto* spec = synack::properties::find_scenario(all, scenario).property(property);
  smt::SmtLimits limits;
  limits.max_depth = depth;
  return smt::check_with_smt(*model, {*spec}, engine, limits, source).at(0);
}

// Whether some lemma (one per line) names both slots.
bool relates(const std::string& lemmas, const std::string& x, const std::string& y) {
  std::size_t start = 0;
  while (start < lemmas.size()) {
    std::size_t end = lemmas.find('\n', start);
    if (end == std::string::npos) end = lemmas.size();
    std::string line = lemmas.substr(start, end - start);
    if (line.find(x) != std::string::npos && line.find(y) != std::string::npos) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

// Mining comes after a short bmc (checker/smt/bmc_first.hpp): the two-way handshake's stale
// SYN (4 steps; ordered, capacity 1, one retransmission, two incarnations) took 42 s of wall
// time under kind with lemmas, mining and Houdini before the first base case (and ran out of
// a 90 s budget on a busier machine), where kind without lemmas answers in about 2 s. Now it
// is found before anything is mined (no candidates), as a replayed 4-step counterexample.
TEST_CASE("a shallow violation is found before any lemma is mined", "[smt-proof]") {
  const std::vector<std::string> sets{"channel.capacity=1", "channel.ordered=true",
                                      "channel.duplicates=0", "tcp.max_retries=1",
                                      "tcp.incarnations=2"};
  for (smt::Engine engine : {smt::Engine::kKind, smt::Engine::kSpacer}) {
    Result r =
        prove_with_mined_lemmas("tcp/two-way-handshake", "no-stale-connection", sets, engine, 6);
    INFO(smt::engine_name(engine) << ": " << r.limit);
    REQUIRE(r.verdict == Verdict::kViolated);
    CHECK(r.depth == 4);
    REQUIRE(r.trace.has_value());
    CHECK(r.trace->steps.size() == 4);
    // The client opens and aborts; the server takes the stale SYN.
    std::string events;
    for (const auto& step : r.trace->steps) events += step.info.event + ";";
    CHECK_THAT(events, Catch::Contains("connect;") && Catch::Contains("abort;") &&
                           Catch::Contains("rcv SYN;"));
    CHECK(r.lemma_candidates == 0);
    CHECK(r.lemmas.empty());
  }
}

// The target: the corrected three-way claim at 32 bits (capacity 1, ordered, no
// duplication or retransmission), proved by k-induction at k = 0 once Houdini's lemmas are
// assumed: every state satisfying them is no violation. Without them k-induction is not
// k-inductive up to k = 10. The lemmas relate each side's sequence variables modulo 2^32
// and tie the server's ESTABLISHED to the client's state and ISN.
TEST_CASE("k-induction with mined lemmas proves the 32-bit three-way handshake claim",
          "[smt-proof]") {
  Result r =
      prove_with_mined_lemmas("tcp/three-way-handshake", "no-stale-connection",
                              synack::testing::smallest_32bit_handshake(), smt::Engine::kKind, 4);
  INFO(r.limit);
  REQUIRE(r.verdict == Verdict::kHolds);
  CHECK(r.depth == 0);
  CHECK(r.lemma_count > 0);
  CHECK(r.lemma_count <= r.lemma_candidates);
  CHECK(relates(r.lemmas, "client.snd_una", "client.snd_nxt"));
  CHECK(relates(r.lemmas, "(mod 4294967296)", "server.iss"));
  CHECK(relates(r.lemmas, "server.state = ESTABLISHED", "client.state"));
  // Lemmas under at most one guard, under two (checker/smt/message_slot_mining: a SYN in
  // flight carries its sender's ISN, a SYN-ACK acknowledges the client's ISN + 1, each
  // side's numbers against the other's while both are in the handshake) and over three
  // numbers (checker/smt/three_variable_mining: the ISN clock is the ISS plus the step).
  // 445 before the short bmc ran first in the same Z3 context (the initial states Z3 picks
  // for the sample changed: 437), the three-variable facts (4 more) and `x != 0` for a
  // number no sample shows 0 (2 more: each side's ISN step, coprime with 2^32). Some drops
  // came from the neighbourhoods, and every round of Houdini's was a solver call. 473 since
  // the initial states of the sample are asked for in a Z3 context of their own (the bmc
  // no longer changes them) and the order templates came in (checker/smt/
  // channel_order_mining: a RST in `s2c` never reaches a CLOSED or SYN-SENT client, ...;
  // 461 with the facts against the receiver alone, 473 with the sender's and both ends').
  CHECK(r.lemma_count == 473);
  CHECK_THAT(r.lemmas, Catch::Contains("s2c[0].flags = 4 and s2c[0].present = 1 -> "
                                       "client.state != SYN-SENT"));
  CHECK_THAT(r.lemmas, Catch::Contains("server.isn_step != 0"));
  CHECK_THAT(r.lemmas, Catch::Contains("server.state = SYN-RECEIVED -> server.isn_clock = "
                                       "server.iss + server.isn_step (mod 4294967296)"));
  CHECK_THAT(r.lemmas, Catch::Contains("c2s[0].flags = 1 and client.state = SYN-SENT -> "
                                       "c2s[0].seq = client.iss"));
  CHECK_THAT(r.lemmas, Catch::Contains("s2c[0].flags = 3 and client.state = SYN-SENT -> "
                                       "s2c[0].ack - client.iss = 1 (mod 4294967296)"));
  CHECK_THAT(r.lemmas, Catch::Contains("client.state = ESTABLISHED and server.state = "
                                       "SYN-RECEIVED -> client.irs = server.iss"));
  CHECK(r.lemma_dropped_around > 0);
  CHECK(r.lemma_rounds > 0);
  // k = 0: the lemmas and "not bad" are the invariant, printed and checked again.
  CHECK_THAT(r.invariant, Catch::StartsWith(r.lemmas));
}

// Skeleton lemmas (checker/smt/skeleton_mining) are mined only where the first lemmas leave a
// bad state at k = 0: here they do not, so the proof and its 473 lemmas are those of
// `--lemmas mine`, and no lemma is over a skeleton.
TEST_CASE("skeleton lemmas leave a proof at k = 0 as it was", "[smt-proof]") {
  Result r = prove_with_mined_lemmas("tcp/three-way-handshake", "no-stale-connection",
                                     synack::testing::smallest_32bit_handshake(),
                                     smt::Engine::kKind, 4, smt::LemmaSource::kMineSkeletons);
  INFO(r.limit);
  REQUIRE(r.verdict == Verdict::kHolds);
  CHECK(r.depth == 0);
  CHECK(r.lemma_count == 473);
  CHECK(r.lemma_candidates == 499);
  CHECK_THAT(r.lemmas, !Catch::Contains(") in {("));
  // As `--lemmas` names it.
  CHECK(smt::lemma_source_named("mine+skeletons") == smt::LemmaSource::kMineSkeletons);
  CHECK(std::string(smt::lemma_source_name(smt::LemmaSource::kMineSkeletons)) == "mine+skeletons");
}

// Facts under equalities (checker/smt/equality_guard_mining, `--lemmas mine+equalities`)
// add to the ordinary candidates on the smallest configuration without crowding them out:
// the proof stays at k = 0, with 657 lemmas of 868 candidates (473 of 499 without them),
// 368 of them under an equality between a message's number and its receiver's or two
// actors' numbers.
TEST_CASE("equality-guarded lemmas join a proof at k = 0 without crowding it", "[smt-proof]") {
  Result r = prove_with_mined_lemmas("tcp/three-way-handshake", "no-stale-connection",
                                     synack::testing::smallest_32bit_handshake(),
                                     smt::Engine::kKind, 4, smt::LemmaSource::kMineEqualities);
  INFO(r.limit);
  REQUIRE(r.verdict == Verdict::kHolds);
  CHECK(r.depth == 0);
  CHECK(r.lemma_count == 657);
  CHECK(r.lemma_candidates == 868);
  CHECK_THAT(r.lemmas, Catch::Contains("c2s[0].flags = 2 and c2s[0].ack = server.snd_nxt -> "));
  CHECK_THAT(r.invariant, Catch::StartsWith(r.lemmas));
  CHECK(smt::lemma_source_named("mine+equalities") == smt::LemmaSource::kMineEqualities);
  CHECK(std::string(smt::lemma_source_name(smt::LemmaSource::kMineEqualities)) ==
        "mine+equalities");
}

// The lemmas depend on the model only, not on how far the bmc before mining went: the
// initial states of the sample were asked of the Z3 context the bmc had used, and its
// models changed with what that context had seen (443 lemmas at --depth 4, 451 at 2 or 1).
TEST_CASE("the mined lemmas do not depend on the depth of the bmc before mining", "[smt-proof]") {
  for (std::size_t depth : {1, 2}) {
    Result r = prove_with_mined_lemmas("tcp/three-way-handshake", "no-stale-connection",
                                       synack::testing::smallest_32bit_handshake(),
                                       smt::Engine::kKind, depth);
    INFO("depth " << depth << ": " << r.limit);
    REQUIRE(r.verdict == Verdict::kHolds);
    CHECK(r.lemma_samples == 240);
    CHECK(r.lemma_candidates == 499);
    CHECK(r.lemma_count == 473);  // as at depth 4, above
  }
}

// Issue 22's next step: the same claim with one retransmission. Before mining pruned its
// candidates with a second sample, Houdini did not finish within a minute; now k-induction
// closes at k = 0 (about 6 s of CPU), with lemmas of the same shape.
TEST_CASE("k-induction with mined lemmas proves the three-way claim with a retransmission",
          "[smt-proof]") {
  Result r = prove_with_mined_lemmas(
      "tcp/three-way-handshake", "no-stale-connection",
      {"tcp.seq_bits=32", "tcp.isn=differ", "channel.ordered=true", "channel.capacity=1",
       "channel.duplicates=0", "tcp.max_retries=1", "tcp.incarnations=1"},
      smt::Engine::kKind, 4);
  INFO(r.limit);
  REQUIRE(r.verdict == Verdict::kHolds);
  CHECK(r.depth == 0);
  CHECK(r.lemma_samples == 1112);
  CHECK(r.lemma_count > 0);
  CHECK(r.lemma_count <= r.lemma_candidates);
  CHECK(relates(r.lemmas, "client.snd_una", "client.snd_nxt"));
  CHECK(relates(r.lemmas, "(mod 4294967296)", "server.iss"));
  CHECK_THAT(r.invariant, Catch::StartsWith(r.lemmas));
}

// Issue 22's grown-together claim: one retransmission, capacity 2 and one duplicate at once
// (each alone closes at k = 0 above). k-induction with the mined lemmas is not k-inductive
// for k <= 4 (docs/z3-proofs.md: each template removed one counterexample to induction and
// the next appeared), but Spacer seeded with the same lemmas finds the rest of the invariant
// (about 60 s of CPU): clauses tying the server's ESTABLISHED to the client's ISN, and the
// RSTs in `s2c` to the client's RCV.NXT and the ACK in `c2s` to the server's SND.NXT. The
// invariant is checked again from scratch before `holds` is reported.
TEST_CASE("spacer with mined lemmas proves the three-way claim grown together", "[smt-proof]") {
  Result r = prove_with_mined_lemmas("tcp/three-way-handshake", "no-stale-connection",
                                     synack::testing::grown_together_32bit_handshake(),
                                     smt::Engine::kSpacer, 4);
  INFO(r.limit);
  REQUIRE(r.verdict == Verdict::kHolds);
  CHECK(r.engine == "spacer");
  CHECK(r.lemma_samples == 19330);
  CHECK(r.lemma_count > 0);
  CHECK(r.lemma_count <= r.lemma_candidates);
  // The invariant's shape, not its text: Spacer's clauses after the lemmas, over the
  // server's state and both ISNs, the reset segments in flight and the client's RCV.NXT.
  CHECK_THAT(r.invariant, Catch::Contains("server.irs"));
  CHECK_THAT(r.invariant, Catch::Contains("client.iss"));
  CHECK_THAT(r.invariant, Catch::Contains("client.rcv_nxt"));
  CHECK_THAT(r.invariant, Catch::Contains("s2c[0].flags"));
  CHECK_THAT(r.invariant, Catch::Contains("c2s[0].ack"));
  CHECK(relates(r.lemmas, "server.state = ESTABLISHED", "client.state"));
}

// The second incarnation at capacity 2: k-induction with the mined lemmas is not
// k-inductive for k <= 4 (its counterexample starts from an even ISN step no run has) and
// took the skeleton lemmas and 254 s of CPU; Spacer with the mined lemmas, 10 s.
TEST_CASE("spacer with mined lemmas proves the three-way claim across two incarnations",
          "[smt-proof]") {
  Result r = prove_with_mined_lemmas("tcp/three-way-handshake", "no-stale-connection",
                                     synack::testing::two_incarnations_32bit_handshake(),
                                     smt::Engine::kSpacer, 4);
  INFO(r.limit);
  REQUIRE(r.verdict == Verdict::kHolds);
  CHECK(r.engine == "spacer");
  CHECK(r.lemma_samples == 1312);
  CHECK(r.lemma_count > 0);
  CHECK(r.lemma_count <= r.lemma_candidates);
  // Spacer's clauses tie the server's IRS to the client's ISS under the server's state,
  // and the segments in flight each way to the receiver's numbers.
  CHECK_THAT(r.invariant, Catch::Contains("server.irs"));
  CHECK_THAT(r.invariant, Catch::Contains("client.iss"));
  CHECK_THAT(r.invariant, Catch::Contains("c2s[0].seq"));
  CHECK_THAT(r.invariant, Catch::Contains("s2c[0].flags"));
  CHECK(relates(r.lemmas, "client.incarnation", "c2s[1].present"));
}

// The alternating-bit protocol: Spacer needs 21 to 57 s, k-induction alone is not
// k-inductive up to k = 12; with the lemmas k-induction closes at k = 0.
TEST_CASE("k-induction with mined lemmas proves stop-and-wait ARQ", "[smt-proof]") {
  Result r = prove_with_mined_lemmas("arq/stop-and-wait", "in-order-exactly-once", {},
                                     smt::Engine::kKind, 4);
  INFO(r.limit);
  REQUIRE(r.verdict == Verdict::kHolds);
  CHECK(r.depth == 0);
  CHECK(relates(r.lemmas, "receiver.expected", "sender."));
}

// k-induction's counterexample to induction lists, after the actors' variables, the
// fields of the channel positions that hold a message, and never the presence flags. At
// k = 1 on stop-and-wait the last state has a message misdelivered, so the step into it
// delivered a frame: the first state holds one in s2r[0], and its fields must be listed.
TEST_CASE("k-induction's counterexample to induction lists the messages in flight", "[smt-proof]") {
  Result r = synack::testing::check_smt("arq/stop-and-wait", "in-order-exactly-once",
                                        {"arq.messages=1"}, smt::Engine::kKind, 1);
  REQUIRE(r.verdict == Verdict::kInconclusive);
  CHECK(r.limit == "not k-inductive for any k <= 1");
  CHECK_THAT(r.cti, !Catch::Contains(".present="));
  std::size_t second = r.cti.find("\nstate 1:");
  REQUIRE(second != std::string::npos);
  CHECK_THAT(r.cti, !Catch::Contains("\nstate 2:"));
  const std::string first = r.cti.substr(0, second);
  CHECK_THAT(first, Catch::Contains(" s2r[0].bit=") && Catch::Contains(" s2r[0].payload="));
  // The property: no message misdelivered; the last state is a violation of it.
  CHECK_THAT(r.cti.substr(second), !Catch::Contains("receiver_history.misdelivered=0"));
  // The actors first, then the channels, on every line.
  for (const std::string& line : {first, r.cti.substr(second + 1)}) {
    INFO(line);
    std::size_t channels = line.find('[');
    CHECK(line.find("receiver_history.misdelivered=") < channels);
    CHECK(line.find("sender.state=") < channels);
  }
}
