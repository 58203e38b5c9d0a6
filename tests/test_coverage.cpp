// Coverage and profiling of the breadth-first search: rows fired, transitions and new
// states per group, rows never fired; pinned on small bundled scenarios, and the same
// with any number of threads and any round size.
#include <catch2/catch.hpp>

#include <filesystem>
#include <numeric>

#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "helpers.hpp"
#include "reports/coverage_report.hpp"
#include "same_result.hpp"

using namespace synack::checker;
using synack::reports::machine_coverage;
using synack::reports::MachineCoverage;
using synack::reports::row_text;
using synack::testing::Run;
using synack::testing::run_synack;

namespace {

struct Covered {
  std::unique_ptr<Model> model;
  Coverage coverage;
};

Covered cover(const std::string& scenario, Limits limits) {
  auto all = synack::properties::bundled_scenarios();
  std::vector<PropertySpec> specs;
  for (const auto& p : synack::properties::find_scenario(all, scenario).properties)
    if (!is_liveness(p.kind)) specs.push_back(p);
  Covered c{synack::testing::build(scenario), {}};
  ExplorationStats stats;
  check_properties(*c.model, specs, limits, {}, &stats);
  c.coverage = stats.coverage;
  return c;
}

std::uint64_t fired(const MachineCoverage& m, const std::string& row) {
  for (std::size_t r = 0; r < m.rows.size(); ++r)
    if (row_text(m.rows[r]) == row) return m.fired[r];
  throw std::logic_error("no row " + row);
}

}  // namespace

TEST_CASE("coverage of stop-and-wait ARQ: every row's count, states per group") {
  Limits limits;
  limits.explore_all = true;
  Covered c = cover("arq/stop-and-wait", limits);
  CHECK(c.coverage.exhaustive);
  CHECK(c.coverage.states == 107);
  CHECK(c.coverage.transitions == 352);
  // Every new state but the initial one came from some group; every transition is some
  // group's.
  const auto& g = c.coverage;
  CHECK(std::accumulate(g.group_new_states.begin(), g.group_new_states.end(), 0ull) == 106);
  CHECK(std::accumulate(g.group_transitions.begin(), g.group_transitions.end(), 0ull) == 352);
  CHECK(g.group_transitions == std::vector<std::uint64_t>{17, 82, 75, 0, 75, 6, 18, 0, 73, 6});
  CHECK(g.group_new_states == std::vector<std::uint64_t>{15, 17, 34, 0, 5, 2, 18, 0, 9, 6});
  auto machines = machine_coverage(*c.model, c.coverage);
  REQUIRE(machines.size() == 2);
  CHECK(machines[0].machine == "arq-sender");
  CHECK(machines[0].fired == std::vector<std::uint64_t>{17, 82, 12, 6});
  CHECK(fired(machines[0], "WAIT-ACK --timeout / resend DATA--> WAIT-ACK (internal)") == 82);
  CHECK(machines[1].machine == "arq-receiver");
  CHECK(machines[1].fired == std::vector<std::uint64_t>{14, 61});
}

TEST_CASE("coverage of the two-way handshake: the rows it never fires") {
  Limits limits;
  limits.explore_all = true;
  Covered c = cover("tcp/two-way-handshake", limits);
  CHECK(c.coverage.states == 19795);
  CHECK(c.coverage.transitions == 101424);
  auto machines = machine_coverage(*c.model, c.coverage);
  REQUIRE(machines.size() == 1);  // client and server run one machine
  const MachineCoverage& tcp = machines[0];
  CHECK(tcp.actors == std::vector<std::string>{"client", "server"});
  CHECK(tcp.rows.size() == 119);
  CHECK(std::count(tcp.fired.begin(), tcp.fired.end(), 0) == 101);
  CHECK(fired(tcp, "CLOSED --listen--> LISTEN") == 4746);
  CHECK(fired(tcp, "LISTEN --rcv SYN [two-way] / send SYN-ACK--> ESTABLISHED") == 2256);
  // The three-way rows are what the two-way handshake leaves out.
  CHECK(fired(tcp, "LISTEN --rcv SYN [three-way] / send SYN-ACK--> SYN-RECEIVED") == 0);
  CHECK(fired(tcp,
              "SYN-RECEIVED --rcv ACK [acceptable && SND.UNA < SEG.ACK =< SND.NXT]--> "
              "ESTABLISHED") == 0);
}

