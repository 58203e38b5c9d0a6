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
#include <type_traits>

namespace synack::checker::store {

class Inserted {
 public:
  static constexpr Inserted full() { return Inserted(0); }
  static constexpr Inserted at(std::uint32_t index, bool added) {
    return Inserted(std::uint64_t{index} | kStored | (added ? kAdded : 0));
  }

  // False when the store was full.
  constexpr explicit operator bool() const { return (bits_ & kStored) != 0; }
  // The state's index; 0, and meaningless, when the store was full.
  constexpr std::uint32_t index() const { return static_cast<std::uint32_t>(bits_); }
  // True when the state was not stored before.
  constexpr bool added() const { return (bits_ & kAdded) != 0; }
  constexpr bool operator==(const Inserted&) const = default;

 private:
  static constexpr std::uint64_t kStored = std::uint64_t{1} << 32;
  static constexpr std::uint64_t kAdded = std::uint64_t{1} << 33;
  constexpr explicit Inserted(std::uint64_t bits) : bits_(bits) {}
  std::uint64_t bits_;
};

// What the register return rests on, and the encoding at its edges (a store holds up to
// 2^32 - 1 states, more than a test can fill).
static_assert(sizeof(Inserted) == 8 && std::is_trivially_copyable_v<Inserted>);
static_assert(!Inserted::full() && Inserted::at(0, false) && !Inserted::at(0, false).added());
static_assert(Inserted::at(0xffffffffu, true).index() == 0xffffffffu &&
              Inserted::at(0xffffffffu, true).added());

}  // namespace synack::checker::store
