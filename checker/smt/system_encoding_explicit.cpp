// Following a Z3 path through the explicit model: the engines see only the kept variables,
// so a path is checked, not translated. A channel position is matched on its kept fields
// and age; channels compare as multisets (the explicit engine keeps unordered ones sorted).
#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "checker/smt/symbolic_machine.hpp"
#include "checker/smt/system_encoding.hpp"

namespace synack::checker::smt {

std::vector<std::int64_t> SystemEncoding::project(const std::vector<Value>& ex) const {
  std::vector<std::int64_t> full(all_vars_.size(), 0);
  for (std::size_t a = 0; a < sys_.actors_.size(); ++a)
    for (std::size_t i = 0; i < sys_.actors_[a].machine->local_size(); ++i)
      full[actor_base_[a] + i] = ex[sys_.actors_[a].base + i];
  for (const ChannelVars& cv : channels_) {
    const System::Link& link = sys_.links_[cv.link];
    const ChannelPolicy& p = link.channel.policy();
    const SymbolicMachine& sender = *sys_.actors_[link.from].machine->symbolic();
    for (int k = 0; k < p.capacity; ++k) {
      if (!link.channel.has(ex.data(), k)) continue;
      std::size_t at = cv.base + static_cast<std::size_t>(k) * cv.stride();
      full[at] = 1;
      std::vector<std::int64_t> fields = sender.fields_of(link.channel.message(ex.data(), k));
      std::copy(fields.begin(), fields.end(), full.begin() + static_cast<std::ptrdiff_t>(at + 1));
      if (p.msl > 0)
        full[cv.ages + static_cast<std::size_t>(k)] =
            ex[link.channel.age_base() + static_cast<std::size_t>(k)];
    }
    if (p.max_duplicates > 0) full[cv.dups] = ex[link.channel.dups_slot()];
  }
  for (std::size_t m = 0; m < sys_.monitors_.size(); ++m)
    for (std::size_t i = 0; i < sys_.monitors_[m].spec().vars.size(); ++i)
      full[monitor_base_[m] + i] = ex[sys_.monitors_[m].base() + i];
  return full;
}

// Position k of a channel as the kept variables see it: presence, fields, age.
std::vector<std::int64_t> SystemEncoding::position(const ChannelVars& cv, int k,
                                                   const std::vector<std::int64_t>& state,
                                                   bool full) const {
  std::vector<std::size_t> vars;
  std::size_t at = cv.base + static_cast<std::size_t>(k) * cv.stride();
  for (std::size_t f = 0; f < cv.stride(); ++f) vars.push_back(at + f);
  if (sys_.links_[cv.link].channel.timed()) vars.push_back(cv.ages + static_cast<std::size_t>(k));
  std::vector<std::int64_t> out;
  for (std::size_t v : vars) {
    if (!reduction_.kept[v]) continue;
    if (full) {
      out.push_back(state[v]);
    } else {
      auto it = std::find(kept_.begin(), kept_.end(), v);
      out.push_back(state[static_cast<std::size_t>(it - kept_.begin())]);
    }
  }
  return out;
}

bool SystemEncoding::agrees(const std::vector<std::int64_t>& state,
                            const std::vector<Value>& ex) const {
  std::vector<std::int64_t> full = project(ex);
  std::vector<bool> in_channel(all_vars_.size(), false);
  for (const ChannelVars& cv : channels_) {
    // A channel is a multiset here, however each side orders it.
    std::vector<std::vector<std::int64_t>> mine, theirs;
    int cap = sys_.links_[cv.link].channel.policy().capacity;
    for (int k = 0; k < cap; ++k) {
      mine.push_back(position(cv, k, state, false));
      theirs.push_back(position(cv, k, full, true));
    }
    std::sort(mine.begin(), mine.end());
    std::sort(theirs.begin(), theirs.end());
    if (mine != theirs) return false;
    for (std::size_t v = cv.base; v < cv.dups; ++v) in_channel[v] = true;
  }
  for (std::size_t i = 0; i < kept_.size(); ++i)
    if (!in_channel[kept_[i]] && state[i] != full[kept_[i]]) return false;
  return true;
}

std::vector<Value> SystemEncoding::explicit_initial(const std::vector<std::int64_t>& state) const {
  std::vector<Value> out = sys_.initial_state();
  for (std::size_t a = 0; a < sys_.actors_.size(); ++a)
    for (std::size_t i = 0; i < sys_.actors_[a].machine->local_size(); ++i) {
      std::size_t v = actor_base_[a] + i;
      if (choice_[v] == VariableSpec::Initial::kFixed || !reduction_.kept[v]) continue;
      auto at = std::find(kept_.begin(), kept_.end(), v) - kept_.begin();
      out[sys_.actors_[a].base + i] = static_cast<Value>(state[static_cast<std::size_t>(at)]);
    }
  return out;
}

std::vector<std::int64_t> SystemEncoding::kept_values(const std::vector<Value>& ex) const {
  std::vector<std::int64_t> full = project(ex);
  std::vector<std::int64_t> out;
  out.reserve(kept_.size());
  for (std::size_t v : kept_) out.push_back(full[v]);
  return out;
}

std::string SystemEncoding::print(const std::vector<std::int64_t>& state) const {
  std::string out;
  for (std::size_t i = 0; i < kept_.size(); ++i)
    out += fmt::format("{}{}={}", i == 0 ? "" : " ", state_vars_[i].name, state[i]);
  return out;
}

std::optional<std::size_t> SystemEncoding::explicit_group(std::size_t group,
                                                          const std::vector<std::int64_t>& state,
                                                          const std::vector<Value>& from) const {
  const System::Group& g = sys_.groups_.at(group);
  if (g.kind == System::Group::kEnv || g.kind == System::Group::kTick) return group;
  // The message at position k of this encoding's channel sits, in the explicit channel
  // (sorted, when unordered), at some position holding a message that agrees on every
  // kept field and age: the first such.
  const ChannelVars& cv = channels_[g.owner];
  std::vector<std::int64_t> wanted = position(cv, static_cast<int>(g.index), state, false);
  std::vector<std::int64_t> full = project(from);
  for (int k = 0; k < sys_.links_[g.owner].channel.policy().capacity; ++k) {
    if (position(cv, k, full, true) != wanted) continue;
    for (std::size_t i = 0; i < sys_.groups_.size(); ++i) {
      const System::Group& h = sys_.groups_[i];
      if (h.kind == g.kind && h.owner == g.owner && h.index == static_cast<std::size_t>(k))
        return i;
    }
  }
  return std::nullopt;
}

}  // namespace synack::checker::smt
