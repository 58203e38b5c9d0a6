#include "checker/replay_reference.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace synack::checker {

std::optional<std::string> ReplayReference::read(const ReferenceChannel& c,
                                                 const std::vector<Value>& s, Contents& out) const {
  const std::size_t cap = static_cast<std::size_t>(c.capacity);
  const std::size_t ages = c.base + cap;
  const std::size_t dups = ages + (c.msl > 0 ? cap : 0);
  if ((c.max_duplicates > 0 ? dups + 1 : dups) > s.size())
    return fmt::format("channel {} lies outside the state", c.name);
  out = {};
  for (std::size_t k = 0; k < cap; ++k) {
    Value slot = s[c.base + k];
    if (slot == 0) continue;
    // Messages occupy a prefix of the slots (channel.hpp).
    if (out.messages.size() != k)
      return fmt::format("channel {} has a message after an empty slot", c.name);
    out.messages.push_back({slot - 1, c.msl > 0 ? s[ages + k] : 0});
  }
  if (c.max_duplicates > 0) out.duplicates = s[dups];
  return std::nullopt;
}

std::string ReplayReference::print(const ReferenceChannel& c, const Contents& contents) const {
  // The code beside the printed message: two codes may print alike.
  std::vector<std::string> items;
  for (const InFlight& f : contents.messages)
    items.push_back(fmt::format("{} (code {}{})", actors_[c.from].codec->print(f.message),
                                f.message, c.msl > 0 ? fmt::format(", age {}", f.age) : ""));
  return fmt::format("[{}]{}", fmt::join(items, ", "),
                     c.max_duplicates > 0
                         ? fmt::format(" with {} duplications", contents.duplicates)
                         : std::string());
}

// A message handed to another layer of the same host must be the next input replay saw.
std::optional<std::string> ReplayReference::hand(std::size_t actor, Value message,
                                                 const std::vector<ObservedInput>& observed,
                                                 std::size_t& cursor,
                                                 std::vector<Contents>& channels) const {
  if (cursor >= observed.size() || observed[cursor].actor != actor || observed[cursor].env ||
      observed[cursor].input != message)
    return fmt::format("{} should have been handed {} next", actors_[actor].name,
                       actors_[actor].codec->print(message));
  return route(observed, cursor, channels);
}

std::optional<std::string> ReplayReference::route(const std::vector<ObservedInput>& observed,
                                                  std::size_t& cursor,
                                                  std::vector<Contents>& channels) const {
  const ObservedInput& in = observed[cursor++];
  if (!in.fired) return std::nullopt;  // a discarded input sends nothing
  const ReferenceActor& actor = actors_[in.actor];
  for (Value m : in.sent) {
    if (actor.lower) {  // an upper layer writes into the layer below
      std::optional<Value> write = actors_[*actor.lower].codec->write_of(m);
      if (!write) return fmt::format("{} sent a message its lower layer cannot carry", actor.name);
      if (auto wrong = hand(*actor.lower, *write, observed, cursor, channels)) return wrong;
      continue;
    }
    MessageCodec::Handover up = actor.codec->handover(m);
    if (up.kind != MessageCodec::Handover::kNone) {
      if (!actor.upper) continue;  // the application takes it
      const ReferenceActor& upper = actors_[*actor.upper];
      if (up.kind == MessageCodec::Handover::kClosed) {
        if (auto wrong = hand(*actor.upper, upper.codec->count() - 1, observed, cursor, channels))
          return wrong;
        continue;
      }
      for (Value bit = 0; bit < 32; ++bit)
        if (up.messages & (1u << bit))
          if (auto wrong = hand(*actor.upper, bit, observed, cursor, channels)) return wrong;
      continue;
    }
    if (actor.outgoing.empty()) return fmt::format("{} sent without a channel", actor.name);
    std::size_t port = 0;
    if (actor.codec->has_ports()) {
      std::optional<std::size_t> named = actor.codec->port(m);
      if (!named || *named >= actor.outgoing.size())
        return fmt::format("{} sent on a port it has no channel for", actor.name);
      port = *named;
    }
    const ReferenceChannel& c = channels_[actor.outgoing[port]];
    Contents& contents = channels[actor.outgoing[port]];
    if (contents.messages.size() < static_cast<std::size_t>(c.capacity))
      contents.messages.push_back({m, 0});
    else if (!c.lossy)
      return fmt::format("the full reliable channel {} took a message", c.name);
    // A full lossy channel loses the new message.
  }
  return std::nullopt;
}

