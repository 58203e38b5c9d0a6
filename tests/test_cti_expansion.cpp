// Houdini's counterexamples to induction, expanded by the explicit interpreter
// (checker/smt/cti_neighbourhood, SystemEncoding::explicit_successors): every successor it
// hands Houdini is a successor by the encoding's own relation, and dropping what they
// falsify changes the lemmas not at all, only how many solver calls find them.
#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "candidate_texts.hpp"
#include "checker/errors.hpp"
#include "checker/refused_step.hpp"
#include "checker/smt/houdini.hpp"
#include "checker/smt/invariant_mining.hpp"
#include "checker/smt/mine_lemmas.hpp"
#include "checker/smt/reachable_sample.hpp"
#include "checker/smt/system_encoding.hpp"
#include "helpers.hpp"
#include "mining_helpers.hpp"

namespace {

namespace smt = synack::checker::smt;
using synack::testing::sorted_texts;

using synack::testing::kNoLimit;

struct Encoded {
  std::unique_ptr<synack::checker::Model> model;
  z3::context ctx;
  std::optional<smt::SystemEncoding> enc;
};

void encode(Encoded& out, const std::string& scenario, const std::string& property,
            const std::vector<std::string>& sets = {}) {
  auto all = synack::properties::bundled_scenarios();
  const auto* spec = synack::properties::find_scenario(all, scenario).property(property);
  REQUIRE(spec != nullptr);
  out.model = synack::testing::build(scenario, sets);
  out.enc.emplace(out.ctx, dynamic_cast<const synack::checker::System&>(*out.model), *spec);
}

// stop-and-wait's in-order-exactly-once, encoded into `arq`, and the candidates mined from
// its reachable sample: what the Houdini cases below start from.
std::vector<smt::Candidate> arq_lemma_candidates(Encoded& arq) {
  encode(arq, "arq/stop-and-wait", "in-order-exactly-once");
  auto sample = smt::sample_reachable(*arq.enc, smt::SampleLimits{}, kNoLimit);
  return smt::propose_candidates(arq.enc->state_vars(), sample.states, 1500, kNoLimit);
}

// Whether Z3's relation takes one state to another by some input.
class Relation {
 public:
  explicit Relation(const smt::SystemEncoding& enc)
      : u_(enc), solver_(enc.context()), s_(u_.state(0)), t_(u_.state(1)) {
    solver_.add(u_.transition(0));
  }
  bool related(const std::vector<std::int64_t>& from, const std::vector<std::int64_t>& to) {
    z3::context& ctx = solver_.ctx();
    z3::expr_vector pinned(ctx);
    for (std::size_t v = 0; v < from.size(); ++v) {
      int i = static_cast<int>(v);
      pinned.push_back(s_[i] == ctx.int_val(from[v]));
      pinned.push_back(t_[i] == ctx.int_val(to[v]));
    }
    solver_.push();
    solver_.add(z3::mk_and(pinned));
    bool sat = solver_.check() == z3::sat;
    solver_.pop();
    return sat;
  }

 private:
  smt::Unrolling u_;
  z3::solver solver_;
  z3::expr_vector s_, t_;
};

// Every explicit successor of the first `count` reachable states is a successor by Z3's
// relation and a reachable state itself; returns how many successors were checked.
std::size_t check_successors(const smt::SystemEncoding& enc, std::size_t count) {
  smt::ReachableSample sample = smt::sample_reachable(enc, smt::SampleLimits{}, kNoLimit);
  REQUIRE(sample.complete);
  std::set<std::vector<std::int64_t>> reachable(sample.states.begin(), sample.states.end());
  Relation relation(enc);
  std::size_t checked = 0;
  for (std::size_t i = 0; i < std::min(count, sample.states.size()); ++i) {
    const auto& s = sample.states[i];
    REQUIRE(enc.explicit_state(s).has_value());
    for (const auto& t : enc.explicit_successors(s)) {
      INFO("from " << enc.print(s) << "\nto " << enc.print(t));
      CHECK(reachable.count(t) == 1);
      CHECK(relation.related(s, t));
      ++checked;
    }
  }
  return checked;
}

}  // namespace

TEST_CASE("explicit successors are successors by the encoding's relation", "[cti]") {
  {
    // An unordered, lossy, duplicating channel of capacity 2.
    Encoded arq;
    encode(arq, "arq/stop-and-wait", "in-order-exactly-once");
    CHECK(check_successors(*arq.enc, 60) > 60);
  }
  // 32-bit sequence numbers, an ordered channel, open ISNs (Z3's initial states).
  Encoded tcp;
  encode(tcp, "tcp/three-way-handshake", "no-stale-connection",
         {"tcp.seq_bits=32", "tcp.isn=differ", "channel.ordered=true", "channel.capacity=2",
          "tcp.max_retries=0", "tcp.incarnations=1"});
  CHECK(check_successors(*tcp.enc, 20) > 20);
}

// A state the explicit model cannot hold: something in an empty position of a channel.
TEST_CASE("a state with a message field in an empty channel position has no explicit state",
          "[cti]") {
  Encoded arq;
  encode(arq, "arq/stop-and-wait", "in-order-exactly-once");
  smt::ReachableSample sample = smt::sample_reachable(*arq.enc, smt::SampleLimits{}, kNoLimit);
  const auto& vars = arq.enc->state_vars();
  auto at = [&](const std::string& name) {
    auto it = std::find_if(vars.begin(), vars.end(), [&](const auto& v) { return v.name == name; });
    REQUIRE(it != vars.end());
    return static_cast<std::size_t>(it - vars.begin());
  };
  std::size_t present = at("s2r[1].present"), bit = at("s2r[1].bit");
  auto empty = std::find_if(sample.states.begin(), sample.states.end(),
                            [&](const auto& s) { return s[present] == 0; });
  REQUIRE(empty != sample.states.end());
  std::vector<std::int64_t> s = *empty;
  REQUIRE(arq.enc->explicit_state(s).has_value());
  s[bit] = 1 - s[bit];
  CHECK_FALSE(arq.enc->explicit_state(s).has_value());
  CHECK(arq.enc->explicit_successors(s).empty());
}

