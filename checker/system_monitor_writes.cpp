// The spec monitors' writes remembered beside the machine steps in the cache of machine
// steps (docs/architecture.md, "The cache of machine steps"): which groups qualify, and
// the step's monitors answered from the cache entry.
#include <cstdint>

#include "checker/firing_cache.hpp"
#include "checker/system.hpp"

namespace synack::checker {

// Whether the monitors' writes in group g's steps depend on nothing but the actor's step
// (Group::monitor_writes_remembered): then the cache of machine steps, keyed on that
// actor's local state and input, can keep them beside the step, and a recalled step
// skips the monitors (tcp/congestion: 11% of a search's instructions, callgrind).
void System::plan_monitor_writes(std::size_t g) {
  Group& group = groups_[g];
  group.monitor_writes_remembered = false;
  if (group.kind != Group::kEnv && group.kind != Group::kDeliver) return;
  const Actor& actor = actors_[group.kind == Group::kEnv ? group.owner : links_[group.owner].to];
  if (actor.upper || actor.lower) return;  // a step of several firings
  std::size_t vars = 0;
  for (const Monitor& m : monitors_) {
    if (!m.watches(g)) continue;
    if (!m.reads_only(g, actor.base, actor.base + actor.local_size)) return;
    vars += m.var_count();
  }
  group.monitor_writes_remembered = vars > 0 && vars <= FiringCache::kMaxObserved;
}

// Relies on nothing using this thread's cache between the group's one firing and here:
// plan_monitor_writes leaves out actors on a layer (whose route passes messages to the
// other layer's machine), and route only pushes onto channels for the others.
bool System::observe_remembered(std::size_t g, const Value* from, Value* to) const {
  FiringCache::Observed* observed = FiringCache::of(cache_owner_, max_local_).last_observed();
  if (!observed) return false;
  // The step copied the monitors' variables from `from`; a remembered write replaces one.
  if (observed->group == g) {
    for (std::uint32_t k = 0; k < observed->count; ++k) to[observed->slot[k]] = observed->value[k];
    return true;
  }
  const Monitor::StepId id = monitors_read_messages_ ? step_id(g, from) : group_steps_[g];
  Value assigned[FiringCache::kMaxObserved];
  std::uint32_t count = 0;
  FiringCache::Observed written;
  for (const Monitor& m : monitors_) {
    if (!m.watches(g)) continue;
    m.observe_assigning(g, from, to, id, assigned);
    for (std::size_t i = 0; i < m.var_count(); ++i)
      if (assigned[i] >= 0) {
        written.slot[count] = static_cast<std::uint32_t>(m.base() + i);
        written.value[count++] = assigned[i];
      }
  }
  written.group = static_cast<std::uint32_t>(g);
  written.count = count;
  *observed = written;
  return true;
}

}  // namespace synack::checker
