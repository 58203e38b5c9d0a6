// The explicit engine's visited set and BFS queue in one structure, in one of two forms
// (`--store`, checker/store/store_kind.hpp): plain packed states (store/plain_store.hpp)
// or tree-compressed ones (store/tree_store.hpp).
//
// States are numbered in insertion order, so the store doubles as the BFS queue and a
// state's index is its discovery order; each keeps the index of its BFS parent, which is
// all a shortest trace needs. Both forms number states alike and answer every call alike
// (only bytes() differs), so a search's results do not depend on the choice.
//
// Why a branch per call and not engines templated on the store (docs/architecture.md,
// "The state store"): the form is chosen once, so the branch is always predicted, and
// the plain form is reached without an indirection (it lives in the variant, not behind a
// pointer): a load and a compare per call, beside calls that hash, probe and compare a
// state; and no engine is compiled twice. The measurement: docs/performance.md, "Memory per state".
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "checker/layout.hpp"
#include "checker/store/inserted.hpp"
#include "checker/store/plain_store.hpp"
#include "checker/store/store_kind.hpp"
#include "checker/store/tree_store.hpp"

namespace synack::checker {

class StateStore {
  // Defined before the calls below, which deduce their types from them.
  std::size_t words_;
  std::variant<store::PlainStore, store::TreeStore> form_;

  // Calls `f` on the form in use: the plain one first, with no indirection.
  template <class F>
  decltype(auto) visit(F&& f) {
    if (auto* p = std::get_if<store::PlainStore>(&form_)) [[likely]]
      return f(*p);
    return f(*std::get_if<store::TreeStore>(&form_));
  }
  template <class F>
  decltype(auto) visit(F&& f) const {
    if (const auto* p = std::get_if<store::PlainStore>(&form_)) [[likely]]
      return f(*p);
    return f(*std::get_if<store::TreeStore>(&form_));
  }

 public:
  static constexpr std::uint32_t kNoParent = 0xffffffffu;
  // Indices 0..2^32 - 2: index + 1 must fit an entry, and kNoParent is no index.
  static constexpr std::size_t kCapacity = 0xffffffffu;
  // The widest index a store starts with: below it, its table's size decides
  // (store/slot_table.hpp, index_bits_for).
  static constexpr std::uint32_t kInitialIndexBits = 32;

  // States packed by `layout` (the tree splits them between slots).
  StateStore(const Layout& layout, StoreKind kind);
  // States of `words_per_state` arbitrary words. `index_bits` below the table's is for
  // tests: the index starts narrower and widens as states arrive; so is `initial_slots`
  // (a power of two below 2^16 means many growths of the table; 0 keeps the default).
  StateStore(std::size_t words_per_state, StoreKind kind,
             std::uint32_t index_bits = kInitialIndexBits, std::size_t initial_slots = 0);

  // Threads to rebuild the hash table on when it grows (empty: the inserting thread
  // only); results do not depend on it (store/slot_table.hpp). The engines lend their
  // worker pool while they search and take it back before it goes.
  void set_parallel(store::ParallelFor parallel) {
    visit([&](auto& s) { s.set_parallel(std::move(parallel)); });
  }

  StoreKind kind() const { return plain() ? StoreKind::kPlain : StoreKind::kTree; }

  // Inserts a packed state unless present. Returns its index and whether it was new, or,
  // when the store is at kCapacity, Inserted::full(), which tests false. `hash` must be
  // hash(packed).
  // `from`: where a find of the same state that missed left off, so that the probe
  // resumes there while the table is the one it walked (store/slot_table.hpp, ProbeEnd):
  // the commit's inserts do not walk again what the workers' lookups walked.
  store::Inserted insert(const std::uint64_t* packed, std::uint64_t hash, std::uint32_t parent,
                         const store::ProbeEnd& from = {}) {
    return visit([&](auto& s) { return s.insert(packed, hash, parent, from); });
  }
  store::Inserted insert(const std::uint64_t* packed, std::uint32_t parent) {
    return insert(packed, hash(packed), parent);
  }

