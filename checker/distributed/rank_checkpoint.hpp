// What a rank of the distributed search writes to a checkpoint, and the directory that
// holds one checkpoint of every rank (check --distributed --checkpoint DIR).
//
// A checkpoint is taken between two rounds, where every rank is at the same clean point:
// the rounds before are expanded, numbered and decided, none after. Each rank writes its
// part, DIR/gen-G/rank-R.synack: its states in its own order with their parents' ranks
// and indices, its part of the frontier and of the next level, its coverage counts, and
// what every rank agrees on (the global figures, the decisions with the rank and index of
// each deciding state, whose trace is rebuilt on resume). Once every rank has written its
// part, rank 0 points DIR/distributed.synack at generation G, atomically; a crash before
// that leaves the previous generation in force. Pure file handling: the collective steps
// are in checkpoints.hpp.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "checker/property.hpp"

namespace synack::checker::distributed {

struct RankDecision {
  bool decided = false;
  Verdict verdict = Verdict::kInconclusive;
  std::uint32_t owner = 0;  // the rank that holds the deciding state
  std::uint32_t local = 0;  // its index there
  std::uint64_t states = 0, transitions = 0, store_bytes = 0;
};

struct RankCheckpoint {
  std::string identity;  // the question, the number of ranks and this rank
  std::uint64_t words = 0;
  // Where the search stands: the level being expanded, its global indices, the first
  // parent of the next round, and the global figures so far.
  std::uint64_t depth = 0, level_first = 0, level_last = 0, next_parent = 0;
  std::uint64_t states = 0, transitions = 0, bytes = 0;
  std::vector<RankDecision> decisions;
  std::vector<std::uint64_t> row_fired, group_transitions, group_new_states;  // this rank's
  std::vector<std::uint64_t> packed;  // words per state, in this rank's order
  std::vector<std::uint32_t> parent_local;
  std::vector<std::uint16_t> parent_rank;
  // This level's parents and the next level's states so far: global index, local index.
  std::vector<std::uint64_t> frontier_index, next_index;
  std::vector<std::uint32_t> frontier_local, next_local;
};

std::filesystem::path rank_checkpoint_file(const std::filesystem::path& dir,
                                           std::uint64_t generation, int rank);

// InputError naming the file when it cannot be written (the old one left as it was).
void write_rank_checkpoint(const std::filesystem::path& file, const RankCheckpoint& data);
// InputError when the file is missing, damaged, or of another question or rank.
RankCheckpoint read_rank_checkpoint(const std::filesystem::path& file, const std::string& identity);

// DIR/distributed.synack: which generation is whole, for which question.
std::filesystem::path generation_file(const std::filesystem::path& dir);
void write_generation(const std::filesystem::path& dir, const std::string& identity,
                      std::uint64_t generation);
std::uint64_t read_generation(const std::filesystem::path& dir, const std::string& identity);

}  // namespace synack::checker::distributed
