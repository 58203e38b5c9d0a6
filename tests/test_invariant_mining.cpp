// Invariant mining's candidates from hand-made samples: what is proposed, and what is not.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "candidate_texts.hpp"
#include "checker/smt/invariant_mining.hpp"
#include "checker/smt/message_slot_mining.hpp"
#include "checker/smt/mine_lemmas.hpp"
#include "checker/smt/reachable_sample.hpp"
#include "checker/smt/system_encoding.hpp"
#include "checker/smt/three_variable_mining.hpp"
#include "helpers.hpp"
#include "mining_helpers.hpp"

namespace {

namespace smt = synack::checker::smt;
using synack::testing::texts;

using synack::testing::kNoLimit;

// A Houdini call limit (Z3's resource count) that one of stop-and-wait's calls exceeds (and
// no single candidate needs). Since each call's question has a literal of its own instead of
// push/pop, Z3 keeps what it learnt and the calls are cheaper: the largest needs between
// 500,000 and 600,000 (it needed more than 1,200,000 before); at 100,000 the batches split
// 12 times and none is undecided.
constexpr unsigned kSplittingLimit = 300'000;

using synack::testing::expired_deadline;

using synack::testing::has;

}  // namespace

TEST_CASE("mining proposes ranges, order, modular differences and guarded facts") {
  // p.state in 0..3; a flight and a window; two sequence numbers of a space of 16.
  std::vector<smt::SmtVar> vars = {
      {"p.state", 0, 3}, {"flight", 0, 9}, {"window", 0, 9}, {"p.una", 0, 15}, {"p.nxt", 0, 15}};
  std::vector<std::vector<std::int64_t>> samples = {
      {0, 0, 1, 0, 0}, {1, 1, 2, 15, 0}, {1, 2, 4, 7, 8}, {2, 4, 4, 14, 15}};
  auto cs = smt::propose_candidates(vars, samples, 1000, kNoLimit);
  for (const auto& c : cs)
    for (const auto& s : samples) CHECK(c.holds(s));  // only what every sample shows
  auto all = texts(cs, vars);
  CHECK(has(all, "p.state in 0..2"));
  CHECK(has(all, "p.state = 1 -> p.una - p.nxt = -1 (mod 16)"));
  CHECK(has(all, "flight <= window"));
  CHECK(has(all, "p.una - p.nxt in -1..0 (mod 16)"));
  CHECK(has(all, "p.state = 0 -> flight = 0"));
  // The guard's own range under itself says nothing.
  CHECK_FALSE(has(all, "p.state = 1 -> p.state = 1"));
  // The cap keeps the unguarded facts first.
  auto few = smt::propose_candidates(vars, samples, 3, kNoLimit);
  REQUIRE(few.size() == 3);
  for (const auto& c : few) CHECK_FALSE(c.guarded);
}

// A set of flags grows by OR: tls12/handshake's client never writes an Alert (bit 10), so
// its pending bytes and its segments stay below 1024, which makes the server's
// no-app-data-before-finished k-inductive (with the observed range 1..963, 4 | 963 would
// leave it). Control states and sequence numbers get no such candidate.
TEST_CASE("mining proposes the unused high bits of a set of flags") {
  std::vector<smt::SmtVar> vars = {{"p.state", 0, 3},
                                   {"p.pending", 0, 2047},
                                   {"p.full", 0, 2047},
                                   {"p.seq", 0, (1ll << 32) - 1}};
  std::vector<std::vector<std::int64_t>> samples = {
      {0, 1, 2047, 0}, {1, 963, 1024, 7}, {2, 513, 0, 1ll << 31}};
  auto cs = smt::propose_candidates(vars, samples, 1000, kNoLimit);
  auto all = texts(cs, vars);
  CHECK(has(all, "p.pending in 0..1023"));
  CHECK(has(all, "p.pending in 1..963"));
  // Every bit of p.full is set somewhere, p.seq is too wide and p.state a control state:
  // each keeps its observed range alone.
  auto ranges = [&](const std::string& name) {
    return std::count_if(all.begin(), all.end(),
                         [&](const std::string& t) { return t.rfind(name + " in ", 0) == 0; });
  };
  CHECK(ranges("p.pending") == 2);
  CHECK(ranges("p.full") == 1);
  CHECK(ranges("p.seq") == 1);
  CHECK(ranges("p.state") == 1);
  // Both hold in every sample; only the high bits survive a bit the samples set apart.
  auto find = [&](const std::string& text) {
    return std::find_if(cs.begin(), cs.end(),
                        [&](const smt::Candidate& c) { return texts({c}, vars).front() == text; });
  };
  auto high = find("p.pending in 0..1023"), observed = find("p.pending in 1..963");
  REQUIRE(high != cs.end());
  REQUIRE(observed != cs.end());
  CHECK_FALSE(high->guarded);
  std::vector<std::int64_t> grown = {0, 4 | 963, 0, 0};
  CHECK(high->holds(grown));
  CHECK_FALSE(observed->holds(grown));
}

