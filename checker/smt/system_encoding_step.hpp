// One step of the System over a symbolic state (SystemEncoding::Step), written as
// System::apply_with is, with the channel operations of checker/channel.cpp on structured
// messages (system_encoding_explore.cpp) and the routing between the layers of a host, as
// System::route and System::pass do it (system_encoding_layers.cpp). Every `if` on a
// state-dependent value branches under Paths; a path either disables the group (apply
// returns false) or leaves the successor in `s`. Include only from those two files.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "checker/machine_code_error.hpp"
#include "checker/smt/symbolic_machine.hpp"
#include "checker/smt/system_encoding.hpp"

namespace synack::checker::smt {

class SystemEncoding::Step {
 public:
  Step(const SystemEncoding& enc, std::vector<SymInt> state) : e_(enc), s_(std::move(state)) {}

  const std::vector<SymInt>& state() const { return s_; }

  bool apply(std::size_t g);
  // After apply(g) of a clock tick: whether it changed nothing (a liveness-only step, which
  // the monitors do not observe, as in System::apply_with).
  bool idle() const { return idle_; }

 private:
  // ---- channels (system_encoding_explore.cpp) ----
  const ChannelVars& ch(std::size_t link) const { return e_.channels_[link]; }
  const ChannelPolicy& policy(std::size_t link) const {
    return e_.sys_.links_[link].channel.policy();
  }
  std::size_t slot(std::size_t link, int k) const {
    return ch(link).base + static_cast<std::size_t>(k) * ch(link).stride();
  }
  std::size_t age(std::size_t link, int k) const {
    return ch(link).ages + static_cast<std::size_t>(k);
  }
  bool timed(std::size_t link) const { return policy(link).msl > 0; }
  SymBool has(std::size_t link, int k) const { return s_[slot(link, k)] == 1; }

  void move(std::size_t link, int from, int to);
  void clear(std::size_t link, int k);
  bool deliverable(std::size_t link, int k) const;
  // Only when `when` holds does the message take a position.
  SymBool push(std::size_t link, const SymMessage& m, const SymBool& when = true);
  void remove(std::size_t link, int k);
  bool duplicate(std::size_t link, int k);
  bool tick();
  // The tick at a due timer: true (the timer taken out of range) when the scenario, not
  // the model, stops the clock there (System::blame_stopped_clock).
  bool stopped_clock();

  // ---- actors and the layers of a host (system_encoding_layers.cpp) ----
  const SymbolicMachine& machine(std::size_t actor) const {
    return *e_.sys_.actors_[actor].machine->symbolic();
  }
  // Runs `run`, a call of the actor's symbolic machine: what the user's code throws is
  // named with the actor, as System::fire names it for the explicit engine.
  template <class F>
  decltype(auto) as_actor(std::size_t actor, F&& run) const {
    try {
      return run();
    } catch (const MachineCodeError& e) {
      throw e.for_actor(e_.sys_.actors_[actor].name);
    }
  }
  std::vector<SymInt> local(std::size_t actor) const;
  bool env(std::size_t actor, std::size_t event);
  bool deliver(std::size_t link, int k);
  bool take(std::size_t actor, const SymFiring& f);
  // A message an actor emitted, and the condition under which it did.
  using Sent = std::pair<SymBool, SymMessage>;
  bool route(std::size_t actor, const std::vector<Sent>& sent);
  bool pass(std::size_t actor, const SymMessage& message, const SymBool& when);
  bool hand_up(std::size_t upper, const SymInt& messages, const SymBool& when);
  bool send(std::size_t actor, const SymMessage& m, const SymBool& when);
  SymMessage write_of(std::size_t upper, const SymMessage& m) const;
  SymMessage upper_message(std::size_t upper, Value message) const;

  const SystemEncoding& e_;
  std::vector<SymInt> s_;
  bool idle_ = false;
};

}  // namespace synack::checker::smt
