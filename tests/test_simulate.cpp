// `synack simulate`: random walks that check safety properties on the way, deterministic
// for a seed, never reporting `holds`; every violation replayed through the real machines.
#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "checker/simulate.hpp"
#include "checker/trace.hpp"
#include "cli_run.hpp"
#include "helpers.hpp"

using namespace synack::checker;
using synack::testing::Run;
using synack::testing::run_synack;

namespace {

SimulationReport simulate_bundled(const std::string& scenario, std::uint64_t seed,
                                  std::uint64_t runs, std::uint64_t steps,
                                  std::vector<PropertySpec>* specs_out = nullptr) {
  auto all = synack::properties::bundled_scenarios();
  std::vector<PropertySpec> specs = synack::properties::find_scenario(all, scenario).properties;
  auto model = synack::testing::build(scenario);
  SimulationOptions o;
  o.seed = seed;
  o.runs = runs;
  o.steps = steps;
  SimulationReport r = simulate(*model, specs, o);
  if (specs_out) *specs_out = specs;
  return r;
}

}  // namespace

TEST_CASE("simulate finds the two-way handshake's stale connection and the trace replays") {
  auto model = synack::testing::build("tcp/two-way-handshake");
  std::vector<PropertySpec> specs;
  SimulationReport r = simulate_bundled("tcp/two-way-handshake", 1, 200, 20, &specs);
  REQUIRE(specs[0].name == "no-stale-connection");
  REQUIRE(specs[2].name == "connects");
  CHECK(r.runs == 200);
  CHECK(r.steps == 2518);
  CHECK(r.dead_ends == 197);
  const SimulatedProperty& stale = r.properties[0];
  CHECK(stale.checked);
  CHECK(stale.runs_hit == 140);
  CHECK(stale.found_in_run == 31);
  REQUIRE(stale.trace);
  CHECK(stale.trace->steps.size() == 4);
  // The last state is the violation: the server connected to a client that is not.
  const auto& last = stale.trace->steps.back().state;
  CHECK(model->summary(last.data()).find("server=ESTABLISHED") != std::string::npos);
  CHECK_NOTHROW(verify_by_replay(*model, *stale.trace));
  // The witness of `connects` was seen too; it is a witness, not a violation.
  CHECK(r.properties[2].runs_hit > 0);
  REQUIRE(r.properties[2].trace);
  CHECK_NOTHROW(verify_by_replay(*model, *r.properties[2].trace));
}

TEST_CASE("simulate: the same seed takes the same walks and another seed others") {
  SimulationReport a = simulate_bundled("tcp/three-way-handshake", 42, 30, 40);
  SimulationReport b = simulate_bundled("tcp/three-way-handshake", 42, 30, 40);
  SimulationReport c = simulate_bundled("tcp/three-way-handshake", 43, 30, 40);
  CHECK(a.steps == b.steps);
  CHECK(a.dead_ends == b.dead_ends);
  CHECK(a.properties[2].runs_hit == b.properties[2].runs_hit);
  CHECK(a.steps != c.steps);
  Run first = run_synack("simulate tcp/two-way-handshake --seed 7 --runs 50 --steps 30");
  Run again = run_synack("simulate tcp/two-way-handshake --seed 7 --runs 50 --steps 30");
  CHECK(first.exit_code == 1);
  CHECK(first.out == again.out);
  CHECK(first.err.empty());
}