TEST_CASE("mining proposes nothing from no samples") {
  std::vector<smt::SmtVar> vars = {{"x", 0, 3}};
  CHECK(smt::propose_candidates(vars, {}, 100, kNoLimit).empty());
}

// A budget is honoured by every phase of mining: proposing from 20,000 samples took minutes
// on tcp/tfo-invalid-cookie (a 60 s budget overran to 348 s), unchecked.
TEST_CASE("mining proposes nothing once the deadline has passed") {
  std::vector<smt::SmtVar> vars = {{"p.state", 0, 3}, {"x", 0, 9}, {"y", 0, 9}};
  std::vector<std::vector<std::int64_t>> samples = {{0, 1, 2}, {1, 2, 4}, {2, 3, 3}};
  CHECK_FALSE(smt::propose_candidates(vars, samples, 100, kNoLimit).empty());
  CHECK(smt::propose_candidates(vars, samples, 100, expired_deadline()).empty());
}

TEST_CASE("mined lemmas past the deadline are none and say timeout") {
  auto all = synack::properties::bundled_scenarios();
  const auto* spec =
      synack::properties::find_scenario(all, "arq/stop-and-wait").property("in-order-exactly-once");
  REQUIRE(spec != nullptr);
  auto model = synack::testing::build("arq/stop-and-wait");
  z3::context ctx;
  smt::SystemEncoding enc(ctx, dynamic_cast<const synack::checker::System&>(*model), *spec);
  smt::MinedLemmas late = smt::mine_lemmas(enc, smt::MiningLimits{}, expired_deadline());
  CHECK_FALSE(late.lemmas.has_value());
  CHECK(late.reason == "timeout");
  smt::MinedLemmas mined = smt::mine_lemmas(enc, smt::MiningLimits{}, kNoLimit);
  REQUIRE(mined.lemmas.has_value());
  CHECK(mined.lemmas->samples == 107);
}

// The second sample's filter: a candidate some further reachable state falsifies never
// reaches Houdini; the order of the others is kept.
TEST_CASE("mining drops candidates a further sample falsifies") {
  std::vector<smt::SmtVar> vars = {{"p.state", 0, 3}, {"x", 0, 9}, {"y", 0, 9}};
  std::vector<std::vector<std::int64_t>> first = {{0, 1, 2}, {1, 2, 4}, {2, 3, 3}};
  auto cs = smt::propose_candidates(vars, first, 1000, kNoLimit);
  auto before = texts(cs, vars);
  REQUIRE(has(before, "x <= y"));
  REQUIRE(has(before, "x in 1..3"));
  // A deeper state with x above y and x at 5.
  auto kept = smt::holding_in(cs, {{0, 1, 2}, {2, 5, 4}}, kNoLimit);
  auto after = texts(kept, vars);
  CHECK_FALSE(has(after, "x <= y"));
  CHECK_FALSE(has(after, "x in 1..3"));
  CHECK(has(after, "p.state in 0..2"));
  CHECK(kept.size() < cs.size());
  for (const auto& c : kept) CHECK(c.holds({2, 5, 4}));
  // Past the deadline nothing is filtered out (filtering only saves Houdini work).
  CHECK(smt::holding_in(cs, {{2, 5, 4}}, expired_deadline()).size() == cs.size());
}

// Pruning with both samples at once stops at the cap: the first `limit` candidates that
// hold in every state of each sample, as pruning each sample in turn and cutting at the
// cap would give, and none after them is checked.
TEST_CASE("pruning keeps the first candidates that hold in both samples, up to the cap") {
  std::vector<smt::SmtVar> vars = {{"p.state", 0, 3}, {"x", 0, 9}, {"y", 0, 9}};
  std::vector<std::vector<std::int64_t>> first = {{0, 1, 2}, {1, 2, 4}, {2, 3, 3}};
  auto cs = smt::propose_candidates(vars, first, 1000, kNoLimit);
  smt::SampleStates second = {{0, 1, 2}, {2, 5, 4}}, third = {{1, 0, 9}};
  auto both = smt::holding_in(smt::holding_in(cs, second, kNoLimit), third, kNoLimit);
  REQUIRE(both.size() >= 3);
  for (std::size_t limit :
       {std::size_t{0}, std::size_t{1}, both.size() - 1, both.size(), both.size() + 5}) {
    auto kept = smt::first_holding_in(cs, {&second, &third}, limit, kNoLimit);
    auto expected = texts(both, vars);
    expected.resize(std::min(limit, both.size()));
    CHECK(texts(kept, vars) == expected);
  }
}

