// Where a step sits in the order the one-process breadth-first search takes it.
//
// The one-process engine (checker/explicit_bfs) expands states in the order it stored
// them, and within a state takes its successors in group order. Every event the search
// can stop at (a state inserted, a parent found to be a dead end, a machine that throws
// while a parent is expanded) therefore has a place in one total order: the parent's
// global BFS index, then where in that parent's expansion it happens. A state stored by
// several parents keeps the smallest such place, its key, which is exactly the parent and
// the group the one-process search reached it through first; so the one-process order of
// the stored states is key order, and a partitioned search that compares positions makes
// every decision the one-process search makes, at the same point.
//
// A position is one 64-bit number so that ranks can agree on the smallest with a plain
// reduction: the parent's global index in the high bits, a slot in the low 18.
#pragma once

#include <algorithm>
#include <cstdint>

namespace synack::checker::distributed {

using Position = std::uint64_t;

constexpr unsigned kSlotBits = 18;
// Before the parent's first successor: where a machine that throws on it stops the search.
constexpr std::uint32_t kBeforeSuccessors = 0;
// After the parent's last successor: a dead end, or the end of the parent that decided
// the last undecided property.
constexpr std::uint32_t kAfterSuccessors = (1u << kSlotBits) - 1;
// Successors are numbered from 0 in the parent's group order, at most 2^16 of them
// (groups are 16-bit), so slot 1 + ordinal stays below kAfterSuccessors.
constexpr Position kNowhere = ~Position{0};
// Global indices fit the 46 bits left (7 * 10^13 states), but for the last, whose end
// would be kNowhere.
constexpr std::uint64_t kMaxIndex = (std::uint64_t{1} << (64 - kSlotBits)) - 2;

constexpr Position position(std::uint64_t parent, std::uint32_t slot) {
  return parent << kSlotBits | slot;
}
// The key of the parent's `ordinal`-th successor (0-based, in group order).
constexpr Position successor_position(std::uint64_t parent, std::uint32_t ordinal) {
  return position(parent, ordinal + 1);
}
constexpr std::uint64_t parent_of(Position p) {
  return p >> kSlotBits;
}
constexpr std::uint32_t slot_of(Position p) {
  return static_cast<std::uint32_t>(p & ((Position{1} << kSlotBits) - 1));
}

// How many of a parent's `degree` successors the one-process search has taken when it
// reaches `p`: all of them for an earlier parent, none for a later one.
constexpr std::uint32_t transitions_up_to(std::uint64_t parent, std::uint32_t degree, Position p) {
  if (parent < parent_of(p)) return degree;
  if (parent > parent_of(p)) return 0;
  return std::min(degree, slot_of(p));
}

// The rank that stores a state, from its hash (StateStore::hash). The store's table uses
// the low bits and its tags the top ones; the owner takes 28 bits from between, so that
// a rank's states still spread over its whole table.
constexpr std::uint32_t owner_of(std::uint64_t hash, std::uint32_t ranks) {
  return static_cast<std::uint32_t>(((hash >> 32) & 0x0fffffffu) * ranks >> 28);
}

// Which rank numbers the new states whose key has parent `parent`, in a round expanding
// parents [first, last): the range cut into `ranks` equal slices, so that slice order is
// key order and a rank's global offset is the count of the slices before it.
constexpr std::uint32_t slice_of(std::uint64_t parent, std::uint64_t first, std::uint64_t last,
                                 std::uint32_t ranks) {
  return static_cast<std::uint32_t>((parent - first) * ranks / (last - first));
}

}  // namespace synack::checker::distributed
