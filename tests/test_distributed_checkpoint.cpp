// The distributed search's checkpoint parts, without MPI: what a rank writes is what it
// reads back, and a part of another question, rank or damaged is refused with one line
// (checker/distributed/rank_checkpoint.hpp).
#include <catch2/catch.hpp>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>

#include "checker/distributed/rank_checkpoint.hpp"
#include "checker/errors.hpp"

using namespace synack::checker::distributed;
using Catch::Matchers::Contains;

namespace {

RankCheckpoint sample() {
  RankCheckpoint d;
  d.identity = "question\nrank 1";
  d.words = 2;
  d.depth = 3;
  d.level_first = 10;
  d.level_last = 20;
  d.next_parent = 14;
  d.states = 31;
  d.transitions = 77;
  d.bytes = 4096;
  d.decisions = {RankDecision{},
                 RankDecision{true, synack::checker::Verdict::kViolated, 1, 2, 12, 30, 2048}};
  d.row_fired = {1, 2, 3};
  d.group_transitions = {4, 5};
  d.group_new_states = {6, 7};
  d.packed = {11, 12, 21, 22, 31, 32};
  d.parent_local = {0xffffffffu, 0, 1};
  d.parent_rank = {0, 1, 1};
  d.frontier_index = {12, 15};
  d.frontier_local = {1, 2};
  d.next_index = {21};
  d.next_local = {0};
  return d;
}

std::filesystem::path scratch_dir() {
  auto dir =
      std::filesystem::temp_directory_path() / ("synack_dist_cp_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "gen-4");
  return dir;
}

}  // namespace

TEST_CASE("distributed checkpoint: a rank's part reads back as it was written") {
  auto dir = scratch_dir();
  const auto file = rank_checkpoint_file(dir, 4, 1);
  CHECK(file == dir / "gen-4" / "rank-1.synack");
  write_rank_checkpoint(file, sample());
  RankCheckpoint d = read_rank_checkpoint(file, "question\nrank 1");
  RankCheckpoint s = sample();
  CHECK(d.words == s.words);
  CHECK(d.depth == 3);
  CHECK(d.level_first == 10);
  CHECK(d.level_last == 20);
  CHECK(d.next_parent == 14);
  CHECK(d.states == 31);
  CHECK(d.transitions == 77);
  CHECK(d.bytes == 4096);
  REQUIRE(d.decisions.size() == 2);
  CHECK_FALSE(d.decisions[0].decided);
  CHECK(d.decisions[1].decided);
  CHECK(d.decisions[1].verdict == synack::checker::Verdict::kViolated);
  CHECK(d.decisions[1].owner == 1);
  CHECK(d.decisions[1].local == 2);
  CHECK(d.decisions[1].states == 12);
  CHECK(d.row_fired == s.row_fired);
  CHECK(d.group_new_states == s.group_new_states);
  CHECK(d.packed == s.packed);
  CHECK(d.parent_local == s.parent_local);
  CHECK(d.parent_rank == s.parent_rank);
  CHECK(d.frontier_index == s.frontier_index);
  CHECK(d.next_local == s.next_local);
  write_generation(dir, "question", 4);
  CHECK(read_generation(dir, "question") == 4);
  std::filesystem::remove_all(dir);
}

TEST_CASE("distributed checkpoint: another question or a damaged part is refused") {
  auto dir = scratch_dir();
  const auto file = rank_checkpoint_file(dir, 4, 1);
  write_rank_checkpoint(file, sample());
  CHECK_THROWS_WITH(read_rank_checkpoint(file, "question\nrank 2"),
                    Contains("is a checkpoint of another question") &&
                        Contains("resume with the same command line and as many ranks"));
  write_generation(dir, "question with 2 ranks", 4);
  CHECK_THROWS_WITH(read_generation(dir, "question with 3 ranks"),
                    Contains("is a checkpoint of another question"));
  CHECK_THROWS_WITH(read_rank_checkpoint(rank_checkpoint_file(dir, 5, 1), "question\nrank 1"),
                    Contains("no checkpoint to resume: cannot read"));
  // A frontier naming a state the part does not hold.
  RankCheckpoint bad = sample();
  bad.frontier_local[1] = 3;
  write_rank_checkpoint(file, bad);
  CHECK_THROWS_WITH(read_rank_checkpoint(file, "question\nrank 1"),
                    Contains("is not a usable checkpoint: its sizes do not add up"));
  // One byte changed.
  write_rank_checkpoint(file, sample());
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(40);
    f.put('\x7f');
  }
  CHECK_THROWS_AS(read_rank_checkpoint(file, "question\nrank 1"), synack::InputError);
  CHECK_THROWS_WITH(read_rank_checkpoint(file, "question\nrank 1"),
                    Contains("its checksum does not match"));
  std::filesystem::remove_all(dir);
}
