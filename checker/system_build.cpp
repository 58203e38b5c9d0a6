// Building a composition: actors, channels (an actor's ports), layers, monitors, and the
// layout and transition groups finalize derives from them. Every mistake in a user's
// composition is an InputError naming it. The steps themselves are in system.cpp.
#include <algorithm>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/firing_cache.hpp"
#include "checker/machine_code_error.hpp"
#include "checker/system.hpp"

namespace synack::checker {

std::size_t System::add_actor(std::string name, std::shared_ptr<const MachineType> machine,
                              const std::vector<std::string>& env_events) {
  if (finalized_) throw InputError("actor " + name + " added after the model was finalized");
  if (!machine) throw InputError("actor " + name + " has no machine");
  for (const Actor& a : actors_)
    if (a.name == name) throw InputError("two actors are named " + name);
  Actor actor{std::move(name), std::move(machine), {},    0,     {},
              std::nullopt,    std::nullopt,       false, false, {}};
  const auto& known = actor.machine->env_events();
  // By name, not by a search per event (with the one in name_steps, building a learned model
  // of 100,000 inputs took 55 s).
  std::unordered_map<std::string_view, std::size_t> index;
  for (std::size_t e = known.size(); e-- > 0;) index[known[e].name] = e;  // the first wins
  for (const std::string& wanted : env_events) {
    auto it = index.find(wanted);
    if (it == index.end()) {
      std::vector<std::string> names;
      for (const EventSpec& e : known) names.push_back(e.name);
      throw InputError(fmt::format(
          "actor {}: machine {} has no environment event '{}'; its environment events: {}",
          actor.name, actor.machine->machine_name(), wanted,
          names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", "))));
    }
    actor.env_events.push_back(it->second);
  }
  actors_.push_back(std::move(actor));
  return actors_.size() - 1;
}

void System::add_channel(std::string name, std::size_t from, std::size_t to, ChannelPolicy policy) {
  if (finalized_) throw InputError("channel " + name + " added after the model was finalized");
  if (from >= actors_.size() || to >= actors_.size())
    throw InputError("channel " + name + " joins an actor that was never added");
  for (const Link& l : links_)
    if (l.channel.name() == name) throw InputError("two channels are named " + name);
  if (policy.capacity < 1) throw InputError("channel " + name + " has no capacity (at least 1)");
  actors_[from].outgoing.push_back(links_.size());
  links_.push_back({Channel(std::move(name), policy, 0), from, to});
}

void System::add_monitor(MonitorSpec spec) {
  if (finalized_) throw InputError("monitor " + spec.name + " added after the model was finalized");
  for (const Monitor& m : monitors_)
    if (m.spec().name == spec.name) throw InputError("two monitors are named " + spec.name);
  monitors_.emplace_back(std::move(spec));
}

void System::stack(std::size_t upper, std::size_t lower) {
  Actor& up = actors_.at(upper);
  Actor& low = actors_.at(lower);
  if (upper == lower || up.lower || up.upper || low.upper || low.lower)
    throw InputError("actors " + up.name + " and " + low.name +
                     " cannot be stacked (each host has at most two layers, stacked once)");
  if (!low.machine->codec().write_of(0))
    throw InputError(low.name + " carries no upper layer (its codec has no socket)");
  up.lower = lower;
  low.upper = upper;
}

