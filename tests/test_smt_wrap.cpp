// Property arithmetic is exact in every engine: an operation that could leave 64 bits,
// given the declared ranges of the slots it reads, is refused when the property is parsed
// (checker/expr_ranges.cpp), in the explicit engine and the Z3 engines alike, instead of
// wrapping around to a verdict nobody meant. Arithmetic that stays within 64 bits, up to
// the largest value, means the same in every engine. The machines' own arithmetic
// overflowing is refused by the Z3 engines too (the explicit engine runs the machines'
// C++, where it is undefined).
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "checker/check.hpp"
#include "checker/errors.hpp"
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
synack::Scenario counter_scenario(const std::string& property) {
  overflow::Params p{5, 5, 5};
  return synack::ScenarioBuilder("overflow/wrap", "a counter and a sink")
      .channel_params(3, 0, false, true)
      .model([p](synack::Composition& c) {
        auto counter = c.actor("counter", overflow::make_counter(p), {"tick"});
        auto sink = c.actor("sink", overflow::make_sink(p));
        c.channel("c2s", counter, sink, c.channel_policy());
      })
      .always("p", property, "64-bit arithmetic");
}

Result explicit_result(const synack::Scenario& s) {
  auto model = s.build(s.defaults());
  return synack::checker::check_properties(*model, s.properties, {}).at(0);
}

Result smt_result(const synack::Scenario& s, smt::Engine engine) {
  auto model = s.build(s.defaults());
  return smt::check_with_smt(*model, s.properties, engine, {8, 60000}).at(0);
}

// Every engine refuses `property` with the same message: the operation, its operands'
// ranges, how far it could reach, and where it is written.
void every_engine_refuses(const std::string& property, const std::string& message) {
  synack::Scenario s = counter_scenario(property);
  INFO(property);
  CHECK_THROWS_AS(explicit_result(s), synack::InputError);
  CHECK_THROWS_WITH(explicit_result(s), message);
  for (auto engine : {smt::Engine::kBmc, smt::Engine::kKind, smt::Engine::kSpacer}) {
    INFO(smt::engine_name(engine));
    CHECK_THROWS_WITH(smt_result(s, engine), message);
  }
}

std::string refusal_message(const std::string& property, const std::string& what,
                            std::size_t column, const std::string& near) {
  return "property '" + property + "': " + what +
         ", past a 64-bit integer (synack refuses arithmetic that could overflow rather than "
         "let it wrap around) at column " +
         std::to_string(column) + " (near '" + near + "')";
}

}  // namespace

// Literals stop at 2^32, so 2^62 is written 536870912 * 536870912 * 16 (2^29 * 2^29 * 2^4).
TEST_CASE("wrap: a product that could pass 2^63 is refused in every engine") {
  // count * 2^58 is at most 5 * 2^58; times 16 it could reach 5 * 2^62.
  const std::string p = "counter.count * 536870912 * 536870912 * 16 >= 0";
  every_engine_refuses(p,
                       refusal_message(p,
                                       "the product of 0..1441151880758558720 and 16..16 can reach "
                                       "23058430092136939520",
                                       39, "*"));
}

TEST_CASE("wrap: a sum or a difference that could leave 64 bits is refused in every engine") {
  // 2^62 + 2^62 is 2^63, one past the largest value, whatever the counter says.
  const std::string sum =
      "counter.count + 536870912 * 536870912 * 16 + 536870912 * 536870912 * 16 > 0";
  every_engine_refuses(sum,
                       refusal_message(sum,
                                       "the sum of 4611686018427387904..4611686018427387909 and "
                                       "4611686018427387904..4611686018427387904 can reach "
                                       "9223372036854775813",
                                       44, "+"));
  // -2^63 is reached exactly; the count taken from it goes past.
  const std::string difference =
      "0 - 536870912 * 536870912 * 16 - 536870912 * 536870912 * 16 - counter.count < 0";
  every_engine_refuses(
      difference,
      refusal_message(difference,
                      "the difference of -9223372036854775808..-9223372036854775808 and "
                      "0..5 can reach -9223372036854775813",
                      61, "-"));
}

TEST_CASE("wrap: the most negative value divided by a divisor that may be -1 is refused") {
  const std::string p =
      "(0 - 536870912 * 536870912 * 16 - 536870912 * 536870912 * 16 + counter.count) / (0 - 1) "
      "< 0";
  every_engine_refuses(
      p, refusal_message(p,
                         "the quotient of -9223372036854775808..-9223372036854775803 and "
                         "-1..-1 can reach 9223372036854775808",
                         79, "/"));
}

TEST_CASE("wrap: arithmetic up to the largest value is kept and means the same in every engine") {
  // count + 2^62 + (2^62 - 6) reaches 2^63 - 1 at count 5 and no further.
  synack::Scenario s = counter_scenario(
      "counter.count + 536870912 * 536870912 * 16 + (536870912 * 536870912 * 16 - 6) > 0");
  CHECK(explicit_result(s).verdict == Verdict::kHolds);
  CHECK(smt_result(s, smt::Engine::kKind).verdict == Verdict::kHolds);
  CHECK(smt_result(s, smt::Engine::kSpacer).verdict == Verdict::kHolds);
  // And from the other end: -2^63 + count is negative for every count.
  synack::Scenario low = counter_scenario(
      "0 - 536870912 * 536870912 * 16 - 536870912 * 536870912 * 16 + counter.count < 0");
  CHECK(explicit_result(low).verdict == Verdict::kHolds);
  CHECK(smt_result(low, smt::Engine::kKind).verdict == Verdict::kHolds);
}

TEST_CASE("wrap: arithmetic that stays within 64 bits is left as it was") {
  synack::Scenario s = counter_scenario("counter.count * 1000 <= 5000");
  CHECK(explicit_result(s).verdict == Verdict::kHolds);
  CHECK(smt_result(s, smt::Engine::kKind).verdict == Verdict::kHolds);
  // A violation is found after the same shortest run by every engine.
  synack::Scenario v = counter_scenario("counter.count * 1000 < 3000");
  Result ex = explicit_result(v);
  REQUIRE(ex.verdict == Verdict::kViolated);
  REQUIRE(ex.trace);
  for (auto engine : {smt::Engine::kBmc, smt::Engine::kKind}) {
    INFO(smt::engine_name(engine));
    Result r = smt_result(v, engine);
    CHECK(verdict_text(r) == "violated");
    REQUIRE(r.trace);
    CHECK(r.trace->steps.size() == ex.trace->steps.size());
  }
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
