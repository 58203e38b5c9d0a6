// Packing and unpacking states for the expansion loop, the same words as Layout::pack and
// Layout::unpack give, faster.
//
// Every successor the explicit engines generate is packed and every parent unpacked, so
// these two loops are a large share of a search's instructions (tcp/congestion packs 18
// slots into one word 1.2 million times at channel capacity 2). Layout keeps each slot's
// placement as one record and packs with a test per slot (or per four) for the word
// boundary. Here each word's slots are taken four at a time, each four with its own
// shifts and masks (a mask of 0 for a lane past the word's last slot), in a loop with no
// test inside: on a processor with shifts by a different count per lane (AVX2; the
// variant is picked at load time) a four is a handful of instructions. The last few
// slots, which a four would read past the state, are the last four slots' "window",
// each lane to its own word.
//
// A separate object and header, not part of Layout: layout.hpp is included by every
// machine, and the expander is the only place these loops matter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "checker/layout.hpp"

namespace synack::checker {

class Packer {
 public:
  explicit Packer(const Layout& layout);

  std::size_t slots() const { return slots_; }
  std::size_t words() const { return word_fours_.size(); }

  // What Layout::pack and Layout::unpack write, word for word and slot for slot.
  void pack(const Value* state, std::uint64_t* packed) const;
  void unpack(const std::uint64_t* packed, Value* state) const;

  // Four consecutive slots of one word: slots [first, first + 4), lanes past the word's
  // last slot with mask 0. Public for the loops in packer.cpp.
  struct Four {
    std::uint64_t shift[4];
    std::uint64_t mask[4];
    std::uint32_t first;
  };
  // The state's last four slots. Packing ORs in only the lanes from `first_new` on (the
  // fours took the others); unpacking writes all four again, each from its own word.
  struct Window {
    std::uint64_t shift[4];
    std::uint64_t mask[4];
    std::uint64_t pack_mask[4];
    std::uint32_t word[4];
  };

 private:
  std::size_t slots_ = 0;
  std::vector<Four> fours_;
  std::vector<std::uint32_t> word_fours_;  // word w's fours end at fours_[word_fours_[w]]
  bool has_window_ = false;                // some slots are in no four
  Window window_{};
  // Fewer than four slots: Layout's loops do.
  const Layout* small_ = nullptr;
};

}  // namespace synack::checker
