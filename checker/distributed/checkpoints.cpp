#include "checker/distributed/checkpoints.hpp"

#include <system_error>

#include <fmt/format.h>

#include "checker/checkpoint_io.hpp"
#include "checker/errors.hpp"

namespace synack::checker::distributed {

void throw_if_any_failed(const Comm& comm, const std::string& failure) {
  Words first{static_cast<std::uint64_t>(failure.empty() ? comm.size() : comm.rank())};
  comm.min(first);
  if (first[0] == static_cast<std::uint64_t>(comm.size())) return;
  const int root = static_cast<int>(first[0]);
  Words text;
  if (comm.rank() == root) text = words_of(failure);
  comm.broadcast(text, root);
  throw InputError(text_of(text.data(), text.size()));
}

namespace {

std::filesystem::path generation_dir(const std::filesystem::path& dir, std::uint64_t generation) {
  return rank_checkpoint_file(dir, generation, 0).parent_path();
}

// Each part is whole by itself, but the parts must be of one checkpoint: what every rank
// agrees on (the global figures, the decisions) must be the same in all of them. A part
// left from another run or generation would send the ranks down different paths, into
// collectives that do not match (a crash or a hang).
std::string parts_disagree(const Comm& comm, const std::filesystem::path& file,
                           const RankCheckpoint& mine) {
  const auto count = static_cast<std::uint64_t>(mine.parent_local.size());
  Checksum agreed;
  for (std::uint64_t v : {mine.words, mine.depth, mine.level_first, mine.level_last,
                          mine.next_parent, mine.states, mine.transitions, mine.bytes})
    agreed.add(&v, sizeof v);
  bool decisions_fit = true;
  for (const RankDecision& d : mine.decisions) {
    // The index of the deciding state means something on its owner only.
    for (std::uint64_t v : {std::uint64_t{d.decided}, static_cast<std::uint64_t>(d.verdict),
                            std::uint64_t{d.owner}, d.states, d.transitions, d.store_bytes})
      agreed.add(&v, sizeof v);
    decisions_fit =
        decisions_fit &&
        (!d.decided || (d.owner < static_cast<std::uint64_t>(comm.size()) &&
                        (d.owner != static_cast<std::uint64_t>(comm.rank()) || d.local < count)));
  }
  const Words all = comm.all_gather({agreed.h});
  if (all[comm.rank()] != all[0])
    return fmt::format(
        "{} is not a usable checkpoint: it is not of the same run and generation as rank 0's "
        "part; start afresh without --resume",
        file.string());
  if (!decisions_fit)
    return fmt::format(
        "{} is not a usable checkpoint: a decision names a state no rank holds; start afresh "
        "without --resume",
        file.string());
  return {};
}

}  // namespace

std::string rank_identity(const std::string& question, int rank) {
  return fmt::format("{}\nrank {}", question, rank);
}

void save_checkpoint(const Comm& comm, const std::filesystem::path& dir,
                     const std::string& question, std::uint64_t generation,
                     const RankCheckpoint& mine) {
  std::string failure;
  try {
    std::error_code ec;
    std::filesystem::create_directories(generation_dir(dir, generation), ec);
    if (ec)
      throw InputError(fmt::format("cannot create checkpoint directory {}: {}",
                                   generation_dir(dir, generation).string(), ec.message()));
    write_rank_checkpoint(rank_checkpoint_file(dir, generation, comm.rank()), mine);
  } catch (const InputError& e) {
    failure = e.what();
  }
  throw_if_any_failed(comm, failure);
  // Every part is on disk: this generation is now the one a resume reads.
  failure.clear();
  if (comm.rank() == 0) {
    try {
      write_generation(dir, question, generation);
    } catch (const InputError& e) {
      failure = e.what();
    }
  }
  throw_if_any_failed(comm, failure);
  if (generation == 0) return;
  std::error_code ignored;
  std::filesystem::remove(rank_checkpoint_file(dir, generation - 1, comm.rank()), ignored);
  if (comm.rank() == 0) std::filesystem::remove_all(generation_dir(dir, generation - 1), ignored);
}

RankCheckpoint load_checkpoint(const Comm& comm, const std::filesystem::path& dir,
                               const std::string& question, std::uint64_t& generation) {
  std::string failure;
  Words found;
  if (comm.rank() == 0) {
    try {
      found.push_back(read_generation(dir, question));
    } catch (const InputError& e) {
      failure = e.what();
    }
  }
  throw_if_any_failed(comm, failure);
  comm.broadcast(found, 0);
  generation = found.at(0);
  RankCheckpoint mine;
  const std::filesystem::path file = rank_checkpoint_file(dir, generation, comm.rank());
  try {
    mine = read_rank_checkpoint(file, rank_identity(question, comm.rank()));
  } catch (const InputError& e) {
    failure = e.what();
  }
  throw_if_any_failed(comm, failure);
  throw_if_any_failed(comm, parts_disagree(comm, file, mine));
  return mine;
}

}  // namespace synack::checker::distributed
