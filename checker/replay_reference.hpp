// An independent statement of what one step does to the channels, the clock and who acts,
// checked against every replayed step.
//
// Replay runs each trace through the real machines, but it runs them through the same
// composition and channel code as the engines (System::apply_with, Channel). A bug there
// (a message that vanishes, a delivery that leaves its message behind, a tick that forgets
// to age) would be taken by the engines and by replay alike, and replay would agree with
// itself. This reference is written again from the documented semantics (checker/system.hpp,
// checker/channel.hpp), deliberately simply and without calling System or Channel: a channel
// is a plain vector of (message, age), a step removes, copies, ages or appends exactly what
// the documentation says, and what the real machines sent (as replay observed it) is routed
// by the codec's own ports and handovers. It reads the packed state only to compare.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "checker/layout.hpp"
#include "checker/machine.hpp"

namespace synack::checker {

struct ReferenceChannel {
  std::string name;
  std::size_t base = 0;  // first message slot; ages follow, then the duplication count
  int capacity = 0;
  bool ordered = false;
  bool lossy = false;
  int max_duplicates = 0;
  int msl = 0;  // 0: untimed
  int min_age = 0;
  std::size_t from = 0, to = 0;  // actors
};

struct ReferenceActor {
  std::string name;
  const MessageCodec* codec = nullptr;
  std::size_t base = 0, local_size = 0;
  std::vector<std::size_t> timers;    // global slots of its countdown timers
  std::vector<std::size_t> outgoing;  // channel indices, by port
  std::optional<std::size_t> upper, lower;
};

struct ReferenceStep {
  enum Kind { kEnv, kDeliver, kLose, kDuplicate, kTick } kind = kEnv;
  std::size_t owner = 0;  // actor (kEnv) or channel
  std::size_t index = 0;  // event (kEnv) or channel position
};

// One input a real machine was given during the step, in the order replay gave them.
struct ObservedInput {
  std::size_t actor = 0;
  bool env = false;  // an environment event (else a message, from a channel or a layer)
  Value input = 0;   // the event's index or the message
  bool fired = false;
  std::vector<Value> sent;
};

class ReplayReference {
 public:
  ReplayReference(std::vector<ReferenceActor> actors, std::vector<ReferenceChannel> channels)
      : actors_(std::move(actors)), channels_(std::move(channels)) {}

  // What is wrong with going from `from` to `to` by `step`, given what the machines were
  // observed to do; nothing when the reference agrees.
  std::optional<std::string> check(const ReferenceStep& step, const std::vector<Value>& from,
                                   const std::vector<Value>& to,
                                   const std::vector<ObservedInput>& observed) const;

 private:
  struct InFlight {
    Value message;
    Value age;
    bool operator==(const InFlight&) const = default;
    auto operator<=>(const InFlight&) const = default;
  };
  struct Contents {
    std::vector<InFlight> messages;
    Value duplicates = 0;
  };
  std::optional<std::string> read(const ReferenceChannel& c, const std::vector<Value>& s,
                                  Contents& out) const;
  // Takes observed[cursor] (the input a layer was handed) and routes what it sent.
  std::optional<std::string> route(const std::vector<ObservedInput>& observed, std::size_t& cursor,
                                   std::vector<Contents>& channels) const;
  std::optional<std::string> hand(std::size_t actor, Value message,
                                  const std::vector<ObservedInput>& observed, std::size_t& cursor,
                                  std::vector<Contents>& channels) const;
  std::string print(const ReferenceChannel& c, const Contents& contents) const;

  std::vector<ReferenceActor> actors_;
  std::vector<ReferenceChannel> channels_;
};

}  // namespace synack::checker
