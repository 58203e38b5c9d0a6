// Findings of issue 17's adversarial campaign against the command line that the first
// fixes missed: options `diagram` silently ignored, advice past an option's maximum, and
// raw user input echoed into the one-line error; and of a later one (adv12): diagram's
// --format checked late, a mistyped --resume directory created.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "cli_run.hpp"

using synack::testing::Run;
using synack::testing::run_synack;

namespace {

std::size_t lines(const std::string& s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

}  // namespace

TEST_CASE("diagram refuses an unknown property and parameters given to a machine") {
  Run property = run_synack("diagram tcp/two-way-handshake --property nope");
  CHECK(property.exit_code == 2);
  CHECK(property.err ==
        "synack: --property nope: unknown property; known: no-stale-connection, "
        "server-knows-client-receives, connects\n");
  CHECK(property.out.empty());
  Run set = run_synack("diagram tcp-endpoint --set tcp.max_retries=99");
  CHECK(set.exit_code == 2);
  CHECK(set.err ==
        "synack: diagram tcp-endpoint: --set applies to a scenario, not a machine (draw a "
        "scenario that uses tcp-endpoint to see the rows it fires)\n");
  Run machine_property = run_synack("diagram tcp-endpoint --property connects");
  CHECK(machine_property.exit_code == 2);
  CHECK_THAT(machine_property.err,
             Catch::StartsWith("synack: diagram tcp-endpoint: --property applies to a scenario"));
  // A known property of a scenario is still drawn.
  Run known = run_synack(
      "diagram tcp/two-way-handshake --property connects --global full --max-graph 5000");
  CHECK(known.exit_code == 0);
  CHECK_THAT(known.out, Catch::Contains("<svg"));
}

TEST_CASE("diagram advises raising --max-graph only below its largest value") {
  Run small = run_synack("diagram tcp/two-way-handshake --global full --max-graph 10");
  CHECK(small.exit_code == 0);
  CHECK(small.err ==
        "synack: the reachable global graph of tcp/two-way-handshake has more than 10 states; "
        "not drawn (raise --max-graph up to 5000, or draw its control states with --global "
        "control, or shrink the scenario with --set)\n");
  // tcp/handshake-loss has 6,187 states: past the largest --max-graph.
  Run largest = run_synack("diagram tcp/handshake-loss --global full --max-graph 5000");
  CHECK(largest.exit_code == 0);
  CHECK(largest.err ==
        "synack: the reachable global graph of tcp/handshake-loss has more than 5000 states; not "
        "drawn (draw its control states with --global control, or shrink the scenario with "
        "--set)\n");
  Run past = run_synack("diagram tcp/handshake-loss --max-graph 5001");
  CHECK(past.exit_code == 2);
  CHECK_THAT(past.err,
             Catch::StartsWith("synack: --max-graph: '5001' is not a whole number from 1 to 5000"));
}

TEST_CASE("diagram refuses --max-graph and --global where the drawing has no use for them") {
  Run none = run_synack("diagram tcp/two-way-handshake --global none --max-graph 3");
  CHECK(none.exit_code == 2);
  CHECK(none.out.empty());
  CHECK(none.err ==
        "synack: diagram tcp/two-way-handshake: --max-graph bounds the state-by-state global "
        "graph (--global full or auto); --global none draws no global graph\n");
  Run control = run_synack("diagram tcp/two-way-handshake --global control --max-graph 3");
  CHECK(control.exit_code == 2);
  CHECK_THAT(control.err, Catch::EndsWith("; --global control draws every combination of "
                                          "control states\n"));
  Run machine = run_synack("diagram tcp-endpoint --global full");
  CHECK(machine.exit_code == 2);
  CHECK(machine.err ==
        "synack: diagram tcp-endpoint: --global applies to a scenario's global graph, not a "
        "machine (a machine is drawn as its whole transition table)\n");
  Run machine_max = run_synack("diagram tcp-endpoint --max-graph 5000");
  CHECK(machine_max.exit_code == 2);
  CHECK_THAT(machine_max.err, Catch::StartsWith("synack: diagram tcp-endpoint: --max-graph "
                                                "applies to a scenario's global graph"));
  Run compare =
      run_synack("diagram tcp/two-way-handshake --compare tcp/three-way-handshake --max-graph 10");
  CHECK(compare.exit_code == 2);
  CHECK(compare.err ==
        "synack: diagram tcp/two-way-handshake: --max-graph does not apply with --compare, "
        "which draws the machines' rows and no global graph\n");
  // --global auto draws state by state up to 40 states: more changed nothing.
  Run automatic = run_synack("diagram tcp/three-way-handshake --max-graph 500");
  CHECK(automatic.exit_code == 2);
  CHECK(automatic.err ==
        "synack: diagram tcp/three-way-handshake: --max-graph 500 is past what --global auto "
        "draws state by state (40 states); give --global full to draw up to 500\n");
  // Where they do shape the drawing, both are still taken.
  Run control_alone = run_synack("diagram tcp/two-way-handshake --global control --format dot");
  CHECK(control_alone.exit_code == 0);
  CHECK_THAT(control_alone.out, Catch::StartsWith("digraph synack {"));
}

TEST_CASE("a flag given twice or with a value is refused") {
  // `--quiet=-1` printed every trace (CLI11 read -1 as false); `--json --json` passed.
  Run value = run_synack("check tcp/two-way-handshake --quiet=-1");
  CHECK(value.exit_code == 2);
  CHECK(value.out.empty());
  CHECK(value.err ==
        "synack: --quiet: a flag takes no value (give --quiet alone, or leave it out)\n");
  Run twice = run_synack("list --json --json");
  CHECK(twice.exit_code == 2);
  CHECK(twice.err == "synack: --json: given 2 times; give it once\n");
  Run nested = run_synack("diagram tcp-endpoint --detail --format dot --detail");
  CHECK(nested.exit_code == 2);
  CHECK(nested.err == "synack: --detail: given 2 times; give it once\n");
  Run once = run_synack("check tcp/two-way-handshake --quiet --expect");
  CHECK(once.exit_code == 0);
}

TEST_CASE("a property or a fairness constraint given twice is refused") {
  Run property = run_synack("check tcp/two-way-handshake --property connects --property connects");
  CHECK(property.exit_code == 2);
  CHECK(property.err == "synack: --property connects is given twice; name each property once\n");
  // Twice, the constraint renamed the property ("under wf(server), wf(server)").
  Run fairness = run_synack(
      "check tcp/two-way-handshake --fairness 'wf(server)' --fairness 'wf(server)' --eventually "
      "'server.state == ESTABLISHED'");
  CHECK(fairness.exit_code == 2);
  CHECK(fairness.err ==
        "synack: --fairness wf(server) is given twice; give each constraint once\n");
}

TEST_CASE("control characters the user typed are escaped in the one-line error") {
  // A newline and an escape sequence (ESC [31m: red) in a scenario name.
  Run r = run_synack("check \"$(printf 'tcp/x\\033[31m\\ny')\"");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::StartsWith("synack: unknown scenario 'tcp/x\\x1b[31m\\ny'; known: "));
  CHECK(lines(r.err) == 1);
  CHECK(r.err.find('\033') == std::string::npos);
  // --set names a control character itself; a parse error of the command line is escaped.
  Run set = run_synack("check tcp/two-way-handshake --set \"$(printf 'a\\tb=1')\"");
  CHECK(set.exit_code == 2);
  CHECK(set.err ==
        "synack: --set: control character 0x09 at column 2; expected KEY=VALUE, e.g. "
        "channel.capacity=3\n");
  CHECK(lines(set.err) == 1);
  Run parse = run_synack("check tcp/two-way-handshake --max-states \"$(printf '1\\r\\177')\"");
  CHECK(parse.exit_code == 2);
  CHECK_THAT(parse.err, Catch::Contains("1\\r\\x7f"));
  CHECK(lines(parse.err) == 1);
}

