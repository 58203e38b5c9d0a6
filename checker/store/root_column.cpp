#include "checker/store/root_column.hpp"

#include <algorithm>
#include <bit>

#include "checker/store/low_mask.hpp"

namespace synack::checker::store {

namespace {
std::uint32_t bits_for(std::uint64_t value) {
  return static_cast<std::uint32_t>(std::bit_width(value));
}
}  // namespace

// Kept one word longer than the roots need: a read of 64 bits may start in the last one.
std::size_t RootColumn::words_for(std::uint32_t bits) {
  return (kChunkStates * bits + 63) / 64 + 1;
}

// Root i of a chunk takes bits [i * width, (i + 1) * width): first, then second above it.
Root RootColumn::read(const Chunk& chunk, std::size_t slot) {
  const std::uint32_t a = chunk.first_bits, b = chunk.second_bits;
  const std::size_t bit = slot * (a + b);
  const std::uint64_t* w = &chunk.words[bit / 64];
  const std::uint32_t shift = bit % 64;
  const std::uint64_t v = shift ? (w[0] >> shift) | (w[1] << (64 - shift)) : w[0];
  Root root;
  root.first = v & low_mask(a);
  if (b) root.second = static_cast<std::uint32_t>((v >> a) & low_mask(b));
  return root;
}

void RootColumn::write(Chunk& chunk, std::size_t slot, Root root) {
  const std::uint32_t a = chunk.first_bits, b = chunk.second_bits, width = a + b;
  const std::uint64_t v = b ? root.first | std::uint64_t{root.second} << a : root.first;
  const std::size_t bit = slot * width;
  std::uint64_t* w = &chunk.words[bit / 64];
  const std::uint32_t shift = bit % 64;
  const std::uint64_t mask = low_mask(width);
  w[0] = (w[0] & ~(mask << shift)) | (v << shift);
  if (shift && shift + width > 64) w[1] = (w[1] & ~(mask >> (64 - shift))) | (v >> (64 - shift));
}

void RootColumn::widen(Chunk& chunk, std::size_t used, Root root) {
  Chunk wider;
  wider.first_bits = std::max(chunk.first_bits, bits_for(root.first));
  wider.second_bits = std::max(chunk.second_bits, bits_for(root.second));
  wider.words = std::make_unique<std::uint64_t[]>(words_for(wider.first_bits + wider.second_bits));
  for (std::size_t i = 0; i < used; ++i) write(wider, i, read(chunk, i));
  chunk = std::move(wider);
}

void RootColumn::push(Root root) {
  const std::size_t slot = count_ % kChunkStates;
  if (slot == 0) {
    Chunk chunk;
    if (!chunks_.empty()) {
      chunk.first_bits = chunks_.back().first_bits;
      chunk.second_bits = chunks_.back().second_bits;
    }
    chunk.words =
        std::make_unique<std::uint64_t[]>(words_for(chunk.first_bits + chunk.second_bits));
    chunks_.push_back(std::move(chunk));
  }
  Chunk& chunk = chunks_.back();
  if (bits_for(root.first) > chunk.first_bits || bits_for(root.second) > chunk.second_bits)
    widen(chunk, slot, root);
  write(chunk, slot, root);
  ++count_;
}

Root RootColumn::get(std::size_t index) const {
  return read(chunks_[index >> kChunkBits], index % kChunkStates);
}

const void* RootColumn::address(std::size_t index) const {
  const Chunk& chunk = chunks_[index >> kChunkBits];
  return &chunk.words[(index % kChunkStates) * (chunk.first_bits + chunk.second_bits) / 64];
}

std::size_t RootColumn::bytes() const {
  std::size_t total = chunks_.capacity() * sizeof(Chunk);
  for (const Chunk& chunk : chunks_)
    total += words_for(chunk.first_bits + chunk.second_bits) * sizeof(std::uint64_t);
  return total;
}

}  // namespace synack::checker::store