TEST_CASE("simulate on the command line: a violation's trace, exit 1; none found, exit 0") {
  Run violated = run_synack("simulate tcp/two-way-handshake --seed 3 --runs 100 --steps 20");
  CHECK(violated.exit_code == 1);
  CHECK_THAT(violated.out, Catch::StartsWith("simulate tcp/two-way-handshake: 100 runs of up to "
                                             "20 steps, seed 3\n"));
  // At 120 columns the heading goes on before its parenthesis.
  CHECK_THAT(violated.out, Catch::Contains("no-stale-connection: counterexample\n    ("));
  CHECK_THAT(violated.out, Catch::Contains("replayed through the Boost.MSM machines)"));
  CHECK_THAT(violated.out, Catch::Contains("\nsimulation: 2 properties violated\n"));
  CHECK_THAT(violated.out, !Catch::Contains("holds"));

  Run clean = run_synack("simulate tcp/three-way-handshake --seed 3 --runs 20 --steps 15");
  CHECK(clean.exit_code == 0);
  CHECK_THAT(clean.out, Catch::Contains("no violation in 20 runs"));
  // A liveness property asked for is refused: it was listed as not checked, exit 0. (The
  // scenario's own are listed so: "skips liveness" below.)
  Run asked = run_synack(
      "simulate tcp/three-way-handshake --seed 3 --eventually 'server.state == ESTABLISHED'");
  CHECK(asked.exit_code == 2);
  CHECK(asked.err ==
        "synack: simulate checks --always and --sometimes; --eventually is a "
        "liveness property, which 'synack check' decides under fairness\n");
  CHECK_THAT(clean.out, Catch::EndsWith("\nsimulation: no violation in 20 runs of up to 15 steps "
                                        "(not a proof: 'synack check' explores every state)\n"));
  CHECK_THAT(clean.out, !Catch::Contains("holds"));
}

TEST_CASE("simulate without a seed draws one and prints it so the run can be repeated") {
  Run drawn = run_synack("simulate tcp/two-way-handshake --runs 5 --steps 10 --quiet");
  REQUIRE(drawn.exit_code <= 1);
  std::string line = drawn.out.substr(0, drawn.out.find('\n'));
  CHECK_THAT(line, Catch::EndsWith(" (drawn at random; --seed repeats it)"));
  std::string seed = line.substr(line.find("seed ") + 5);
  seed = seed.substr(0, seed.find(' '));
  Run repeated =
      run_synack("simulate tcp/two-way-handshake --runs 5 --steps 10 --quiet --seed " + seed);
  CHECK(repeated.exit_code == drawn.exit_code);
  CHECK(repeated.out.substr(repeated.out.find('\n')) == drawn.out.substr(drawn.out.find('\n')));
}

TEST_CASE("simulate --json: the findings, each trace with its steps") {
  auto file = std::filesystem::temp_directory_path() /
              ("synack_simulate_" + std::to_string(getpid()) + ".json");
  Run r =
      run_synack("simulate tcp/two-way-handshake --seed 1 --runs 200 --steps 20 --quiet --json " +
                 file.string());
  CHECK(r.exit_code == 1);
  auto j = nlohmann::json::parse(synack::testing::slurp(file));
  std::filesystem::remove(file);
  CHECK(j["command"] == "simulate");
  CHECK(j["seed"] == 1);
  CHECK(j["runs"] == 200);
  CHECK(j["violated"] == true);
  REQUIRE(j["properties"].size() == 3);
  CHECK(j["properties"][0]["result"] == "violated");
  CHECK(j["properties"][0]["runs_hit"] == 140);
  CHECK(j["properties"][0]["trace"].size() == 4);
  CHECK(j["properties"][2]["result"] == "witness seen");
  // Typed as check's --json types them (they were all strings: "2", "true", "pinned").
  CHECK(j["params"]["channel.capacity"] == 2);
  CHECK(j["params"]["channel.lossy"] == true);
  CHECK(j["params"]["tcp.isn"] == "pinned");
}

TEST_CASE("simulate: bad input is one line and exit 2") {
  auto refused = [](const std::string& args, const std::string& message) {
    Run r = run_synack("simulate " + args);
    INFO(args << "\n" << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains(message));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  };
  refused("tcp/two-way-handshake --runs 0",
          "--runs: '0' is not a whole number from 1 to 1000000000");
  refused("tcp/two-way-handshake --steps -1", "--steps");
  refused("tcp/two-way-handshake --runs 99999999999",
          "--runs: '99999999999' is not a whole number");
  refused("tcp/two-way-handshake --steps 100000000", "--steps: '100000000' is not a whole number");
  refused("tcp/two-way-handshake --seed x", "--seed: 'x' is not a number from 0 to 2^64-1");
  refused("tcp/two-way-handshake --seed -1", "--seed: '-1' is not a number from 0 to 2^64-1");
  // Twenty digits past 2^64 - 1 were saturated by CLI11 into the seed 2^64 - 1, silently.
  refused("tcp/two-way-handshake --seed 99999999999999999999",
          "--seed: '99999999999999999999' is not a number from 0 to 2^64-1");
  refused("tcp/two-way-handshake --seed 18446744073709551616",
          "--seed: '18446744073709551616' is not a number from 0 to 2^64-1");
  refused("tcp/two-way-handshake tcp/three-way-handshake",
          "simulate: name one scenario (see 'synack list'), not 2");
  refused("tcp/no-such-scenario", "unknown scenario");
  refused("tcp/two-way-handshake --property nope", "--property nope: unknown property");
  refused("tcp/two-way-handshake --always 'client.nope == 1'", "client.nope");
  refused("tcp/two-way-handshake --json ''", "--json");
  // A liveness property named on its own checked nothing, and the run ended in 0.
  Run liveness = run_synack("simulate arq/stop-and-wait --runs 5 --seed 1 --property completes");
  CHECK(liveness.exit_code == 2);
  CHECK(liveness.err ==
        "synack: simulate: --property completes is a liveness property (eventually), which a "
        "simulation cannot check; 'synack check' decides it under fairness, and simulate "
        "checks the safety ones\n");
  CHECK(liveness.out.empty());
}