TEST_CASE("baseline save refuses a scenario named twice and a missing file names the reason") {
  Run twice =
      run_synack("baseline save /nonexistent/b.json tcp/two-way-handshake tcp/two-way-handshake");
  CHECK(twice.exit_code == 2);
  CHECK(twice.err ==
        "synack: baseline save: tcp/two-way-handshake is named twice; name each scenario once\n");
  Run missing = run_synack("check tcp/two-way-handshake --baseline /nonexistent/b.json");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err ==
        "synack: --baseline /nonexistent/b.json: cannot read the file: No such file or "
        "directory\n");
}

TEST_CASE("diagram refuses an unknown or empty --format before drawing anything") {
  // The format was checked only when the drawing was rendered: after the graph was
  // explored and its note printed (two lines), and an empty one silently meant svg.
  Run unknown = run_synack("diagram tcp/three-way-handshake --format pdf");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err == "synack: --format pdf: unknown; valid: dot, svg, png\n");
  CHECK(unknown.out.empty());
  Run empty = run_synack("diagram tcp-endpoint --format ''");
  CHECK(empty.exit_code == 2);
  CHECK(empty.err == "synack: --format: must not be empty (see 'synack --help')\n");
  CHECK(empty.out.empty());
}

TEST_CASE("check --resume with a directory that does not exist creates nothing") {
  // The directory (and its parents) was created before the checkpoint was looked for: a
  // mistyped --resume left directories behind.
  const std::filesystem::path missing =
      std::filesystem::temp_directory_path() / ("synack_no_resume_" + std::to_string(::getpid()));
  std::filesystem::remove_all(missing);
  Run r = run_synack("check tcp/two-way-handshake --resume " + (missing / "deeper").string());
  CHECK(r.exit_code == 2);
  CHECK(r.err == "synack: no checkpoint to resume: cannot read " +
                     (missing / "deeper" / "checkpoint.synack").string() +
                     ": No such file or directory\n");
  CHECK_FALSE(std::filesystem::exists(missing));
  std::filesystem::remove_all(missing);
}