// The greatest inductive subset is unique and the expansion drops only candidates outside
// it: the same lemmas, found with fewer solver calls.
TEST_CASE("houdini drops around counterexamples to induction: same lemmas in fewer rounds",
          "[cti]") {
  Encoded arq;
  auto candidates = arq_lemma_candidates(arq);
  REQUIRE(candidates.size() == 622);
  smt::HoudiniAnswer plain = smt::houdini(*arq.enc, candidates, kNoLimit);
  smt::CtiExpansion expansion{
      [&](const std::vector<std::int64_t>& s) { return arq.enc->explicit_successors(s); }};
  smt::HoudiniAnswer expanded = smt::houdini(*arq.enc, candidates, kNoLimit, nullptr,
                                             smt::kHoudiniCallResourceLimit, &expansion);
  REQUIRE(plain.kept.has_value());
  REQUIRE(expanded.kept.has_value());
  CHECK(plain.expanded == 0);
  CHECK(expanded.expanded > 0);
  CHECK(expanded.rounds < plain.rounds);
  CHECK(sorted_texts(*expanded.kept, arq.enc->state_vars()) ==
        sorted_texts(*plain.kept, arq.enc->state_vars()));
  CHECK(expanded.kept->size() == 550);
}

// A successor function that proposes states no step reaches (here: every variable at the
// top of its range, which falsifies many candidates) drops nothing: each step is confirmed
// by Z3's relation first, so the lemmas are plain Houdini's.
TEST_CASE("houdini drops nothing on proposed states the relation does not confirm", "[cti]") {
  Encoded arq;
  auto candidates = arq_lemma_candidates(arq);
  smt::HoudiniAnswer plain = smt::houdini(*arq.enc, candidates, kNoLimit);
  std::vector<std::int64_t> top;
  for (const auto& v : arq.enc->state_vars()) top.push_back(v.hi);
  std::size_t falsified = 0;
  for (const auto& c : candidates) falsified += c.holds(top) ? 0 : 1;
  REQUIRE(falsified > 0);
  smt::CtiExpansion lying{[&](const std::vector<std::int64_t>& s) {
    return s == top ? std::vector<std::vector<std::int64_t>>{}
                    : std::vector<std::vector<std::int64_t>>{top};
  }};
  smt::HoudiniAnswer expanded =
      smt::houdini(*arq.enc, candidates, kNoLimit, nullptr, smt::kHoudiniCallResourceLimit, &lying);
  REQUIRE(plain.kept.has_value());
  REQUIRE(expanded.kept.has_value());
  CHECK(expanded.expanded == 0);
  CHECK(sorted_texts(*expanded.kept, arq.enc->state_vars()) ==
        sorted_texts(*plain.kept, arq.enc->state_vars()));
}

// The explicit interpreter runs on counterexamples to induction, states no run need reach,
// where the composition may refuse the state (checker/refused_step.hpp: a TLS machine
// sending what its socket cannot carry). Such a state proposes no successor: nothing is
// dropped on it, so the lemmas are plain Houdini's, and the run goes on rather than ending
// as synack's own bug (exit 4).
TEST_CASE("a counterexample the composition refuses proposes nothing", "[cti]") {
  Encoded arq;
  auto candidates = arq_lemma_candidates(arq);
  smt::HoudiniAnswer plain = smt::houdini(*arq.enc, candidates, kNoLimit);
  std::size_t refused = 0;
  smt::CtiExpansion refusing{
      [&](const std::vector<std::int64_t>&) -> std::vector<std::vector<std::int64_t>> {
        ++refused;
        throw synack::checker::RefusedStep("a layer refuses an unreachable state");
      }};
  smt::HoudiniAnswer expanded = smt::houdini(*arq.enc, candidates, kNoLimit, nullptr,
                                             smt::kHoudiniCallResourceLimit, &refusing);
  REQUIRE(plain.kept.has_value());
  REQUIRE(expanded.kept.has_value());
  CHECK(refused > 0);
  CHECK(expanded.expanded == 0);
  CHECK(sorted_texts(*expanded.kept, arq.enc->state_vars()) ==
        sorted_texts(*plain.kept, arq.enc->state_vars()));
}

// synack's own bug is never swallowed: an InternalError, or any other logic_error (an
// out-of-range .at(), a broken plan) than a refused step.
TEST_CASE("an internal error while expanding a counterexample to induction ends the run", "[cti]") {
  Encoded arq;
  auto candidates = arq_lemma_candidates(arq);
  smt::CtiExpansion broken{
      [&](const std::vector<std::int64_t>&) -> std::vector<std::vector<std::int64_t>> {
        throw synack::InternalError("the interpreter contradicts itself");
      }};
  CHECK_THROWS_AS(smt::houdini(*arq.enc, candidates, kNoLimit, nullptr,
                               smt::kHoudiniCallResourceLimit, &broken),
                  synack::InternalError);
  smt::CtiExpansion out_of_range{
      [&](const std::vector<std::int64_t>&) -> std::vector<std::vector<std::int64_t>> {
        throw std::out_of_range("vector::_M_range_check");
      }};
  CHECK_THROWS_AS(smt::houdini(*arq.enc, candidates, kNoLimit, nullptr,
                               smt::kHoudiniCallResourceLimit, &out_of_range),
                  std::out_of_range);
}
