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
  ++count_;
  if (mode_ == Mode::kNone) {
    if (parent == kNone) return;  // the roots, before any state with a parent
    mode_ = Mode::kRising;
    start_ = index;
  } else if (mode_ == Mode::kRising && (parent < last_ || parent == kNone)) {
    to_plain();
  }
  if (mode_ == Mode::kPlain) {
    plain_.push_back(parent);
    return;
  }
  for (std::uint32_t k = last_; k < parent; ++k) append_bit(false);
  const std::size_t rank = index - start_;
  if (rank > 0 && rank % (std::size_t{1} << kSampleBits) == 0) samples_.push_back({bits_, parent});
  append_bit(true);
  last_ = parent;
}

// Parent of state i: from the sample at or before it, count ones (a state each) and zeros
// (a parent each) up to its own 1.
std::uint32_t ParentColumn::get(std::size_t index) const {
  if (mode_ == Mode::kNone || index < start_) return kNone;
  if (mode_ == Mode::kPlain) return plain_[index];
  const std::size_t rank = index - start_;  // among the states with a parent
  const std::size_t s = rank >> kSampleBits;
  std::uint64_t at = 0;
  std::uint32_t parent = 0;
  std::size_t ones = rank;  // ones to pass before the state's own 1
  if (s > 0) {
    if (rank == s << kSampleBits) return samples_[s - 1].parent;
    at = samples_[s - 1].one_at + 1;
    parent = samples_[s - 1].parent;
    ones = rank - (s << kSampleBits) - 1;
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

// Called by push once count_ counts the state being pushed, which is not stored yet.
void ParentColumn::to_plain() {
  std::vector<std::uint32_t> plain;
  plain.reserve(count_);
  for (std::size_t i = 0; i + 1 < count_; ++i) plain.push_back(get(i));
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
