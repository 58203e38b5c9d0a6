#include "checker/store/state_tree.hpp"

#include <algorithm>
#include <cstdlib>

#include "checker/store/low_mask.hpp"

namespace synack::checker::store {

namespace {

std::size_t width_of(const std::vector<Field>& fields, std::size_t begin, std::size_t end) {
  std::size_t bits = 0;
  for (std::size_t i = begin; i < end; ++i) bits += fields[i].width;
  return bits;
}
}  // namespace

StateTree::StateTree(std::size_t words, const std::vector<Field>& fields) : words_(words) {
  std::vector<Field> used;
  for (const Field& f : fields)
    if (f.width > 0) used.push_back(f);
  nodes_.reserve(2 * used.size() + 1);
  build(used, 0, used.size(), true);
}

// A part of at most 64 bits is a leaf, except the root, which pairs any two fields or
// more (its halves are then interned, and the root holds only their ids). Otherwise the
// fields split where the two sides come closest to the same width.
int StateTree::build(const std::vector<Field>& fields, std::size_t begin, std::size_t end,
                     bool root) {
  const int at = static_cast<int>(nodes_.size());
  nodes_.emplace_back();
  const std::size_t bits = width_of(fields, begin, end);
  if (end - begin <= 1 || (bits <= 64 && !root)) {
    // Adjacent fields of one word are one piece.
    std::vector<Field> pieces;
    for (std::size_t i = begin; i < end; ++i) {
      const Field& f = fields[i];
      if (!pieces.empty() && pieces.back().word == f.word &&
          pieces.back().shift + pieces.back().width == f.shift)
        pieces.back().width += f.width;
      else
        pieces.push_back(f);
    }
    nodes_[at].fields = std::move(pieces);
  } else {
    std::size_t split = begin + 1, best = bits;
    for (std::size_t k = begin + 1; k < end; ++k) {
      const std::size_t left = width_of(fields, begin, k);
      const std::size_t gap = left * 2 > bits ? left * 2 - bits : bits - left * 2;
      if (gap < best) best = gap, split = k;
    }
    const int left = build(fields, begin, split, false);
    const int right = build(fields, split, end, false);
    nodes_[at].left = left;
    nodes_[at].right = right;
  }
  if (!root) {
    nodes_[at].table = static_cast<int>(tables_.size());
    tables_.emplace_back();
  }
  return at;
}

std::uint64_t StateTree::gather(const Node& node, const std::uint64_t* packed) const {
  std::uint64_t bits = 0;
  std::uint32_t at = 0;
  for (const Field& f : node.fields) {
    bits |= ((packed[f.word] >> f.shift) & low_mask(f.width)) << at;
    at += f.width;
  }
  return bits;
}

void StateTree::scatter(const Node& node, std::uint64_t bits, std::uint64_t* packed) const {
  std::uint32_t at = 0;
  for (const Field& f : node.fields) {
    packed[f.word] |= ((bits >> at) & low_mask(f.width)) << f.shift;
    at += f.width;
  }
}

std::uint32_t StateTree::intern(int index, const std::uint64_t* packed) {
  const Node& node = nodes_[index];
  std::uint64_t key;
  if (node.left < 0)
    key = gather(node, packed);
  else
    key = intern(node.left, packed) | std::uint64_t{intern(node.right, packed)} << 32;
  return tables_[node.table].intern(key);
}

Root StateTree::encode(const std::uint64_t* packed) {
  const Node& root = nodes_[0];
  if (root.left < 0) return {gather(root, packed), 0};
  const std::uint32_t left = intern(root.left, packed);
  return {left, intern(root.right, packed)};
}

void StateTree::decode_node(int index, std::uint32_t id, std::uint64_t* packed) const {
  const Node& node = nodes_[index];
  const std::uint64_t key = tables_[node.table].key(id);
  if (node.left < 0) {
    scatter(node, key, packed);
    return;
  }
  decode_node(node.left, static_cast<std::uint32_t>(key), packed);
  decode_node(node.right, static_cast<std::uint32_t>(key >> 32), packed);
}

void StateTree::decode(Root root, std::uint64_t* packed) const {
  std::fill_n(packed, words_, 0);
  const Node& node = nodes_[0];
  if (node.left < 0) {
    scatter(node, root.first, packed);
    return;
  }
  decode_node(node.left, static_cast<std::uint32_t>(root.first), packed);
  decode_node(node.right, root.second, packed);
}

// Compares part by part without writing the stored state out: a lookup that meets another
// state's entry usually differs in the first part it reads.
bool StateTree::same_node(int index, std::uint32_t id, const std::uint64_t* packed) const {
  const Node& node = nodes_[index];
  const std::uint64_t key = tables_[node.table].key(id);
  if (node.left < 0) return key == gather(node, packed);
  return same_node(node.left, static_cast<std::uint32_t>(key), packed) &&
         same_node(node.right, static_cast<std::uint32_t>(key >> 32), packed);
}

bool StateTree::same(Root root, const std::uint64_t* packed) const {
  const Node& node = nodes_[0];
  if (node.left < 0) return root.first == gather(node, packed);
  return same_node(node.left, static_cast<std::uint32_t>(root.first), packed) &&
         same_node(node.right, root.second, packed);
}

std::size_t StateTree::bytes() const {
  std::size_t total = 0;
  for (const Interner& t : tables_) total += t.bytes();
  return total;
}

std::size_t StateTree::leaves() const {
  return static_cast<std::size_t>(
      std::count_if(nodes_.begin(), nodes_.end(), [](const Node& n) { return n.left < 0; }));
}

}  // namespace synack::checker::store
