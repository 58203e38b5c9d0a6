// One round of the distributed search on one rank: expand this rank's parents in a range
// of global indices, send every successor to the rank that owns it, store the new ones
// under their smallest key, and number them in key order across all ranks.
//
// Within a round a state may arrive from several parents on several ranks, in any order;
// it keeps the smallest key (position.hpp), which is the parent and group the one-process
// search would have reached it by. Rounds cover increasing ranges of parents, so a state
// stored in an earlier round already has a smaller key than anything a later one offers.
//
// Numbering: each new state's key goes to the rank whose slice of the round's parent
// range holds the key's parent; that rank sorts what it received, and its offset is the
// count in the slices before it (gathered by the caller). The global index comes back to
// the state's owner in the order it sent the keys.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "checker/coverage.hpp"
#include "checker/distributed/comm.hpp"
#include "checker/distributed/owned_states.hpp"
#include "checker/distributed/position.hpp"
#include "checker/model.hpp"

namespace synack::checker::distributed {

class Round {
 public:
  Round(const Model& model, const Comm& comm, OwnedStates& owned);

  // Called with each expanded parent that has no successor, and its state.
  using DeadEndFn = std::function<void(const FrontierEntry&, const Value*)>;

  // Expands `parents` (this rank's part of the round, in global index order), sends the
  // successors to their owners and stores the new ones. Collective.
  void expand(const FrontierEntry* parents, std::size_t count, bool count_rows,
              const DeadEndFn& dead_end);

  // The states this round stored here: local indices first_new() + i.
  std::uint32_t first_new() const { return first_new_; }
  std::size_t new_count() const { return new_key_.size(); }
  Position new_key(std::size_t i) const { return new_key_[i]; }
  std::uint64_t transitions() const { return groups_.size(); }
  bool store_full() const { return store_full_; }

  // A machine that threw while a parent was expanded: the earliest such parent here.
  Position error() const { return error_; }
  std::uint32_t error_local() const { return error_local_; }
  std::size_t error_group() const { return error_group_; }
  const std::string& error_message() const { return error_message_; }

  // Numbering, in two collective steps around the caller's gather of slice counts:
  // send the keys to their slices (returns how many this rank's slice received), then,
  // given the global index of this slice's first state, send the indices back.
  std::size_t send_keys(std::uint64_t first_parent, std::uint64_t last_parent);
  void receive_indices(std::uint64_t slice_first_index);
  std::uint64_t new_index(std::size_t i) const { return new_index_[i]; }
  // The key this rank's slice holds at rank `k` in key order.
  Position slice_key(std::size_t k) const { return slice_keys_[slice_order_[k]]; }

  // Counts at or before `p` (kNowhere: the whole round) on this rank.
  std::uint64_t transitions_up_to(Position p) const;
  std::uint64_t new_states_up_to(Position p) const;
  // Adds this rank's coverage at or before `p`: transitions and new states per group,
  // rows fired (counted again by applying the groups when the round is cut short).
  void add_coverage(Position p, Coverage& coverage) const;

  std::size_t bytes() const;

 private:
  struct Parent {
    std::uint64_t index;
    std::uint32_t local;
    std::uint32_t first;   // its first successor's place in groups_
    std::uint32_t degree;  // successors, in group order
  };

  void expand_parent(const FrontierEntry& parent, bool count_rows, const DeadEndFn& dead_end);
  void offer(const std::uint64_t* packed, std::uint64_t hash, Position key, std::uint32_t rank,
             std::uint32_t parent_local, std::uint16_t group);
  // Stores or re-keys the successors in `words` words of records from `rank`.
  void take(const std::uint64_t* records, std::size_t words, int rank);

  const Model& model_;
  const Comm& comm_;
  OwnedStates& owned_;
  const std::size_t words_;
  std::vector<std::vector<std::uint64_t>> outbox_;

  std::vector<Parent> parents_;
  std::vector<std::uint16_t> groups_;  // per successor of parents_, in order
  std::vector<std::uint64_t> rows_;    // rows fired by them (coverage)
  std::uint32_t first_new_ = 0;
  std::vector<Position> new_key_;
  std::vector<std::uint16_t> new_group_;
  std::vector<std::uint64_t> new_index_;
  std::vector<std::uint64_t> slice_keys_;  // keys received for this rank's slice
  std::vector<std::uint32_t> slice_order_;
  std::vector<std::size_t> slice_offset_;  // where each source's keys start
  std::uint64_t first_parent_ = 0, last_parent_ = 0;
  bool store_full_ = false;

  Position error_ = kNowhere;
  std::uint32_t error_local_ = 0;
  std::size_t error_group_ = 0;
  std::string error_message_;

  // Scratch, kept between parents.
  std::vector<Value> current_, next_;
  std::vector<std::uint64_t> packed_;  // a parent's successors, packed
  std::vector<std::uint16_t> parent_groups_;
  std::vector<std::uint64_t> hashes_;
  // The successors this round has sent, by hash: where each is in its owner's outbox.
  struct SentSlot {
    std::uint64_t hash = 0;
    std::uint32_t owner = ~0u;
    std::size_t offset = 0;
  };
  std::vector<SentSlot> sent_;
};

}  // namespace synack::checker::distributed
