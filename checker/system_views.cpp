// What a System says about itself and its states, without stepping: end states, the
// actors' control states, channel ends, the slots left open for the Z3 engines.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "checker/system.hpp"

namespace synack::checker {

bool System::numbers_messages_on_first_use() const {
  return std::any_of(actors_.begin(), actors_.end(),
                     [](const Actor& a) { return a.machine->codec().numbers_on_first_use(); });
}

// Every actor rests in a state its machine declares an end state. Messages still in
// flight do not matter: with no step enabled, nobody will ever receive them.
bool System::proper_end(const Value* state) const {
  return std::all_of(actors_.begin(), actors_.end(), [&](const Actor& a) {
    const auto& ends = a.machine->end_states();
    return std::find(ends.begin(), ends.end(), state[a.base]) != ends.end();
  });
}

std::string System::proper_end_text() const {
  std::string out;
  for (const Actor& a : actors_) {
    std::vector<std::string> names;
    for (Value v : a.machine->end_states()) names.push_back(a.machine->state_names()[v]);
    if (!out.empty()) out += ", ";
    out += names.empty() ? a.name + " nowhere (no end states declared)"
                         : fmt::format("{} in {}", a.name, fmt::join(names, " or "));
  }
  return out;
}

std::string System::summary(const Value* state) const {
  std::string out;
  for (const Actor& actor : actors_) {
    if (!out.empty()) out += ' ';
    out += actor.name + "=" + layout_.slot(actor.base).print(state[actor.base]);
  }
  return out;
}

std::vector<std::string> System::actor_names() const {
  std::vector<std::string> names;
  for (const Actor& a : actors_) names.push_back(a.name);
  return names;
}

std::vector<std::string> System::control_states(const Value* state) const {
  std::vector<std::string> states;
  for (const Actor& a : actors_) states.push_back(layout_.slot(a.base).print(state[a.base]));
  return states;
}

std::vector<Model::ChannelEnds> System::channel_ends() const {
  std::vector<ChannelEnds> ends;
  for (const Link& l : links_)
    ends.push_back({l.channel.name(), actors_[l.from].name, actors_[l.to].name});
  return ends;
}

std::vector<std::size_t> System::open_initial_slots() const {
  std::vector<std::size_t> out;
  for (const Actor& a : actors_) {
    const auto& vars = a.machine->variables();
    for (std::size_t j = 0; j < vars.size(); ++j)
      if (vars[j].initial != VariableSpec::Initial::kFixed) out.push_back(a.base + 1 + j);
  }
  return out;
}

bool System::may_start(const std::vector<Value>& state) const {
  std::vector<Value> initial = initial_state();
  if (state.size() != initial.size()) return false;
  for (std::size_t slot : open_initial_slots()) initial[slot] = state[slot];
  return state == initial;
}

}  // namespace synack::checker
