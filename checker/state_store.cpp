#include "checker/state_store.hpp"

#include <cstring>
#include <stdexcept>

namespace synack::checker {

StateStore::StateStore(std::size_t words_per_state) : words_(words_per_state) {
  table_.assign(1u << 16, 0);
  mask_ = table_.size() - 1;
}

std::uint64_t StateStore::hash(const std::uint64_t* packed) const {
  // A multiply-xorshift mix per word (the finalizer of MurmurHash3 / splitmix64).
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ words_;
  for (std::size_t w = 0; w < words_; ++w) {
    std::uint64_t x = packed[w] + 0x9e3779b97f4a7c15ULL * (w + 1);
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    h = (h ^ x ^ (x >> 31)) * 0xff51afd7ed558ccdULL;
  }
  return h ^ (h >> 32);
}

const std::uint64_t* StateStore::state(std::uint32_t index) const {
  return chunks_[index / kChunkStates].get() + (index % kChunkStates) * words_;
}

bool StateStore::equal(std::uint32_t index, const std::uint64_t* packed) const {
  return std::memcmp(state(index), packed, words_ * sizeof(std::uint64_t)) == 0;
}

std::uint64_t* StateStore::slot_for_new_state() {
  if (count_ % kChunkStates == 0)
    chunks_.push_back(std::make_unique<std::uint64_t[]>(kChunkStates * words_));
  return chunks_.back().get() + (count_ % kChunkStates) * words_;
}

void StateStore::grow_table() {
  std::vector<std::uint32_t> bigger(table_.size() * 2, 0);
  std::size_t mask = bigger.size() - 1;
  for (std::uint32_t entry : table_) {
    if (!entry) continue;
    std::size_t pos = hash(state(entry - 1)) & mask;
    while (bigger[pos]) pos = (pos + 1) & mask;
    bigger[pos] = entry;
  }
  table_.swap(bigger);
  mask_ = mask;
}

std::pair<std::uint32_t, bool> StateStore::insert(const std::uint64_t* packed,
                                                  std::uint32_t parent, std::uint16_t group) {
  std::size_t pos = hash(packed) & mask_;
  while (std::uint32_t entry = table_[pos]) {
    if (equal(entry - 1, packed)) return {entry - 1, false};
    pos = (pos + 1) & mask_;
  }
  if (count_ >= 0xfffffff0u) throw std::length_error("state store is full (2^32 states)");
  std::uint32_t index = static_cast<std::uint32_t>(count_);
  std::memcpy(slot_for_new_state(), packed, words_ * sizeof(std::uint64_t));
  parents_.push_back(parent);
  groups_.push_back(group);
  table_[pos] = index + 1;
  ++count_;
  if (count_ * 10 > table_.size() * 7) grow_table();
  return {index, true};
}

std::size_t StateStore::bytes() const {
  return chunks_.size() * kChunkStates * words_ * sizeof(std::uint64_t) +
         parents_.capacity() * sizeof(std::uint32_t) +
         groups_.capacity() * sizeof(std::uint16_t) + table_.size() * sizeof(std::uint32_t);
}

}  // namespace synack::checker
