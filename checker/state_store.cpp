#include "checker/state_store.hpp"

#include <algorithm>

#include "checker/store/packed_scratch.hpp"

namespace synack::checker {

namespace {
using Form = std::variant<store::PlainStore, store::TreeStore>;

Form form_for(const Layout& layout, StoreKind kind) {
  if (kind == StoreKind::kTree) return Form(std::in_place_type<store::TreeStore>, layout);
  return Form(std::in_place_type<store::PlainStore>, layout.words(), layout.packed_bytes());
}

Form form_for(std::size_t words, StoreKind kind, std::uint32_t index_bits,
              std::size_t initial_slots) {
  if (initial_slots == 0) initial_slots = std::size_t{1} << 16;
  if (kind == StoreKind::kTree)
    return Form(std::in_place_type<store::TreeStore>, words, index_bits, initial_slots);
  return Form(std::in_place_type<store::PlainStore>, words, 0, index_bits, initial_slots);
}
}  // namespace

static_assert(StateStore::kNoParent == store::PlainStore::kNoParent &&
              StateStore::kNoParent == store::TreeStore::kNoParent);
static_assert(StateStore::kCapacity == store::PlainStore::kCapacity &&
              StateStore::kCapacity == store::TreeStore::kCapacity);

StateStore::StateStore(const Layout& layout, StoreKind kind)
    : words_(layout.words()), form_(form_for(layout, kind)) {}

StateStore::StateStore(std::size_t words_per_state, StoreKind kind, std::uint32_t index_bits,
                       std::size_t initial_slots)
    : words_(words_per_state), form_(form_for(words_per_state, kind, index_bits, initial_slots)) {}

void StateStore::state(std::uint32_t index, std::uint64_t* packed) const {
  if (const store::PlainStore* p = plain()) {
    p->state(index, packed);
    return;
  }
  std::get_if<store::TreeStore>(&form_)->state(index, packed);
}

void StateStore::unpack_plain(std::uint32_t index, const Layout& layout, Value* state) const {
  store::PackedScratch scratch(words_);
  plain()->state(index, scratch.data());
  layout.unpack(scratch.data(), state);
}

void StateStore::unpack_tree(std::uint32_t index, const Layout& layout, Value* state) const {
  std::get_if<store::TreeStore>(&form_)->unpack(index, layout, state);
}

}  // namespace synack::checker