TEST_CASE("coverage is the same with 1 and 2 threads and any round size") {
  // Exhaustive; stopped when every property is decided; stopped by a limit mid-parent.
  for (auto [all, max_states] : {std::pair{true, 0ull}, {false, 0ull}, {true, 30ull}}) {
    INFO("explore all: " << all << ", max states " << max_states);
    Limits one;
    one.threads = 1;
    one.explore_all = all;
    if (max_states) one.max_states = max_states;
    Covered base = cover("tcp/two-way-handshake", one);
    for (auto [threads, round] : {std::pair{2u, 1u << 14}, {2u, 1u}, {3u, 97u}}) {
      INFO("threads " << threads << " rounds of " << round);
      Limits many = one;
      many.threads = threads;
      many.round_states = round;
      synack::testing::require_same_coverage(base.coverage,
                                             cover("tcp/two-way-handshake", many).coverage);
    }
  }
}

TEST_CASE("coverage of a search that stops early says so, and covers what it explored") {
  Covered c = cover("tcp/two-way-handshake", {});
  CHECK_FALSE(c.coverage.exhaustive);
  CHECK(c.coverage.stopped_by == "every property decided");
  // `connects`, the last decided, is decided at the 53rd state; the search stops after
  // the parent that produced it, which also produced two more.
  CHECK(c.coverage.states == 55);
  CHECK(synack::reports::coverage_scope(c.coverage) ==
        "the states explored before every property was decided (55 states, 87 transitions; "
        "--coverage explores them all)");
  Limits small;
  small.max_states = 30;
  small.explore_all = true;
  Covered limited = cover("tcp/two-way-handshake", small);
  CHECK(limited.coverage.stopped_by == "max-states");
  CHECK(limited.coverage.states == 30);
}

TEST_CASE("check --coverage prints the rows never fired; the JSON always has coverage") {
  auto file = std::filesystem::temp_directory_path() /
              ("synack_coverage_" + std::to_string(getpid()) + ".json");
  Run r = run_synack(
      "check arq/stop-and-wait --property in-order-exactly-once --coverage --quiet "
      "--json " +
      file.string());
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("arq/stop-and-wait: coverage of every reachable state (107 "
                                    "states, 352 transitions)\n"));
  CHECK_THAT(r.out, Catch::Contains("  machine arq-sender (sender): 4 of 4 rows fired\n"
                                    "            17  READY --send / send DATA--> WAIT-ACK\n"));
  CHECK_THAT(r.out, Catch::Contains("  sender in WAIT-ACK: rcv ACK (40 states; e.g. ACK0)\n"));
  auto j = nlohmann::json::parse(synack::testing::slurp(file));
  REQUIRE(j["coverage"].size() == 1);
  CHECK(j["coverage"][0]["exhaustive"] == true);
  CHECK(j["coverage"][0]["machines"][1]["rows"][1]["fired"] == 61);
  CHECK(j["unhandled"][0]["inputs"].size() == 3);

  Run plain = run_synack("check tcp/two-way-handshake --quiet --json " + file.string());
  CHECK(plain.exit_code == 1);
  CHECK_THAT(plain.out, !Catch::Contains("coverage"));
  j = nlohmann::json::parse(synack::testing::slurp(file));
  std::filesystem::remove(file);
  REQUIRE(j["coverage"].size() == 1);
  CHECK(j["coverage"][0]["exhaustive"] == false);
  CHECK(j["coverage"][0]["stopped_by"] == "every property decided");
  CHECK(j["coverage"][0]["machines"][0]["never_fired"].size() == 110);

  Run z3 = run_synack("check tcp/two-way-handshake --engine bmc --coverage");
  CHECK(z3.exit_code == 2);
  CHECK(z3.err ==
        "synack: --coverage: applies to the explicit engine, not bmc (the Z3 engines take "
        "--max-seconds and --depth)\n");
}
