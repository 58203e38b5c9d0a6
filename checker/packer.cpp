#include "checker/packer.hpp"

#include <algorithm>
#include <cstring>

namespace synack::checker {

namespace {

// Two builds of each loop, the AVX2 one chosen at load time where the processor has it
// (GCC's function multiversioning): a four is then one shift by a different count per
// lane, which the baseline x86-64 does not have (it takes the same loop lane by lane).
// Not under the sanitizers, whose run-time is not set up yet when the loader picks.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_THREAD__) && !defined(__SANITIZE_ADDRESS__)
#define SYNACK_PACKER_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define SYNACK_PACKER_CLONES
#endif

// Four lanes of 64 bits (GCC's vector extension: element-wise &, <<, >>, |).
typedef std::uint64_t Lanes __attribute__((vector_size(32)));

// Through a reference: a function returning Lanes would change its ABI with AVX.
void load(Lanes& to, const void* from) {
  std::memcpy(&to, from, sizeof to);
}

struct Plan {
  const Packer::Four* fours;
  const std::uint32_t* word_fours;
  std::size_t words;
  const Packer::Window* window;  // or null
  std::size_t slots;
};

SYNACK_PACKER_CLONES
void pack_words(const Value* state, std::uint64_t* packed, const Plan& plan) {
  std::uint32_t f = 0;
  Lanes values, mask, shift;
  for (std::size_t w = 0; w < plan.words; ++w) {
    // Built in registers and stored once: `packed` may alias `state` as far as the
    // compiler knows.
    Lanes acc = {0, 0, 0, 0};
    for (; f < plan.word_fours[w]; ++f) {
      const Packer::Four& four = plan.fours[f];
      load(values, &state[four.first]);
      load(mask, four.mask);
      load(shift, four.shift);
      acc |= (values & mask) << shift;
    }
    packed[w] = acc[0] | acc[1] | acc[2] | acc[3];
  }
  if (const Packer::Window* window = plan.window) {
    load(values, &state[plan.slots - 4]);
    load(mask, window->pack_mask);
    load(shift, window->shift);
    const Lanes lanes = (values & mask) << shift;
    for (int lane = 0; lane < 4; ++lane) packed[window->word[lane]] |= lanes[lane];
  }
}

// pack_words for a state that packs into one word (tcp/congestion's 18 slots): the
// window's lanes go to that word too, so they join the fours' accumulator, and there is
// no loop over words (a third fewer instructions, callgrind).
SYNACK_PACKER_CLONES
void pack_one_word(const Value* state, std::uint64_t* packed, const Plan& plan) {
  Lanes values, mask, shift;
  Lanes acc = {0, 0, 0, 0};
  for (std::uint32_t f = 0; f < plan.word_fours[0]; ++f) {
    const Packer::Four& four = plan.fours[f];
    load(values, &state[four.first]);
    load(mask, four.mask);
    load(shift, four.shift);
    acc |= (values & mask) << shift;
  }
  if (const Packer::Window* window = plan.window) {
    load(values, &state[plan.slots - 4]);
    load(mask, window->pack_mask);
    load(shift, window->shift);
    acc |= (values & mask) << shift;
  }
  packed[0] = acc[0] | acc[1] | acc[2] | acc[3];
}

// unpack_words for a state in one word: the window's lanes read that word too.
SYNACK_PACKER_CLONES
void unpack_one_word(const std::uint64_t* packed, Value* state, const Plan& plan) {
  Lanes mask, shift;
  const std::uint64_t word = packed[0];
  const Lanes broadcast = {word, word, word, word};
  for (std::uint32_t f = 0; f < plan.word_fours[0]; ++f) {
    const Packer::Four& four = plan.fours[f];
    load(mask, four.mask);
    load(shift, four.shift);
    const Lanes values = (broadcast >> shift) & mask;
    std::memcpy(&state[four.first], &values, sizeof values);
  }
  if (const Packer::Window* window = plan.window) {
    load(mask, window->mask);
    load(shift, window->shift);
    const Lanes values = (broadcast >> shift) & mask;
    std::memcpy(&state[plan.slots - 4], &values, sizeof values);
  }
}

SYNACK_PACKER_CLONES
void unpack_words(const std::uint64_t* packed, Value* state, const Plan& plan) {
  // A four's lanes past its word write 0 to the next word's first slots, which that
  // word's fours (or the window) write afterwards.
  std::uint32_t f = 0;
  Lanes mask, shift;
  for (std::size_t w = 0; w < plan.words; ++w) {
    const std::uint64_t word = packed[w];
    const Lanes broadcast = {word, word, word, word};
    for (; f < plan.word_fours[w]; ++f) {
      const Packer::Four& four = plan.fours[f];
      load(mask, four.mask);
      load(shift, four.shift);
      const Lanes values = (broadcast >> shift) & mask;
      std::memcpy(&state[four.first], &values, sizeof values);
    }
  }
  if (const Packer::Window* window = plan.window) {
    const Lanes words = {packed[window->word[0]], packed[window->word[1]], packed[window->word[2]],
                         packed[window->word[3]]};
    load(mask, window->mask);
    load(shift, window->shift);
    const Lanes values = (words >> shift) & mask;
    std::memcpy(&state[plan.slots - 4], &values, sizeof values);
  }
}

}  // namespace

Packer::Packer(const Layout& layout) : slots_(layout.size()) {
  if (slots_ < 4) {
    small_ = &layout;
    return;
  }
  auto mask_of = [](std::uint32_t width) {
    return width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1;
  };
  const std::size_t words = layout.words();
  word_fours_.assign(words, 0);
  std::size_t first = 0;          // the word's first slot
  std::size_t unfoured = slots_;  // the first slot in no four: the window takes it on
  for (std::size_t w = 0; w < words; ++w) {
    std::size_t end = first;
    while (end < slots_ && layout.packed_bits_of(end).word == w) ++end;
    std::size_t k = first;
    // A four may read and write past its word's end, never past the state's.
    for (; k < end && k + 4 <= slots_; k += 4) {
      Four four{};
      four.first = static_cast<std::uint32_t>(k);
      for (std::size_t lane = 0; lane < 4 && k + lane < end; ++lane) {
        const Layout::Bits b = layout.packed_bits_of(k + lane);
        four.shift[lane] = b.shift;
        four.mask[lane] = mask_of(b.width);
      }
      fours_.push_back(four);
    }
    if (k < end) unfoured = std::min(unfoured, k);
    word_fours_[w] = static_cast<std::uint32_t>(fours_.size());
    first = end;
  }
  has_window_ = unfoured < slots_;
  for (std::size_t lane = 0; lane < 4; ++lane) {
    const std::size_t slot = slots_ - 4 + lane;
    const Layout::Bits b = layout.packed_bits_of(slot);
    window_.shift[lane] = b.shift;
    window_.mask[lane] = mask_of(b.width);
    window_.pack_mask[lane] = slot >= unfoured ? window_.mask[lane] : 0;
    window_.word[lane] = b.word;
  }
}

void Packer::pack(const Value* state, std::uint64_t* packed) const {
  if (small_) return small_->pack(state, packed);
  const Plan plan{fours_.data(), word_fours_.data(), words(), has_window_ ? &window_ : nullptr,
                  slots_};
  if (words() == 1) return pack_one_word(state, packed, plan);
  pack_words(state, packed, plan);
}

void Packer::unpack(const std::uint64_t* packed, Value* state) const {
  if (small_) return small_->unpack(packed, state);
  const Plan plan{fours_.data(), word_fours_.data(), words(), has_window_ ? &window_ : nullptr,
                  slots_};
  if (words() == 1) return unpack_one_word(packed, state, plan);
  unpack_words(packed, state, plan);
}

}  // namespace synack::checker

// A unity build compiles the sources after this one in the same unit.
#undef SYNACK_PACKER_CLONES
