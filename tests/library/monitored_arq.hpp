// The model the monitor tests put their spec monitors on: stop-and-wait ARQ (two messages,
// the sequence bit on), one lossy ordered channel each way of capacity 1 and `duplicates`
// copies; and the error a check stops with.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "checker/step_error.hpp"
#include "machines/arq/arq.hpp"
#include "synack/scenario.hpp"

namespace synack::testing {

inline ScenarioBuilder monitored_arq(std::string name, std::vector<MonitorSpec> monitors,
                                     int duplicates = 0) {
  return ScenarioBuilder(std::move(name), "")
      .channel_params(1, duplicates, true, true)
      .model([monitors](Composition& c) {
        machines::arq::Params p{2, true};
        auto sender = c.actor("sender", machines::arq::make_sender(p), {"send", "timeout"});
        auto receiver = c.actor("receiver", machines::arq::make_receiver(p));
        c.channel("s2r", sender, receiver, c.channel_policy());
        c.channel("r2s", receiver, sender, c.channel_policy());
        for (const MonitorSpec& m : monitors) c.monitor(m);
      });
}

// The message of the StepError `check` throws and the length of its run, or "(no error)"
// and 0.
template <class Check>
std::pair<std::string, std::size_t> step_failure(Check&& check) {
  try {
    check();
  } catch (const StepError& e) {
    return {e.what(), e.run.size()};
  }
  return {"(no error)", 0};
}

}  // namespace synack::testing
