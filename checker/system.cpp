#include "checker/system.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/firing_cache.hpp"
#include "checker/machine_code_error.hpp"
#include "checker/refused_step.hpp"
#include "checker/replay_reference.hpp"
#include "checker/system_execs.hpp"

namespace synack::checker {

namespace {

// The port the machine's port() gives a message, what it throws named with the actor that
// sent it. Out of line, and apart from link_of: the catch costs the steps nothing.
[[gnu::noinline]] std::optional<std::size_t> port_of(const MachineType& machine,
                                                     const std::string& actor, Value message) {
  try {
    return machine.codec().port(message);
  } catch (const MachineCodeError& e) {
    throw e.for_actor(actor);
  }
}

}  // namespace

std::size_t System::link_of(const Actor& actor, Value message) const {
  if (actor.outgoing.empty())
    throw InputError(
        fmt::format("actor {} sent {} but has no outgoing channel; add a channel from {}",
                    actor.name, actor.machine->codec().print(message), actor.name));
  // A machine that names ports is held to them even with one channel: a port past the
  // last channel means the scenario wired fewer peers than the machine addresses.
  if (!actor.ports) return actor.outgoing[0];
  std::optional<std::size_t> port = port_of(*actor.machine, actor.name, message);
  if (!port || *port >= actor.outgoing.size())
    throw InputError(fmt::format("actor {} sent {} on port {}, but its channels are ports 0..{}",
                                 actor.name, actor.machine->codec().print(message),
                                 port ? std::to_string(*port) : std::string("(none)"),
                                 actor.outgoing.size() - 1));
  return actor.outgoing[*port];
}

namespace {

// System::fire without the cache (its tests), out of line: its Outbox, zeroed on every
// call, made the frame of every cached step larger.
[[gnu::noinline]] Firing fire_uncached(const MachineType& machine, bool env, Value input,
                                       const Value* local, Value* next, SentMessages& sent) {
  Outbox out;
  const Firing firing = env ? machine.fire_env(static_cast<std::size_t>(input), local, next, out)
                            : machine.fire_message(input, local, next, out);
  sent.count = out.count;
  std::copy(out.messages.begin(), out.messages.begin() + out.count, sent.messages.begin());
  return firing;
}

// A step the cache does not hold runs the machine: what the machine's own code does wrong
// is named with the actor that runs it. Out of line, off the path of recalled steps.
[[gnu::noinline]] Firing run_machine(const MachineType& machine, const std::string& actor,
                                     FiringCache* cache, const FiringCache::Key& key, Value* next,
                                     SentMessages& sent, FiringCache::CheckWindow* window) {
  try {
    if (!cache) return fire_uncached(machine, key.env, key.input, key.local, next, sent);
    return cache->compute(key, machine, next, sent, window);
  } catch (const MachineCodeError& e) {
    throw e.for_actor(actor);
  } catch (const OutOfDeclaredRange& e) {
    throw e.for_actor(actor);
  }
}

}  // namespace

Firing System::fire(std::size_t a, bool env, Value input, const Value* local, Value* next,
                    SentMessages& sent) const {
  const Actor& actor = actors_[a];
  if (!cache_steps_)
    return run_machine(*actor.machine, actor.name, nullptr,
                       {static_cast<std::uint32_t>(a), env, input, local, actor.local_size}, next,
                       sent, nullptr);
  FiringCache& cache = FiringCache::of(cache_owner_, max_local_);
  const FiringCache::Key key{static_cast<std::uint32_t>(a), env, input, local, actor.local_size};
  if (cache.recall(key, next, sent)) return cache.recalled();
  return run_machine(*actor.machine, actor.name, &cache, key, next, sent, check_window_.get());
}

bool System::push(const Actor& actor, Value message, Value* to, StepInfo* info) const {
  // An actor with one channel and no ports sends everything there (link_of checks the rest).
  const Link& link =
      links_[actor.ports || actor.outgoing.empty() ? link_of(actor, message) : actor.outgoing[0]];
  const Channel& ch = link.channel;
  bool pushed = ch.push(to, message);
  if (!pushed && !ch.policy().lossy) return false;  // a reliable channel cannot drop it
  if (info) {
    info->sent.push_back(actor.machine->codec().print(message) +
                         (pushed ? "" : " (lost: channel full)"));
    info->sent_on.push_back(ch.name());
    // With several channels, the trace says where each message went.
    info->sent_to.push_back(actor.outgoing.size() > 1 ? actors_[link.to].name : std::string());
  }
  return true;
}

template <class Exec>
bool System::route(std::size_t a, const SentMessages& out, Value* to, Exec& exec,
                   StepInfo* info) const {
  const Actor& actor = actors_[a];
  // The commonest actor, on no layer below and with no socket messages to hand up: every
  // message goes onto its channel, with none of the layers' bookkeeping below (whose
  // string made this frame dearer on every step, callgrind).
  if (!actor.lower && !actor.socket) {
    for (std::size_t i = 0; i < out.count; ++i)
      if (!push(actor, out.messages[i], to, info)) return false;
    return true;
  }
  std::string written;
  for (std::size_t i = 0; i < out.count; ++i) {
    Value m = out.messages[i];
    if (actor.lower) {  // an upper layer's message is a write into the one below
      std::optional<Value> write = actors_[*actor.lower].machine->codec().write_of(m);
      if (!write) throw RefusedStep(actor.name + " sent a message its lower layer cannot carry");
      if (info) written += (written.empty() ? "" : ", ") + actor.machine->codec().print(m);
      if (!pass(*actor.lower, *write, to, exec, info)) return false;
      continue;
    }
    MessageCodec::Handover up;
    if (actor.socket) up = actor.machine->codec().handover(m);
    if (up.kind == MessageCodec::Handover::kNone) {
      if (!push(actor, m, to, info)) return false;
      continue;
    }
    // Without a layer above, the application takes what is handed up.
    if (!actor.upper) continue;
    if (up.kind == MessageCodec::Handover::kClosed) {
      Value closed = actors_[*actor.upper].machine->codec().count() - 1;
      if (!pass(*actor.upper, closed, to, exec, info)) return false;
      continue;
    }
    for (Value bit = 0; bit < 32; ++bit)
      if (up.messages & (1u << bit))
        if (!pass(*actor.upper, bit, to, exec, info)) return false;
  }
  if (info && !written.empty()) {
    // "tls_server rcv ClientHello -> writes ServerHello, ..." or, for its own step, "writes ...".
    bool own_entry = !info->layered.empty() && info->layered.back().starts_with(actor.name + " ");
    if (own_entry)
      info->layered.back() += " -> writes " + written;
    else
      info->layered.push_back("writes " + written);
  }
  return true;
}

// One message handed to another layer of the same host, inside the current step: a
// message handed up, or a write taken by the layer below (shown with its writer).
template <class Exec>
bool System::pass(std::size_t a, Value message, Value* to, Exec& exec, StepInfo* info) const {
  const Actor& actor = actors_[a];
  std::vector<Value> local(to + actor.base, to + actor.base + actor.local_size);
  SentMessages out;
  Firing f = exec.message(a, message, local.data(), to + actor.base, out);
  if (info && actor.lower)
    info->layered.push_back(fmt::format("{} rcv {}{}", actor.name,
                                        actor.machine->codec().print(message),
                                        f.fired ? "" : " (discarded)"));
  if (info && actor.upper && !f.fired)
    info->layered.push_back(
        fmt::format("{} drops {}", actor.name, actor.machine->codec().print(message)));
  if (!f.fired) return true;
  return route(a, out, to, exec, info);
}

template <class Exec>
bool System::apply_tick(const Value* from, Value* to, Exec& exec, StepInfo* info, bool fold) const {
  for (const Actor& a : actors_)
    for (std::size_t t : a.timers)
      if (from[t] == 1) {  // a due timer must fire before time moves on
        if (timer_events_unoffered_) blame_stopped_clock(from);
        return false;
      }
  std::copy(from, from + layout_.size(), to);
  bool changed = false;
  for (std::size_t i = 0; i < actors_.size(); ++i) {
    const Actor& a = actors_[i];
    if (!exec.tick(i, from + a.base)) return false;
    for (std::size_t t : a.timers)
      if (to[t] > 1) {
        --to[t];
        changed = true;
      }
  }
  for (std::size_t i = 0; i < actors_.size(); ++i)
    if (!exec.after_tick(i, to + actors_[i].base)) return false;
  for (const Link& l : links_) changed |= l.channel.tick(to);
  if (info) {
    *info = {};
    info->actor = "clock";
    info->event = "tick";
  }
  // A tick that changes nothing leads back to the same state: no step for safety, time
  // passing while nothing happens for liveness.
  return changed || !fold;
}

void System::describe_channel_step(StepInfo& info, const Link& link, const char* what,
                                   Value message) const {
  info = {};
  info.actor = link.channel.name();
  info.event = what;
  info.message = actors_[link.from].machine->codec().print(message);
  info.channel = link.channel.name();
}

template <class Exec>
bool System::apply_with(std::size_t g, const Value* from, Value* to, Exec& exec, StepInfo* info,
                        bool fold) const {
  if (!apply_step(g, from, to, exec, info, fold)) return false;
  const bool idle = groups_[g].kind == Group::kTick &&
                    std::equal(from, from + layout_.size(), static_cast<const Value*>(to));
  // A monitor that does not watch the group keeps its variables, which the step copied.
  if constexpr (Exec::kCached)
    if (groups_[g].monitor_writes_remembered && cache_steps_ && remember_monitor_writes_ &&
        observe_remembered(g, from, to))
      return true;
  if (!monitors_.empty() && !idle) {
    if (monitors_read_messages_) {
      const Monitor::StepId id = step_id(g, from);
      for (const Monitor& m : monitors_)
        if (m.watches(g)) m.observe(g, from, to, id);
    } else {
      for (const Monitor& m : monitors_)
        if (m.watches(g)) m.observe(g, from, to, group_steps_[g]);
    }
  }
  return true;
}

template <class Exec>
bool System::apply_step(std::size_t g, const Value* from, Value* to, Exec& exec, StepInfo* info,
                        bool fold) const {
  // Most groups are disabled in most states: find out before copying the state.
  const Group& group = groups_[g];
  if (group.kind == Group::kTick) return apply_tick(from, to, exec, info, fold);
  if (group.kind == Group::kEnv) {
    const Actor& actor = actors_[group.owner];
    SentMessages out;
    Firing f = exec.env(group.owner, group.index, from + actor.base, to + actor.base, out);
    if (!f.fired) return false;
    std::size_t end = actor.base + actor.local_size;
    std::copy(from, from + actor.base, to);
    std::copy(from + end, from + layout_.size(), to + end);
    if (info) {
      *info = {};
      info->actor = actor.name;
      info->event = f.event;
      info->row = f.row;
    }
    return route(group.owner, out, to, exec, info);
  }
  const Link& link = links_[group.owner];
  const Channel& ch = link.channel;
  int k = static_cast<int>(group.index);
  bool enabled = group.kind == Group::kDeliver ? ch.deliverable(from, k)
                 : group.kind == Group::kLose  ? ch.policy().lossy && ch.distinct_at(from, k)
                                               : ch.distinct_at(from, k);
  if (!enabled) return false;
  std::copy(from, from + layout_.size(), to);
  switch (group.kind) {
    case Group::kDeliver: {
      Value msg = ch.message(from, k);
      ch.remove(to, k);
      const Actor& receiver = actors_[link.to];
      SentMessages out;
      Firing f = exec.message(link.to, msg, from + receiver.base, to + receiver.base, out);
      if (info) {
        *info = {};
        info->actor = receiver.name;
        info->event = f.event ? f.event : "rcv";
        info->message = receiver.machine->codec().print(msg);
        info->outcome = f.fired ? "" : "discarded";
        info->channel = ch.name();
        info->row = f.row;
      }
      // On a lossy channel, a delivery the receiver discards leads exactly where losing
      // the message does; leaving it to the lose group saves the engine a lookup.
      if (!f.fired) return !fold || !ch.policy().lossy;
      return route(link.to, out, to, exec, info);
    }
    case Group::kLose:
      if (info) describe_channel_step(*info, link, "lose", ch.message(from, k));
      ch.remove(to, k);
      return true;
    case Group::kDuplicate:
      if (info) describe_channel_step(*info, link, "duplicate", ch.message(from, k));
      return ch.duplicate(to, k);
    case Group::kEnv:
    case Group::kTick:
      break;
  }
  return false;
}

Monitor::StepId System::step_id(std::size_t g) const {
  const Group& group = groups_.at(g);
  switch (group.kind) {
    case Group::kEnv:
      return {Monitor::kEnv, static_cast<Value>(group.owner),
              env_event_numbers_.at(group.owner).at(group.index)};
    case Group::kTick:
      return {Monitor::kTick, static_cast<Value>(actors_.size())};
    case Group::kDeliver:
      return {Monitor::kDeliver, static_cast<Value>(links_[group.owner].to)};
    case Group::kLose:
      return {Monitor::kLose, static_cast<Value>(links_[group.owner].to)};
    case Group::kDuplicate:
      return {Monitor::kDuplicate, static_cast<Value>(links_[group.owner].to)};
  }
  return {};
}

Monitor::StepId System::step_id(std::size_t g, const Value* from) const {
  Monitor::StepId id = group_steps_[g];
  const Group& group = groups_[g];
  if (group.kind != Group::kDeliver && group.kind != Group::kLose &&
      group.kind != Group::kDuplicate)
    return id;
  const Link& link = links_[group.owner];
  const int k = static_cast<int>(group.index);
  if (!link.channel.has(from, k)) return id;
  std::vector<Value> values =
      actors_[link.from].machine->codec().field_values(link.channel.message(from, k));
  id.message.assign(step_names_.message_fields.size(), 0);
  for (std::size_t i = 0; i < values.size() && i < link_fields_[group.owner].size(); ++i)
    id.message[link_fields_[group.owner][i]] = values[i];
  return id;
}

bool System::apply(std::size_t group, const Value* from, Value* to) const {
  if (exit_disabled_early_ && disabled(group, from)) return false;
  return apply_step_only(group, from, to);
}

// Out of line, as apply_counting_step.
[[gnu::noinline]] bool System::apply_step_only(std::size_t group, const Value* from,
                                               Value* to) const {
  InterpreterExec exec{*this};
  return apply_with(group, from, to, exec, nullptr);
}

bool System::apply_counting(std::size_t group, const Value* from, Value* to,
                            std::uint64_t* row_counts) const {
  if (exit_disabled_early_ && disabled(group, from)) return false;
  return apply_counting_step(group, from, to, row_counts);
}

// Out of line: most groups are disabled in most states, and their early answer above then
// does not pay for this frame's set-up (callgrind).
[[gnu::noinline]] bool System::apply_counting_step(std::size_t group, const Value* from, Value* to,
                                                   std::uint64_t* row_counts) const {
  CountingExec exec{*this, row_counts, 1};
  if (apply_with(group, from, to, exec, nullptr)) return true;
  // Most disabled groups fire no row. Rarely (a full reliable channel) rows fired on the
  // way and made no step: the same step again takes exactly the same rows, so it takes
  // their counts back.
  if (!exec.noted) return false;
  CountingExec undo{*this, row_counts, ~std::uint64_t{0}};
  apply_with(group, from, to, undo, nullptr);
  return false;
}

StepInfo System::describe(std::size_t group, const Value* from) const {
  InterpreterExec exec{*this};
  std::vector<Value> to(layout_.size());
  StepInfo info;
  apply_with(group, from, to.data(), exec, &info);
  return info;
}

GroupRole System::group_role(std::size_t g) const {
  const Group& group = groups_.at(g);
  switch (group.kind) {
    case Group::kEnv:
      return {GroupRole::kEnv, actors_[group.owner].name, "", 0};
    case Group::kTick:
      return {GroupRole::kTick, "clock", "", 0};
    case Group::kDeliver:
    case Group::kLose:
    case Group::kDuplicate: {
      const Link& link = links_[group.owner];
      GroupRole::Kind kind = group.kind == Group::kDeliver ? GroupRole::kDeliver
                             : group.kind == Group::kLose  ? GroupRole::kLose
                                                           : GroupRole::kDuplicate;
      return {kind, actors_[link.to].name, link.channel.name(), link.channel.base() + group.index};
    }
  }
  return {};
}

bool System::liveness_only_step(std::size_t g, const Value* from, Value* to) const {
  const Group& group = groups_.at(g);
  const bool may_fold = group.kind == Group::kTick || (group.kind == Group::kDeliver &&
                                                       links_[group.owner].channel.policy().lossy);
  if (!may_fold) return false;
  InterpreterExec exec{*this};
  // Enabled as a step of its own but not when folded: exactly the discarding deliveries
  // and the idle ticks.
  return !apply_with(g, from, to, exec, nullptr, true) &&
         apply_with(g, from, to, exec, nullptr, false);
}

std::optional<std::string> System::replay(const std::vector<std::size_t>& groups,
                                          const std::vector<std::vector<Value>>& states) const {
  ReplayExec exec{*this, {}, {}, {}};
  std::size_t failed = groups.size();
  std::optional<std::string> divergence = replay_steps(exec, groups, states, groups.size(), failed);
  if (divergence && failed < groups.size()) blame_state_outside_vars(groups, states, failed);
  return divergence;
}

// Replays groups[0, steps): the first divergence from the trace, with `failed` its step.
std::optional<std::string> System::replay_steps(ReplayExec& exec,
                                                const std::vector<std::size_t>& groups,
                                                const std::vector<std::vector<Value>>& states,
                                                std::size_t steps, std::size_t& failed) const {
  for (const Actor& actor : actors_) exec.runners.push_back(actor.machine->make_runner());
  if (states.empty() || !may_start(states[0]))
    return std::string("the trace does not start in an initial state");
  // Initial values a Z3 engine chose (an ISN clock) are given to the real machines too.
  for (std::size_t a = 0; a < actors_.size(); ++a) {
    exec.runners[a]->start_from(states[0].data() + actors_[a].base);
    if (!exec.agrees(a, states[0].data() + actors_[a].base))
      return "initial state: " + exec.divergence;
  }
  const ReplayReference reference = make_reference();
  std::vector<Value> next(layout_.size());
  for (std::size_t i = 0; i < steps; ++i) {
    exec.observed.clear();
    exec.step = i;
    failed = i;
    // A liveness lasso may take a delivery the receiver discards as a step of its own.
    bool enabled = apply_with(groups[i], states[i].data(), next.data(), exec, nullptr, false);
    std::string where = fmt::format("step {} ({})", i + 1, groups_.at(groups[i]).name);
    if (!exec.divergence.empty()) return where + ": " + exec.divergence;
    if (!enabled) return where + ": the real machines do not take this step";
    if (next != states[i + 1])
      return where + ": the real machines reach " + layout_.print(next.data()) +
             " but the trace has " + layout_.print(states[i + 1].data());
    const Group& g = groups_.at(groups[i]);
    static_assert(int(Group::kEnv) == int(ReferenceStep::kEnv) &&
                  int(Group::kDeliver) == int(ReferenceStep::kDeliver) &&
                  int(Group::kLose) == int(ReferenceStep::kLose) &&
                  int(Group::kDuplicate) == int(ReferenceStep::kDuplicate) &&
                  int(Group::kTick) == int(ReferenceStep::kTick));
    const ReferenceStep step{static_cast<ReferenceStep::Kind>(g.kind), g.owner, g.index};
    if (auto wrong = reference.check(step, states[i], states[i + 1], exec.observed))
      throw InternalError(where +
                          ": the reference channel and composition semantics disagree: " + *wrong);
  }
  failed = groups.size();
  return std::nullopt;
}

// The reference sees the topology as plain data: no Channel, no System code.
ReplayReference System::make_reference() const {
  std::vector<ReferenceActor> actors;
  for (const Actor& a : actors_)
    actors.push_back({a.name, &a.machine->codec(), a.base, a.machine->local_size(), a.timers,
                      a.outgoing, a.upper, a.lower});
  std::vector<ReferenceChannel> channels;
  for (const Link& l : links_) {
    const ChannelPolicy& p = l.channel.policy();
    channels.push_back({l.channel.name(), l.channel.base(), p.capacity, p.ordered, p.lossy,
                        p.max_duplicates, p.msl, p.min_age, l.from, l.to});
  }
  return ReplayReference(std::move(actors), std::move(channels));
}

void System::inject_channel_fault_for_testing(const std::string& channel, ChannelFault fault) {
  for (Link& l : links_)
    if (l.channel.name() == channel) return l.channel.inject_fault_for_testing(fault);
  throw std::logic_error("no channel " + channel);
}

}  // namespace synack::checker
