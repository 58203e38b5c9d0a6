#include "checker/store/parent_column.hpp"

#include <bit>

namespace synack::checker::store {

void ParentColumn::append_bit(bool one) {
  if (bits_ % (kBlockWords * 64) == 0)
    blocks_.push_back(std::make_unique<std::uint64_t[]>(kBlockWords));
  if (one) blocks_.back()[(bits_ / 64) % kBlockWords] |= std::uint64_t{1} << (bits_ % 64);
  ++bits_;
}

bool ParentColumn::bit(std::uint64_t at) const {
  return (word(at / 64) >> (at % 64)) & 1;
}

void ParentColumn::push(std::uint32_t parent) {
  const std::size_t index = count_;
  if (index == 0) {
    first_ = parent;
  } else if (mode_ == Mode::kNone && parent != kNone) {
    if (index == 1)
      mode_ = Mode::kRising;
    else
      to_plain();
  } else if (mode_ == Mode::kRising && (parent < last_ || parent == kNone)) {
    to_plain();
  }
  if (index > 0 && mode_ == Mode::kRising) {
    for (std::uint32_t k = last_; k < parent; ++k) append_bit(false);
    if (index % (std::size_t{1} << kSampleBits) == 0) samples_.push_back({bits_, parent});
    append_bit(true);
    last_ = parent;
  } else if (mode_ == Mode::kPlain) {
    plain_.push_back(parent);
  }
  ++count_;
}

// Parent of state i: from the sample at or before it, count ones (a state each) and zeros
// (a parent each) up to its own 1.
std::uint32_t ParentColumn::get(std::size_t index) const {
  if (index == 0) return first_;
  if (mode_ == Mode::kNone) return kNone;
  if (mode_ == Mode::kPlain) return plain_[index];
  const std::size_t s = index >> kSampleBits;
  std::uint64_t at = 0;
  std::uint32_t parent = 0;
  std::size_t ones = index - 1;  // ones to pass before state index's own 1, from state 1
  if (s > 0) {
    at = samples_[s - 1].one_at + 1;
    parent = samples_[s - 1].parent;
    ones = index - (s << kSampleBits) - 1;
    if (index == s << kSampleBits) return parent;
  }
  // Whole words first, then bit by bit in the word that holds the 1.
  while (true) {
    const std::size_t w = at / 64;
    const std::uint32_t from = at % 64;
    const std::uint64_t bits = word(w) >> from;
    const std::uint32_t span = 64 - from;
    const auto here = static_cast<std::size_t>(std::popcount(bits));
    if (here > ones) break;
    ones -= here;
    parent += span - static_cast<std::uint32_t>(here);
    at += span;
  }
  while (true) {
    if (bit(at)) {
      if (ones == 0) return parent;
      --ones;
    } else {
      ++parent;
    }
    ++at;
  }
}

void ParentColumn::to_plain() {
  std::vector<std::uint32_t> plain;
  plain.reserve(count_ + 1);
  for (std::size_t i = 0; i < count_; ++i) plain.push_back(get(i));
  plain_ = std::move(plain);
  blocks_.clear();
  samples_.clear();
  mode_ = Mode::kPlain;
}

std::size_t ParentColumn::bytes() const {
  return blocks_.size() * kBlockWords * sizeof(std::uint64_t) +
         samples_.capacity() * sizeof(Sample) + plain_.capacity() * sizeof(std::uint32_t);
}

}  // namespace synack::checker::store
