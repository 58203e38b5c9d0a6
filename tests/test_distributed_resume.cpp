// `check --distributed --resume` of a part made by hand, whose checksum matches: refused
// with one line naming the file (exit 2), as the one-process resume refuses such a file
// (test_checkpoint), never trusted, never exit 4, never a loop. One rank, without mpirun;
// damage on one rank of several is tests/distributed_same_json.sh.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <fmt/format.h>

#include "checker/distributed/rank_checkpoint.hpp"
#include "checker/state_store.hpp"
#include "cli_run.hpp"

using synack::checker::StateStore;
using synack::checker::Verdict;
using synack::checker::distributed::RankCheckpoint;
using synack::checker::distributed::read_rank_checkpoint;
using synack::checker::distributed::write_rank_checkpoint;
using synack::testing::run_synack;

#if SYNACK_WITH_MPI

namespace {

// The identity a part carries (its question and rank), from its bytes: magic, version,
// then the identity's length and text.
std::string identity_of(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::uint64_t size = 0;
  std::memcpy(&size, bytes.data() + 12, sizeof size);
  return bytes.substr(20, size);
}

struct MadePart {
  std::filesystem::path dir, file;
  RankCheckpoint data;
};

// tcp/two-way-handshake stopped at 25 states, the last checkpoint at 23 (rounds of one
// parent): server-knows-client-receives (property 1) is decided, violated, by state 18
// (depth 3), the others are not.
MadePart stopped_part(const std::string& name) {
  MadePart p;
  p.dir = std::filesystem::temp_directory_path() /
          ("synack_dist_resume_" + std::to_string(getpid()) + "_" + name);
  std::filesystem::remove_all(p.dir);
  auto r = run_synack(
      "check tcp/two-way-handshake --distributed --quiet --max-states 25 "
      "--round-states 1 --checkpoint " +
      p.dir.string() + " --checkpoint-every 0");
  // Open MPI that fails to start ends the process with exit code 1 too, its own words on
  // stderr: shown, and told apart by the checkpoint it never wrote.
  INFO(r.err);
  REQUIRE(r.exit_code == 1);
  REQUIRE(std::filesystem::is_directory(p.dir));
  for (const auto& entry : std::filesystem::recursive_directory_iterator(p.dir))
    if (entry.path().filename() == "rank-0.synack") p.file = entry.path();
  REQUIRE(!p.file.empty());
  p.data = read_rank_checkpoint(p.file, identity_of(p.file));
  REQUIRE(p.data.parent_local.size() == 23);
  REQUIRE(p.data.decisions[1].local == 18);
  REQUIRE(p.data.decisions.size() == 3);
  REQUIRE(p.data.decisions[1].decided);
  REQUIRE_FALSE(p.data.decisions[0].decided);
  return p;
}

// Resumes from `p` as written back, and expects one line naming its file.
void refused(MadePart& p, const std::string& why) {
  write_rank_checkpoint(p.file, p.data);
  auto r =
      run_synack("check tcp/two-way-handshake --distributed --quiet --resume " + p.dir.string());
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err,
             Catch::Matches("synack: " + p.file.string() + " is not a usable checkpoint: " + why +
                            " \\(a file made or edited by hand\\?\\); start afresh "
                            "without --resume\n"));
  std::filesystem::remove_all(p.dir);
}

}  // namespace

TEST_CASE("distributed resume: a part whose first state is not the initial state is refused") {
  MadePart p = stopped_part("first");
  SECTION("another first state") {
    // States 0 and 1 swapped: every state in range, none twice, the first not initial.
    const auto words = static_cast<std::ptrdiff_t>(p.data.words);
    std::swap_ranges(p.data.packed.begin(), p.data.packed.begin() + words,
                     p.data.packed.begin() + words);
    refused(p, "its first state is not the initial state");
  }
  SECTION("another state without a parent") {
    p.data.parent_local[5] = StateStore::kNoParent;
    refused(p, "state 5 has no parent, and only the initial state has none");
  }
}

TEST_CASE("distributed resume: a state with a slot outside its range is refused") {
  // Every bit of state 22's first word set: a slot there holds more than its range.
  MadePart p = stopped_part("range");
  p.data.packed[22 * p.data.words] = ~std::uint64_t{0};
  refused(p, "state 22 holds [^ ]+ = [0-9]+, outside its range 0\\.\\.[0-9]+");
}

TEST_CASE("distributed resume: a state with bits set past its slots is refused") {
  // The top bit of state 22's last word: no slot reaches it in tcp/two-way-handshake.
  MadePart p = stopped_part("spare");
  const std::size_t last = p.data.words - 1;
  p.data.packed[22 * p.data.words + last] |= std::uint64_t{1} << 63;
  refused(p, "state 22 has bits set outside its slots \\(word " + std::to_string(last) + "\\)");
}