#if SYNACK_WITH_MPI  // --distributed is refused in a build without MPI
TEST_CASE("check --resume names the other kind of checkpoint a directory holds") {
  // Each kind was answered "no checkpoint to resume: cannot read ...".
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("synack_kinds_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const std::string ranks = (dir / "ranks").string(), one = (dir / "one").string();
  const std::string check = "check tcp/two-way-handshake --quiet --property connects ";
  REQUIRE(run_synack(check + "--checkpoint " + ranks + " --checkpoint-every 0 --distributed")
              .exit_code == 0);
  REQUIRE(run_synack(check + "--checkpoint " + one + " --checkpoint-every 0").exit_code == 0);
  Run plain = run_synack(check + "--resume " + ranks);
  CHECK(plain.exit_code == 2);
  CHECK(plain.err == "synack: --resume " + ranks +
                         ": it holds the checkpoint of a --distributed run; resume it with "
                         "--distributed, under mpirun with as many ranks\n");
  Run distributed = run_synack(check + "--resume " + one + " --distributed");
  CHECK(distributed.exit_code == 2);
  CHECK(distributed.err == "synack: --resume " + one +
                               ": it holds the checkpoint of a run without --distributed; "
                               "resume it without --distributed\n");
  CHECK(run_synack(check + "--resume " + ranks + " --distributed").exit_code == 0);
  std::filesystem::remove_all(dir);
}
#endif

TEST_CASE("diagram draws a scenario too large to read state by state as its control states") {
  // tcp/simultaneous-open: 119 reachable states (one breadth-first row of the full graph
  // was 13,813 pt wide), 14 pairs of the endpoints' control states.
  Run dot = run_synack("diagram tcp/simultaneous-open --format dot");
  CHECK(dot.exit_code == 0);
  CHECK(dot.err ==
        "synack: note: tcp/simultaneous-open has 119 reachable states, more than 40 to draw one "
        "by one: the global graph shows its 14 combinations of control states (--global full "
        "draws every state, up to --max-graph)\n");
  CHECK_THAT(dot.out, Catch::Contains("control states of the 119 reachable states"));
  CHECK_THAT(dot.out, Catch::Contains("client=ESTABLISHED server=ESTABLISHED"));
  CHECK_THAT(dot.out, Catch::Contains("c13"));
  CHECK_THAT(dot.out, !Catch::Contains("c14"));
  // Asked for, the projection comes without the note; every state, up to --max-graph.
  Run control = run_synack("diagram tcp/simultaneous-open --global control --format dot");
  CHECK(control.err.empty());
  CHECK_THAT(control.out, Catch::Contains("control states of the 119 reachable states"));
  Run full = run_synack("diagram tcp/simultaneous-open --global full --format dot");
  CHECK(full.err.empty());
  CHECK_THAT(full.out, Catch::Contains("g118"));
  CHECK_THAT(full.out, !Catch::Contains("control states"));
  Run none = run_synack("diagram tcp/simultaneous-open --global none --format dot");
  CHECK(none.err.empty());
  CHECK_THAT(none.out, !Catch::Contains("cluster_global"));
  // A scenario of at most 40 states is still drawn state by state.
  Run small = run_synack(
      "diagram tcp/three-way-handshake --set channel.capacity=1 --set channel.duplicates=0 "
      "--set tcp.incarnations=1 --set tcp.max_retries=0 --format dot");
  CHECK(small.err.empty());
  CHECK_THAT(small.out, Catch::Contains("reachable states"));
  CHECK_THAT(small.out, !Catch::Contains("control states"));
  Run bad = run_synack("diagram tcp/simultaneous-open --global some");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err ==
        "synack: --global: some not in {auto,full,control,none} (see 'synack --help')\n");
}
