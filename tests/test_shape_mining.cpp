// Shape lemmas (checker/smt/shape_mining, checker/smt/number_form.hpp): counters found on
// sampled steps, the form of a number against a counter (`clock - j * step + d`), the shape
// candidate and the parity of a step, each stated the same way on a concrete state and in Z3.
#include <cstdint>
#include <string>
#include <vector>

#include <z3++.h>
#include <catch2/catch.hpp>

#include "checker/smt/number_form.hpp"
#include "checker/smt/reachable_sample.hpp"
#include "checker/smt/shape_mining.hpp"
#include "checker/smt/system_encoding.hpp"
#include "checker/system.hpp"
#include "handshake_configs.hpp"
#include "helpers.hpp"

namespace {

namespace smt = synack::checker::smt;

// A server whose ISN clock moves by its step at each draw, in a space of 256, and one
// channel position with an acknowledgement number.
const std::vector<smt::SmtVar> kShapeVars = {
    {"server.state", 0, 3}, {"server.isn_clock", 0, 255}, {"server.isn_step", 0, 255},
    {"server.iss", 0, 255}, {"c2s[0].present", 0, 1},     {"c2s[0].flags", 0, 4},
    {"c2s[0].ack", 0, 255}};
constexpr std::size_t kClock = 1, kStep = 2, kShapeIss = 3, kAck = 6;

// Draws from clock 100 with step 37: the ISS is one draw behind the clock, the ACK in flight
// acknowledges the ISS drawn two draws ago.
std::vector<std::int64_t> state(std::int64_t clock, std::int64_t step, std::int64_t draws_of_ack) {
  auto wrap = [](std::int64_t x) { return ((x % 256) + 256) % 256; };
  return {1, clock, step, wrap(clock - step), 1, 2, wrap(clock - draws_of_ack * step + 1)};
}

std::string text(const smt::Candidate& c) {
  return c.text(kShapeVars, [](std::size_t, std::int64_t v) { return std::to_string(v); });
}

// at() evaluated on a concrete state, as Z3 sees it.
bool holds_in_z3(const smt::Candidate& c, const std::vector<std::int64_t>& s) {
  z3::context ctx;
  z3::expr_vector vars(ctx);
  for (std::int64_t v : s) vars.push_back(ctx.int_val(v));
  z3::solver solver(ctx);
  solver.add(c.at(vars));
  return solver.check() == z3::sat;
}

}  // namespace

TEST_CASE("a counter is a number that only moves by a number that never changes", "[shapes]") {
  std::vector<smt::SampledStep> steps = {
      {{0, 100, 37, 0, 0, 0, 0}, {1, 137, 37, 100, 0, 0, 0}},  // a draw
      {{1, 137, 37, 100, 0, 0, 0}, {1, 137, 37, 100, 1, 2, 101}},
      {{1, 137, 37, 100, 1, 2, 101}, {0, 137, 37, 0, 0, 0, 0}},  // the TCB forgotten
  };
  std::vector<smt::Candidate::Counter> counters = smt::find_counters(kShapeVars, steps);
  REQUIRE(counters.size() == 1);
  CHECK(counters[0] == smt::Candidate::Counter{kClock, kStep, 256});
  // No step moves the clock: no counter.
  CHECK(smt::find_counters(kShapeVars, {steps[1]}).empty());
}

TEST_CASE("a number's form: draws behind the clock and an offset, or a constant", "[shapes]") {
  const std::vector<smt::Candidate::Counter> counters = {{kClock, kStep, 256}};
  std::vector<std::int64_t> s = state(100, 37, 2);
  auto iss = smt::form_of(s[kShapeIss], s, counters);
  auto ack = smt::form_of(s[kAck], s, counters);
  REQUIRE(iss);
  REQUIRE(ack);
  smt::NumberForm f = smt::decode_form(*ack);
  CHECK_FALSE(f.constant);
  CHECK(f.draws == 2);
  CHECK(f.offset == 1);
  CHECK(smt::form_text(*iss, kShapeVars, counters) == "server.isn_clock - server.isn_step");
  CHECK(smt::form_text(*ack, kShapeVars, counters) == "server.isn_clock - 2 * server.isn_step + 1");
  CHECK(smt::form_of(0, s, counters) == 0);  // a zeroed field
  CHECK_FALSE(smt::form_of(50, s, counters));
  // A step of 1 and a clock at 0 make forms alias: such samples propose no shape.
  CHECK(smt::generic_sample(s, counters));
  CHECK_FALSE(smt::generic_sample(state(100, 1, 2), counters));
  CHECK_FALSE(smt::generic_sample(state(0, 37, 2), counters));
}

