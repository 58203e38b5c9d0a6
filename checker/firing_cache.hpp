// A bounded memo of machine steps (LTSmin's transition caching), consulted by System
// before it runs a machine's interpreter.
//
// MachineType::fire_env and fire_message are pure functions of (input, the actor's local
// state): in a composed model the same local step recurs in a great many global states
// (the other actors and the channels differ), and the interpreter is the dearest part of
// a step. The cache is direct mapped with a fixed number of entries, so a new step simply
// replaces the one in its slot: its memory does not grow with the state space.
//
// What it relies on of a machine (MsmMachine and the learned machines meet it): a step
// that fires writes every slot of next_local; one that does not fire leaves next_local as
// it was (checked when the step is remembered: such a step is not cached otherwise); a
// step that throws is never remembered, so it throws again the next time.
//
// One cache per thread and System (FiringCache::of): the engines' workers never share one.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "checker/layout.hpp"
#include "checker/machine.hpp"
#include "checker/sent_messages.hpp"

namespace synack::checker {

class FiringCache {
 public:
  // The step asked for: an actor (of the System the cache belongs to), an input (an
  // environment event or a message) and the actor's local state (`size` values).
  struct Key {
    std::uint32_t actor;
    bool env;
    Value input;
    const Value* local;
    std::size_t size;
  };

  // The steps a System still runs twice from its first (compute), shared by the caches of
  // all its threads; at or below 0 when none are left.
  using CheckWindow = std::atomic<std::int64_t>;

  // Room for `entries` steps (rounded up to a power of two) of actors whose local states
  // have at most `max_local` values.
  FiringCache(std::size_t max_local, std::size_t entries);

  // The cache of this thread for the System numbered `owner` (new_owner), made on first
  // use. A thread keeps the caches of its last few Systems.
  static FiringCache& of(std::uint64_t owner, std::size_t max_local) {
    if (last_owner_ == owner) return *last_;
    return of_another(owner, max_local);
  }
  // A number no other System has, for of().
  static std::uint64_t new_owner();

  // The remembered step for `key`: writes its next local state (when it fired) and what
  // it sent, and answers true (its firing is then recalled()); false when the step is not
  // in the cache.
  bool recall(const Key& key, Value* next, SentMessages& sent) {
    // An actor's local state has a fixed size: loops of a known length unroll. A key larger
    // than the cache was made for is never found (compute runs it and remembers nothing).
    last_entry_ = kNoEntry;
    if (key.size > max_local_) {
      ++misses_;
      return false;
    }
    return key.size < kUnrolled.size() ? (this->*kUnrolled[key.size])(key, next, sent)
                                       : recall_sized<0>(key, next, sent);
  }
  // The firing of the step the last recall found: only right after a recall that answered
  // true, before any other call on this cache. Returned, not written through a reference
  // by recall: a Firing that recall stored a field at a time in the caller's local, then
  // copied out whole, was read back by loads no store could forward to (a fifth of
  // System::fire's time on tcp/congestion); built here, it goes straight into the return
  // value of whoever returns it.
  Firing recalled() const {
    const Meta& m = meta_[last_entry_];
    return {m.fired != 0, m.event, m.row};
  }
  // Runs the machine for a step recall did not find, writes its messages to `sent`, and
  // remembers it when it may: at most kMaxSent messages, and a step that did not fire
  // left `next` untouched. An exception from the machine passes through with nothing
  // remembered. Some steps run twice (is_checked; `window` is the System's, or without
  // one the cache's own): a machine whose two results differ reads something outside its
  // declared state (a global, a static), and its steps cannot be remembered, nor its
  // states told apart: a MachineCodeError.
  Firing compute(const Key& key, const MachineType& machine, Value* next, SentMessages& sent,
                 CheckWindow* window = nullptr);

  // What the spec monitors wrote in a step of transition group `group` that fired the
  // entry's machine step (System, "monitor writes remembered"): up to kMaxObserved
  // (slot, value) pairs. An entry that is replaced forgets them.
  static constexpr std::size_t kMaxObserved = 4;
  static constexpr std::uint32_t kNoGroup = 0xffffffffu;
  struct Observed {
    std::uint32_t group = kNoGroup;
    std::uint32_t count = 0;
    std::array<std::uint32_t, kMaxObserved> slot{};
    std::array<Value, kMaxObserved> value{};
  };
  // The entry of the step recall found or compute remembered last, if it did: null after
  // a recall that missed and a compute that remembered nothing.
  Observed* last_observed() {
    observed_read_ = true;
    return last_entry_ == kNoEntry ? nullptr : &observed_[last_entry_];
  }

  std::size_t entries() const { return meta_.size(); }
  // What the cache holds in memory, for the figures.
  std::size_t bytes() const;
  // Steps recalled and steps not found, since the cache was made (tests, profiling).
  std::uint64_t hits() const { return hits_; }
  std::uint64_t misses() const { return misses_; }

  // The most messages a remembered step may have sent.
  static constexpr std::size_t kMaxSent = 4;
  // Steps a System runs twice from its first (see compute): a few hundred microseconds.
  static constexpr std::int64_t kDeterminismChecks = 1024;
  // After those, one step in 2^kSampledStepBits runs twice too (is_checked).
  static constexpr unsigned kSampledStepBits = 10;

 private:
  struct Meta {
    Value input = 0;
    const char* event = nullptr;
    std::int32_t row = -1;
    std::uint32_t tag = 0;  // 0: empty; else 1 + 2 * actor + (env ? 1 : 0)
    std::uint8_t fired = 0;
    std::uint8_t sent = 0;
  };
  static std::uint32_t tag_of(const Key& key) { return 1 + 2 * key.actor + (key.env ? 1 : 0); }