  // The index of a stored state, if present; if not, and `end` is given, where the probe
  // left off (for insert). Safe from several threads at once while nobody inserts.
  std::optional<std::uint32_t> find(const std::uint64_t* packed, std::uint64_t hash,
                                    store::ProbeEnd* end = nullptr) const {
    return visit([&](const auto& s) { return s.find(packed, hash, end); });
  }

  // The same hash in both forms (the distributed owner and swarm's hashes depend on it).
  std::uint64_t hash(const std::uint64_t* packed) const {
    return visit([&](const auto& s) { return s.hash(packed); });
  }

  // Lookups are memory-bound: a table entry and a stored state, each a cache miss. The
  // engine hashes a whole batch of successors first and calls these so the misses
  // overlap instead of queueing: first the table slots, then the states they point at.
  //
  // Written out and always inlined, not through visit(): GCC counts a prefetch as no side
  // effect, so a call not inlined early to a function doing nothing else is removed as
  // dead. Through visit() every slot prefetch vanished from the build (the table misses
  // then stalled the candidate prefetch and insert: about 10% more CPU than main).
  [[gnu::always_inline]] void prefetch_slot(std::uint64_t hash) const {
    if (const store::PlainStore* p = plain()) [[likely]]
      p->prefetch_slot(hash);
    else
      std::get_if<store::TreeStore>(&form_)->prefetch_slot(hash);
  }
  void prefetch_candidate(std::uint64_t hash) const {
    visit([&](const auto& s) { s.prefetch_candidate(hash); });
  }
  // Before a commit's inserts: the slot where insert(packed, hash, parent, from) starts
  // probing, for writing. With several threads another core's lookup may have read the
  // slot last; a plain prefetch shares the line, and the insert's store then waits for
  // that core's copy to be invalidated.
  [[gnu::always_inline]] void prefetch_insert(std::uint64_t hash,
                                              const store::ProbeEnd& from) const {
    if (const store::PlainStore* p = plain()) [[likely]]
      p->prefetch_insert(hash, from);
    else
      std::get_if<store::TreeStore>(&form_)->prefetch_insert(hash, from);
  }

  std::size_t size() const {
    return visit([](const auto& s) { return s.size(); });
  }
  std::size_t words() const { return words_; }
  // Writes state `index`, packed (words() words), to `packed`. Safe from several threads
  // while nobody inserts.
  void state(std::uint32_t index, std::uint64_t* packed) const;
  // State `index` unpacked into `layout.size()` values: what the expander reads per parent.
  void unpack(std::uint32_t index, const Layout& layout, Value* state) const {
    if (plain()) [[likely]]
      unpack_plain(index, layout, state);
    else
      unpack_tree(index, layout, state);
  }
  std::uint32_t parent(std::uint32_t index) const {
    return visit([&](const auto& s) { return s.parent(index); });
  }

  // Bits of a table entry that hold the index (the rest are the hash tag).
  std::uint32_t index_bits() const {
    return visit([](const auto& s) { return s.index_bits(); });
  }

  // States [0, restored()) were read from the checkpoint `restored_from()` (checker/
  // checkpoint_store): a parent link among them that is no step of the model is that
  // file's fault (made or edited by hand), not synack's.
  void mark_restored(std::string source) {
    restored_ = size();
    restored_from_ = std::move(source);
  }
  std::size_t restored() const { return restored_; }
  const std::string& restored_from() const { return restored_from_; }

  // Bytes held by the store, for limits and stats.
  std::size_t bytes() const {
    return visit([](const auto& s) { return s.bytes(); });
  }

 private:
  const store::PlainStore* plain() const { return std::get_if<store::PlainStore>(&form_); }

  void unpack_plain(std::uint32_t index, const Layout& layout, Value* state) const;
  void unpack_tree(std::uint32_t index, const Layout& layout, Value* state) const;

  std::size_t restored_ = 0;
  std::string restored_from_;
};

}  // namespace synack::checker
