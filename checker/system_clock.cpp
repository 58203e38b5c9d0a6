// A clock stopped by the scenario rather than by the model: a due timer whose expiry the
// actor's machine would take, but through a timer event the scenario does not offer it.
// The tick waits for a due timer to fire (System::apply_tick), so time would never pass
// again in that run, and every state beyond would go unexplored without a word: a
// violated property could read `holds`. Out of line, off the path of every tick: it runs
// only when a due timer stops one, and only in a scenario that leaves a timer event out.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/system.hpp"

namespace synack::checker {

namespace {

std::string quoted(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "\"" : ", \"") + n + "\"";
  return out;
}

}  // namespace

std::vector<std::size_t> System::timer_events(std::size_t a, bool offered) const {
  const Actor& actor = actors_.at(a);
  const std::vector<EventSpec>& events = actor.machine->env_events();
  std::vector<std::size_t> out;
  for (std::size_t e = 0; e < events.size(); ++e)
    if (events[e].timer && (std::find(actor.env_events.begin(), actor.env_events.end(), e) !=
                            actor.env_events.end()) == offered)
      out.push_back(e);
  return out;
}

void System::blame_stopped_clock(const Value* from) const {
  for (std::size_t i = 0; i < actors_.size(); ++i) {
    const Actor& a = actors_[i];
    const std::vector<std::size_t> unoffered = timer_events(i, false);
    if (a.timers.empty() || unoffered.empty()) continue;
    const std::vector<std::size_t> offered = timer_events(i, true);
    std::vector<Value> next(a.local_size);
    auto fires = [&](std::size_t event) {
      SentMessages sent;
      return fire(i, true, static_cast<Value>(event), from + a.base, next.data(), sent).fired;
    };
    for (std::size_t t : a.timers) {
      if (from[t] != 1) continue;
      // One due timer is enough to stop the clock: the actor's own events decide.
      if (std::any_of(offered.begin(), offered.end(), fires)) break;
      std::vector<std::string> wanted;
      for (std::size_t e : unoffered)
        if (fires(e)) wanted.push_back(a.machine->env_events()[e].name);
      if (wanted.empty()) break;  // no expiry of its machine takes it here: the model's own
      const MachineType& m = *a.machine;
      const std::string& timer = m.variables()[t - a.base - 1].name;
      const std::string who =
          a.name == m.machine_name() ? a.name : a.name + " (machine " + m.machine_name() + ")";
      const bool one = wanted.size() == 1;
      throw InputError(fmt::format(
          "{}: timer {} is due and the machine would take its timer event{} {} here, but the "
          "scenario does not offer {} to {}: time cannot pass a due timer, so it would stop "
          "for good and every state beyond would go unexplored; offer {} in {}'s environment "
          "events, or do not arm {}",
          who, timer, one ? "" : "s", quoted(wanted), one ? "it" : "them", a.name, quoted(wanted),
          a.name, timer));
    }
  }
}

}  // namespace synack::checker
