// Each stored state's parent, in about two bits per state for a breadth-first search.
//
// A breadth-first search stores its initial states (no parent, kNone) first, then a
// parent's new successors together, parent after parent in index order, so parents never
// decrease from one state to the next. The column then writes, for each state with a
// parent, as many 0 bits as its parent is above the previous one's (above 0 for the
// first), and a 1: n states take n + (last parent) bits. A sample every 256 states (its
// 1's position and its parent) lets parent(i) scan at most 256 ones. Other orders are
// kept too: a search that stores no parents (all kNone) costs nothing, and any other
// sequence switches the column to 32 bits per state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace synack::checker::store {

class ParentColumn {
 public:
  static constexpr std::uint32_t kNone = 0xffffffffu;

  void push(std::uint32_t parent);
  std::uint32_t get(std::size_t index) const;
  std::size_t size() const { return count_; }
  std::size_t bytes() const;

 private:
  enum class Mode { kNone, kRising, kPlain };
  static constexpr std::uint32_t kSampleBits = 8;
  static constexpr std::size_t kBlockWords = std::size_t{1} << 13;  // 64 KiB of bits

  void append_bit(bool one);
  bool bit(std::uint64_t at) const;
  std::uint64_t word(std::size_t w) const { return blocks_[w / kBlockWords][w % kBlockWords]; }
  void to_plain();

  Mode mode_ = Mode::kNone;
  std::size_t count_ = 0;
  std::size_t start_ = 0;   // the first state with a parent (kRising)
  std::uint32_t last_ = 0;  // the last parent pushed (kRising)
  std::uint64_t bits_ = 0;  // bits written (kRising)
  std::vector<std::unique_ptr<std::uint64_t[]>> blocks_;
  struct Sample {
    std::uint64_t one_at;  // the position of the state's 1
    std::uint32_t parent;
  };
  std::vector<Sample> samples_;  // states start_ + 256 k, k >= 1
  std::vector<std::uint32_t> plain_;
};

}  // namespace synack::checker::store
