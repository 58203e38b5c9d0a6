// The coverage of a search resumed from a checkpoint (checker/checkpoint_coverage.hpp):
// read from the checkpoint, not counted again, and exactly that of a search never
// stopped, with any number of threads and either store; a checkpoint whose counts no
// search wrote, or one of the format before they were stored, is refused with one line
// (exit 2), never trusted, never exit 4.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <numeric>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "checker/checkpoint.hpp"
#include "checker/explicit_bfs.hpp"
#include "checkpoint_parts.hpp"
#include "cli_run.hpp"
#include "helpers.hpp"
#include "reports/coverage_report.hpp"
#include "same_result.hpp"
#include "temp_dir.hpp"

using namespace synack::checker;
using synack::reports::machine_coverage;
using synack::reports::MachineCoverage;
using synack::reports::row_text;
using synack::testing::CheckpointParts;
using synack::testing::read_parts;
using synack::testing::run_synack;
using synack::testing::write_parts;

namespace {

using synack::testing::TempDir;

std::vector<PropertySpec> safety_properties(const std::string& scenario) {
  auto all = synack::properties::bundled_scenarios();
  std::vector<PropertySpec> specs;
  for (const auto& p : synack::properties::find_scenario(all, scenario).properties)
    if (!is_liveness(p.kind)) specs.push_back(p);
  return specs;
}

struct Search {
  std::vector<Result> results;
  Coverage coverage;
};

Search search(const Model& model, const std::vector<PropertySpec>& specs, const Limits& limits) {
  ExplorationStats stats;
  Search s;
  s.results = check_explicit(model, specs, limits, &stats);
  s.coverage = stats.coverage;
  return s;
}

std::uint64_t total(const std::vector<std::uint64_t>& counts) {
  return std::accumulate(counts.begin(), counts.end(), std::uint64_t{0});
}

std::uint64_t fired_count(const MachineCoverage& m, const std::string& row) {
  for (std::size_t r = 0; r < m.rows.size(); ++r)
    if (row_text(m.rows[r]) == row) return m.fired[r];
  throw std::logic_error("no row " + row);
}

// A search of `scenario` (every state: --coverage) stopped by --max-states `stop_at`
// after writing a checkpoint at every round boundary, then resumed from the last one.
// The checkpoint must hold part of the coverage, so that the resume has some to read.
struct StoppedAndResumed {
  Search resumed;
  std::array<std::vector<std::uint64_t>, 3> stored;  // the checkpoint's counts
};

StoppedAndResumed stop_and_resume(const Model& model, const std::vector<PropertySpec>& specs,
                                  std::uint64_t stop_at, std::uint32_t round, unsigned threads,
                                  StoreKind store, const TempDir& dir) {
  Limits limits;
  limits.explore_all = true;
  limits.round_states = round;
  limits.threads = threads;
  limits.store = store;
  CheckpointOptions write{dir.path, 0, false, "coverage"};
  Limits stopping = limits;
  stopping.checkpoint = &write;
  stopping.max_states = stop_at;
  const Search stopped = search(model, specs, stopping);
  REQUIRE(stopped.coverage.stopped_by == "max-states");
  StoppedAndResumed r;
  r.stored = read_parts(dir.path / "checkpoint.synack").counts();
  CheckpointOptions resume{dir.path, 0, true, "coverage"};
  limits.checkpoint = &resume;
  r.resumed = search(model, specs, limits);
  return r;
}

}  // namespace

