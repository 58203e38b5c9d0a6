// Expression arithmetic wraps around in 64 bits in the explicit engine (checker/expr_eval);
// Z3's integers do not. A property whose arithmetic overflows must mean the same in every
// engine: the same verdict after the same shortest run, or a proof of what the explicit
// engine finds exhaustively. The machines' own arithmetic overflowing is refused instead.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "checker/check.hpp"
#include "checker/result.hpp"
#include "checker/smt/paths.hpp"
#include "checker/smt/smt_check.hpp"
#include "checker/smt/sym.hpp"
#include "library/overflow_machine.hpp"

namespace {

namespace smt = synack::checker::smt;
using synack::checker::Result;
using synack::checker::Verdict;

// A counter (0..5, one tick per step) sending each count to a sink.
synack::Scenario counting_wrap(const std::string& property) {
  overflow::Params p{5, 5, 5};
  return synack::ScenarioBuilder("overflow/wrap", "a counter and a sink")
      .channel_params(3, 0, false, true)
      .model([p](synack::Composition& c) {
        auto counter = c.actor("counter", overflow::make_counter(p), {"tick"});
        auto sink = c.actor("sink", overflow::make_sink(p));
        c.channel("c2s", counter, sink, c.channel_policy());
      })
      .always("p", property, "arithmetic past 64 bits");
}

Result explicit_result(const synack::Scenario& s) {
  auto model = s.build(s.defaults());
  return synack::checker::check_properties(*model, s.properties, {}).at(0);
}

Result smt_result(const synack::Scenario& s, smt::Engine engine) {
  auto model = s.build(s.defaults());
  return smt::check_with_smt(*model, s.properties, engine, {8, 60000}).at(0);
}

std::size_t steps(const Result& r) {
  return r.trace ? r.trace->steps.size() : 0;
}

// The explicit engine violates it after `shortest` ticks; bmc and k-induction find the
// same shortest run.
void every_engine_violates(const std::string& property, std::size_t shortest) {
  synack::Scenario s = counting_wrap(property);
  INFO(property);
  Result ex = explicit_result(s);
  REQUIRE(ex.verdict == Verdict::kViolated);
  CHECK(steps(ex) == shortest);
  for (auto engine : {smt::Engine::kBmc, smt::Engine::kKind}) {
    INFO(smt::engine_name(engine));
    Result r = smt_result(s, engine);
    CHECK(verdict_text(r) == "violated");
    CHECK(steps(r) == shortest);
  }
}

}  // namespace

// Literals stop at 10^9, so 2^62 is written 536870912 * 536870912 * 16 (2^29 * 2^29 * 2^4).
TEST_CASE("wrap: a product past 2^63 is negative in every engine") {
  // count * 2^62: 2^63 at count 2, which wraps to -2^63.
  every_engine_violates("counter.count * 536870912 * 536870912 * 16 >= 0", 2);
}

TEST_CASE("wrap: a sum past the largest value is negative in every engine") {
  // count + 2^62 + 2^62 - 1 is count + 2^63 - 1 after wrapping twice: past 2^63 - 1 at count 1.
  every_engine_violates(
      "counter.count + 536870912 * 536870912 * 16 + 536870912 * 536870912 * 16 - 1 > 0", 1);
}

TEST_CASE("wrap: a difference past the smallest value is positive in every engine") {
  // -2^63 + 1 - count: below -2^63 at count 2.
  every_engine_violates(
      "0 - 536870912 * 536870912 * 16 - 536870912 * 536870912 * 16 + 1 - counter.count < 0", 2);
}

TEST_CASE("wrap: the most negative value divided by -1 is itself in every engine") {
  // At count 0, -2^63 / -1 wraps back to -2^63 (negative); at count 1, 2^63 - 1.
  every_engine_violates(
      "(0 - 536870912 * 536870912 * 16 - 536870912 * 536870912 * 16 + counter.count) / (0 - 1) < 0",
      1);
}

TEST_CASE("wrap: the most negative value divided by one keeps its range in every engine") {
  // -2^63 / 1 is -2^63; one less wraps to 2^63 - 1 (positive) at count 0. The quotient's
  // range must reach -2^63 too, or the subtraction after it is not seen to leave 64 bits.
  every_engine_violates(
      "(0 - 536870912 * 536870912 * 16 - 536870912 * 536870912 * 16 + counter.count) / 1 - 1 < 0",
      0);
}

TEST_CASE("wrap: what holds only by wrapping around is proved by k-induction and spacer") {
  // count * 2^64 is 0 for every count, modulo 2^64.
  synack::Scenario s = counting_wrap("counter.count * 536870912 * 536870912 * 64 == 0");
  Result ex = explicit_result(s);
  CHECK(ex.verdict == Verdict::kHolds);
  CHECK(verdict_text(smt_result(s, smt::Engine::kBmc)) == "holds up to depth 8");
  CHECK(smt_result(s, smt::Engine::kKind).verdict == Verdict::kHolds);
  CHECK(smt_result(s, smt::Engine::kSpacer).verdict == Verdict::kHolds);
}

TEST_CASE("wrap: arithmetic that stays within 64 bits is left as it was") {
  synack::Scenario s = counting_wrap("counter.count * 1000 <= 5000");
  CHECK(explicit_result(s).verdict == Verdict::kHolds);
  CHECK(smt_result(s, smt::Engine::kKind).verdict == Verdict::kHolds);
}

TEST_CASE("wrap: machine arithmetic that may overflow 64 bits is refused with its operands") {
  z3::context ctx;
  smt::Paths paths(ctx);
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  smt::SymInt wide(paths, ctx.int_const("x"), 0, kMax);
  CHECK_THROWS_WITH(wide + 1,
                    "machine arithmetic that may overflow 64 bits (0..9223372036854775807 + 1)");
  CHECK_THROWS_WITH(smt::SymInt(-2) - wide,
                    "machine arithmetic that may overflow 64 bits (-2 - 0..9223372036854775807)");
  CHECK_THROWS_WITH(wide * 2,
                    "machine arithmetic that may overflow 64 bits (0..9223372036854775807 * 2)");
  smt::SymInt narrow(paths, ctx.int_const("y"), 0, 1000);
  CHECK((narrow * 3).hi() == 3000);
  CHECK((narrow - 7).lo() == -7);
}

TEST_CASE("wrap: machine division of the most negative value by -1 is refused and never traps") {
  // -2^63 / -1 is 2^63, past 64 bits: undefined behaviour in the machine's concrete code
  // (x86 traps; so did this fold, with SIGFPE). -2^63 % -1 is undefined with it.
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  CHECK_THROWS_WITH(smt::SymInt(kMin) / smt::SymInt(-1),
                    "machine arithmetic that may overflow 64 bits (-9223372036854775808 / -1)");
  CHECK_THROWS_WITH(smt::SymInt(kMin) % smt::SymInt(-1),
                    "machine arithmetic that may overflow 64 bits (-9223372036854775808 % -1)");
  // Every other constant quotient and remainder folds as C++ computes it.
  CHECK((smt::SymInt(kMin) / smt::SymInt(1)).value() == kMin);
  CHECK((smt::SymInt(kMin + 1) / smt::SymInt(-1)).value() == -(kMin + 1));
  CHECK((smt::SymInt(-7) % smt::SymInt(-1)).value() == 0);
  CHECK((smt::SymInt(-7) / smt::SymInt(2)).value() == -3);
}
