// A one-process checkpoint file taken apart (checker/checkpoint.cpp's format, version 2),
// edited, and written back with a checksum that matches: a file made by hand, which the
// checksum cannot tell from one synack wrote.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "checker/checkpoint_io.hpp"

namespace synack::testing {

struct CheckpointParts {
  std::string bytes;  // without the checksum
  // Offsets into `bytes`: the version, the decisions, the coverage counts (three
  // vectors, each its length then its counts: rows fired, transitions per group, new
  // states per group), the states and the parents.
  std::size_t version = 8, decisions = 0, coverage = 0, states = 0, parents = 0;
  // The header's numbers: words, count, next parent, depth, level end, transitions.
  std::size_t header = 0;
  std::size_t words = 0, count = 0;

  void set_u64(std::size_t at, std::uint64_t v) { std::memcpy(bytes.data() + at, &v, sizeof v); }

  std::uint64_t u64(std::size_t at) const {
    std::uint64_t v;
    std::memcpy(&v, bytes.data() + at, sizeof v);
    return v;
  }

  std::array<std::vector<std::uint64_t>, 3> counts() const {
    std::array<std::vector<std::uint64_t>, 3> c;
    std::size_t at = coverage;
    for (auto& v : c) {
      v.resize(u64(at));
      std::memcpy(v.data(), bytes.data() + at + 8, 8 * v.size());
      at += 8 + 8 * v.size();
    }
    return c;
  }

  // Replaces the coverage counts, of any lengths; the states and parents move with them.
  void set_counts(const std::array<std::vector<std::uint64_t>, 3>& c) {
    std::string section;
    for (const auto& v : c) {
      const std::uint64_t n = v.size();
      section.append(reinterpret_cast<const char*>(&n), sizeof n);
      section.append(reinterpret_cast<const char*>(v.data()), 8 * v.size());
    }
    const std::size_t old = states - coverage;
    bytes.replace(coverage, old, section);
    states = coverage + section.size();
    parents = states + 8 * words * count;
  }
};

inline CheckpointParts read_parts(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  CheckpointParts p;
  p.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  p.bytes.resize(p.bytes.size() - 8);
  std::size_t at = 8 + 4;                         // magic, version
  at += 8 + static_cast<std::size_t>(p.u64(at));  // identity
  p.header = at;
  p.words = static_cast<std::size_t>(p.u64(at));      // then count, next parent, depth,
  p.count = static_cast<std::size_t>(p.u64(at + 8));  // level end, transitions, and the
  const auto properties = static_cast<std::size_t>(p.u64(at + 48));  // number of decisions
  p.decisions = at + 56;
  p.coverage = p.decisions + 30 * properties;
  p.states = p.coverage;
  for (int k = 0; k < 3; ++k) p.states += 8 + 8 * static_cast<std::size_t>(p.u64(p.states));
  p.parents = p.states + 8 * p.words * p.count;
  return p;
}

// Every state two steps from the initial state linked to the last state one step from it
// instead: the depths and the order of the parents stay those of a breadth-first search (a
// file edited that carefully by hand), most of those links are no step, and every deeper
// state's trace goes through one.
inline void relink_second_level(CheckpointParts& p) {
  std::vector<std::uint32_t> parent(p.count);
  std::memcpy(parent.data(), p.bytes.data() + p.parents, 4 * p.count);
  std::vector<std::uint64_t> depth(p.count, 0);
  for (std::size_t k = 1; k < p.count; ++k) depth[k] = depth[parent[k]] + 1;
  std::uint32_t last_first = 1;  // the last state one step away
  while (last_first + 1 < p.count && depth[last_first + 1] == 1) ++last_first;
  for (std::size_t k = 1; k < p.count; ++k)
    if (depth[k] == 2) parent[k] = last_first;
  std::memcpy(p.bytes.data() + p.parents, parent.data(), 4 * p.count);
}

inline void write_parts(const std::filesystem::path& file, const CheckpointParts& p) {
  checker::Checksum sum;
  sum.add(p.bytes.data(), p.bytes.size());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(p.bytes.data(), static_cast<std::streamsize>(p.bytes.size()));
  out.write(reinterpret_cast<const char*>(&sum.h), sizeof sum.h);
}

}  // namespace synack::testing