TEST_CASE("a resumed search's coverage is that of one never stopped: stop-and-wait ARQ") {
  auto model = synack::testing::build("arq/stop-and-wait");
  const auto specs = safety_properties("arq/stop-and-wait");
  Limits all;
  all.explore_all = true;
  const Search whole = search(*model, specs, all);
  REQUIRE(whole.coverage.states == 107);
  REQUIRE(whole.coverage.transitions == 352);
  for (unsigned threads : {1u, 2u}) {
    for (StoreKind store : {StoreKind::kPlain, StoreKind::kTree}) {
      INFO(threads << " threads, --store " << store_name(store));
      TempDir dir("arq");
      const auto r = stop_and_resume(*model, specs, 60, 4, threads, store, dir);
      // The checkpoint holds the counts of the parents expanded before it: some, not all.
      CHECK(total(r.stored[0]) > 0);
      CHECK(total(r.stored[1]) > 0);
      CHECK(total(r.stored[1]) < 352);
      CHECK(total(r.stored[2]) < 106);
      const Coverage& c = r.resumed.coverage;
      synack::testing::require_same_coverage(whole.coverage, c);
      for (std::size_t k = 0; k < specs.size(); ++k)
        synack::testing::require_same(whole.results[k], r.resumed.results[k]);
      // The figures test_coverage pins for the search never stopped.
      CHECK(c.exhaustive);
      CHECK(c.states == 107);
      CHECK(c.transitions == 352);
      CHECK(c.group_transitions == std::vector<std::uint64_t>{17, 82, 75, 0, 75, 6, 18, 0, 73, 6});
      CHECK(c.group_new_states == std::vector<std::uint64_t>{15, 17, 34, 0, 5, 2, 18, 0, 9, 6});
      auto machines = machine_coverage(*model, c);
      REQUIRE(machines.size() == 2);
      CHECK(machines[0].fired == std::vector<std::uint64_t>{17, 82, 12, 6});
      CHECK(machines[1].fired == std::vector<std::uint64_t>{14, 61});
    }
  }
}

TEST_CASE("a resumed search's coverage is that of one never stopped: two-way handshake") {
  auto model = synack::testing::build("tcp/two-way-handshake");
  const auto specs = safety_properties("tcp/two-way-handshake");
  TempDir dir("two_way");
  // Stopped well inside, with two threads and the tree store.
  const auto r = stop_and_resume(*model, specs, 9000, 500, 2, StoreKind::kTree, dir);
  CHECK(total(r.stored[1]) > 10000);
  const Coverage& c = r.resumed.coverage;
  CHECK(c.exhaustive);
  CHECK(c.states == 19795);
  CHECK(c.transitions == 101424);
  CHECK(total(c.group_transitions) == 101424);
  CHECK(total(c.group_new_states) == 19794);
  auto machines = machine_coverage(*model, c);
  REQUIRE(machines.size() == 1);
  CHECK(machines[0].rows.size() == 119);
  CHECK(std::count(machines[0].fired.begin(), machines[0].fired.end(), 0) == 101);
  CHECK(fired_count(machines[0], "CLOSED --listen--> LISTEN") == 4746);
  CHECK(fired_count(machines[0], "LISTEN --rcv SYN [two-way] / send SYN-ACK--> ESTABLISHED") ==
        2256);
}

TEST_CASE("a resume takes the coverage counts from the checkpoint, it does not count them again") {
  // Row counts are not tied to any other figure, so a file may say anything of them: what
  // it says is what the resumed search starts from (the counting of every parent before
  // the checkpoint again, which cost a resume more than the interrupted run, is gone).
  auto model = synack::testing::build("arq/stop-and-wait");
  const auto specs = safety_properties("arq/stop-and-wait");
  Limits all;
  all.explore_all = true;
  const Search whole = search(*model, specs, all);
  TempDir dir("taken");
  Limits stopping = all;
  CheckpointOptions write{dir.path, 0, false, "coverage"};
  stopping.checkpoint = &write;
  stopping.max_states = 60;
  stopping.round_states = 4;
  search(*model, specs, stopping);
  const auto file = dir.path / "checkpoint.synack";
  CheckpointParts parts = read_parts(file);
  auto counts = parts.counts();
  REQUIRE(counts[0].size() == whole.coverage.row_fired.size());
  counts[0][1] += 1000;
  parts.set_counts(counts);
  write_parts(file, parts);
  CheckpointOptions resume{dir.path, 0, true, "coverage"};
  Limits resuming = all;
  resuming.checkpoint = &resume;
  const Search resumed = search(*model, specs, resuming);
  std::vector<std::uint64_t> expected = whole.coverage.row_fired;
  expected[1] += 1000;
  CHECK(resumed.coverage.row_fired == expected);
  CHECK(resumed.coverage.group_transitions == whole.coverage.group_transitions);
}

namespace {

// tcp/two-way-handshake stopped at 25 states by the command line, its last checkpoint
// (rounds of one parent) at a round boundary before.
struct CliCheckpoint {
  TempDir dir;
  std::filesystem::path file;
  CheckpointParts parts;
  std::array<std::vector<std::uint64_t>, 3> counts;
  explicit CliCheckpoint(const std::string& name) : dir(name) {
    auto r = run_synack(
        "check tcp/two-way-handshake --quiet --max-states 25 --round-states 1 "
        "--checkpoint " +
        dir.path.string() + " --checkpoint-every 0");
    REQUIRE(r.exit_code == 1);
    file = dir.path / "checkpoint.synack";
    parts = read_parts(file);
    counts = parts.counts();
    REQUIRE(parts.count > 1);
    REQUIRE(total(counts[1]) > 0);
  }
  std::uint64_t transitions() const { return parts.u64(parts.decisions - 56 + 40); }

