// A liveness run out of range through a step only the liveness graph has: a delivery the
// receiver discards (folded into a loss by the safety search). Both engines report the
// user's mistake, exit 2, with the same shortest run. Both were exit 4: the explicit
// engine's trace found no step for the discarding delivery (checker/trace.cpp), and
// following bmc's run refused it as a disagreement (it allowed it only in a lasso).
#include <string>
#include <utility>

#include <catch2/catch.hpp>

#include "checker/liveness.hpp"
#include "checker/smt/smt_check.hpp"
#include "checker/step_error.hpp"
#include "machines/arq/arq.hpp"
#include "synack/scenario.hpp"

TEST_CASE("liveness with Z3: a run out of range through a discarded delivery is exit 2") {
  // A stale acknowledgement the sender takes no row for changes neither its state nor its
  // next message: the monitor counts those deliveries, without a cap.
  synack::MonitorSpec stale{"stale",
                            {{"x", 1}},
                            {{"step.kind == deliver && step.actor == sender && "
                              "sender.state' == sender.state && sender.next' == sender.next",
                              {{"x", "stale.x + 1"}}}}};
  synack::Scenario s =
      synack::ScenarioBuilder("arq/stale-acks", "")
          .channel_params(1, 1, true, true)
          .model([&](synack::Composition& c) {
            synack::machines::arq::Params p{2, true};
            auto sender =
                c.actor("sender", synack::machines::arq::make_sender(p), {"send", "timeout"});
            auto receiver = c.actor("receiver", synack::machines::arq::make_receiver(p));
            c.channel("s2r", sender, receiver, c.channel_policy());
            c.channel("r2s", receiver, sender, c.channel_policy());
            c.monitor(stale);
          })
          .always_eventually("live", "true", {}, "")
          .build();
  auto model = s.build(s.defaults());
  auto failure = [&](auto&& check) {
    try {
      check();
    } catch (const synack::StepError& e) {
      return std::pair{std::string(e.what()), e.run.size()};
    }
    return std::pair{std::string("(no error)"), std::size_t{0}};
  };
  auto explicit_failure =
      failure([&] { synack::checker::check_liveness(*model, s.properties, {}); });
  synack::checker::smt::SmtLimits limits;
  limits.max_depth = 14;
  auto bmc_failure = failure([&] {
    synack::checker::smt::check_with_smt(*model, s.properties, synack::checker::smt::Engine::kBmc,
                                         limits);
  });
  CHECK(explicit_failure.first == "monitor stale: variable x = 2 outside its range 0..1");
  CHECK(explicit_failure.second == 12);  // the shortest: two stale acks, each through a step
  CHECK(bmc_failure.first == explicit_failure.first);
  CHECK(bmc_failure.second == explicit_failure.second);
}