// The deadline is read while one candidate is checked against a large sample, not only
// between candidates: the time-wait scenario's 300,000 states took seconds per 64
// candidates, and one run overran its budget by 5.7 s. A deadline that expires at its
// second reading (after 4,096 states) leaves the candidate that 10,000 states would refute
// unfiltered; read once per 64 candidates, it would have been dropped.
TEST_CASE("pruning reads the deadline within one candidate's pass over the states") {
  std::vector<smt::Candidate> cs = {smt::exactly(0, 1), smt::exactly(1, 1)};
  smt::SampleStates states(10'000, {1, 1});
  states.back() = {1, 2};  // refutes the second, at the end
  CHECK(smt::first_holding_in(cs, {&states}, 10, kNoLimit).size() == 1);
  smt::Deadline second_reading = smt::Deadline::after_checks(2);
  CHECK(smt::first_holding_in(cs, {&states}, 10, second_reading).size() == 2);
}

namespace {

// Stop-and-wait ARQ's candidates over its encoding, as mine_lemmas proposes them.
struct ArqCandidates {
  std::unique_ptr<synack::checker::Model> model;
  z3::context ctx;
  std::optional<smt::SystemEncoding> enc;
  std::vector<smt::Candidate> candidates;
};

void arq_candidates(ArqCandidates& out) {
  auto all = synack::properties::bundled_scenarios();
  const auto* spec =
      synack::properties::find_scenario(all, "arq/stop-and-wait").property("in-order-exactly-once");
  REQUIRE(spec != nullptr);
  out.model = synack::testing::build("arq/stop-and-wait");
  out.enc.emplace(out.ctx, dynamic_cast<const synack::checker::System&>(*out.model), *spec);
  auto sample = smt::sample_reachable(*out.enc, smt::SampleLimits{}, kNoLimit);
  out.candidates = smt::propose_candidates(out.enc->state_vars(), sample.states, 1500, kNoLimit);
}

}  // namespace

// Houdini's questions are asked over batches of candidates; one Z3 cannot answer within a
// call's resource limit is asked again over each half, and a single candidate it cannot
// decide is dropped. The greatest inductive subset is unique, so splitting alone changes
// nothing; dropping only makes the answer smaller, never wrong.
TEST_CASE("houdini splits what one call cannot answer and drops what it cannot decide") {
  ArqCandidates arq;
  arq_candidates(arq);
  REQUIRE(arq.candidates.size() == 622);
  smt::HoudiniAnswer whole = smt::houdini(*arq.enc, arq.candidates, kNoLimit);
  REQUIRE(whole.kept.has_value());
  CHECK(whole.kept->size() == 550);
  CHECK(whole.undecided == 0);
  CHECK(whole.splits == 0);
  // A limit no call can meet: every candidate is undecided and dropped, and Houdini still
  // answers (with the empty part of the greatest inductive set; before each question had a
  // literal of its own, a few calls were answered at once and kept 14).
  smt::HoudiniAnswer few = smt::houdini(*arq.enc, arq.candidates, kNoLimit, nullptr, 1);
  REQUIRE(few.kept.has_value());
  CHECK(few.undecided == 622);
  CHECK(few.kept->empty());
  auto all_kept = texts(*whole.kept, arq.enc->state_vars());
  for (const auto& t : texts(*few.kept, arq.enc->state_vars())) CHECK(has(all_kept, t));
  // A limit some calls meet and others do not: the batches are split, the answer is the same.
  smt::HoudiniAnswer split =
      smt::houdini(*arq.enc, arq.candidates, kNoLimit, nullptr, kSplittingLimit);
  REQUIRE(split.kept.has_value());
  CHECK(split.splits > 0);
  CHECK(split.undecided == 0);
  CHECK(texts(*split.kept, arq.enc->state_vars()) == all_kept);
}

// Two guards: a message's kind in a channel position and a control state. A SYN carries
// its sender's ISN only while the sender is SYN-SENT (a reset zeroes the ISN), so neither
// guard alone says it; an empty position (kind 0, fields 0) proposes nothing, and two
// numbers constant in a scope are no relation.
TEST_CASE("mining proposes facts under a message kind and a control state") {
  std::vector<smt::SmtVar> vars = {
      {"c.state", 0, 2},    {"c.iss", 0, 255}, {"q[0].present", 0, 1}, {"q[0].kind", 0, 3},
      {"q[0].seq", 0, 255}, {"s.state", 0, 2}, {"s.irs", 0, 255}};
  // c.state: 0 closed, 1 SYN-SENT, 2 ESTABLISHED; q[0].kind 1: a SYN.
  std::vector<std::vector<std::int64_t>> samples = {
      {1, 17, 1, 1, 17, 0, 0}, {1, 90, 1, 1, 90, 0, 0}, {0, 0, 1, 1, 90, 0, 0},
      {0, 0, 1, 1, 17, 0, 0},  {2, 17, 0, 0, 0, 1, 17}, {2, 90, 0, 0, 0, 1, 90},
      {0, 0, 0, 0, 0, 0, 0},   {1, 40, 0, 0, 0, 0, 0},  {2, 33, 0, 0, 0, 2, 0},
      {1, 50, 0, 0, 0, 1, 7}};
  auto cs = smt::propose_message_slot_candidates(vars, samples, 6000, kNoLimit);
  for (const auto& c : cs)
    for (const auto& s : samples) CHECK(c.holds(s));
  auto all = texts(cs, vars);
  CHECK(has(all, "q[0].kind = 1 and c.state = 1 -> q[0].seq = c.iss"));
  CHECK(has(all, "c.state = 2 and s.state = 1 -> c.iss = s.irs"));
  // A SYN with a closed sender: its ISN is gone, nothing to relate.
  CHECK_FALSE(has(all, "q[0].kind = 1 and c.state = 0 -> q[0].seq = c.iss"));
  // Kind 0 is what an empty position shows.
  for (const auto& t : all) CHECK(t.rfind("q[0].kind = 0 ", 0) != 0);
  // Every one has two guards; the same samples give one-guard candidates no such fact.
  for (const auto& c : cs) CHECK((c.guarded && c.guarded2));
  auto single = texts(smt::propose_candidates(vars, samples, 1000, kNoLimit), vars);
  CHECK_FALSE(has(single, "q[0].kind = 1 -> q[0].seq = c.iss"));
  // Capped on their own: the first ones, in the same order.
  auto capped = smt::propose_message_slot_candidates(vars, samples, 1, kNoLimit);
  REQUIRE(cs.size() == 2);
  REQUIRE(capped.size() == 1);
  auto number = [](std::size_t, std::int64_t v) { return std::to_string(v); };
  for (std::size_t i = 0; i < capped.size(); ++i)
    CHECK(capped[i].text(vars, number) == cs[i].text(vars, number));
}

// Three numbers of one actor: an ISN clock is the ISS it gave plus its step, modulo the
// sequence space, once the actor is in a connection (state 1); before (state 0) the ISS is
// 0 and nothing relates them. snd = iss + 1 in state 1 is a two-variable fact: snd is no
// new variable for a three-variable one. Proposed once (clock = iss + step, not also iss =
// clock - step), under the guard only, and within the cap.
TEST_CASE("mining proposes a number that is the sum of two others of one actor") {
  std::vector<smt::SmtVar> vars = {{"c.state", 0, 2},
                                   {"c.clock", 0, 255},
                                   {"c.iss", 0, 255},
                                   {"c.step", 1, 255},
                                   {"c.snd", 0, 255}};
  std::vector<std::vector<std::int64_t>> samples = {
      {0, 10, 0, 3, 0},      {0, 200, 0, 7, 0},   {0, 50, 0, 5, 0},  {1, 13, 10, 3, 11},
      {1, 207, 200, 7, 201}, {1, 2, 250, 8, 251}, {1, 55, 50, 5, 51}};
  auto cs = smt::propose_three_variable_candidates(vars, samples, 300, kNoLimit);
  for (const auto& c : cs)
    for (const auto& s : samples) CHECK(c.holds(s));
  CHECK(texts(cs, vars) ==
        std::vector<std::string>{"c.state = 1 -> c.clock = c.iss + c.step (mod 256)"});
  // One sample fewer in state 1: two triples fix any constant, so nothing is proposed.
  samples.pop_back();
  samples.pop_back();
  CHECK(smt::propose_three_variable_candidates(vars, samples, 300, kNoLimit).empty());
  CHECK(smt::propose_three_variable_candidates(vars, {}, 300, kNoLimit).empty());
}

// Mining drops a candidate by evaluating it on states (holds) and Houdini asks Z3 about it
// (at): the two must agree, or mining proposes what Z3 refutes and drops what it would
// prove. On every state of six variables (0..3, and a sequence number 0..15 at steps of
// 3), for the conditions merged from two branches: a second guard, equalities beside the
// guard, and subtracted flags in a flight count.
TEST_CASE("a candidate with two guards or equalities means the same to holds and to Z3") {
  std::vector<smt::Candidate> cs;
  smt::Candidate range{};
  range.kind = smt::Candidate::kRange;
  range.a = 0;
  range.lo = 1;
  range.hi = 2;
  range.guarded = range.guarded2 = true;
  range.guard = 2;
  range.guard_value = 1;
  range.guard2 = 3;
  range.guard2_value = 0;
  cs.push_back(range);
  smt::Candidate equal{};
  equal.kind = smt::Candidate::kEqual;
  equal.a = 0;
  equal.b = 1;
  equal.guarded = true;
  equal.guard = 2;
  equal.guard_value = 3;
  equal.also_equal = {{3, 4}, {0, 2}};
  cs.push_back(equal);
  smt::Candidate count{};
  count.kind = smt::Candidate::kFlightCount;
  count.sum = {0, 1};
  count.minus = {3, 4};
  count.lo = -2;
  count.hi = 0;
  count.guarded = true;
  count.guard = 2;
  count.guard_value = 0;
  count.also_equal = {{1, 3}};
  cs.push_back(count);
  smt::Candidate modular{};
  modular.kind = smt::Candidate::kModularDifference;
  modular.a = 5;
  modular.b = 4;
  modular.lo = modular.hi = -2;
  modular.modulus = 16;
  modular.guarded = modular.guarded2 = true;
  modular.guard = 0;
  modular.guard_value = 1;
  modular.guard2 = 1;
  modular.guard2_value = 2;
  modular.also_equal = {{2, 3}};
  cs.push_back(modular);
  // Three variables (checker/smt/three_variable_mining): s5 = s4 + s1 - s0 + 1 (mod 16),
  // under a guard, and s0 = s1 + s2 - 3 exactly.
  smt::Candidate sum_mod{};
  sum_mod.kind = smt::Candidate::kLinear;
  sum_mod.a = 5;
  sum_mod.b = 4;
  sum_mod.sum = {1};
  sum_mod.minus = {0};
  sum_mod.lo = 1;
  sum_mod.modulus = 16;
  sum_mod.guarded = true;
  sum_mod.guard = 2;
  sum_mod.guard_value = 1;
  cs.push_back(sum_mod);
  smt::Candidate sum_exact{};
  sum_exact.kind = smt::Candidate::kLinear;
  sum_exact.a = 0;
  sum_exact.b = 1;
  sum_exact.sum = {2};
  sum_exact.lo = -3;
  cs.push_back(sum_exact);
  z3::context ctx;
  constexpr std::size_t kStates = 4 * 4 * 4 * 4 * 4 * 6;
  std::vector<std::size_t> differ(cs.size()), held(cs.size());
  std::size_t not_constant = 0;  // at() over numbers that Z3 does not reduce to true or false
  for (std::size_t i = 0; i < kStates; ++i) {
    std::vector<std::int64_t> s;
    for (std::size_t v = 0, rest = i; v < 5; ++v, rest /= 4)
      s.push_back(static_cast<std::int64_t>(rest % 4));
    s.push_back(static_cast<std::int64_t>(i / 1024) * 3);
    z3::expr_vector values(ctx);
    for (std::int64_t x : s) values.push_back(ctx.int_val(x));
    for (std::size_t c = 0; c < cs.size(); ++c) {
      z3::expr e = cs[c].at(values).simplify();
      not_constant += !e.is_true() && !e.is_false();
      differ[c] += e.is_true() != cs[c].holds(s);
      held[c] += cs[c].holds(s);
    }
  }
  CHECK(not_constant == 0);
  for (std::size_t c = 0; c < cs.size(); ++c) {
    INFO("candidate " << c);
    CHECK(differ[c] == 0);
    // False somewhere and true somewhere: the states test both sides of each.
    CHECK(held[c] > 0);
    CHECK(held[c] < kStates);
  }
}
