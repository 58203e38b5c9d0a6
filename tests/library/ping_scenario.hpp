// The library tests' scenario over the toy machine (tests/library/toy_machine.cpp): one
// caller `a` with a channel to each of `b[0]`, `b[1]` (its ports 0 and 1), and one back
// from each. Three actors, so that what holds for two (a chart's columns) is not taken
// for what holds for any number.
#pragma once

#include "library/toy_machine.hpp"
#include "synack/scenario.hpp"

namespace toy {

inline synack::ScenarioBuilder ping_array(Params caller = {2, 2, 0, true}) {
  return synack::ScenarioBuilder("toy/ping", "a caller and two callees")
      .param("b.count", 2, 1, 2, "callees")
      .channel_params(1, 0)
      .model([caller](synack::Composition& c) {
        auto a = c.actor("a", make_toy(caller), {"call"});
        // The callees number messages as the caller does: both ends of a channel must.
        auto b = c.actors("b", c.param("b.count"), [&](int) { return make_toy(caller); });
        c.channels("a_b", a, b, c.channel_policy());
        c.channels("b_a", b, a, c.channel_policy());
      });
}

}  // namespace toy