void System::finalize() {
  if (finalized_) throw InputError("the model was finalized twice");
  if (actors_.empty()) throw InputError("the model has no actors");
  finalized_ = true;
  cache_owner_ = FiringCache::new_owner();
  check_window_ = std::make_shared<FiringCache::CheckWindow>(FiringCache::kDeterminismChecks);
  for (Actor& actor : actors_) {
    const MachineType& m = *actor.machine;
    if (actor.outgoing.size() > 1 && !m.codec().has_ports())
      throw InputError(fmt::format(
          "actor {} has {} outgoing channels but machine {} does not say which one a message "
          "takes: declare `static auto port(const Message&)` in the machine (the index of the "
          "channel, in the order the scenario adds them)",
          actor.name, actor.outgoing.size(), m.machine_name()));
    actor.socket = m.codec().write_of(0).has_value();
    actor.ports = m.codec().has_ports();
    actor.first_row = static_cast<std::uint32_t>(row_count_);
    actor.local_size = m.local_size();
    max_local_ = std::max(max_local_, actor.local_size);
    row_count_ += m.rows().size();
    actor.base = layout_.add({actor.name + ".state", static_cast<Value>(m.state_names().size() - 1),
                              m.state_names(), nullptr});
    for (const VariableSpec& v : m.variables()) {
      std::size_t slot = layout_.add({actor.name + "." + v.name, v.max, v.value_names, nullptr});
      if (v.timer) actor.timers.push_back(slot);
    }
  }
  for (std::size_t a = 0; a < actors_.size(); ++a)
    if (!actors_[a].timers.empty() && !timer_events(a, false).empty())
      timer_events_unoffered_ = true;
  for (Link& link : links_) {
    const MessageCodec* codec = &actors_[link.from].machine->codec();
    // The receiver decodes with its own codec: a different numbering is a different message.
    std::string sent = codec->signature();
    std::string read = actors_[link.to].machine->codec().signature();
    if (!sent.empty() && !read.empty() && sent != read)
      throw InputError(fmt::format(
          "channel {}: {} numbers its messages as {} but {} reads them as {}; give both "
          "machines the same message_bounds",
          link.channel.name(), actors_[link.from].name, sent, actors_[link.to].name, read));
    ChannelPolicy policy = link.channel.policy();
    std::size_t base = layout_.size();
    for (int k = 0; k < policy.capacity; ++k) {
      auto printer = [codec](Value v) { return v == 0 ? std::string("-") : codec->print(v - 1); };
      layout_.add({fmt::format("{}[{}]", link.channel.name(), k), codec->count(), {}, printer});
    }
    for (int k = 0; policy.msl > 0 && k < policy.capacity; ++k)
      layout_.add({fmt::format("{}.age[{}]", link.channel.name(), k), policy.msl, {}, nullptr});
    if (policy.max_duplicates > 0)
      layout_.add({link.channel.name() + ".dups", policy.max_duplicates, {}, nullptr});
    link.channel = Channel(link.channel.name(), policy, base);
  }
  for (std::size_t a = 0; a < actors_.size(); ++a)
    for (std::size_t e : actors_[a].env_events)
      groups_.push_back(
          {Group::kEnv, a, e, actors_[a].name + "." + actors_[a].machine->env_events()[e].name});
  for (std::size_t c = 0; c < links_.size(); ++c) {
    const Channel& ch = links_[c].channel;
    for (int k = 0; k < ch.policy().capacity; ++k)
      groups_.push_back({Group::kDeliver, c, static_cast<std::size_t>(k),
                         fmt::format("{}.deliver[{}]", ch.name(), k)});
    for (int k = 0; ch.policy().lossy && k < ch.policy().capacity; ++k)
      groups_.push_back(
          {Group::kLose, c, static_cast<std::size_t>(k), fmt::format("{}.lose[{}]", ch.name(), k)});
    for (int k = 0; ch.policy().max_duplicates > 0 && k < ch.policy().capacity; ++k)
      groups_.push_back({Group::kDuplicate, c, static_cast<std::size_t>(k),
                         fmt::format("{}.duplicate[{}]", ch.name(), k)});
  }
  if (std::any_of(links_.begin(), links_.end(), [](const Link& l) { return l.channel.timed(); }))
    groups_.push_back({Group::kTick, 0, 0, "clock.tick"});
  for (Group& group : groups_) {
    if (group.kind == Group::kEnv || group.kind == Group::kTick) continue;
    // Every channel step takes the message at its position (Channel::deliverable and
    // distinct_at need one there), and a FIFO channel delivers its head only.
    const Channel& ch = links_[group.owner].channel;
    group.needs_slot = static_cast<std::int64_t>(ch.base() + group.index);
    group.never = group.kind == Group::kDeliver && ch.policy().ordered && group.index > 0;
  }
  for (Monitor& m : monitors_) m.add_slots(layout_);
  name_steps();
  for (Monitor& m : monitors_) m.bind(layout_, step_names_);
  group_steps_.clear();
  for (std::size_t g = 0; g < groups_.size(); ++g) group_steps_.push_back(step_id(g));
  const std::vector<std::vector<bool>> writes = group_writes();
  for (Monitor& m : monitors_) m.plan_groups(group_steps_, writes);
  monitors_read_messages_ = std::any_of(monitors_.begin(), monitors_.end(),
                                        [](const Monitor& m) { return m.reads_message(); });
  for (std::size_t g = 0; g < groups_.size(); ++g) plan_monitor_writes(g);
}

