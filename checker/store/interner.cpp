#include "checker/store/interner.hpp"

namespace synack::checker::store {

Interner::Interner()
    : table_(allocate_zeroed_array<std::uint32_t>(1u << 10)),
      table_size_(1u << 10),
      mask_(table_size_ - 1) {}

std::uint32_t Interner::intern(std::uint64_t key) {
  std::size_t pos = mix64(key) & mask_;
  while (std::uint32_t entry = table_[pos]) {
    if (this->key(entry - 1) == key) return entry - 1;
    pos = (pos + 1) & mask_;
  }
  const auto id = static_cast<std::uint32_t>(count_);
  if ((count_ & kChunkMask) == 0) chunks_.add();
  chunks_.back()[id & kChunkMask] = key;
  table_[pos] = id + 1;
  ++count_;
  if (count_ * 2 > table_size_) grow();
  return id;
}

// The keys are all in the chunks: the old table goes first, so growing never holds both.
void Interner::grow() {
  const std::size_t size = table_size_ * 2;
  table_.memory.reset();
  table_ = allocate_zeroed_array<std::uint32_t>(size);
  table_size_ = size;
  mask_ = size - 1;
  for (std::size_t id = 0; id < count_; ++id) {
    std::size_t pos = mix64(key(static_cast<std::uint32_t>(id))) & mask_;
    while (table_[pos]) pos = (pos + 1) & mask_;
    table_[pos] = static_cast<std::uint32_t>(id + 1);
  }
}

std::size_t Interner::bytes() const {
  return chunks_.bytes() + table_size_ * sizeof(std::uint32_t);
}

}  // namespace synack::checker::store
