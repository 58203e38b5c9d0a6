// Taking and reading a checkpoint of the distributed search, collectively: every rank
// writes or reads its own part (rank_checkpoint.hpp), and a failure on any rank (a full
// disk on one node, a missing part) is thrown on every rank with that rank's message, so
// that none is left waiting for the others.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "checker/distributed/comm.hpp"
#include "checker/distributed/rank_checkpoint.hpp"

namespace synack::checker::distributed {

// Writes this rank's part of generation `generation`; once every rank has, rank 0 makes
// it the one in force and the previous generation's parts are removed. `question` names
// the question and the number of ranks; each part adds its rank.
void save_checkpoint(const Comm& comm, const std::filesystem::path& dir,
                     const std::string& question, std::uint64_t generation,
                     const RankCheckpoint& mine);

// This rank's part of the generation in force, which it returns in `generation`.
RankCheckpoint load_checkpoint(const Comm& comm, const std::filesystem::path& dir,
                               const std::string& question, std::uint64_t& generation);

// Every rank passes what went wrong on it, if anything ("": nothing); the lowest failing
// rank's message is thrown on all of them as an InputError.
void throw_if_any_failed(const Comm& comm, const std::string& failure);

// The identity a rank's part carries.
std::string rank_identity(const std::string& question, int rank);

}  // namespace synack::checker::distributed
