// A command line over one scenario whose machine leaves its declared bounds on a
// reachable state (library/overflow_machine.hpp): the error every engine reports, with
// the run to it, is what tests/distributed_same_json.sh compares across MPI ranks.
#include "library/overflow_machine.hpp"
#include "synack/cli.hpp"
#include "synack/scenario.hpp"

int main(int argc, char** argv) {
  // count reaches 3 in three ticks; var_bounds says 0..2.
  overflow::Params p{5, 2, 5};
  synack::Scenario counting =
      synack::ScenarioBuilder("overflow/count", "a counter and a sink")
          .channel_params(3, 0, false, true)
          .model([p](synack::Composition& c) {
            auto counter = c.actor("counter", overflow::make_counter(p), {"tick"});
            auto sink = c.actor("sink", overflow::make_sink(p));
            c.channel("c2s", counter, sink, c.channel_policy());
          })
          .always("p", "counter.count != 4", "never reached: the machine throws first");
  return synack::run_cli(argc, argv, {counting});
}
