#include "checker/store/plain_store.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>

#include "checker/store/packed_scratch.hpp"

namespace synack::checker::store {

// A stored state's words are read from its bytes as they lie in memory.
static_assert(std::endian::native == std::endian::little,
              "the plain store reads a state's words from its bytes as little-endian");

namespace {
std::uint64_t load_word(const unsigned char* at) {
  std::uint64_t word;
  std::memcpy(&word, at, sizeof word);
  return word;
}

// A state of several words may end inside its last word; one of one word keeps all 8
// bytes, so that reading 8 bytes never starts before the state.
std::size_t stride_of(std::size_t words, std::size_t bytes) {
  if (words <= 1 || bytes == 0) return 8 * words;
  return std::clamp(bytes, 8 * (words - 1) + 1, 8 * words);
}
}  // namespace

PlainStore::PlainStore(std::size_t words_per_state, std::size_t bytes_per_state,
                       std::uint32_t index_bits, std::size_t initial_slots)
    : words_(words_per_state),
      stride_(stride_of(words_per_state, bytes_per_state)),
      tail_shift_(static_cast<std::uint32_t>(8 * (8 * words_per_state - stride_))),
      chunks_(kChunkStates * stride_),
      table_(initial_slots),
      index_bits_(std::min(index_bits, index_bits_for(initial_slots))),
      index_mask_(low_bits(index_bits_)) {}

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

void PlainStore::state(std::uint32_t index, std::uint64_t* packed) const {
  if (words_ == 0) return;
  const unsigned char* at = stored(index);
  const std::size_t last = words_ - 1;
  std::memcpy(packed, at, 8 * last);
  packed[last] = load_word(at + stride_ - 8) >> tail_shift_;
}

bool PlainStore::equal(std::uint32_t index, const std::uint64_t* packed) const {
  if (words_ == 0) return true;
  const unsigned char* at = stored(index);
  const std::size_t last = words_ - 1;
  for (std::size_t w = 0; w < last; ++w)
    if (load_word(at + 8 * w) != packed[w]) return false;
  return load_word(at + stride_ - 8) >> tail_shift_ == packed[last];
}

// Nothing inserts meanwhile, so the slices only read the states and write the table.
void PlainStore::rebuild_table(std::size_t size) {
  // A larger table numbers more states: its index takes bits from the tag now, in this
  // rebuild, rather than one at a time as the states arrive.
  index_bits_ = std::max(index_bits_, index_bits_for(size));
  index_mask_ = low_bits(index_bits_);
  table_.reset(size, parallel_);
  rebuild_in_slices(static_cast<std::uint32_t>(count_), parallel_,
                    [this](std::uint32_t first, std::uint32_t end, bool shared) {
                      rebuild_slice(first, end, shared);
                    });
}

// A batch of states hashed and their slots prefetched before any is placed, so that the
// table's cache misses overlap.
void PlainStore::rebuild_slice(std::uint32_t first, std::uint32_t end, bool shared) {
  constexpr std::uint32_t kBatch = 16;
  PackedScratch scratch(words_);
  std::uint64_t* packed = scratch.data();
  std::uint64_t hashes[kBatch];
  for (std::uint32_t batch = first; batch < end; batch += kBatch) {
    const std::uint32_t n = std::min(kBatch, end - batch);
    for (std::uint32_t k = 0; k < n; ++k) {
      state(batch + k, packed);
      hashes[k] = hash(packed);
      prefetch_slot(hashes[k]);
    }
    for (std::uint32_t k = 0; k < n; ++k) {
      const std::uint64_t h = hashes[k];
      const std::uint32_t entry = tag_of(h, index_bits_) | (batch + k + 1);
      if (shared)
        table_.place_shared(slot_of(h), entry);
      else
        table_.place(slot_of(h), entry);
    }
  }
}

void PlainStore::prefetch_candidate(std::uint64_t h) const {
  std::uint32_t entry = table_[slot_of(h)];
  if (entry && (entry & ~index_mask_) == tag_of(h, index_bits_)) {
    // Both ends: a state of 10 bytes crosses a cache line one time in eight.
    const unsigned char* at = stored((entry & index_mask_) - 1);
    __builtin_prefetch(at);
    __builtin_prefetch(at + stride_ - 1);
  }
}

std::optional<std::uint32_t> PlainStore::find(const std::uint64_t* packed, std::uint64_t h,
                                              ProbeEnd* end) const {
  std::uint32_t tag = tag_of(h, index_bits_);
  std::size_t pos = slot_of(h);
  while (std::uint32_t entry = table_[pos]) {
    std::uint32_t index = (entry & index_mask_) - 1;
    if ((entry & ~index_mask_) == tag && equal(index, packed)) return index;
    if (++pos == table_.size()) pos = 0;
  }
  if (end) *end = {pos, table_.epoch()};
  return std::nullopt;
}

Inserted PlainStore::insert(const std::uint64_t* packed, std::uint64_t h, std::uint32_t parent,
                            const ProbeEnd& from) {
  std::uint32_t tag = tag_of(h, index_bits_);
  std::size_t pos = table_.probe_start(slot_of(h), from);
  while (std::uint32_t entry = table_[pos]) {
    std::uint32_t index = (entry & index_mask_) - 1;
    if ((entry & ~index_mask_) == tag && equal(index, packed)) return Inserted::at(index, false);
    if (++pos == table_.size()) pos = 0;
  }
  if (count_ >= kCapacity) return Inserted::full();
  if (count_ + 1 > index_mask_) {
    // index + 1 no longer fits beside the tag: give the index one more bit and rebuild,
    // then probe again (the tags changed).
    ++index_bits_;
    index_mask_ = low_bits(index_bits_);
    rebuild_table(table_.size());
    return insert(packed, h, parent);
  }
  // The last word's bits past the state's end must be 0, or two bit patterns of one state
  // would be stored as one and hashed as two. Checked before anything changes, so that
  // the store stays whole if this throws.
  if (tail_shift_ > 0 && packed[words_ - 1] >> (64 - tail_shift_) != 0)
    throw std::logic_error("the plain store was given a state with bits past its last byte");
  std::uint32_t index = static_cast<std::uint32_t>(count_);
  if (count_ % kChunkStates == 0) chunks_.add();
  if (words_ > 0) {
    // The last word's low bytes, little-endian.
    const std::size_t last = words_ - 1;
    unsigned char* at = chunks_.back() + (count_ % kChunkStates) * stride_;
    std::memcpy(at, packed, 8 * last);
    std::memcpy(at + 8 * last, &packed[last], stride_ - 8 * last);
  }
  parents_.push(parent);
  table_[pos] = tag | (index + 1);
  ++count_;
  if (full_enough(count_, table_.size(), index_bits_)) rebuild_table(grown_size(table_.size()));
  return Inserted::at(index, true);
}

std::size_t PlainStore::bytes() const {
  return chunks_.bytes() + parents_.bytes() + table_.bytes();
}

}  // namespace synack::checker::store
