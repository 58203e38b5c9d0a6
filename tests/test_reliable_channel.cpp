// A reliable channel neither loses a message nor drops one when full: a full channel blocks
// its sender instead. A counter sending each count to a sink over a reliable FIFO channel
// of three can never be more than three ahead of what the sink last received.
#include <catch2/catch.hpp>

#include <string>

#include "checker/check.hpp"
#include "checker/result.hpp"
#include "library/overflow_machine.hpp"

namespace {

using synack::checker::Verdict;

synack::Scenario counting_channel(bool lossy) {
  overflow::Params p{5, 5, 5};
  return synack::ScenarioBuilder("overflow/reliable", "a counter and a sink")
      .channel_params(3, 0, lossy, true)
      .model([p](synack::Composition& c) {
        auto counter = c.actor("counter", overflow::make_counter(p), {"tick"});
        auto sink = c.actor("sink", overflow::make_sink(p));
        c.channel("c2s", counter, sink, c.channel_policy());
      })
      .always("at-most-three-ahead", "counter.count <= sink.got + 3", "a full channel blocks");
}

synack::checker::Result check_channel(const synack::Scenario& s) {
  auto model = s.build(s.defaults());
  return synack::checker::check_properties(*model, s.properties, {}).at(0);
}

}  // namespace

TEST_CASE("reliable channel: a full one blocks the sender and none is lost") {
  auto r = check_channel(counting_channel(false));
  CHECK(r.verdict == Verdict::kHolds);
  CHECK(r.states == 18);
}

TEST_CASE("reliable channel: the same counter over a lossy channel gets ahead") {
  // Three ticks fill the channel; the fourth count is lost to the full channel: count 4
  // while the sink still holds 0.
  auto r = check_channel(counting_channel(true));
  CHECK(r.verdict == Verdict::kViolated);
  REQUIRE(r.trace.has_value());
  CHECK(r.trace->steps.size() == 4);
  CHECK(r.trace->steps.back().info.sent.at(0) == "value=4 (lost: channel full)");
}
