// Replay's independent reference for channel and composition semantics
// (checker/replay_reference.hpp): a broken channel that the engines and replay's own
// composition both take is caught, and the bundled traces all agree with it.
#include <catch2/catch.hpp>

#include "checker/errors.hpp"
#include "checker/system.hpp"
#include "helpers.hpp"

using namespace synack;
using checker::ChannelFault;
using checker::Verdict;

namespace {

// The two-way handshake's stale-connection trace, through a channel broken by `fault`.
std::string failure_with(ChannelFault fault) {
  auto all = properties::bundled_scenarios();
  const auto& scenario = properties::find_scenario(all, "tcp/two-way-handshake");
  auto model = testing::build("tcp/two-way-handshake");
  auto* system = dynamic_cast<checker::System*>(model.get());
  REQUIRE(system != nullptr);
  system->inject_channel_fault_for_testing("c2s", fault);
  try {
    checker::check_properties(*model, scenario.properties, {});
  } catch (const InternalError& e) {
    return e.what();
  }
  return "no internal error";
}

}  // namespace

TEST_CASE("the replay reference catches a delivery that leaves its message behind") {
  CHECK(failure_with(ChannelFault::kRemoveKeepsMessage) ==
        "step 3 (c2s.deliver[0]): the reference channel and composition semantics disagree: "
        "channel c2s should hold [] with 0 duplications but the trace has "
        "[SYN seq=0 (code 1537)] with 0 duplications");
}

TEST_CASE("without a fault the two-way handshake's trace passes the reference") {
  auto c = testing::check("tcp/two-way-handshake");
  CHECK(c.result("no-stale-connection").verdict == Verdict::kViolated);
  CHECK(c.result("no-stale-connection").trace->steps.size() == 4);
}

TEST_CASE("the replay reference catches a channel that alters what it carries") {
  CHECK(failure_with(ChannelFault::kPushAltersMessage) ==
        "step 1 (client.connect): the reference channel and composition semantics disagree: "
        "channel c2s should hold [SYN seq=0 (code 1537)] with 0 duplications but the trace "
        "has [SYN seq=0 (code 1538)] with 0 duplications");
}
