// Tree compression of packed states (after LTSmin's tree database), lossless.
//
// The packed state is cut between slots into parts of at most 64 bits, and the parts are
// paired up into a balanced binary tree, halves of about equal width. Every node below
// the root is stored once in its own Interner: a part's bits, or the pair of its
// children's ids. A state then costs its root: the ids of its two halves. States of a
// protocol model are products of few distinct halves (on tcp/congestion with capacity 4,
// the sender's half and the channels' half have each a few ten thousand values for
// millions of states), so the root needs about 30 bits where the packed state takes 128.
// A state of a single part (one slot, or the store built on raw words below 64 bits)
// keeps its bits as the root.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "checker/store/interner.hpp"
#include "checker/store/root_column.hpp"

namespace synack::checker::store {

// Bits [shift, shift + width) of packed word `word`: one slot, or a whole word.
struct Field {
  std::uint32_t word, shift, width;
};

class StateTree {
 public:
  // `fields` in packing order; a field of width 0 holds nothing and is skipped.
  StateTree(std::size_t words, const std::vector<Field>& fields);

  // The root of `packed`, adding the parts below it that are new.
  Root encode(const std::uint64_t* packed);
  // The packed state (every word, unused bits 0) whose root is `root`.
  void decode(Root root, std::uint64_t* packed) const;
  bool same(Root root, const std::uint64_t* packed) const;

  std::size_t words() const { return words_; }
  std::size_t bytes() const;
  // The number of parts, for tests.
  std::size_t leaves() const;

 private:
  struct Node {
    std::vector<Field> fields;  // a part: its pieces, low bits first; empty for a pair
    int left = -1, right = -1;  // a pair: its children
    int table = -1;             // the Interner of a node below the root
  };
  int build(const std::vector<Field>& fields, std::size_t begin, std::size_t end, bool root);
  std::uint64_t gather(const Node& node, const std::uint64_t* packed) const;
  void scatter(const Node& node, std::uint64_t bits, std::uint64_t* packed) const;
  std::uint32_t intern(int node, const std::uint64_t* packed);
  void decode_node(int node, std::uint32_t id, std::uint64_t* packed) const;
  // Whether the part `id` of node `node` holds the bits `packed` has there.
  bool same_node(int node, std::uint32_t id, const std::uint64_t* packed) const;

  std::size_t words_;
  std::vector<Node> nodes_;  // nodes_[0] is the root
  std::vector<Interner> tables_;
};

}  // namespace synack::checker::store
