// What a store's insert did: the state's index and whether the insert added it, or that
// the store was full and nothing changed.
//
// One word, so that it comes back in a register. As std::optional<std::pair<index, bool>>
// GCC built it on the stack a field at a time and read it back whole, a load no store
// could forward to: the load then waited for every store before it (the new state, its
// parent and its table slot) to reach the cache, and the commit's inserts took about a
// third of their time there (docs/performance.md, "An insert's result in a register").
#pragma once

#include <cstdint>

namespace synack::checker::store {

class Inserted {
 public:
  static Inserted full() { return Inserted(0); }
  static Inserted at(std::uint32_t index, bool added) {
    return Inserted(std::uint64_t{index} | kStored | (added ? kAdded : 0));
  }

  // False when the store was full.
  explicit operator bool() const { return (bits_ & kStored) != 0; }
  std::uint32_t index() const { return static_cast<std::uint32_t>(bits_); }
  // True when the state was not stored before.
  bool added() const { return (bits_ & kAdded) != 0; }
  bool operator==(const Inserted&) const = default;

 private:
  static constexpr std::uint64_t kStored = std::uint64_t{1} << 32;
  static constexpr std::uint64_t kAdded = std::uint64_t{1} << 33;
  explicit Inserted(std::uint64_t bits) : bits_(bits) {}
  std::uint64_t bits_;
};

}  // namespace synack::checker::store
