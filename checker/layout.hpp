// The state layout: a fixed-length vector of named integer slots.
//
// Every engine sees a state as `Value[layout.size()]`. Each slot declares its largest
// value, which fixes how many bits it takes when the engine packs the state for storage,
// and how its values print (an enum-like slot names its values: "SYN-SENT").
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace synack::checker {

using Value = std::int64_t;

struct Slot {
  std::string name;                           // "client.state", "c2s[0]"
  Value max = 0;                              // values range over 0..max
  std::vector<std::string> value_names;       // optional: a name for each value
  std::function<std::string(Value)> printer;  // optional: how a value reads

  std::string print(Value v) const;
  // The value whose name is `name` ('-' and '_' are interchangeable), if any.
  std::optional<Value> value_named(std::string_view name) const;
};

class Layout {
 public:
  // Adds a slot and returns its index. Slots are packed in the order they are added.
  std::size_t add(Slot slot);

  std::size_t size() const { return slots_.size(); }
  const Slot& slot(std::size_t i) const { return slots_[i]; }
  const std::vector<Slot>& slots() const { return slots_; }
  std::optional<std::size_t> find(std::string_view name) const;

  // Packed form: 64-bit words, no slot straddles a word boundary.
  std::size_t words() const { return words_; }
  std::size_t packed_bits() const { return bits_; }
  // Bytes that hold every slot's bits: the whole words but the last, and of the last only
  // the bytes its slots reach (the plain store keeps states in this many bytes).
  std::size_t packed_bytes() const {
    return words_ == 0 ? 0 : 8 * (words_ - 1) + (64 - free_bits_in_word_ + 7) / 8;
  }
  void pack(const Value* state, std::uint64_t* packed) const;
  void unpack(const std::uint64_t* packed, Value* state) const;
  // Where slot i lies in the packed form: bits [shift, shift + width) of word `word`. The
  // state store splits states between slots (checker/store/state_tree.hpp).
  struct Bits {
    std::uint32_t word, shift, width;
  };
  Bits packed_bits_of(std::size_t i) const;

  // "client.state=SYN-SENT c2s[0]=SYN seq=0" style, for diagnostics.
  std::string print(const Value* state) const;

 private:
  struct Placement {
    std::uint32_t word;
    std::uint32_t shift;
    std::uint64_t mask;
  };
  std::vector<Slot> slots_;
  std::vector<Placement> placement_;
  std::size_t words_ = 0;
  std::size_t bits_ = 0;
  std::uint32_t free_bits_in_word_ = 0;
};

// Case-sensitive name comparison in which '-' and '_' are the same character, so an
// expression can say SYN_SENT for the RFC's SYN-SENT.
bool same_name(std::string_view a, std::string_view b);

}  // namespace synack::checker
