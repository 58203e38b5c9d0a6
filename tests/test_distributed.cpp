// `check --distributed` run without mpirun: one MPI rank, the same figures and trace as
// one process; and everything the distributed search does not do, refused in one line.
// The comparison across 1, 2 and 4 ranks is tests/distributed_same_json.sh (mpirun).
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_run.hpp"

using synack::testing::run_synack;
using synack::testing::slurp;

#if SYNACK_WITH_MPI

namespace {

// The report without what depends on the machine: time, and the store's bytes (a sum
// over ranks in a distributed run).
nlohmann::json comparable(nlohmann::json j) {
  for (auto& r : j["results"]) {
    r.erase("seconds");
    r.erase("store_bytes");
  }
  return j;
}

}  // namespace

TEST_CASE("distributed: one rank gives one process's verdicts figures and traces") {
  auto dir = std::filesystem::temp_directory_path();
  auto one = dir / ("synack_dist_one_" + std::to_string(getpid()) + ".json");
  auto dist = dir / ("synack_dist_mpi_" + std::to_string(getpid()) + ".json");
  auto a = run_synack("check tcp/two-way-handshake --quiet --json " + one.string());
  auto b = run_synack("check tcp/two-way-handshake --quiet --distributed --json " + dist.string());
  CHECK(a.exit_code == 1);
  CHECK(b.exit_code == 1);
  // One rank sends nothing; its peak memory depends on the machine.
  CHECK_THAT(b.err, Catch::Matches("distributed: 1 rank, 55 states, 0.0 MB exchanged \\(0.0 "
                                   "bytes per state, 0.0 per transition\\), peak memory per "
                                   "rank [0-9]+ MB, time in MPI per rank [0-9]+%\n"));
  nlohmann::json j = nlohmann::json::parse(slurp(dist));
  REQUIRE(j["results"].size() == 3);
  std::vector<std::pair<std::string, std::vector<int>>> pinned = {
      {"violated", {34, 47, 4}}, {"violated", {19, 22, 3}}, {"holds", {53, 85, 4}}};
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& r = j["results"][i];
    CHECK(r["verdict"] == pinned[i].first);
    CHECK(r["states"] == pinned[i].second[0]);
    CHECK(r["transitions"] == pinned[i].second[1]);
    CHECK(r["depth"] == pinned[i].second[2]);
    CHECK(r["trace"].size() == static_cast<std::size_t>(pinned[i].second[2]));
  }
  CHECK(j["results"][0]["trace"][0]["event"] == "connect");
  CHECK(comparable(j) == comparable(nlohmann::json::parse(slurp(one))));
  std::filesystem::remove(one);
  std::filesystem::remove(dist);
}

TEST_CASE("distributed: --max-states stops inside a level where one process stops") {
  auto r = run_synack("check tcp/teardown --max-states 9223 --distributed --round-states 100");
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.out, Catch::Matches(
                        "[\\s\\S]*all-data-delivered +always +inconclusive \\(max-states\\) +9223 "
                        "+30496 +12 [\\s\\S]*"));
  CHECK_THAT(r.out,
             Catch::Matches("[\\s\\S]*both-closed +sometimes +holds +9223 +30496 +13 [\\s\\S]*"));
}

TEST_CASE("distributed: --max-states met within a level's last parent gives one depth") {
  // A cut among a parent's successors once stepped past the parent (which a resume then
  // skipped); kept at the parent, the one process counted a level fewer than --distributed
  // when that parent was its level's last (2 states: depth 0 against 1).
  auto dir = std::filesystem::temp_directory_path();
  for (int states : {2, 24, 25}) {
    INFO(states << " states");
    auto one = dir / ("synack_cut_one_" + std::to_string(getpid()) + ".json");
    auto dist = dir / ("synack_cut_mpi_" + std::to_string(getpid()) + ".json");
    const std::string check =
        "check tcp/two-way-handshake --quiet --max-states " + std::to_string(states);
    CHECK(run_synack(check + " --json " + one.string()).exit_code != 2);
    CHECK(run_synack(check + " --distributed --json " + dist.string()).exit_code != 2);
    CHECK(comparable(nlohmann::json::parse(slurp(dist))) ==
          comparable(nlohmann::json::parse(slurp(one))));
    std::filesystem::remove(one);
    std::filesystem::remove(dist);
  }
}

TEST_CASE("distributed: time and memory limits leave every property inconclusive") {
  for (std::string limit : {"max-seconds 0.001", "max-memory 1"}) {
    INFO(limit);
    auto r = run_synack("check tcp/teardown --distributed --quiet --" + limit);
    CHECK(r.exit_code == 3);
    const std::string verdict = "inconclusive (" + limit.substr(0, limit.find(' ')) + ")";
    CHECK_THAT(r.out, Catch::Contains("all-data-delivered  always     " + verdict));
    CHECK_THAT(r.out, Catch::Contains("both-closed         sometimes  " + verdict));
  }
}

TEST_CASE("distributed: what it does not do is refused in one line with exit code 2") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"tcp/handshake-loss",
       "synack: --distributed: tcp/handshake-loss connect-terminates is a liveness property, "
       "and liveness runs on one machine; run it without --distributed, or choose safety "
       "properties with --property\n"},
      {"tcp/two-way-handshake --coverage",
       "synack: --coverage: runs on one machine (the unhandled inputs are a search of their "
       "own); run it without --distributed\n"},
      {"tcp/two-way-handshake --threads 2",
       "synack: --threads: under --distributed each rank expands its states with one thread; "
       "start a rank per core instead (mpirun -np N)\n"},
      {"tcp/two-way-handshake --sweep tcp.seq_space=2..3",
       "synack: --distributed: checks one set of parameters per run; give --sweep or "
       "--distributed, not both\n"},
      {"tcp/two-way-handshake --set tcp.seq_bits=32",
       "synack: --distributed: tcp/two-way-handshake numbers its messages in the order a "
       "search first meets them (the 32-bit sequence space), and every rank would number "
       "them differently; run it without --distributed\n"},
      {"tcp/two-way-handshake --engine bmc",
       "synack: --distributed: applies to the explicit engine, not bmc (the Z3 engines take "
       "--max-seconds and --depth)\n"},
      {"tcp/two-way-handshake --set tcp.seq_bits=32 --swarm 2",
       "synack: --distributed: tcp/two-way-handshake numbers its messages in the order a "
       "search first meets them (the 32-bit sequence space), and every rank would number "
       "them differently; run the swarm without --distributed\n"},
      {"tcp/handshake-loss --swarm 2",
       "synack: --swarm: tcp/handshake-loss connect-terminates is a liveness property; a swarm "
       "of bounded searches cannot show that no fair cycle exists; choose safety properties "
       "with --property\n"},
  };
  for (const auto& [args, message] : cases) {
    INFO(args);
    auto r = run_synack("check " + args + " --distributed");
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == message);
  }
}

#else

TEST_CASE("distributed: a build without MPI refuses --distributed in one line") {
  auto r = run_synack("check tcp/two-way-handshake --distributed");
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "synack: --distributed: this synack was built without MPI; install libopenmpi-dev and "
        "openmpi-bin (scripts/setup.sh does) and build again, or run without --distributed\n");
}

#endif