TEST_CASE("simulate checks deadlock freedom where a walk gets stuck and skips liveness") {
  Run table = run_synack("simulate arq/stop-and-wait --seed 2 --runs 30 --steps 40");
  CHECK(table.exit_code == 0);
  CHECK_THAT(table.out,
             Catch::Contains("  1001 steps taken; 18 runs ended where no step is enabled\n"));
  CHECK_THAT(table.out, Catch::Contains("every-message-delivered  leads-to       not checked "
                                        "(liveness: a simulation checks safety properties only)"));
  CHECK_THAT(table.out, Catch::Contains("deadlock-free            deadlock-free  no violation "
                                        "in 30 runs\n"));
  // Declaring READY the only proper end makes the sender's DONE a deadlock.
  auto model = synack::testing::build("arq/stop-and-wait");
  PropertySpec stuck{"stuck", PropertyKind::kDeadlockFree, "sender.state == READY", "",
                     Verdict::kHolds};
  SimulationOptions o;
  o.seed = 2;
  o.runs = 30;
  o.steps = 40;
  SimulationReport r = simulate(*model, {stuck}, o);
  CHECK(r.dead_ends == 18);
  CHECK(r.properties[0].runs_hit == 18);
  REQUIRE(r.properties[0].trace);
  CHECK(r.properties[0].trace->steps.size() == 14);
  const auto& last = r.properties[0].trace->steps.back().state;
  std::vector<Value> next(last.size());
  for (std::size_t g = 0; g < model->group_count(); ++g)
    CHECK_FALSE(model->apply(g, last.data(), next.data()));
  CHECK_NOTHROW(verify_by_replay(*model, *r.properties[0].trace));
}

TEST_CASE("simulate: a trace longer than --max-trace is counted and its length shown, not built") {
  // tcp/congestion's walk with seed 1 meets fast recovery at step 119,830: its trace was
  // built and replayed, 1.15 GB, whatever --steps; a walk past it kept every group taken.
  auto file = std::filesystem::temp_directory_path() /
              ("synack_simulate_long_" + std::to_string(getpid()) + ".json");
  Run r = run_synack(
      "simulate tcp/congestion --runs 1 --steps 200000 --seed 1 --quiet --property "
      "fast-recovery-reached --json " +
      file.string());
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("witness seen in 1 of 1 runs (shortest: 119830 steps, run 1)"));
  auto j = nlohmann::json::parse(synack::testing::slurp(file));
  std::filesystem::remove(file);
  const auto& p = j["properties"][0];
  CHECK(p["result"] == "witness seen");
  CHECK(p["found_in_run"] == 1);
  CHECK(p["trace_steps"] == 119830);
  CHECK(p["trace_not_built"] == "longer than --max-trace 10000");
  CHECK(p["trace"].empty());

  // A violation past the limit says so, and how to see it; one within it is printed.
  r = run_synack("simulate tcp/two-way-handshake --runs 20 --seed 3 --max-trace 3");
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("tcp/two-way-handshake no-stale-connection: counterexample "
                                    "of 4 steps, found by run 1: not built, longer than "
                                    "--max-trace 3 (rerun with --max-trace 4 to see it)\n"));
  CHECK_THAT(r.out, Catch::Contains("tcp/two-way-handshake server-knows-client-receives: "
                                    "counterexample\n    (3 steps, found by run 4"));
  r = run_synack("simulate tcp/two-way-handshake --runs 20 --seed 3 --max-trace 4");
  CHECK_THAT(r.out, Catch::Contains("tcp/two-way-handshake no-stale-connection: counterexample\n"
                                    "    (4 steps, found by run 1"));
  // With a seed drawn at random the rerun needs it too.
  r = run_synack("simulate tcp/two-way-handshake --runs 200 --max-trace 1");
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Matches("(.|\n)*not built, longer than --max-trace 1 \\(rerun with "
                                   "--max-trace [0-9]+ --seed [0-9]+ to see it\\)\n(.|\n)*"));
  r = run_synack("simulate tcp/two-way-handshake --max-trace 0");
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "synack: --max-trace: '0' is not a whole number from 1 to 10000000 (decimal digits only) "
        "(see 'synack --help')\n");
}

