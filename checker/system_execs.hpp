// The executors System's steps run with (system.cpp, apply_with): the engines' interpreter,
// the same counting coverage rows, and replay through the real machines. Included by
// system.cpp only.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/replay_reference.hpp"
#include "checker/system.hpp"

namespace synack::checker {

// The engine's executor: each actor's stateless interpreter, through this thread's
// cache of machine steps (checker/firing_cache.hpp).
struct InterpreterExec {
  // Its machine steps go through this thread's cache (System::fire), so the monitors'
  // writes may be remembered beside them (System::observe_remembered).
  static constexpr bool kCached = true;
  const System& sys;
  Firing env(std::size_t a, std::size_t event, const Value* local, Value* next,
             SentMessages& sent) {
    return sys.fire(a, true, static_cast<Value>(event), local, next, sent);
  }
  Firing message(std::size_t a, Value msg, const Value* local, Value* next, SentMessages& sent) {
    return sys.fire(a, false, msg, local, next, sent);
  }
  bool tick(std::size_t, const Value*) { return true; }
  bool after_tick(std::size_t, const Value*) { return true; }
};

// The interpreter, counting each row that fires (coverage): `add` is 1, or 2^64 - 1 to
// take back the count of a step that turned out not to be enabled.
struct CountingExec {
  static constexpr bool kCached = true;
  const System& sys;
  std::uint64_t* counts;
  std::uint64_t add;
  bool noted = false;
  Firing note(std::size_t a, Firing f) {
    if (f.fired && f.row >= 0) {
      counts[sys.actors_[a].first_row + f.row] += add;
      noted = true;
    }
    return f;
  }
  Firing env(std::size_t a, std::size_t event, const Value* local, Value* next,
             SentMessages& sent) {
    return note(a, sys.fire(a, true, static_cast<Value>(event), local, next, sent));
  }
  Firing message(std::size_t a, Value msg, const Value* local, Value* next, SentMessages& sent) {
    return note(a, sys.fire(a, false, msg, local, next, sent));
  }
  bool tick(std::size_t, const Value*) { return true; }
  bool after_tick(std::size_t, const Value*) { return true; }
};

// The replay executor: the real machines, each keeping its own state. Before each input
// it checks that the machine is where the trace says it is.
struct ReplayExec {
  static constexpr bool kCached = false;
  const System& sys;
  std::vector<std::unique_ptr<MachineRunner>> runners;
  std::string divergence;
  // Every input the machines took in the current step, for the reference (replay_reference).
  std::vector<ObservedInput> observed;
  // At step fresh_at, every input is also taken by a fresh copy of its machine
  // (MachineRunner::fresh_copy), whose result the run goes on with: `suspect` is the first
  // actor whose own machine took it otherwise, and whether that machine fired.
  std::size_t step = 0;
  std::size_t fresh_at = static_cast<std::size_t>(-1);
  std::optional<std::size_t> suspect = std::nullopt;
  bool suspect_fired = false;
  bool no_fresh_copy = false;

  // Actor a's real machine takes an input (at step fresh_at, a fresh copy too).
  Firing take(std::size_t a, bool env, Value input, Outbox& out) {
    if (step == fresh_at) return take_fresh(a, env, input, out);
    return env ? runners[a]->fire_env(static_cast<std::size_t>(input), out)
               : runners[a]->fire_message(input, out);
  }
  // Out of line (replay_fresh.cpp): this header's code is inlined into the engines' steps.
  Firing take_fresh(std::size_t a, bool env, Value input, Outbox& out);

  bool agrees(std::size_t a, const Value* local) {
    std::vector<Value> actual(sys.actors_[a].machine->local_size());
    runners[a]->read_local(actual.data());
    if (std::equal(actual.begin(), actual.end(), local)) return true;
    divergence = fmt::format("{} is in {} but the trace has {}", sys.actors_[a].name,
                             sys.actors_[a].machine->state_names()[actual[0]],
                             sys.actors_[a].machine->state_names()[local[0]]);
    return false;
  }
  Firing finish(std::size_t a, bool env, Value input, Firing f, Value* next, const Outbox& out,
                SentMessages& sent) {
    if (f.fired) runners[a]->read_local(next);
    observed.push_back(
        {a, env, input, f.fired,
         std::vector<Value>(out.messages.begin(), out.messages.begin() + out.count)});
    sent.count = out.count;
    std::copy(out.messages.begin(), out.messages.begin() + out.count, sent.messages.begin());
    return f;
  }
  Firing env(std::size_t a, std::size_t event, const Value* local, Value* next,
             SentMessages& sent) {
    if (!agrees(a, local)) return {};
    Outbox out;
    Firing f = take(a, true, static_cast<Value>(event), out);
    return finish(a, true, static_cast<Value>(event), f, next, out, sent);
  }
  Firing message(std::size_t a, Value msg, const Value* local, Value* next, SentMessages& sent) {
    if (!agrees(a, local)) return {};
    Outbox out;
    Firing f = take(a, false, msg, out);
    return finish(a, false, msg, f, next, out, sent);
  }
  // The real machine's timers count down too; the caller compares the result.
  bool tick(std::size_t a, const Value* local) {
    if (!agrees(a, local)) return false;
    runners[a]->advance_clock();
    return true;
  }
  // The real machine's timers after the tick must be the ones the trace has.
  bool after_tick(std::size_t a, const Value* local) { return agrees(a, local); }
};

}  // namespace synack::checker