  // recall for local states of N values (N = 0: of key.size values).
  template <std::size_t N>
  bool recall_sized(const Key& key, Value* next, SentMessages& sent) {
    const std::size_t n = N ? N : key.size;
    const std::size_t slot = slot_of<N>(key);
    // Where monitors' writes are remembered (System, "monitor writes remembered"), the
    // entry's are read after the step (System::observe_remembered): a miss of their own
    // there, half of that function's time on tcp/congestion. Asked for now, it overlaps the
    // misses below. Both ends: an entry of 56 bytes crosses a cache line most of the time.
    // Only once something has read them, so that other models pay nothing for it.
    if (observed_read_) {
      const char* observed = reinterpret_cast<const char*>(&observed_[slot]);
      __builtin_prefetch(observed);
      __builtin_prefetch(observed + sizeof(Observed) - 1);
    }
    const Meta& m = meta_[slot];
    const Value* entry = values_.get() + slot * stride_;
    Value differ = (m.tag ^ tag_of(key)) | (m.input ^ key.input);
#pragma GCC unroll 16
    for (std::size_t i = 0; i < n; ++i) differ |= entry[i] ^ key.local[i];
    if (differ != 0) {
      ++misses_;
      return false;
    }
    ++hits_;
    last_entry_ = slot;
    if (m.fired) {
      const Value* stored = entry + max_local_;
#pragma GCC unroll 16
      for (std::size_t i = 0; i < n; ++i) next[i] = stored[i];
    }
    sent.count = m.sent;
    for (std::size_t i = 0; i < m.sent; ++i) sent.messages[i] = entry[2 * max_local_ + i];
    return true;
  }
  template <std::size_t N>
  std::size_t slot_of(const Key& key) const {
    return static_cast<std::size_t>(hash_of<N>(key) >> shift_);
  }
  template <std::size_t N>
  static std::uint64_t hash_of(const Key& key) {
    // Multiply-xorshift over the key, two local values to a word (they are small; the
    // hash need not be exact, recall compares every value); the top bits pick the slot.
    constexpr std::uint64_t kMul = 0x9e3779b97f4a7c15ULL;
    const std::size_t n = N ? N : key.size;
    std::uint64_t h = (tag_of(key) * kMul) ^ static_cast<std::uint64_t>(key.input);
#pragma GCC unroll 8
    for (std::size_t i = 0; i + 1 < n; i += 2)
      h = (h ^ (static_cast<std::uint64_t>(key.local[i]) +
                (static_cast<std::uint64_t>(key.local[i + 1]) << 32))) *
          kMul;
    if (n % 2 == 1) h = (h ^ static_cast<std::uint64_t>(key.local[n - 1])) * kMul;
    h ^= h >> 29;
    return h * kMul;
  }
  using Recall = bool (FiringCache::*)(const Key&, Value*, SentMessages&);
  template <std::size_t... N>
  static constexpr std::array<Recall, sizeof...(N)> unrolled(std::index_sequence<N...>) {
    return {&FiringCache::recall_sized<N>...};
  }
  // recall_sized<n> for local states of n = 1 to 16 values (at 0, the generic one).
  static const std::array<Recall, 17> kUnrolled;

  static FiringCache& of_another(std::uint64_t owner, std::size_t max_local);
  // Whether compute runs the step of hash `hash` twice: each of the first
  // kDeterminismChecks the System computes (`window`, shared by its threads, so that a
  // thread joining late does not check a thousand steps of its own deep in the search),
  // then the steps whose hash has its sampling bits 0. Which those are depends on the step
  // alone, not on the order of the search nor on the thread: a run checks the same steps
  // with any number of threads. So the whole run is sampled, and a machine that reads a
  // global only deep in its state space is caught too, at one extra step in
  // 2^kSampledStepBits of those computed (most steps are recalled, not computed).
  static bool is_checked(std::uint64_t hash, CheckWindow& window) {
    if (window.load(std::memory_order_relaxed) > 0 &&
        window.fetch_sub(1, std::memory_order_relaxed) > 0)
      return true;
    constexpr std::uint64_t kRemix = 0xff51afd7ed558ccdULL;  // other bits than the slot's
    return (hash * kRemix) >> (64 - kSampledStepBits) == 0;
  }
  void remember(const Key& key, std::size_t slot, const Firing& firing, const Value* next,
                const Outbox& out);
  // compute's second run of a step, compared with its first (`firing`, `next`, `out`).
  void check_deterministic(const Key& key, const MachineType& machine, const Firing& firing,
                           const Value* next, const Outbox& out);
  // This thread's cache used last, and whose it is: of() without a search.
  inline static thread_local std::uint64_t last_owner_ = 0;
  inline static thread_local FiringCache* last_ = nullptr;

  std::size_t max_local_;
  std::size_t stride_;  // values per entry: the local state, the next one, the messages
  unsigned shift_;      // 64 - log2(entries)
  std::vector<Meta> meta_;
  std::unique_ptr<Value[]> values_;
  std::vector<Observed> observed_;  // one per entry
  static constexpr std::size_t kNoEntry = ~std::size_t{0};
  std::size_t last_entry_ = kNoEntry;  // last_observed's
  bool observed_read_ = false;         // last_observed was called
  std::vector<Value> before_;          // next_local before a computed step, to see it untouched
  std::vector<Value> again_;           // the second run's next_local (check_deterministic)
  CheckWindow own_window_{kDeterminismChecks};  // compute's, when given no System's
  std::uint64_t hits_ = 0, misses_ = 0;
};

inline const std::array<FiringCache::Recall, 17> FiringCache::kUnrolled =
    FiringCache::unrolled(std::make_index_sequence<17>{});

}  // namespace synack::checker
