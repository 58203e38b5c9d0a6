// Replay's test, at the step it diverged at, for a user's machine that keeps state outside
// its Vars (System::replay, checker/machine_code_error.hpp). Apart from system.cpp, whose
// steps the engines run: code added there changed what GCC inlines into them (callgrind).
#include <algorithm>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/machine_code_error.hpp"
#include "checker/system_execs.hpp"

namespace synack::checker {

// A step the real machines did not take as the engines did is synack's bug, unless a newly
// made machine, in the same control state and Vars, takes it as the engines did: then the
// machine that took the steps before kept something outside its Vars that changed what it
// does (the engines' interpreter makes a new machine for every step).
void System::blame_state_outside_vars(const std::vector<std::size_t>& groups,
                                      const std::vector<std::vector<Value>>& states,
                                      std::size_t step) const {
  ReplayExec exec{*this, {}, {}, {}};
  exec.fresh_at = step;
  std::size_t failed = groups.size();
  if (replay_steps(exec, groups, states, step + 1, failed) || !exec.suspect) return;
  const Actor& actor = actors_[*exec.suspect];
  const std::string& machine = actor.machine->machine_name();
  throw StateOutsideVars(
      machine, actor.name,
      fmt::format("keeps state outside its declared Vars: at step {} ({}), in state {}, the real "
                  "machine that took the run's earlier steps {}, while a newly made one in the "
                  "same state takes it as the engines did; declare every data member its guards "
                  "and actions read or write in Vars (with its bound in var_bounds)",
                  step + 1, groups_.at(groups[step]).name,
                  local_text(*actor.machine, states[step].data() + actor.base),
                  exec.suspect_fired ? "takes this step otherwise" : "does not take this step"),
      step);
}

Firing ReplayExec::take_fresh(std::size_t a, bool env, Value input, Outbox& out) {
  auto fire = [&](MachineRunner& r, Outbox& o) {
    return env ? r.fire_env(static_cast<std::size_t>(input), o) : r.fire_message(input, o);
  };
  std::unique_ptr<MachineRunner> fresh = runners[a]->fresh_copy();
  if (!fresh) {
    no_fresh_copy = true;
    return fire(*runners[a], out);
  }
  // The run goes on with the fresh copy's result; the machine that took the run's earlier
  // steps takes the input too, to see whether it does otherwise.
  const Firing now = fire(*fresh, out);
  const std::size_t n = sys.actors_[a].machine->local_size();
  std::vector<Value> after(n), fresh_after(n);
  fresh->read_local(fresh_after.data());
  Outbox kept;
  bool same = false, fired = false;
  try {
    const Firing old = fire(*runners[a], kept);
    runners[a]->read_local(after.data());
    fired = old.fired;
    same =
        old.fired == now.fired && after == fresh_after && kept.count == out.count &&
        std::equal(out.messages.begin(), out.messages.begin() + out.count, kept.messages.begin());
  } catch (const InputError&) {  // the old machine threw where the fresh one did not
  }
  if (!same && !suspect) {
    suspect = a;
    suspect_fired = fired;
  }
  runners[a] = std::move(fresh);
  return now;
}

}  // namespace synack::checker
