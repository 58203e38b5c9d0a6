// The states of a round that the properties want (a violation, a witness, a dead end
// that breaks deadlock freedom; under --max-errors, several violations), as each rank
// finds them and as all ranks then agree on them: per property the smallest positions
// in the round, as many as it still wants, each with the rank that holds the state.
//
// Each rank keeps only its smallest candidates per property (a bounded heap, so a
// property violated by most states costs little), writes them into the round's gather
// padded with kNowhere, and every rank merges every rank's lists the same way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "checker/distributed/comm.hpp"
#include "checker/distributed/position.hpp"
#include "checker/distributed/round_outcome.hpp"
#include "checker/distributed/verdicts.hpp"

namespace synack::checker::distributed {

class WantedStates {
 public:
  explicit WantedStates(const Verdicts& verdicts);

  // Whether a state at `at` could still be among property k's smallest on this rank:
  // false spares evaluating the property on it.
  bool could_take(std::size_t k, Position at) const;
  void take(std::size_t k, Position at, std::uint32_t local);

  // The words this rank adds to the round's gather, and writing them.
  std::size_t words() const { return total_; }
  void write(std::uint64_t* out) const;
  // Every rank's words: `all` holds them at offset + r * stride for rank r.
  void merge(const Words& all, std::size_t stride, std::size_t offset, int ranks);

  struct Found {
    Position at;
    int owner;
  };
  // After merge(): property k's wanted states in the round, in position order.
  const std::vector<Found>& found(std::size_t k) const { return found_[k]; }
  // On the owner of a found state: its local index.
  std::uint32_t local_of(std::size_t k, Position at) const;
  // After merge(): the round's events for settle_round.
  void describe(const Verdicts& verdicts, RoundEvents& events) const;

 private:
  std::vector<std::size_t> want_, offset_;
  std::size_t total_ = 0;
  std::vector<std::vector<std::pair<Position, std::uint32_t>>> mine_;  // max-heaps
  std::vector<std::vector<Found>> found_;
};

}  // namespace synack::checker::distributed