std::vector<std::vector<bool>> System::group_writes() const {
  std::vector<std::vector<bool>> out(groups_.size());
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    const Group& group = groups_[g];
    if (group.kind != Group::kLose && group.kind != Group::kDuplicate) continue;
    // apply_step: Channel::remove or Channel::duplicate on the link's own slots, no actor;
    // then the monitors in turn, and a later one's view has the earlier ones' new values.
    const Channel& ch = links_[group.owner].channel;
    out[g].assign(layout_.size(), false);
    std::fill_n(out[g].begin() + static_cast<std::ptrdiff_t>(ch.base()),
                static_cast<std::ptrdiff_t>(ch.slot_count()), true);
    std::fill(out[g].begin() + static_cast<std::ptrdiff_t>(first_monitor_slot()), out[g].end(),
              true);
  }
  return out;
}

// step.event ranges over every environment event some actor is offered, step.message.*
// over the fields of every sender's messages (a field two codecs share is one name).
void System::name_steps() {
  step_names_ = {actor_names(), {"none"}, {}};
  std::unordered_map<std::string, Value> named;
  for (std::size_t i = 0; i < step_names_.events.size(); ++i)
    named.emplace(step_names_.events[i], static_cast<Value>(i));
  env_event_numbers_.assign(actors_.size(), {});
  for (std::size_t a = 0; a < actors_.size(); ++a) {
    const Actor& actor = actors_[a];
    env_event_numbers_[a].assign(actor.machine->env_events().size(), -1);
    for (std::size_t e : actor.env_events) {
      const std::string& name = actor.machine->env_events()[e].name;
      auto [it, added] = named.emplace(name, static_cast<Value>(step_names_.events.size()));
      if (added) step_names_.events.push_back(name);
      env_event_numbers_[a][e] = it->second;
    }
  }
  link_fields_.clear();
  auto& fields = step_names_.message_fields;
  for (const Link& link : links_) {
    std::vector<std::size_t> where;
    for (const MessageCodec::Field& f : actors_[link.from].machine->codec().fields()) {
      auto it = std::find_if(fields.begin(), fields.end(),
                             [&](const Monitor::StepNames::Field& g) { return g.name == f.name; });
      if (it == fields.end()) {
        fields.push_back({f.name, f.max});
        it = fields.end() - 1;
      }
      it->max = std::max(it->max, f.max);
      where.push_back(static_cast<std::size_t>(it - fields.begin()));
    }
    link_fields_.push_back(std::move(where));
  }
}

std::vector<Value> System::initial_state() const {
  std::vector<Value> s(layout_.size(), 0);
  for (const Actor& actor : actors_) {
    std::vector<Value> local;
    try {
      local = actor.machine->initial_local();
    } catch (const MachineCodeError& e) {
      throw e.for_actor(actor.name);
    }
    std::copy(local.begin(), local.end(), s.begin() + static_cast<std::ptrdiff_t>(actor.base));
  }
  for (const Monitor& m : monitors_) m.set_initial(s.data());
  return s;
}

}  // namespace synack::checker
