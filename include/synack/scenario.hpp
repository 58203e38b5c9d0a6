// synack's public API for declaring scenarios: which actors run which machines, the
// channels between them and their policies, the parameters a user may --set, and the
// properties claimed with the verdicts expected. Reads like the protocol's story:
//
//   synack::Scenario two_phase_commit() {
//     return synack::ScenarioBuilder("2pc/commit", "a coordinator and rm.count participants")
//         .param("rm.count", 3, 1, 6, "resource managers")
//         .channel_params(/*capacity=*/2, /*duplicates=*/0)
//         .model([](synack::Composition& c) {
//           int n = c.param("rm.count");
//           auto tm = c.actor("tm", make_tm({n}), {"commit", "abort"});
//           auto rm = c.actors("rm", n, [&](int i) { return make_rm({n, i}); }, {"prepare"});
//           c.channels("tm_rm", tm, rm, c.channel_policy());  // tm's ports 0..n-1
//           c.channels("rm_tm", rm, tm, c.channel_policy());
//         })
//         .always("consistent",
//                 "forall r in rm: forall s in rm: !(r.state == COMMITTED && s.state == ABORTED)",
//                 "no participant commits while another aborts");
//   }
//
// Everything here is checked when the scenario is built or first run: a misspelt event
// or parameter, a duplicate actor or channel, a property over an unknown slot each give
// one line naming it (exit 2 from the CLI), never a crash.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "checker/channel.hpp"
#include "checker/machine.hpp"
#include "checker/monitor.hpp"
#include "checker/property.hpp"
#include "properties/scenario.hpp"

namespace synack {

namespace checker {
class System;
}

using Machine = checker::MachineType;
using MachineFactory = std::function<std::shared_ptr<const Machine>()>;
using checker::ChannelPolicy;
using checker::MonitorSpec;
using checker::PropertyKind;
using checker::PropertySpec;
using checker::Verdict;
using properties::Mechanism;
using properties::ParamSpec;
using properties::ParamValues;
using properties::Scenario;

inline constexpr Verdict holds = Verdict::kHolds;
inline constexpr Verdict violated = Verdict::kViolated;

// An actor of the composition, or an array of identical ones (`rm[0]`, `rm[1]`, ...).
struct Actor {
  std::size_t index = 0;
};
struct ActorArray {
  std::string name;
  std::vector<Actor> members;
};

// What a scenario's model function builds on: actors, channels, layers. The builder
// finalizes it afterwards (there is nothing to forget).
class Composition {
 public:
  Composition(checker::System& system, const ParamValues& values);

  // A parameter's value, as --set or its default made it.
  int param(std::string_view key) const;
  // The policy the standard channel parameters describe (ScenarioBuilder::channel_params).
  ChannelPolicy channel_policy() const;

  // `env_events`: the application calls and timers the environment offers this actor.
  Actor actor(std::string name, std::shared_ptr<const Machine> machine,
              const std::vector<std::string>& env_events = {});
  // `count` actors named NAME[0] .. NAME[count-1], the i-th running make(i). Properties
  // quantify over them: `forall r in NAME: r.state != ABORTED`.
  ActorArray actors(std::string name, int count,
                    const std::function<std::shared_ptr<const Machine>(int)>& make,
                    const std::vector<std::string>& env_events = {});

  // A channel from one actor to another; it is `from`'s next port (0, 1, ...).
  void channel(std::string name, Actor from, Actor to, ChannelPolicy policy);
  // One channel per member, NAME[i]: from one actor to each member (its ports 0..n-1 in
  // member order), or from each member to one actor.
  void channels(const std::string& name, Actor from, const ActorArray& to, ChannelPolicy policy);
  void channels(const std::string& name, const ActorArray& from, Actor to, ChannelPolicy policy);
  // Two layers on one host: what `upper` sends is written into `lower` (TLS over TCP).
  void stack(Actor upper, Actor lower);
  // A spec monitor: variables of its own (slots MONITOR.VAR) set by rules over each step,
  // `x` before it and `x'` after it, so that properties about history need no ghost in a
  // protocol machine. checker/monitor.hpp has the semantics.
  void monitor(MonitorSpec spec);

 private:
  checker::System& system_;
  const ParamValues& values_;
};

class ScenarioBuilder {
 public:
  ScenarioBuilder(std::string name, std::string description);

  // An integer parameter, min..max, that `--set KEY=VALUE` changes.
  ScenarioBuilder& param(std::string key, int default_value, int min, int max,
                         std::string description);
  // A true/false parameter.
  ScenarioBuilder& flag(std::string key, bool default_value, std::string description);
  // channel.capacity, channel.duplicates, channel.lossy, channel.ordered, read back by
  // Composition::channel_policy().
  ScenarioBuilder& channel_params(int capacity = 2, int duplicates = 1, bool lossy = true,
                                  bool ordered = false);
  ScenarioBuilder& model(std::function<void(Composition&)> build);

  ScenarioBuilder& always(std::string name, std::string expression, std::string description,
                          Verdict expected = holds);
  ScenarioBuilder& sometimes(std::string name, std::string expression, std::string description,
                             Verdict expected = holds);
  // `end_states`: an expression for the proper end states, or empty for the ends the
  // machines declare.
  ScenarioBuilder& deadlock_free(std::string name, std::string end_states, std::string description,
                                 Verdict expected = holds);
  ScenarioBuilder& eventually(std::string name, std::string expression,
                              std::vector<std::string> fairness, std::string description,
                              Verdict expected = holds);
  ScenarioBuilder& leads_to(std::string name, std::string premise, std::string consequence,
                            std::vector<std::string> fairness, std::string description,
                            Verdict expected = holds);
  ScenarioBuilder& always_eventually(std::string name, std::string expression,
                                     std::vector<std::string> fairness, std::string description,
                                     Verdict expected = holds);
  // Declares the members of actor array `array` interchangeable: `check --symmetry` then
  // stores one state per class of states that differ only by a renaming of its members
  // (checker/symmetry/), after checking the machines, channels and properties allow it.
  ScenarioBuilder& symmetric(std::string array);
  // A mechanism `synack explain` may switch off: the KEY=VALUE settings that remove it.
  ScenarioBuilder& mechanism(std::string name, std::string description,
                             std::vector<std::string> disable);

  // The scenario. A declaration that is wrong (no model, a name used twice, a default
  // outside its range) does not throw here, where nothing could report it: the
  // scenario carries the error (Scenario::error), run_cli refuses it with that one line
  // (exit 2), and building its model throws it. validate() throws it at once.
  Scenario build() const;
  operator Scenario() const { return build(); }  // NOLINT: a builder reads as its result
  void validate() const;

 private:
  Scenario scenario_;
  std::function<void(Composition&)> model_;
};

}  // namespace synack