  // Resumes from the counts as edited, and expects one line naming the file.
  void refused(const std::string& why) {
    parts.set_counts(counts);
    write_parts(file, parts);
    auto r = run_synack("check tcp/two-way-handshake --quiet --resume " + dir.path.string());
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "synack: " + file.string() + " is not a usable checkpoint: " + why + "\n");
  }
};

const std::string kByHand = " (a file made or edited by hand?); start afresh without --resume";

}  // namespace

TEST_CASE("a checkpoint whose coverage counts no search wrote is refused with one line, exit 2") {
  CliCheckpoint cp("refused");
  auto model = synack::testing::build("tcp/two-way-handshake");
  const std::size_t rows = model->row_count(), groups = model->group_count();
  REQUIRE(cp.counts[0].size() == rows);
  REQUIRE(cp.counts[1].size() == groups);
  REQUIRE(cp.transitions() == total(cp.counts[1]));
  const std::uint64_t states = cp.parts.count;
  REQUIRE(total(cp.counts[2]) == states - 1);
  const std::string shape = fmt::format(" and the model has {} rows and {} groups", rows, groups);

  SECTION("a row's count missing") {
    cp.counts[0].pop_back();
    cp.refused(fmt::format("its coverage counts are for {} rows, {} and {} groups,", rows - 1,
                           groups, groups) +
               shape + kByHand);
  }
  SECTION("a group's new states count too many") {
    cp.counts[2].push_back(0);
    cp.refused(fmt::format("its coverage counts are for {} rows, {} and {} groups,", rows, groups,
                           groups + 1) +
               shape + kByHand);
  }
  SECTION("transitions that do not add up to the search's") {
    cp.counts[1][0] += 1;
    cp.refused(fmt::format("its coverage counts add up to {} transitions where the search took {}",
                           cp.transitions() + 1, cp.transitions()) +
               kByHand);
  }
  SECTION("new states that do not add up to the states held") {
    auto g = std::find_if(cp.counts[2].begin(), cp.counts[2].end(), [](auto n) { return n > 0; });
    REQUIRE(g != cp.counts[2].end());
    *g -= 1;
    cp.refused(fmt::format("its coverage counts add up to {} new states where the search stored {} "
                           "besides the initial state",
                           states - 2, states - 1) +
               kByHand);
  }
  SECTION("a group with more new states than transitions, the totals right") {
    // Transitions moved from a group that found new states to another one.
    std::size_t a = 0;
    while (cp.counts[2][a] == 0) ++a;
    const std::size_t b = a == 0 ? 1 : 0;
    const std::uint64_t moved = cp.counts[1][a] - cp.counts[2][a] + 1;
    cp.counts[1][a] -= moved;
    cp.counts[1][b] += moved;
    cp.refused(fmt::format("its coverage counts say group {} found {} new states in {} transitions",
                           model->group_name(a), cp.counts[2][a], cp.counts[2][a] - 1) +
               kByHand);
  }
  SECTION("counts that wrap around to the search's total") {
    cp.counts[1][0] += std::uint64_t{1} << 63;
    cp.counts[1][1] += std::uint64_t{1} << 63;
    cp.refused(fmt::format("its coverage counts add up to more than 2^64 transitions where the "
                           "search took {}",
                           cp.transitions()) +
               kByHand);
  }
}

TEST_CASE("a checkpoint of the format before coverage counts were stored is refused, exit 2") {
  // Version 1 is version 2 without the counts: what a synack before this one wrote.
  CliCheckpoint cp("version1");
  cp.parts.bytes.erase(cp.parts.coverage, cp.parts.states - cp.parts.coverage);
  const std::uint32_t one = 1;
  std::memcpy(cp.parts.bytes.data() + cp.parts.version, &one, sizeof one);
  write_parts(cp.file, cp.parts);
  auto r = run_synack("check tcp/two-way-handshake --quiet --resume " + cp.dir.path.string());
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "synack: " + cp.file.string() +
                     " is not a usable checkpoint: format version 1, this synack reads version 2; "
                     "start afresh without --resume\n");
}
