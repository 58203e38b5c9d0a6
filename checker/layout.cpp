#include "checker/layout.hpp"

#include "checker/errors.hpp"

#include <bit>
#include <stdexcept>

#include <fmt/format.h>

namespace synack::checker {

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i] == '-' ? '_' : a[i];
    char y = b[i] == '-' ? '_' : b[i];
    if (x != y) return false;
  }
  return true;
}

std::string Slot::print(Value v) const {
  if (printer) return printer(v);
  if (v >= 0 && static_cast<std::size_t>(v) < value_names.size()) return value_names[v];
  return std::to_string(v);
}

std::optional<Value> Slot::value_named(std::string_view wanted) const {
  for (std::size_t i = 0; i < value_names.size(); ++i)
    if (same_name(value_names[i], wanted)) return static_cast<Value>(i);
  return std::nullopt;
}

std::size_t Layout::add(Slot slot) {
  if (find(slot.name))
    throw InputError("two slots are named " + slot.name +
                     " (a variable named like the control state, or an actor and a channel of "
                     "the same name); rename one");
  if (slot.max < 0)
    throw InputError("slot " + slot.name + " has a negative maximum (" + std::to_string(slot.max) +
                     "); values range over 0..max");
  // The full 64 bits of the maximum: a width computed from fewer would merge states.
  std::uint32_t width = std::max<std::uint32_t>(
      1, static_cast<std::uint32_t>(std::bit_width(static_cast<std::uint64_t>(slot.max))));
  if (width > free_bits_in_word_) {
    ++words_;
    free_bits_in_word_ = 64;
  }
  Placement p;
  p.word = static_cast<std::uint32_t>(words_ - 1);
  p.shift = 64 - free_bits_in_word_;
  p.mask = (width == 64) ? ~0ULL : ((1ULL << width) - 1);
  free_bits_in_word_ -= width;
  bits_ += width;
  placement_.push_back(p);
  slots_.push_back(std::move(slot));
  return slots_.size() - 1;
}

Layout::Bits Layout::packed_bits_of(std::size_t i) const {
  const Placement& p = placement_[i];
  return {p.word, p.shift, static_cast<std::uint32_t>(std::popcount(p.mask))};
}

std::optional<std::size_t> Layout::find(std::string_view name) const {
  for (std::size_t i = 0; i < slots_.size(); ++i)
    if (slots_[i].name == name) return i;
  return std::nullopt;
}

void Layout::pack(const Value* state, std::uint64_t* packed) const {
  // Slots fill the words in order and every word holds at least one, so each word is
  // built in a register and stored once (`packed` may alias `state` as far as the
  // compiler knows: or-ing into memory would reload it for every slot). Every successor
  // the engines generate is packed: four slots of one word are taken at a time, with one
  // test that the fourth is still in the word instead of one per slot.
  const std::size_t n = placement_.size();
  if (n == 0) return;
  const Placement* p = placement_.data();
  auto bits = [&](std::size_t i) {
    return (static_cast<std::uint64_t>(state[i]) & p[i].mask) << p[i].shift;
  };
  std::uint32_t at = p[0].word;
  std::uint64_t word = 0;
  std::size_t i = 0;
  while (i < n) {
    if (i + 4 <= n && p[i + 3].word == at) {
      word |= bits(i) | bits(i + 1) | bits(i + 2) | bits(i + 3);
      i += 4;
      continue;
    }
    if (p[i].word != at) {
      packed[at] = word;
      word = 0;
      at = p[i].word;
    }
    word |= bits(i);
    ++i;
  }
  packed[at] = word;
}

void Layout::unpack(const std::uint64_t* packed, Value* state) const {
  for (std::size_t i = 0; i < placement_.size(); ++i) {
    const Placement& p = placement_[i];
    state[i] = static_cast<Value>((packed[p.word] >> p.shift) & p.mask);
  }
}

std::string Layout::print(const Value* state) const {
  std::string out;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (i) out += ' ';
    out += fmt::format("{}={}", slots_[i].name, slots_[i].print(state[i]));
  }
  return out;
}

}  // namespace synack::checker
