// A channel between two actors, as slots of the global state.
//
// Slots [base, base+capacity) hold messages (0 = empty, else message + 1). A timed
// channel has `capacity` more slots with each message's age in clock ticks: a tick ages
// every message and discards those older than MSL. When the channel may duplicate, one
// more slot counts the duplications made so far, so that the bound on duplication keeps
// the state space finite. Messages always occupy a prefix
// of the slots. An ordered (FIFO) channel keeps sending order and delivers only the head;
// an unordered channel is a multiset, kept sorted so that equal multisets are one state.
#pragma once

#include <cstddef>
#include <string>

#include "checker/layout.hpp"

namespace synack::checker {

struct ChannelPolicy {
  int capacity = 2;
  bool ordered = false;
  bool lossy = true;
  int max_duplicates = 1;  // duplications over the whole run; 0: never duplicates
  int msl = 0;             // maximum segment lifetime in ticks; 0: untimed (ages not tracked)
  // Timed channels: a message can be delivered only once it is this many ticks old, the
  // network's one-way delay (with min_age = 1, a tick is half a round trip).
  int min_age = 0;
};

// Deliberate bugs for the tests of replay's reference (checker/replay_reference.hpp).
enum class ChannelFault {
  kNone,
  kRemoveKeepsMessage,  // a delivered or lost message stays in the channel
  kPushAltersMessage,   // the message stored is the next one in the codec's numbering
};

class Channel {
 public:
  Channel(std::string name, ChannelPolicy policy, std::size_t base)
      : name_(std::move(name)), policy_(policy), base_(base) {}

  const std::string& name() const { return name_; }
  const ChannelPolicy& policy() const { return policy_; }
  std::size_t base() const { return base_; }
  std::size_t slot_count() const;

  bool has(const Value* s, int k) const { return s[base_ + k] != 0; }
  Value message(const Value* s, int k) const { return s[base_ + k] - 1; }

  // Can position k be delivered now (FIFO: only the head)? Positions holding the same
  // message as the one before them are skipped: they would yield the same successor.
  // This and the other small ones are inline: System calls them on every step.
  bool deliverable(const Value* s, int k) const {
    if (timed() && has(s, k) && s[age_base() + k] < policy_.min_age) return false;
    if (policy_.ordered) return k == 0 && has(s, 0);
    return distinct_at(s, k);
  }
  // Can position k be lost or duplicated? Equal neighbours are skipped for the same reason.
  // Two positions are interchangeable when message and age are equal.
  [[gnu::always_inline]] bool distinct_at(const Value* s, int k) const {
    if (!has(s, k)) return false;
    if (k == 0 || s[base_ + k] != s[base_ + k - 1]) return true;
    return timed() && s[age_base() + k] != s[age_base() + k - 1];
  }

  // Returns false when the channel is full.
  bool push(Value* s, Value message) const {
    for (int k = 0; k < policy_.capacity; ++k) {
      if (!has(s, k)) {
        s[base_ + k] = message + (fault_ == ChannelFault::kPushAltersMessage ? 2 : 1);
        if (timed()) s[age_base() + k] = 0;
        if (!policy_.ordered) normalize(s);
        return true;
      }
    }
    return false;
  }
  [[gnu::always_inline]] void remove(Value* s, int k) const {
    if (fault_ == ChannelFault::kRemoveKeepsMessage) return;
    shift_down(s + base_, k);
    if (timed()) shift_down(s + age_base(), k);
  }
  // Returns false when full or when the duplication budget is spent.
  bool duplicate(Value* s, int k) const;
  // One clock tick: every message ages; those older than MSL are discarded. Returns
  // whether anything changed.
  bool tick(Value* s) const;

  // Sorts an unordered channel into its canonical order (a no-op for FIFO channels): for
  // a state built position by position, as the Z3 engines' traces are.
  void canonicalize(Value* s) const { normalize(s); }

  void inject_fault_for_testing(ChannelFault fault) { fault_ = fault; }

  bool timed() const { return policy_.msl > 0; }
  std::size_t age_base() const { return base_ + static_cast<std::size_t>(policy_.capacity); }
  std::size_t dups_slot() const { return age_base() + (timed() ? policy_.capacity : 0); }

 private:
  void normalize(Value* s) const;
  // Positions k + 1 .. capacity - 1 move down one, and the last becomes 0. Walked from
  // the end with the value carried along: GCC turns the plain forward copy into a call
  // to memmove, which costs several times these few positions (callgrind).
  void shift_down(Value* first, int k) const {
    Value carry = 0;
    for (int i = policy_.capacity - 1; i >= k; --i) {
      const Value here = first[i];
      first[i] = carry;
      carry = here;
    }
  }

  std::string name_;
  ChannelPolicy policy_;
  std::size_t base_;
  ChannelFault fault_ = ChannelFault::kNone;
};

}  // namespace synack::checker
