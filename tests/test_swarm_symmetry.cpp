// A swarm over a symmetry-reduced model: members store representatives, and the trace
// reported is the real run they stand for, replayed through the real machines.
#include <catch2/catch.hpp>

#include "checker/swarm/swarm.hpp"
#include "checker/trace.hpp"
#include "symmetry_helpers.hpp"

using namespace synack::checker;

TEST_CASE("swarm with symmetry: the early coordinator's violation as a real run") {
  const synack::Scenario& s = symmetry_test::scenario("2pc/commit-early");
  std::vector<PropertySpec> props = symmetry_test::safety_properties(s);
  auto reduced = with_symmetry(symmetry_test::build(s, 3), s.symmetric, props);
  auto full = symmetry_test::build(s, 3);
  SwarmOptions o;
  o.members = 4;
  o.seed = 1;
  o.threads = 2;
  SwarmReport with = run_swarm(*reduced, props, o);
  SwarmReport without = run_swarm(*full, props, o);
  REQUIRE(with.results[0].verdict == Verdict::kViolated);
  REQUIRE(without.results[0].verdict == Verdict::kViolated);
  // The breadth-first shortest is 5 steps; every member here finishes its search.
  CHECK(with.results[0].trace->steps.size() == 5);
  CHECK(without.results[0].trace->steps.size() == 5);
  // The real run replays on the model without symmetry too.
  CHECK_NOTHROW(verify_by_replay(*full, *with.results[0].trace));
  CHECK(*with.union_states < *without.union_states);
}
