#include "checker/store/tree_store.hpp"

#include <algorithm>

#include "checker/store/packed_scratch.hpp"

namespace synack::checker::store {

namespace {
std::vector<Field> slot_fields(const Layout& layout) {
  std::vector<Field> fields;
  for (std::size_t i = 0; i < layout.size(); ++i) {
    Layout::Bits b = layout.packed_bits_of(i);
    fields.push_back({b.word, b.shift, b.width});
  }
  return fields;
}

// Raw words: cut into 32-bit halves, so that the tree still has two halves to pair.
std::vector<Field> word_fields(std::size_t words) {
  std::vector<Field> fields;
  for (std::uint32_t w = 0; w < words; ++w) {
    fields.push_back({w, 0, 32});
    fields.push_back({w, 32, 32});
  }
  return fields;
}
}  // namespace

TreeStore::TreeStore(const Layout& layout)
    : TreeStore(layout.words(), slot_fields(layout), kInitialIndexBits, kInitialSlots) {}

TreeStore::TreeStore(std::size_t words_per_state, std::uint32_t index_bits,
                     std::size_t initial_slots)
    : TreeStore(words_per_state, word_fields(words_per_state), index_bits, initial_slots) {}

TreeStore::TreeStore(std::size_t words, const std::vector<Field>& fields, std::uint32_t index_bits,
                     std::size_t initial_slots)
    : tree_(words, fields),
      table_(initial_slots),
      index_bits_(std::min(index_bits, index_bits_for(initial_slots))),
      index_mask_(low_bits(index_bits_)) {}

std::uint64_t TreeStore::hash(const std::uint64_t* packed) const {
  // splitmix64's finalizer over each word, chained.
  const std::size_t words = tree_.words();
  std::uint64_t h = 0x9e3779b97f4a7c15ULL * (words + 1);
  for (std::size_t w = 0; w < words; ++w) h = mix64(packed[w] ^ h);
  return h;
}

void TreeStore::unpack(std::uint32_t index, const Layout& layout, Value* state) const {
  PackedScratch scratch(words());
  std::uint64_t* packed = scratch.data();
  this->state(index, packed);
  layout.unpack(packed, state);
}

// Every state is in the roots, and nothing inserts meanwhile: the slices only read the
// roots and the tree's parts and write the table.
void TreeStore::rebuild_table(std::size_t entries) {
  // A larger table numbers more states: its index takes bits from the tag now, in this
  // rebuild, rather than one at a time as the states arrive.
  index_bits_ = std::max(index_bits_, index_bits_for(entries));
  index_mask_ = low_bits(index_bits_);
  table_.reset(entries, parallel_);
  rebuild_in_slices(static_cast<std::uint32_t>(size()), parallel_,
                    [this](std::uint32_t first, std::uint32_t end, bool shared) {
                      rebuild_slice(first, end, shared);
                    });
}

// A batch of states hashed and their slots prefetched before any is placed, so that the
// table's cache misses overlap.
void TreeStore::rebuild_slice(std::uint32_t first, std::uint32_t end, bool shared) {
  constexpr std::uint32_t kBatch = 16;
  PackedScratch scratch(words());
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

void TreeStore::prefetch_candidate(std::uint64_t h) const {
  std::uint32_t entry = table_[slot_of(h)];
  if (entry && (entry & ~index_mask_) == tag_of(h, index_bits_))
    __builtin_prefetch(roots_.address((entry & index_mask_) - 1));
}

std::optional<std::uint32_t> TreeStore::find(const std::uint64_t* packed, std::uint64_t h,
                                             ProbeEnd* end) const {
  const std::uint32_t tag = tag_of(h, index_bits_);
  std::size_t pos = slot_of(h);
  while (std::uint32_t entry = table_[pos]) {
    std::uint32_t index = (entry & index_mask_) - 1;
    if ((entry & ~index_mask_) == tag && tree_.same(roots_.get(index), packed)) return index;
    if (++pos == table_.size()) pos = 0;
  }
  if (end) *end = {pos, table_.epoch()};
  return std::nullopt;
}

Inserted TreeStore::insert(const std::uint64_t* packed, std::uint64_t h, std::uint32_t parent,
                           const ProbeEnd& from) {
  const std::uint32_t tag = tag_of(h, index_bits_);
  std::size_t pos = table_.probe_start(slot_of(h), from);
  while (std::uint32_t entry = table_[pos]) {
    std::uint32_t index = (entry & index_mask_) - 1;
    if ((entry & ~index_mask_) == tag && tree_.same(roots_.get(index), packed))
      return Inserted::at(index, false);
    if (++pos == table_.size()) pos = 0;
  }
  const std::size_t count = size();
  if (count >= kCapacity) return Inserted::full();
  if (count + 1 > index_mask_) {
    // index + 1 no longer fits beside the tag: give the index one more bit and rebuild,
    // then probe again (the tags changed).
    ++index_bits_;
    index_mask_ = low_bits(index_bits_);
    rebuild_table(table_.size());
    return insert(packed, h, parent);
  }
  const auto index = static_cast<std::uint32_t>(count);
  roots_.push(tree_.encode(packed));
  parents_.push(parent);
  table_[pos] = tag | (index + 1);
  // Load at most 3/4; sizes 2^k and 1.5 * 2^k in turn, so at least 1/2 after growing.
  const std::size_t table = table_.size();
  if ((count + 1) * 4 > table * 3) rebuild_table(stepped_size(table));
  return Inserted::at(index, true);
}

std::size_t TreeStore::bytes() const {
  return roots_.bytes() + parents_.bytes() + tree_.bytes() + table_.bytes();
}

}  // namespace synack::checker::store