TEST_CASE("simulate without --json builds no JSON: a 119,830-step trace in 400 MB") {
  // The findings' JSON document was built, and thrown away, without --json: 1.05 GB of the
  // 1.15 GB peak of this run (7 s; now 103 MB, 0.5 s). Under a memory limit its nlohmann
  // destructor, which allocates, aborted the process (exit 134, no line).
  auto out = std::filesystem::temp_directory_path() /
             ("synack_simulate_nojson_" + std::to_string(getpid()) + ".out");
  int status = std::system(("ulimit -v 400000; " + std::string(SYNACK_BINARY) +
                            " simulate tcp/congestion --runs 1 --steps 200000 --seed 1 "
                            "--max-trace 120000 --property fast-recovery-reached > " +
                            out.string() + " 2>&1")
                               .c_str());
  std::string text = synack::testing::slurp(out);
  std::filesystem::remove(out);
  INFO(text);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK_THAT(text, Catch::Contains("witness seen in 1 of 1 runs (shortest: 119830 steps, run 1)"));
  CHECK_THAT(text, !Catch::Contains("not built"));
}

TEST_CASE("simulate --max-memory: a trace, or its JSON, that would not fit is counted, not built") {
  // The 119,830-step walk of seed 1 (above): its trace takes about 62 MB counted, its JSON
  // about 1.1 GB. `--max-trace 10000000 --json` could ask for some 90 GB before anything
  // checked it; now each trace is measured (the path taken again) before it is built, and
  // each trace's JSON estimated from 64 of its steps.
  auto file = std::filesystem::temp_directory_path() /
              ("synack_simulate_memory_" + std::to_string(getpid()) + ".json");
  const std::string walk =
      "simulate tcp/congestion --runs 1 --steps 200000 --seed 1 --max-trace 120000 ";
  Run r = run_synack(walk + "--max-memory 50 --always \"sender.state != FAST_RECOVERY\" --json " +
                     file.string());
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("counterexample of 119830 steps, found by run 1: not built, "
                                    "its 119830 steps would take 62 MB, more than the 50 MB of "
                                    "--max-memory left (raise --max-memory to see it)\n"));
  auto j = nlohmann::json::parse(synack::testing::slurp(file));
  CHECK(j["properties"][0]["trace_steps"] == 119830);
  CHECK(j["properties"][0]["trace"].empty());
  CHECK(j["properties"][0]["trace_not_built"] ==
        "its 119830 steps would take 62 MB, more than the 50 MB of --max-memory left");

  // Room for the trace, not for its JSON: the text output has the trace, the JSON says why not.
  r = run_synack(walk + "--max-memory 500 --property fast-recovery-reached --json " +
                 file.string());
  CHECK(r.exit_code == 0);
  j = nlohmann::json::parse(synack::testing::slurp(file));
  std::filesystem::remove(file);
  const auto& p = j["properties"][0];
  CHECK(p["trace_steps"] == 119830);
  CHECK(p["trace"].empty());
  CHECK_THAT(p["trace_not_built"].get<std::string>(),
             Catch::Matches("its 119830 steps as JSON would take about [0-9]+ MB, more than the "
                            "[0-9]+ MB of --max-memory left \\(the text output shows it\\)"));

  r = run_synack("simulate tcp/two-way-handshake --max-memory 0");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::StartsWith("synack: --max-memory: "));
}