TEST_CASE("the shape candidate: skeleton and forms, the same in Z3 as on a state", "[shapes]") {
  const std::vector<smt::Candidate::Counter> counters = {{kClock, kStep, 256}};
  // The same shape from two generic starts, another shape (the ACK one draw behind), and a
  // sample from a step of 1 that proposes nothing.
  std::vector<std::vector<std::int64_t>> samples = {state(100, 37, 2), state(20, 91, 2),
                                                    state(100, 37, 1), state(100, 1, 3)};
  std::vector<smt::Candidate> cs =
      smt::propose_shape_candidates(kShapeVars, samples, counters, true);
  // The shape, then the step's parity (odd in every sample, the aliasing one included).
  REQUIRE(cs.size() == 2);
  CHECK(cs[1].kind == smt::Candidate::kResidue);
  CHECK(text(cs[1]) == "server.isn_step = 1 (mod 2)");
  CHECK(cs[1].holds(state(3, 201, 2)) == holds_in_z3(cs[1], state(3, 201, 2)));
  CHECK_FALSE(cs[1].holds(state(3, 200, 2)));
  CHECK_FALSE(holds_in_z3(cs[1], state(3, 200, 2)));
  const smt::Candidate& shape = cs[0];
  CHECK(shape.kind == smt::Candidate::kOneOf);
  CHECK(shape.shaped == std::vector<std::size_t>{kShapeIss, kAck});
  CHECK(shape.tuples.size() == 2);
  CHECK_THAT(text(shape), Catch::Contains("server.isn_clock - 2 * server.isn_step + 1"));
  for (const auto& s : {state(100, 37, 2), state(3, 201, 1), state(100, 37, 3), state(7, 5, 4)})
    CHECK(shape.holds(s) == holds_in_z3(shape, s));
  CHECK(shape.holds(state(3, 201, 2)));        // any start, any step
  CHECK_FALSE(shape.holds(state(3, 201, 3)));  // three draws behind: not seen
  // Houdini widens it by a state's own shape.
  CHECK(shape.weakened_by(state(3, 201, 3)).holds(state(100, 37, 3)));
}

// On the three-way handshake the counters are found by their steps alone: each side's ISN
// clock with its step, and nothing else (a TCB's numbers are set from the clock, not moved
// by the step).
TEST_CASE("the three-way handshake's counters are its two ISN clocks", "[shapes]") {
  auto all = synack::properties::bundled_scenarios();
  const auto* spec = synack::properties::find_scenario(all, "tcp/three-way-handshake")
                         .property("no-stale-connection");
  REQUIRE(spec != nullptr);
  auto model = synack::testing::build("tcp/three-way-handshake",
                                      synack::testing::smallest_32bit_handshake());
  z3::context ctx;
  smt::SystemEncoding enc(ctx, dynamic_cast<const synack::checker::System&>(*model), *spec);
  auto sample = smt::sample_reachable(enc, smt::SampleLimits{8, 20000}, smt::Deadline(0));
  REQUIRE(sample.states.size() == 240);
  std::vector<smt::SampledStep> steps;
  for (const auto& s : sample.states)
    for (auto& next : enc.explicit_successors(s)) steps.emplace_back(s, std::move(next));
  const auto& vars = enc.state_vars();
  auto counters = smt::find_counters(vars, steps);
  REQUIRE(counters.size() == 2);
  CHECK(vars[counters[0].clock].name == "client.isn_clock");
  CHECK(vars[counters[0].step].name == "client.isn_step");
  CHECK(vars[counters[1].clock].name == "server.isn_clock");
  CHECK(vars[counters[1].step].name == "server.isn_step");
  auto cs = smt::propose_shape_candidates(vars, sample.states, counters, true);
  REQUIRE(cs.size() == 3);  // the shapes, each step odd
  // Z3 picks the starts near the ends of the space (steps of 1, -1, -3, ...), where forms
  // alias: none of this sample's states proposes a shape, so on this configuration the
  // set is what Houdini widens it to. The one start with two large steps has a server
  // step of -1 (docs/z3-proofs.md, "Shape lemmas").
  std::size_t generic = 0;
  for (const auto& s : sample.states) generic += smt::generic_sample(s, counters) ? 1 : 0;
  CHECK(generic == 0);
  CHECK(cs[0].tuples.empty());
  CHECK(cs[0].shaped.size() > 10);
}
