#include "checker/firing_cache.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <utility>

#include "checker/machine_code_error.hpp"

namespace synack::checker {

namespace {

// Systems a thread keeps caches for: the engines use one at a time; a few more let tests
// and the CLI's runs of several scenarios alternate without starting over each time.
constexpr std::size_t kCachesPerThread = 4;

struct ThreadCaches {
  struct Owned {
    std::uint64_t owner = 0;
    std::unique_ptr<FiringCache> cache;
  };
  std::array<Owned, kCachesPerThread> caches;
  std::size_t next_victim = 0;
};

}  // namespace

// 2^12 entries: 96.6% of tcp/congestion's firings recalled at capacity 2, in 832 KB a
// thread (README, "Per-core speed work"). Other sizes have not been measured yet.
constexpr std::size_t kEntries = std::size_t{1} << 12;

FiringCache::FiringCache(std::size_t max_local, std::size_t entries)
    : max_local_(max_local),
      stride_(2 * max_local + kMaxSent),
      shift_(64 - static_cast<unsigned>(
                      std::countr_zero(std::bit_ceil(std::max<std::size_t>(entries, 2))))),
      meta_(std::bit_ceil(std::max<std::size_t>(entries, 2))),
      values_(
          new Value[meta_.size() * stride_]()),  // zeroed: recall reads before the tag rules out
      observed_(meta_.size()),
      before_(max_local),
      again_(max_local) {}

FiringCache& FiringCache::of_another(std::uint64_t owner, std::size_t max_local) {
  thread_local ThreadCaches mine;
  ThreadCaches::Owned* found = nullptr;
  for (ThreadCaches::Owned& o : mine.caches)
    if (o.owner == owner) found = &o;
  if (!found) {
    // Allocated before the slot is claimed: an allocation that throws (a search near its
    // memory limit, which the swarm's members survive) must not leave the owner recorded
    // beside no cache, which the thread's next step would then use.
    auto cache = std::make_unique<FiringCache>(max_local, kEntries);
    found = &mine.caches[mine.next_victim];
    mine.next_victim = (mine.next_victim + 1) % kCachesPerThread;
    found->owner = owner;
    found->cache = std::move(cache);
  }
  last_owner_ = owner;
  last_ = found->cache.get();
  return *last_;
}

std::uint64_t FiringCache::new_owner() {
  // Numbers are never reused, so a cache never answers for a System it was not made for
  // (a new System may live where an old one did).
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

Firing FiringCache::compute(const Key& key, const MachineType& machine, Value* next,
                            SentMessages& sent, CheckWindow* window) {
  last_entry_ = kNoEntry;
  // A key larger than the cache was made for is run, never checked nor remembered.
  const bool fits = key.size <= max_local_;
  const std::uint64_t hash = fits ? hash_of<0>(key) : 0;
  if (fits) std::copy(next, next + key.size, before_.data());
  Outbox out;
  const Firing firing =
      key.env ? machine.fire_env(static_cast<std::size_t>(key.input), key.local, next, out)
              : machine.fire_message(key.input, key.local, next, out);
  if (fits && is_checked(hash, window ? *window : own_window_))
    check_deterministic(key, machine, firing, next, out);
  sent.count = out.count;
  std::copy(out.messages.begin(), out.messages.begin() + out.count, sent.messages.begin());
  if (fits) remember(key, static_cast<std::size_t>(hash >> shift_), firing, next, out);
  return firing;
}

void FiringCache::check_deterministic(const Key& key, const MachineType& machine,
                                      const Firing& firing, const Value* next, const Outbox& out) {
  // From next_local as the first run had it, so that a step that did not fire compares
  // equal however much of it the machine leaves untouched.
  std::copy(before_.begin(), before_.begin() + static_cast<std::ptrdiff_t>(key.size),
            again_.begin());
  Outbox again_out;
  const Firing again = key.env
                           ? machine.fire_env(static_cast<std::size_t>(key.input), key.local,
                                              again_.data(), again_out)
                           : machine.fire_message(key.input, key.local, again_.data(), again_out);
  const bool same = again.fired == firing.fired && again.row == firing.row &&
                    std::equal(next, next + key.size, again_.begin()) &&
                    again_out.count == out.count &&
                    std::equal(out.messages.begin(), out.messages.begin() + out.count,
                               again_out.messages.begin());
  if (same) return;
  auto result = [&](const Firing& f, const Value* local, const Outbox& o) {
    return StepResult{f, std::vector<Value>(local, local + key.size),
                      std::vector<Value>(o.messages.begin(), o.messages.begin() + o.count)};
  };
  throw_not_deterministic(machine, key.env, key.input, key.local, result(firing, next, out),
                          result(again, again_.data(), again_out));
}

void FiringCache::remember(const Key& key, std::size_t slot, const Firing& firing,
                           const Value* next, const Outbox& out) {
  if (out.count > kMaxSent) return;
  if (!firing.fired && !std::equal(next, next + key.size, before_.data())) return;
  Meta& m = meta_[slot];
  Value* entry = values_.get() + slot * stride_;
  m = {key.input,
       firing.event,
       firing.row,
       tag_of(key),
       static_cast<std::uint8_t>(firing.fired ? 1 : 0),
       static_cast<std::uint8_t>(out.count)};
  std::copy(key.local, key.local + key.size, entry);
  if (firing.fired) std::copy(next, next + key.size, entry + max_local_);
  std::copy(out.messages.begin(), out.messages.begin() + out.count, entry + 2 * max_local_);
  observed_[slot].group = kNoGroup;
  last_entry_ = slot;
}

std::size_t FiringCache::bytes() const {
  return sizeof(*this) +
         meta_.size() * (sizeof(Meta) + sizeof(Observed) + stride_ * sizeof(Value)) +
         before_.size() * sizeof(Value);
}

}  // namespace synack::checker
