// A stated invariant (checker/smt/user_invariants) is judged two ways that must agree: on a
// concrete state by the explicit evaluator (holds: what Houdini's walks and expansions drop
// on) and by Z3 (at: what Houdini proves and the proof checks again). Random states of the
// alternating-bit protocol's encoding, within the variables' ranges.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/smt/system_encoding.hpp"
#include "checker/smt/user_invariants.hpp"
#include "helpers.hpp"
#include "properties/scenario.hpp"

namespace smt = synack::checker::smt;

TEST_CASE("a stated invariant means the same to the explicit evaluator and to Z3", "[smt-stated]") {
  auto all = synack::properties::bundled_scenarios();
  const auto* spec =
      synack::properties::find_scenario(all, "arq/stop-and-wait").property("in-order-exactly-once");
  REQUIRE(spec != nullptr);
  auto model = synack::testing::build("arq/stop-and-wait");
  z3::context ctx;
  smt::SystemEncoding enc(ctx, dynamic_cast<const synack::checker::System&>(*model), *spec);
  // Integer division and remainder truncate toward zero on negative operands, a divisor that
  // is zero gives 0; value names;
  // a constant slot (receiver.state never changes); channel fields; nested implications.
  const std::vector<std::string> texts = {
      "(sender.next - 2) / 2 == 0 - 1 || (sender.next - 3) % 2 == 0 - 1",
      "sender.state == WAIT_ACK -> s2r[0].present == 1 -> s2r[0].payload <= sender.next",
      "receiver.state == RECEIVING && (receiver.expected + r2s[1].bit) % 2 == 0",
      "max(s2r[0].payload, s2r[1].payload) - min(sender.next, 1) * 3 > sender.bit / (sender.next - "
      "sender.next)",
      "!(r2s[0].present == 1) || r2s[0].ack != 0 && receiver_history.delivered >= r2s[0].bit",
  };
  std::vector<smt::StatedText> stated;
  for (const std::string& t : texts) stated.push_back({t, "--invariant"});
  std::vector<smt::Stated> read = smt::read_stated(enc, spec->name, stated);
  std::vector<smt::Candidate> cs = smt::stated_candidates(read);
  REQUIRE(cs.size() == texts.size());

  const auto& vars = enc.state_vars();
  std::mt19937_64 random(20261205);
  constexpr std::size_t kStates = 3000;
  std::vector<std::size_t> differ(cs.size()), held(cs.size());
  std::size_t not_constant = 0;
  for (std::size_t i = 0; i < kStates; ++i) {
    std::vector<std::int64_t> s;
    z3::expr_vector values(ctx);
    for (const smt::SmtVar& v : vars) {
      std::uniform_int_distribution<std::int64_t> pick(v.lo, v.hi);
      s.push_back(pick(random));
      values.push_back(ctx.int_val(s.back()));
    }
    for (std::size_t c = 0; c < cs.size(); ++c) {
      z3::expr e = cs[c].at(values).simplify();
      not_constant += !e.is_true() && !e.is_false();
      differ[c] += e.is_true() != cs[c].holds(s);
      held[c] += cs[c].holds(s);
    }
  }
  CHECK(not_constant == 0);
  for (std::size_t c = 0; c < cs.size(); ++c) {
    INFO(texts[c]);
    CHECK(differ[c] == 0);
    CHECK(held[c] > 0);  // true and false somewhere: both sides tested
    CHECK(held[c] < kStates);
  }
}
