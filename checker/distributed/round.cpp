#include "checker/distributed/round.hpp"

#include <algorithm>
#include <numeric>

#include "checker/errors.hpp"

namespace synack::checker::distributed {

namespace {

// A successor on the wire: the packed state, its key, and the parent's local index with
// the group (the parent's rank is the sender's).
constexpr std::size_t kExtraWords = 2;

// Lookups miss the cache; prefetching a few records ahead lets the misses overlap.
constexpr std::size_t kPrefetchAhead = 8;

// At most this many remembered successors sent in a round (a direct-mapped cache: a
// collision only forgets).
constexpr std::size_t kSentSlots = std::size_t{1} << 16;

}  // namespace

Round::Round(const Model& model, const Comm& comm, OwnedStates& owned)
    : model_(model),
      comm_(comm),
      owned_(owned),
      words_(model.layout().words()),
      outbox_(static_cast<std::size_t>(comm.size())),
      current_(model.layout().size()),
      next_(model.layout().size()) {}

void Round::expand(const FrontierEntry* parents, std::size_t count, bool count_rows,
                   const DeadEndFn& dead_end) {
  parents_.clear();
  groups_.clear();
  rows_.assign(count_rows ? model_.row_count() : 0, 0);
  first_new_ = static_cast<std::uint32_t>(owned_.store.size());
  new_key_.clear();
  new_group_.clear();
  new_index_.clear();
  store_full_ = false;
  error_ = kNowhere;
  for (auto& box : outbox_) box.clear();
  // About eight slots per parent, so that small rounds do not clear a large cache.
  std::size_t slots = 1024;
  while (slots < kSentSlots && slots < 8 * count) slots *= 2;
  sent_.assign(slots, SentSlot{});
  for (std::size_t p = 0; p < count; ++p) expand_parent(parents[p], count_rows, dead_end);
  const int me = comm_.rank();
  take(outbox_[me].data(), outbox_[me].size(), me);
  outbox_[me].clear();
  const Received in = comm_.exchange(outbox_);
  for (int r = 0; r < comm_.size(); ++r) take(in.from(r), in.size_from(r), r);
}

void Round::expand_parent(const FrontierEntry& parent, bool count_rows, const DeadEndFn& dead_end) {
  const Layout& layout = model_.layout();
  owned_.store.unpack(parent.local, layout, current_.data());
  packed_.clear();
  parent_groups_.clear();
  // Every successor first, so that a machine that throws on a later group leaves nothing
  // of this parent behind, as in the one-process search, which never commits it.
  std::size_t g = 0;
  try {
    for (; g < model_.group_count(); ++g) {
      bool enabled = count_rows
                         ? model_.apply_counting(g, current_.data(), next_.data(), rows_.data())
                         : model_.apply(g, current_.data(), next_.data());
      if (!enabled) continue;
      parent_groups_.push_back(static_cast<std::uint16_t>(g));
      packed_.resize(packed_.size() + words_);
      layout.pack(next_.data(), &packed_[packed_.size() - words_]);
    }
  } catch (const InputError& e) {
    Position at = position(parent.index, kBeforeSuccessors);
    if (at < error_) {
      error_ = at;
      error_local_ = parent.local;
      error_group_ = g;
      error_message_ = e.what();
    }
    return;
  }
  const auto degree = static_cast<std::uint32_t>(parent_groups_.size());
  parents_.push_back(
      {parent.index, parent.local, static_cast<std::uint32_t>(groups_.size()), degree});
  groups_.insert(groups_.end(), parent_groups_.begin(), parent_groups_.end());
  if (degree == 0) dead_end(parent, current_.data());
  const auto ranks = static_cast<std::uint32_t>(comm_.size());
  for (std::uint32_t k = 0; k < degree; ++k) {
    const std::uint64_t* packed = &packed_[k * words_];
    const std::uint64_t hash = owned_.store.hash(packed);
    const std::uint32_t owner = owner_of(hash, ranks);
    const Position key = successor_position(parent.index, k);
    // This rank's own successors wait in its outbox too, to be taken as a batch.
    auto& box = outbox_[owner];
    // A state this rank already sent in this round went with a smaller key (parents are
    // expanded in index order): the owner keeps the smallest, so this one can stay.
    SentSlot& slot = sent_[hash & (sent_.size() - 1)];
    if (slot.hash == hash && slot.owner == owner &&
        std::equal(packed, packed + words_, box.data() + slot.offset))
      continue;
    slot = {hash, static_cast<std::uint32_t>(owner), box.size()};
    box.insert(box.end(), packed, packed + words_);
    box.push_back(key);
    box.push_back(std::uint64_t{parent.local} << 32 | parent_groups_[k]);
  }
}

void Round::offer(const std::uint64_t* packed, std::uint64_t hash, Position key, std::uint32_t rank,
                  std::uint32_t parent_local, std::uint16_t group) {
  auto inserted = owned_.store.insert(packed, hash, StateStore::kNoParent);
  if (!inserted) {
    store_full_ = true;
    return;
  }
  const std::uint32_t index = inserted.index();
  if (inserted.added()) {
    owned_.parent_local.push_back(parent_local);
    owned_.parent_rank.push_back(static_cast<std::uint16_t>(rank));
    new_key_.push_back(key);
    new_group_.push_back(group);
    return;
  }
  // Stored before this round: reached from an earlier parent, whose key is smaller.
  if (index < first_new_) return;
  const std::size_t i = index - first_new_;
  if (key >= new_key_[i]) return;
  new_key_[i] = key;
  new_group_[i] = group;
  owned_.parent_local[index] = parent_local;
  owned_.parent_rank[index] = static_cast<std::uint16_t>(rank);
}

void Round::take(const std::uint64_t* records, std::size_t words, int rank) {
  const std::size_t record = words_ + kExtraWords;
  const std::size_t n = words / record;
  hashes_.resize(n);
  for (std::size_t k = 0; k < n; ++k) hashes_[k] = owned_.store.hash(records + k * record);
  // Two cache misses per lookup, the table slot and then the state it points at: the
  // slot is fetched 2 * kPrefetchAhead records ahead, the state kPrefetchAhead ahead.
  for (std::size_t k = 0; k < n; ++k) {
    if (k + 2 * kPrefetchAhead < n) owned_.store.prefetch_slot(hashes_[k + 2 * kPrefetchAhead]);
    if (k + kPrefetchAhead < n) owned_.store.prefetch_candidate(hashes_[k + kPrefetchAhead]);
    const std::uint64_t* rec = records + k * record;
    const std::uint64_t link = rec[words_ + 1];
    offer(rec, hashes_[k], rec[words_], static_cast<std::uint32_t>(rank),
          static_cast<std::uint32_t>(link >> 32), static_cast<std::uint16_t>(link & 0xffff));
  }
}

std::size_t Round::send_keys(std::uint64_t first_parent, std::uint64_t last_parent) {
  first_parent_ = first_parent;
  last_parent_ = last_parent;
  const auto ranks = static_cast<std::uint32_t>(comm_.size());
  for (auto& box : outbox_) box.clear();
  for (Position key : new_key_)
    outbox_[slice_of(parent_of(key), first_parent, last_parent, ranks)].push_back(key);
  Received in = comm_.exchange(outbox_);
  slice_keys_ = std::move(in.words);
  slice_offset_ = std::move(in.offset);
  slice_order_.resize(slice_keys_.size());
  std::iota(slice_order_.begin(), slice_order_.end(), 0u);
  // Keys are distinct: each is one parent's successor, and it belongs to one state.
  std::sort(slice_order_.begin(), slice_order_.end(),
            [&](std::uint32_t a, std::uint32_t b) { return slice_keys_[a] < slice_keys_[b]; });
  return slice_keys_.size();
}

void Round::receive_indices(std::uint64_t slice_first_index) {
  std::vector<std::uint64_t> rank_of(slice_keys_.size());
  for (std::size_t k = 0; k < slice_order_.size(); ++k) rank_of[slice_order_[k]] = k;
  for (auto& box : outbox_) box.clear();
  for (int r = 0; r < comm_.size(); ++r)
    for (std::size_t j = slice_offset_[r]; j < slice_offset_[r + 1]; ++j)
      outbox_[r].push_back(slice_first_index + rank_of[j]);
  // An index for each key sent: as many words back as went out to each slice.
  std::vector<std::size_t> expected(outbox_.size());
  for (Position key : new_key_)
    ++expected[slice_of(parent_of(key), first_parent_, last_parent_,
                        static_cast<std::uint32_t>(comm_.size()))];
  Received in = comm_.exchange(outbox_, expected);
  // The indices come back in the order the keys went out.
  const auto ranks = static_cast<std::uint32_t>(comm_.size());
  std::vector<std::size_t> cursor(in.offset.begin(), in.offset.end() - 1);
  new_index_.resize(new_key_.size());
  for (std::size_t i = 0; i < new_key_.size(); ++i) {
    std::uint32_t s = slice_of(parent_of(new_key_[i]), first_parent_, last_parent_, ranks);
    new_index_[i] = in.words[cursor[s]++];
  }
}

std::uint64_t Round::transitions_up_to(Position p) const {
  std::uint64_t n = 0;
  for (const Parent& parent : parents_)
    n += distributed::transitions_up_to(parent.index, parent.degree, p);
  return n;
}

std::uint64_t Round::new_states_up_to(Position p) const {
  return static_cast<std::uint64_t>(
      std::count_if(new_key_.begin(), new_key_.end(), [p](Position key) { return key <= p; }));
}

void Round::add_coverage(Position p, Coverage& coverage) const {
  const Layout& layout = model_.layout();
  std::vector<Value> state(layout.size()), next(layout.size());
  const bool whole = p == kNowhere;
  for (const Parent& parent : parents_) {
    const std::uint32_t taken = distributed::transitions_up_to(parent.index, parent.degree, p);
    for (std::uint32_t k = 0; k < taken; ++k)
      ++coverage.group_transitions[groups_[parent.first + k]];
    // Rows of a round cut short: the groups the search took, applied again.
    if (whole || taken == 0 || coverage.row_fired.empty()) continue;
    owned_.store.unpack(parent.local, layout, state.data());
    for (std::uint32_t k = 0; k < taken; ++k)
      model_.apply_counting(groups_[parent.first + k], state.data(), next.data(),
                            coverage.row_fired.data());
  }
  if (whole)
    for (std::size_t r = 0; r < rows_.size(); ++r) coverage.row_fired[r] += rows_[r];
  for (std::size_t i = 0; i < new_key_.size(); ++i)
    if (new_key_[i] <= p) ++coverage.group_new_states[new_group_[i]];
}

// What this round holds, by sizes: capacities are what earlier rounds left, which a
// resumed run never had (OwnedStates::bytes).
std::size_t Round::bytes() const {
  std::size_t outbox = 0;
  for (const auto& box : outbox_) outbox += box.size();
  return (outbox + new_key_.size() + new_index_.size() + slice_keys_.size()) * 8 +
         parents_.size() * sizeof(Parent) + groups_.size() * 2 + packed_.size() * 8;
}

}  // namespace synack::checker::distributed
