// A liveness run out of range through a step only the liveness graph has: a delivery the
// receiver discards (folded into a loss by the safety search). Both engines report the
// user's mistake, exit 2, with the same shortest run. Both were exit 4: the explicit
// engine's trace found no step for the discarding delivery (checker/trace.cpp), and
// following bmc's run refused it as a disagreement (it allowed it only in a lasso).
#include <catch2/catch.hpp>

#include "checker/liveness.hpp"
#include "checker/smt/smt_check.hpp"
#include "library/monitored_arq.hpp"

TEST_CASE("liveness with Z3: a run out of range through a discarded delivery is exit 2") {
  // A stale acknowledgement the sender takes no row for changes neither its state nor its
  // next message: the monitor counts those deliveries, without a cap.
  synack::MonitorSpec stale{"stale",
                            {{"x", 1}},
                            {{"step.kind == deliver && step.actor == sender && "
                              "sender.state' == sender.state && sender.next' == sender.next",
                              {{"x", "stale.x + 1"}}}}};
  synack::Scenario s = synack::testing::monitored_arq("arq/stale-acks", {stale}, 1)
                           .always_eventually("live", "true", {}, "")
                           .build();
  auto model = s.build(s.defaults());
  auto explicit_failure = synack::testing::step_failure(
      [&] { synack::checker::check_liveness(*model, s.properties, {}); });
  synack::checker::smt::SmtLimits limits;
  limits.max_depth = 14;
  auto bmc_failure = synack::testing::step_failure([&] {
    synack::checker::smt::check_with_smt(*model, s.properties, synack::checker::smt::Engine::kBmc,
                                         limits);
  });
  CHECK(explicit_failure.first == "monitor stale: variable x = 2 outside its range 0..1");
  CHECK(explicit_failure.second == 12);  // the shortest: two stale acks, each through a step
  CHECK(bmc_failure.first == explicit_failure.first);
  CHECK(bmc_failure.second == explicit_failure.second);
}
