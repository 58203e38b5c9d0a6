// Checkpoints of the breadth-first search, so that a long run that dies (a crash, a
// reboot, an operator's kill -9) can continue instead of starting over.
//
// A checkpoint is taken between two rounds, where the search is in a clean state: every
// stored state before `next_parent` has been expanded and committed, none after. It holds
// the stored states in index order with their parents, the counters, the coverage counts
// of the parents expanded so far, and for each property decided so far the state that
// decided it (its trace is rebuilt from the parents, and replayed, on resume). Resuming
// inserts the states again in the same order, so indices, table growth, counts and traces
// are exactly those of a run that was never stopped; the coverage counts are read back,
// not counted again by expanding those parents (which took longer than the search had).
//
// One file, DIR/checkpoint.synack, replaced atomically: written to a temporary file in
// DIR, flushed to disk, then renamed over the old one, so a crash mid-write leaves the
// previous checkpoint. The file carries a format version, the identity of the question
// (model layout, groups, properties, parameters) and a checksum; a file that is not
// exactly what this run would have written is refused with one line (InputError).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "checker/property.hpp"

namespace synack::checker {

struct CheckpointOptions {
  std::filesystem::path dir;
  double every_seconds = 600;  // at the first round boundary after this long; 0: every round
  bool resume = false;         // continue from DIR's checkpoint instead of starting afresh
  std::string identity;        // what question this is (scenario, parameters): must match
};

struct CheckpointDecision {
  bool decided = false;
  Verdict verdict = Verdict::kInconclusive;
  std::uint32_t state = 0;  // the state that decided it
  std::uint64_t states = 0, transitions = 0, store_bytes = 0;
};

struct CheckpointData {
  std::string identity;
  std::uint64_t words = 0;
  std::uint64_t next_parent = 0, depth = 0, level_end = 0, transitions = 0;
  std::vector<CheckpointDecision> decisions;
  // Coverage (checker/coverage.hpp) of parents 0..next_parent-1: by row, and per group.
  std::vector<std::uint64_t> row_fired, group_transitions, group_new_states;
  std::vector<std::uint64_t> states;  // words per state, in index order
  std::vector<std::uint32_t> parents;
};

// The one file a checkpoint directory holds: DIR/checkpoint.synack.
std::filesystem::path checkpoint_file(const std::filesystem::path& dir);

// Writes atomically; an error (full disk, no permission) is an InputError naming the
// path and the OS reason.
void write_checkpoint(const std::filesystem::path& dir, const CheckpointData& data);

// Reads and verifies DIR's checkpoint. InputError when it is missing, truncated,
// corrupted, of another format version, or of another question than `identity`.
CheckpointData read_checkpoint(const std::filesystem::path& dir, const std::string& identity);

}  // namespace synack::checker
