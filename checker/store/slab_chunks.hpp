// Fixed-size chunks of a store's column (packed states, parents), carved from slabs of
// whole huge pages (huge_pages.hpp).
//
// Why chunks: an element never moves once stored, and growing never copies (a vector's
// doubling would copy everything and hold both copies for a moment). Why slabs: a chunk
// is often smaller than a huge page (64 K states of one word: 512 KB), and a huge page
// only backs a 2 MB-aligned 2 MB of one mapping; so chunks are handed out from slabs of
// the least number of chunks that fills whole huge pages. The first chunks, up to a huge
// page's worth (and never more than a slab's), are allocated one by one, so that a small
// store does not take a whole huge page (a first touch maps all 2 MB of it), nor sit on
// small pages up to a whole slab (16 chunks of 640 KB for states of 10 bytes). The
// memory is zeroed.
#pragma once

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <vector>

#include "checker/store/huge_pages.hpp"

namespace synack::checker::store {

template <class T>
class SlabChunks {
 public:
  explicit SlabChunks(std::size_t chunk_elements)
      : chunk_elements_(chunk_elements),
        chunks_per_slab_(kHugePage / std::gcd(chunk_elements * sizeof(T), kHugePage)),
        singles_(singles_for(chunk_elements * sizeof(T), chunks_per_slab_)) {}

  // Appends a chunk of chunk_elements zeroed elements and returns it.
  T* add() {
    T* chunk;
    if (chunks_.size() < singles_) {
      slabs_.push_back(allocate_zeroed_array<T>(chunk_elements_));
      chunk = slabs_.back().get();
    } else {
      const std::size_t in_slab = (chunks_.size() - singles_) % chunks_per_slab_;
      if (in_slab == 0)
        slabs_.push_back(allocate_zeroed_array<T>(chunks_per_slab_ * chunk_elements_));
      chunk = slabs_.back().get() + in_slab * chunk_elements_;
    }
    chunks_.push_back(chunk);
    return chunk;
  }

  T* operator[](std::size_t chunk) const { return chunks_[chunk]; }
  T* back() const { return chunks_.back(); }
  std::size_t size() const { return chunks_.size(); }
  // Bytes in use: the chunks handed out, those of the last slab up to the huge page their
  // end lies in. The rest of that slab is mapped but never touched, so it takes no memory
  // (a slab of 10-byte states is 10 MB: counted whole, --max-memory stopped searches at
  // half the states it allowed).
  std::size_t bytes() const {
    const std::size_t chunk_bytes = chunk_elements_ * sizeof(T);
    const std::size_t single = std::min(chunks_.size(), singles_);
    const std::size_t carved = chunks_.size() - single;
    std::size_t bytes = single * chunk_bytes;
    if (carved > 0) {
      const std::size_t slab_bytes = chunks_per_slab_ * chunk_bytes;
      const std::size_t full = (carved - 1) / chunks_per_slab_;
      const std::size_t in_last = (carved - full * chunks_per_slab_) * chunk_bytes;
      bytes += full * slab_bytes +
               std::min(slab_bytes, (in_last + kHugePage - 1) / kHugePage * kHugePage);
    }
    return bytes;
  }

 private:
  static std::size_t singles_for(std::size_t chunk_bytes, std::size_t per_slab) {
    if (chunk_bytes == 0) return per_slab;
    return std::min(per_slab, (kHugePage + chunk_bytes - 1) / chunk_bytes);
  }

  std::size_t chunk_elements_;
  std::size_t chunks_per_slab_;
  std::size_t singles_;  // chunks allocated one by one before the first slab
  std::vector<ZeroedArray<T>> slabs_;
  std::vector<T*> chunks_;
};

}  // namespace synack::checker::store
