// `check --distributed --resume` under limits: a resume stops where the run it continues,
// never stopped, would have stopped (--max-memory counts what each rank holds by sizes,
// not by the capacities a resume rebuilds), and a checkpoint already past the resume's
// --max-states or --max-memory stops before its first round, as the one-process search
// does. One rank, without mpirun.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>
#include <string>

#include <unistd.h>

#include "cli_run.hpp"

using synack::testing::run_synack;

#if SYNACK_WITH_MPI

namespace {

// tcp/three-way-handshake's no-stale-connection in rounds of 100 parents: many rounds, so
// many points a checkpoint can be written at.
const std::string kSearch =
    "check tcp/three-way-handshake --property no-stale-connection --distributed --quiet "
    "--round-states 100 ";

// The result row without its seconds: verdict, states, transitions, depth.
std::string row(const synack::testing::Run& r) {
  std::istringstream lines(r.out);
  std::string line;
  for (int k = 0; k < 3; ++k) std::getline(lines, line);
  line = line.substr(0, line.find_last_not_of(' ') + 1);
  line = line.substr(0, line.rfind(' '));
  return line.substr(0, line.find_last_not_of(' ') + 1);
}

std::filesystem::path stopped_at(int states, const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("synack_dist_limits_" + std::to_string(getpid()) + "_" + name);
  std::filesystem::remove_all(dir);
  auto r = run_synack(kSearch + "--max-states " + std::to_string(states) + " --checkpoint " +
                      dir.string() + " --checkpoint-every 0");
  INFO(r.err);
  REQUIRE(r.exit_code == 3);
  REQUIRE(std::filesystem::is_directory(dir));
  return dir;
}

}  // namespace

TEST_CASE("distributed resume: --max-memory stops where the run never stopped does") {
  // Counted by capacities, a resumed run's rebuilt vectors held less than the first run's
  // grown ones, and it stopped elsewhere (19,646 and 20,102 states against 30,571).
  const auto whole = run_synack(kSearch + "--max-memory 2");
  REQUIRE(whole.exit_code == 3);
  const std::string expected = row(whole);
  CHECK_THAT(expected, Catch::Matches(".*inconclusive \\(max-memory\\) +39986 +179664 +14 *"));
  for (int states : {5000, 20000}) {
    const auto dir = stopped_at(states, "memory_" + std::to_string(states));
    const auto resumed = run_synack(kSearch + "--max-memory 2 --resume " + dir.string());
    INFO("checkpoint of the run stopped at " << states << " states");
    CHECK(resumed.exit_code == 3);
    CHECK(row(resumed) == expected);
    std::filesystem::remove_all(dir);
  }
}

TEST_CASE("distributed resume: a checkpoint written at a --max-memory stop stops there again") {
  // The stop weighed the round's buffers, full at the check; the resume weighed them empty,
  // came out under the limit and ran one round more (40,301 states against 38,792).
  const std::string search =
      "check tcp/three-way-handshake --property no-stale-connection --distributed --quiet "
      "--round-states 1000 --max-memory 2 ";
  const auto dir = std::filesystem::temp_directory_path() /
                   ("synack_dist_limits_" + std::to_string(getpid()) + "_at_stop");
  std::filesystem::remove_all(dir);
  const auto stopped =
      run_synack(search + "--checkpoint " + dir.string() + " --checkpoint-every 0");
  REQUIRE(stopped.exit_code == 3);
  CHECK_THAT(row(stopped), Catch::Matches(".*inconclusive \\(max-memory\\) .*"));
  const auto resumed = run_synack(search + "--resume " + dir.string());
  CHECK(resumed.exit_code == 3);
  CHECK(row(resumed) == row(stopped));
  std::filesystem::remove_all(dir);
}

TEST_CASE("distributed resume: a checkpoint past the resume's limit stops before its first round") {
  // The last checkpoint before 20,000 states: a resume with --max-states 1000 ran on to
  // the end and said holds, as no round's cut can fall before the states it starts with.
  const auto dir = stopped_at(20000, "past");
  for (const std::string limit : {"--max-states 1000", "--max-memory 1"}) {
    const auto r = run_synack(kSearch + limit + " --resume " + dir.string());
    INFO(limit << "\n" << r.out << r.err);
    CHECK(r.exit_code == 3);
    const std::string name = limit.substr(2, limit.find(' ') - 2);
    CHECK_THAT(row(r),
               Catch::Matches(".*inconclusive \\(" + name + "\\) +19928 +[0-9]+ +[0-9]+ *"));
  }
  std::filesystem::remove_all(dir);
}

#endif
