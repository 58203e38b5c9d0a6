#include "checker/store/plain_store.hpp"

#include <algorithm>

namespace synack::checker::store {

namespace {
std::uint32_t low_bits(std::uint32_t bits) {
  return bits >= 32 ? 0xffffffffu : (1u << bits) - 1;
}
}  // namespace

PlainStore::PlainStore(std::size_t words_per_state, std::uint32_t index_bits,
                       std::size_t initial_slots)
    : words_(words_per_state),
      chunks_(kChunkStates * words_per_state),
      parents_(kChunkStates),
      table_(initial_slots),
      mask_(initial_slots - 1),
      index_bits_(index_bits),
      index_mask_(low_bits(index_bits)) {}

// The tag takes the hash bits the table position does not use first (the top ones).
std::uint32_t PlainStore::tag_of(std::uint64_t h) const {
  if (index_bits_ >= 32) return 0;
  return static_cast<std::uint32_t>(h >> (32 + index_bits_)) << index_bits_;
}

std::uint64_t PlainStore::hash(const std::uint64_t* packed) const {
  // splitmix64's finalizer over each word, chained.
  std::uint64_t h = 0x9e3779b97f4a7c15ULL * (words_ + 1);
  for (std::size_t w = 0; w < words_; ++w) {
    std::uint64_t x = packed[w] ^ h;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    h = x ^ (x >> 31);
  }
  return h;
}

const std::uint64_t* PlainStore::state(std::uint32_t index) const {
  return chunks_[index / kChunkStates] + (index % kChunkStates) * words_;
}

bool PlainStore::equal(std::uint32_t index, const std::uint64_t* packed) const {
  const std::uint64_t* stored = state(index);
  for (std::size_t w = 0; w < words_; ++w)
    if (stored[w] != packed[w]) return false;
  return true;
}

// Nothing inserts meanwhile, so the slices only read the states and write the table.
void PlainStore::rebuild_table(std::size_t size) {
  table_.reset(size, parallel_);
  mask_ = size - 1;
  rebuild_in_slices(static_cast<std::uint32_t>(count_), parallel_,
                    [this](std::uint32_t first, std::uint32_t end, bool shared) {
                      rebuild_slice(first, end, shared);
                    });
}

// A batch of states hashed and their slots prefetched before any is placed, so that the
// table's cache misses overlap.
void PlainStore::rebuild_slice(std::uint32_t first, std::uint32_t end, bool shared) {
  constexpr std::uint32_t kBatch = 16;
  std::uint64_t hashes[kBatch];
  for (std::uint32_t batch = first; batch < end; batch += kBatch) {
    const std::uint32_t n = std::min(kBatch, end - batch);
    for (std::uint32_t k = 0; k < n; ++k) {
      hashes[k] = hash(state(batch + k));
      prefetch_slot(hashes[k]);
    }
    for (std::uint32_t k = 0; k < n; ++k) {
      const std::uint64_t h = hashes[k];
      const std::uint32_t entry = tag_of(h) | (batch + k + 1);
      if (shared)
        table_.place_shared(h & mask_, entry);
      else
        table_.place(h & mask_, entry);
    }
  }
}

void PlainStore::prefetch_candidate(std::uint64_t h) const {
  std::uint32_t entry = table_[h & mask_];
  if (entry && (entry & ~index_mask_) == tag_of(h))
    __builtin_prefetch(state((entry & index_mask_) - 1));
}

std::optional<std::uint32_t> PlainStore::find(const std::uint64_t* packed, std::uint64_t h,
                                              ProbeEnd* end) const {
  std::uint32_t tag = tag_of(h);
  std::size_t pos = h & mask_;
  for (; std::uint32_t entry = table_[pos]; pos = (pos + 1) & mask_) {
    std::uint32_t index = (entry & index_mask_) - 1;
    if ((entry & ~index_mask_) == tag && equal(index, packed)) return index;
  }
  if (end) *end = {pos, table_.epoch()};
  return std::nullopt;
}

std::optional<std::pair<std::uint32_t, bool>> PlainStore::insert(const std::uint64_t* packed,
                                                                 std::uint64_t h,
                                                                 std::uint32_t parent,
                                                                 const ProbeEnd& from) {
  std::uint32_t tag = tag_of(h);
  std::size_t pos = table_.probe_start(h & mask_, from);
  while (std::uint32_t entry = table_[pos]) {
    std::uint32_t index = (entry & index_mask_) - 1;
    if ((entry & ~index_mask_) == tag && equal(index, packed)) return std::pair{index, false};
    pos = (pos + 1) & mask_;
  }
  if (count_ >= kCapacity) return std::nullopt;
  if (count_ + 1 > index_mask_) {
    // index + 1 no longer fits beside the tag: give the index one more bit and rebuild,
    // then probe again (the tags changed).
    ++index_bits_;
    index_mask_ = low_bits(index_bits_);
    rebuild_table(table_.size());
    return insert(packed, h, parent);
  }
  std::uint32_t index = static_cast<std::uint32_t>(count_);
  if (count_ % kChunkStates == 0) {
    chunks_.add();
    parents_.add();
  }
  std::uint64_t* slot = chunks_.back() + (count_ % kChunkStates) * words_;
  for (std::size_t w = 0; w < words_; ++w) slot[w] = packed[w];
  parents_.back()[count_ % kChunkStates] = parent;
  table_[pos] = tag | (index + 1);
  ++count_;
  if (count_ * 5 > table_.size() * 3) rebuild_table(table_.size() * 2);
  return std::pair{index, true};
}

std::size_t PlainStore::bytes() const {
  return chunks_.bytes() + parents_.bytes() + table_.bytes();
}

}  // namespace synack::checker::store