std::optional<std::string> ReplayReference::check(
    const ReferenceStep& step, const std::vector<Value>& from, const std::vector<Value>& to,
    const std::vector<ObservedInput>& observed) const {
  std::vector<Contents> before(channels_.size()), expected(channels_.size());
  for (std::size_t i = 0; i < channels_.size(); ++i)
    if (auto wrong = read(channels_[i], from, before[i])) return wrong;
  expected = before;

  // Who acts first, and what the step itself does to its channel or to time.
  std::optional<ObservedInput> first;
  if (step.kind == ReferenceStep::kEnv) {
    first = ObservedInput{step.owner, true, static_cast<Value>(step.index), true, {}};
  } else if (step.kind != ReferenceStep::kTick) {
    const ReferenceChannel& c = channels_.at(step.owner);
    std::vector<InFlight>& messages = expected[step.owner].messages;
    if (step.index >= messages.size())
      return fmt::format("position {} of channel {} is empty", step.index, c.name);
    const InFlight taken = messages[step.index];
    if (step.kind == ReferenceStep::kDeliver) {
      if (c.ordered && step.index != 0)
        return fmt::format("FIFO channel {} delivered position {}", c.name, step.index);
      if (taken.age < c.min_age)
        return fmt::format("channel {} delivered a message younger than {} ticks", c.name,
                           c.min_age);
      messages.erase(messages.begin() + static_cast<std::ptrdiff_t>(step.index));
      first = ObservedInput{c.to, false, taken.message, true, {}};
    } else if (step.kind == ReferenceStep::kLose) {
      if (!c.lossy) return fmt::format("reliable channel {} lost a message", c.name);
      messages.erase(messages.begin() + static_cast<std::ptrdiff_t>(step.index));
    } else {
      if (expected[step.owner].duplicates >= c.max_duplicates ||
          messages.size() >= static_cast<std::size_t>(c.capacity))
        return fmt::format("channel {} duplicated beyond its budget or capacity", c.name);
      // The copy goes right behind the original.
      messages.insert(messages.begin() + static_cast<std::ptrdiff_t>(step.index) + 1, taken);
      ++expected[step.owner].duplicates;
    }
  } else {
    for (std::size_t i = 0; i < channels_.size(); ++i) {
      if (channels_[i].msl == 0) continue;
      std::vector<InFlight> aged;
      for (InFlight f : expected[i].messages)
        if (++f.age <= channels_[i].msl) aged.push_back(f);
      expected[i].messages = aged;
    }
  }

  // What the machines sent goes where the codecs say.
  std::size_t cursor = 0;
  if (first) {
    if (observed.empty() || observed[0].actor != first->actor || observed[0].env != first->env ||
        observed[0].input != first->input)
      return fmt::format("{} should have acted first", actors_[first->actor].name);
    if (auto wrong = route(observed, cursor, expected)) return wrong;
  }
  if (cursor != observed.size())
    return fmt::format("{} was given an input nobody sent it",
                       actors_[observed[cursor].actor].name);

  for (std::size_t i = 0; i < channels_.size(); ++i) {
    Contents after;
    if (auto wrong = read(channels_[i], to, after)) return wrong;
    Contents want = expected[i];
    if (!channels_[i].ordered) {  // a multiset: its order in the state is canonical only
      std::sort(after.messages.begin(), after.messages.end());
      std::sort(want.messages.begin(), want.messages.end());
    }
    if (after.messages != want.messages || after.duplicates != want.duplicates)
      return fmt::format("channel {} should hold {} but the trace has {}", channels_[i].name,
                         print(channels_[i], want), print(channels_[i], after));
  }

  // Only actors that took an input change; a tick changes only timers, by one each.
  for (std::size_t a = 0; a < actors_.size(); ++a) {
    const ReferenceActor& actor = actors_[a];
    bool acted = std::any_of(observed.begin(), observed.end(),
                             [&](const ObservedInput& in) { return in.actor == a && in.fired; });
    if (acted) continue;
    for (std::size_t slot = actor.base; slot < actor.base + actor.local_size; ++slot) {
      Value want = from[slot];
      bool timer = std::find(actor.timers.begin(), actor.timers.end(), slot) != actor.timers.end();
      if (step.kind == ReferenceStep::kTick && timer) {
        if (from[slot] == 1) return fmt::format("time passed {}'s due timer", actor.name);
        if (from[slot] > 1) want = from[slot] - 1;
      }
      if (to[slot] != want)
        return fmt::format("{} changed (slot {}: {} -> {}) without taking an input", actor.name,
                           slot, from[slot], to[slot]);
    }
  }
  return std::nullopt;
}

}  // namespace synack::checker