TEST_CASE("distributed resume: a parent link that is no step of the model is refused") {
  // Every state's parent the initial state: a state two steps away or more is no
  // successor of it, found when a trace is rebuilt through it.
  MadePart p = stopped_part("links");
  for (std::size_t k = 1; k < p.data.parent_local.size(); ++k) p.data.parent_local[k] = 0;
  refused(p, "state [0-9]+ is no step from its parent, state 0 of rank 0");
}

TEST_CASE("distributed resume: parent links that go round in a circle are refused") {
  // The deciding state's parent made its child: its trace would be rebuilt forever.
  MadePart p = stopped_part("cycle");
  const std::uint32_t decided = p.data.decisions[1].local;
  const std::uint32_t parent = p.data.parent_local[decided];
  REQUIRE(parent != 0);
  p.data.parent_local[parent] = decided;
  refused(p, "the parent links from state " + std::to_string(parent) +
                 " of rank 0 go round in a circle");
}

TEST_CASE("distributed resume: a state counted expanded whose successors are missing is refused") {
  // The next level's last state dropped from the part's frontier: the resume would count
  // it expanded and never take its steps, as it would for a machine edited and built again
  // since the checkpoint (whose identity is the same). Its successors are not stored.
  MadePart p = stopped_part("expanded");
  REQUIRE(!p.data.next_local.empty());
  const std::uint32_t dropped = p.data.next_local.back();
  p.data.next_local.pop_back();
  p.data.next_index.pop_back();
  write_rank_checkpoint(p.file, p.data);
  auto r =
      run_synack("check tcp/two-way-handshake --distributed --quiet --resume " + p.dir.string());
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Matches("synack: " + p.file.parent_path().string() +
                                   " was written by another model: rank 0's state " +
                                   std::to_string(dropped) +
                                   " is expanded there, and its step [^ ]+ leads to a state "
                                   "rank 0 does not hold \\(a machine changed since\\); start "
                                   "afresh without --resume\n"));
  std::filesystem::remove_all(p.dir);
}

TEST_CASE("distributed resume: a decision no search makes is refused") {
  MadePart p = stopped_part("decision");
  SECTION("a verdict the property's kind never gives") {
    p.data.decisions[1].verdict = Verdict::kHolds;
    refused(p, "the verdict of server-knows-client-receives is not one a search of it gives");
  }
  SECTION("a state that does not decide the property") {
    // The initial state: both ends closed, nothing known, nothing violated.
    p.data.decisions[1].local = 0;
    refused(p, "the state that decided server-knows-client-receives does not decide it");
  }
  SECTION("a decision cleared") {
    // The resume would go on with the property undecided and could say holds: every
    // state the part holds is checked against the properties it calls undecided.
    p.data.decisions[1] = {};
    refused(p, "state 18 decides server-knows-client-receives, which it says is undecided");
  }
}

TEST_CASE("distributed resume: coverage counts that do not fit the model are refused") {
  // One count per row and per group on every rank, or adding them up over the ranks
  // would mix rows and groups (or leave a rank waiting in the sum).
  MadePart p = stopped_part("coverage_shape");
  const std::size_t rows = p.data.row_fired.size(), groups = p.data.group_transitions.size();
  REQUIRE(rows > 0);
  p.data.row_fired.pop_back();
  refused(p, fmt::format("its coverage counts are for {} rows, {} and {} groups, and the model "
                         "has {} rows and {} groups",
                         rows - 1, groups, groups, rows, groups));
}

TEST_CASE("distributed resume: coverage counts that do not add up to the search's are refused") {
  // Checked over the ranks' parts together, so the line names the generation's directory.
  MadePart p = stopped_part("coverage_totals");
  std::string why;
  SECTION("transitions") {
    p.data.group_transitions[0] += 1;
    why = fmt::format("add up to {} transitions where the search took {}", p.data.transitions + 1,
                      p.data.transitions);
  }
  SECTION("new states") {
    p.data.group_new_states[0] += 1;
    why =
        fmt::format("add up to {} new states where the search stored {} besides the initial state",
                    p.data.states, p.data.states - 1);
  }
  write_rank_checkpoint(p.file, p.data);
  auto r =
      run_synack("check tcp/two-way-handshake --distributed --quiet --resume " + p.dir.string());
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "synack: " + p.file.parent_path().string() +
                     " is not a usable checkpoint: its parts' coverage counts " + why +
                     " (a file made or edited by hand?); start afresh without --resume\n");
  std::filesystem::remove_all(p.dir);
}

#endif
