// The command line's newer contracts: properties asked on it, --unhandled, outputs that
// are replaced whole or not at all, --sweep's exit codes, interruption, checkpoints.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/interrupt.hpp"
#include "cli_run.hpp"

using synack::testing::Run;
using synack::testing::run_synack;
using synack::testing::slurp;

TEST_CASE("properties asked on the command line: same verdicts, traces and JSON") {
  Run always = run_synack("check tcp/two-way-handshake --always 'client.state != ESTABLISHED'");
  CHECK(always.exit_code == 1);
  CHECK_THAT(always.out, Catch::Contains("tcp/two-way-handshake  always client.state != "
                                         "ESTABLISHED  always  violated  53      85           4"));
  CHECK_THAT(always.out,
             Catch::Contains("always client.state != ESTABLISHED: counterexample\n"
                             "    (4 steps, replayed through the Boost.MSM machines)\n"));
  // The bundled leads-to property of ARQ, asked again from the command line.
  Run leads = run_synack(
      "check arq/stop-and-wait --leads-to 'sender.state == WAIT_ACK => receiver_history.delivered "
      "> "
      "sender.next' --fairness fair-loss --quiet");
  CHECK(leads.exit_code == 0);
  CHECK_THAT(leads.out,
             Catch::Contains("(sender.state == WAIT_ACK) leads-to (receiver_history.delivered > "
                             "sender.next) under fair-loss  leads-to  holds    107     407"));
  auto json = std::filesystem::temp_directory_path() /
              ("synack_adhoc_" + std::to_string(getpid()) + ".json");
  Run both = run_synack(
      "check tcp/three-way-handshake --property connects --sometimes "
      "'server.state == ESTABLISHED' --quiet --json " +
      json.string());
  CHECK(both.exit_code == 0);
  std::string text = slurp(json);
  CHECK_THAT(text, Catch::Contains("\"property\": \"connects\""));
  CHECK_THAT(text, Catch::Contains("\"property\": \"sometimes server.state == ESTABLISHED\""));
  std::filesystem::remove(json);
}

TEST_CASE("check --unhandled lists the inputs no row takes, in text and JSON") {
  auto json = std::filesystem::temp_directory_path() /
              ("synack_unhandled_" + std::to_string(getpid()) + ".json");
  Run r = run_synack("check tcp/two-way-handshake --unhandled --quiet --json " + json.string());
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains(
                        "tcp/two-way-handshake: inputs received with no row to take them (19795 "
                        "reachable states):\n"
                        "  client in CLOSED: rcv RST (3422 states; e.g. RST-ACK seq=0 ack=1)\n"
                        "  client in ESTABLISHED: rcv RST (240 states; e.g. RST-ACK seq=0 ack=1)\n"
                        "  client in SYN-SENT: rcv ACK (410 states; e.g. ACK seq=1 ack=1)\n"));
  CHECK_THAT(r.out, Catch::EndsWith("  server in LISTEN: rcv RST (2261 states; e.g. RST seq=1)\n"));
  std::string text = slurp(json);
  CHECK_THAT(text, Catch::Contains("\"unhandled\": ["));
  CHECK_THAT(text, Catch::Contains("\"input\": \"rcv ACK\""));
  std::filesystem::remove(json);
}

// It explored every state whatever --max-seconds or Ctrl-C said (9.6 s for --max-seconds
// 0.3 on tcp/time-wait), and listed a model with an open initial value at one value.
TEST_CASE("check --unhandled stops at --max-seconds and refuses an open initial value") {
  const auto report = std::filesystem::temp_directory_path() /
                      ("synack_unhandled_report_" + std::to_string(getpid()));
  Run timed = run_synack(
      "check tcp/time-wait --unhandled --max-seconds 0.3 --threads 1 --quiet "
      "--property no-stale-segment-accepted --report " +
      report.string());
  CHECK(timed.exit_code == 3);
  CHECK_THAT(timed.out, Catch::Contains(" states explored, a limit ended the exploration: the "
                                        "list may be incomplete)"));
  CHECK_THAT(timed.out, !Catch::Contains("reachable states"));
  const std::string page = synack::testing::slurp(report / "index.html");
  CHECK_THAT(page, Catch::Contains(" states explored (a limit ended the exploration: the list "
                                   "may be incomplete); "));
  CHECK_THAT(page, !Catch::Contains("reachable states"));
  std::filesystem::remove_all(report);
  Run open = run_synack(
      "check tcp/three-way-handshake --set tcp.isn=free --engine bmc --depth 3 --unhandled "
      "--property connects");
  CHECK(open.exit_code == 2);
  CHECK(open.out.empty());
  CHECK(open.err ==
        "synack: --unhandled and --coverage explore from one initial state, and "
        "client.isn_clock starts at a value left open: pin it (tcp.isn=pinned)\n");
}

TEST_CASE("outputs: replaced only by complete content; a full disk or a bad path is exit 2") {
  // A directory of its own, so that nothing but this test's files can be in it.
  auto own = std::filesystem::temp_directory_path() / ("synack_keep_" + std::to_string(getpid()));
  std::filesystem::create_directories(own);
  auto keep = own / "keep.json";
  { std::ofstream(keep) << "previous\n"; }
  // A usage error found after the outputs were named leaves them untouched.
  Run late = run_synack("check tcp/two-way-handshake --depth 4 --json " + keep.string());
  CHECK(late.exit_code == 2);
  CHECK(slurp(keep) == "previous\n");
  Run full = run_synack("check tcp/two-way-handshake --quiet --json /dev/full");
  CHECK(full.exit_code == 2);
  CHECK(full.err == "synack: --json /dev/full: cannot write: No space left on device\n");
  Run saved = run_synack("baseline save /dev/full tcp/two-way-handshake");
  CHECK(saved.exit_code == 2);
  CHECK(saved.err == "synack: baseline save /dev/full: cannot write: No space left on device\n");
  Run drawn = run_synack("diagram tcp-endpoint -o /dev/full");
  CHECK(drawn.exit_code == 2);
  CHECK(drawn.err == "synack: -o /dev/full: cannot write: No space left on device\n");
  Run same = run_synack("check tcp/two-way-handshake --json " + keep.string() + " --junit " +
                        keep.string());
  CHECK(same.exit_code == 2);
  CHECK(same.err == "synack: --json " + keep.string() + " and --junit " + keep.string() +
                        " name the same file; give each its own\n");
  Run missing = run_synack("check tcp/two-way-handshake --json /nonexistent-dir/r.json");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err ==
        "synack: --json /nonexistent-dir/r.json: cannot write in /nonexistent-dir: "
        "No such file or directory\n");
  // A successful run replaces the file whole, and leaves no temporary file beside it.
  Run ok = run_synack("check tcp/two-way-handshake --quiet --json " + keep.string());
  CHECK(ok.exit_code == 1);
  CHECK_THAT(slurp(keep), Catch::StartsWith("{"));
  for (const auto& entry : std::filesystem::directory_iterator(own))
    CHECK(entry.path().filename() == "keep.json");
  std::filesystem::remove_all(own);
}

TEST_CASE("paths: a named pipe nobody writes or reads, a loop of links, one file named twice") {
  auto own = std::filesystem::temp_directory_path() / ("synack_paths_" + std::to_string(getpid()));
  std::filesystem::remove_all(own);
  std::filesystem::create_directories(own);
  // A named pipe without a reader: opening it to write would wait forever.
  auto pipe = own / "pipe";
  REQUIRE(::mkfifo(pipe.c_str(), 0600) == 0);
  Run piped = run_synack("check tcp/two-way-handshake --quiet --json " + pipe.string());
  CHECK(piped.exit_code == 2);
  // Refused when the output is written, not tried before the run: opening and closing it
  // then ended the input of a reader that was there.
  CHECK(piped.err ==
        "synack: --json " + pipe.string() + ": cannot open: a named pipe that no process reads\n");
  // Read from, it would be waited on for a writer forever, as a model or a baseline.
  Run model = run_synack("learned " + pipe.string());
  CHECK(model.exit_code == 2);
  CHECK(model.err ==
        "synack: " + pipe.string() + ": not a regular file (give a learned model's .dot file)\n");
  Run baseline = run_synack("check tcp/two-way-handshake --baseline " + pipe.string());
  CHECK(baseline.exit_code == 2);
  CHECK(baseline.err == "synack: --baseline " + pipe.string() +
                            ": not a regular file; give a baseline written by `baseline save`\n");
  // Two links naming each other: the system refuses the path, and so does synack, in one line.
  std::filesystem::create_symlink(own / "b", own / "a");
  std::filesystem::create_symlink(own / "a", own / "b");
  Run looped = run_synack("check tcp/two-way-handshake --quiet --json " + (own / "a").string());
  CHECK(looped.exit_code == 2);
  CHECK(looped.err == "synack: --json " + (own / "a").string() +
                          ": cannot write: Too many levels of symbolic links\n");
  Run read_loop = run_synack("learned " + (own / "a").string());
  CHECK(read_loop.exit_code == 2);
  CHECK(read_loop.err == "synack: " + (own / "a").string() +
                             ": Too many levels of symbolic links (give a learned model in DOT)\n");
  // One file under two names before it exists: the second output would replace the first.
  auto x = own / "x.json";
  auto dotted = own / "." / "x.json";
  Run twice = run_synack("check tcp/two-way-handshake --quiet --json " + x.string() + " --junit " +
                         dotted.string());
  CHECK(twice.exit_code == 2);
  CHECK(twice.err == "synack: --json " + x.string() + " and --junit " + dotted.string() +
                         " name the same file; give each its own\n");
  CHECK_FALSE(std::filesystem::exists(x));
  // Relative, where no part of the first name exists yet and the second has "." first.
  const std::string relative = "synack_twice_" + std::to_string(getpid()) + ".json";
  Run here = run_synack("check tcp/two-way-handshake --quiet --json " + relative + " --junit ./" +
                        relative);
  CHECK(here.exit_code == 2);
  CHECK(here.err == "synack: --json " + relative + " and --junit ./" + relative +
                        " name the same file; give each its own\n");
  CHECK_FALSE(std::filesystem::exists(relative));
  // A name as long as a name may be (255 bytes) is written: the temporary beside it is short.
  auto longest = own / (std::string(250, 'n') + ".json");
  Run named = run_synack("check tcp/two-way-handshake --quiet --json " + longest.string());
  CHECK(named.exit_code == 1);
  CHECK_THAT(slurp(longest), Catch::StartsWith("{"));
  std::filesystem::remove_all(own);
}

TEST_CASE("outputs: a file the command reads is not replaced by its output") {
  // check --baseline B --json B replaced the baseline with the results, and diff A B
  // --json A the model with the comparison: the input was lost, exit 0 or 1.
  const auto dir = std::filesystem::temp_directory_path();
  const std::string baseline =
      (dir / ("synack_own_" + std::to_string(getpid()) + ".json")).string();
  REQUIRE(run_synack("baseline save " + baseline + " tcp/two-way-handshake").exit_code == 0);
  const std::string saved = slurp(baseline);
  Run check =
      run_synack("check tcp/two-way-handshake --baseline " + baseline + " --json " + baseline);
  CHECK(check.exit_code == 2);
  CHECK(check.err == "synack: --json " + baseline +
                         ": is --baseline, which this run reads; give another file\n");
  CHECK(slurp(baseline) == saved);
  const std::string model = (dir / ("synack_own_" + std::to_string(getpid()) + ".dot")).string();
  std::filesystem::copy_file(SYNACK_SOURCE_DIR "/tests/data/learned/toy_server.dot", model,
                             std::filesystem::copy_options::overwrite_existing);
  const std::string text = slurp(model);
  Run diff = run_synack("diff " + model + " " + SYNACK_SOURCE_DIR +
                        "/tests/data/learned/toy_server_fixed.dot --json " + model);
  CHECK(diff.exit_code == 2);
  CHECK(diff.err ==
        "synack: --json " + model + ": is model A, which this run reads; give another file\n");
  CHECK(slurp(model) == text);
  Run drawn = run_synack("diagram " + model + " -o " + model + " --format dot");
  CHECK(drawn.exit_code == 2);
  CHECK(drawn.err == "synack: -o " + model +
                         ": is the learned model, which this run reads; give another file\n");
  CHECK(slurp(model) == text);
  std::filesystem::remove(baseline);
  std::filesystem::remove(model);
}

TEST_CASE("outputs: learned models and property files and maps and checkpoints are spared too") {
  // Each of these replaced the file named, exit 0 or 1: a property file became JSON, a
  // model a baseline, a map JUnit XML, a version's model the history's JSON, a checkpoint
  // the results.
  const auto dir =
      std::filesystem::temp_directory_path() / ("synack_spared_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "versions" / "1.0");
  std::filesystem::create_directories(dir / "versions" / "2.0");
  std::filesystem::create_directories(dir / "cp");
  const std::string data = SYNACK_SOURCE_DIR "/tests/data/learned/";
  const std::string model = (dir / "m.dot").string(), props = (dir / "p.props").string(),
                    map = (dir / "toy.map").string();
  std::filesystem::copy_file(data + "props_tls_early_ccs.dot", model);
  std::filesystem::copy_file(SYNACK_SOURCE_DIR "/learned/props/tls-server.props", props);
  std::filesystem::copy_file(data + "compose/toy.map", map);
  for (const char* v : {"1.0", "2.0"})
    std::filesystem::copy_file(data + "toy_server.dot", dir / "versions" / v / "TLS10.dot");
  const std::string learned = "--learned " + model + " --props " + props;
  const std::string compose =
      "--compose " + data + "compose/toy_client.dot " + data + "compose/toy_server.dot";
  const std::string version = (dir / "versions" / "1.0" / "TLS10.dot").string();
  const std::string checkpoint = (dir / "cp" / "checkpoint.synack").string();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"check " + learned + " --quiet --json " + props,
       "--json " + props + ": is the property file (--props), which this run reads"},
      {"check " + learned + " --quiet --junit " + model,
       "--junit " + model + ": is the learned model of learned/m, which this run reads"},
      {"baseline save " + model + " " + learned,
       "baseline save " + model + ": is the learned model of learned/m, which this run reads"},
      {"check " + compose + " --compose-map " + map + " --quiet --json " + map,
       "--json " + map + ": is the composition map (--compose-map), which this run reads"},
      {"diff --versions " + (dir / "versions").string() + " --json " + version,
       "--json " + version + ": is the model of version 1.0, which this run reads"},
      {"check arq/stop-and-wait --property in-order-exactly-once --quiet --checkpoint " +
           (dir / "cp").string() + " --json " + checkpoint,
       "--json " + checkpoint + ": is the checkpoint of --checkpoint " + (dir / "cp").string() +
           ", which this run writes"}};
  for (const auto& [command, message] : cases) {
    INFO(command);
    const std::string before = slurp(props) + slurp(model) + slurp(map) + slurp(version);
    Run r = run_synack(command);
    CHECK(r.exit_code == 2);
    CHECK(r.err == "synack: " + message + "; give another file\n");
    CHECK(slurp(props) + slurp(model) + slurp(map) + slurp(version) == before);
  }
  CHECK(std::filesystem::is_empty(dir / "cp"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("sweep: the exit-code and option contract of a single check") {
  // bmc's "holds up to depth K" is not a pass, in a sweep as in a check.
  Run bounded = run_synack(
      "check tcp/three-way-handshake --property no-stale-connection --sweep channel.capacity=1..1 "
      "--engine bmc --depth 2");
  CHECK(bounded.exit_code == 3);
  CHECK_THAT(bounded.out, Catch::Contains("holds up to depth 2"));
  Run depth = run_synack("check tcp/three-way-handshake --sweep channel.capacity=1..2 --depth 3");
  CHECK(depth.exit_code == 2);
  CHECK(depth.err == "synack: --depth: applies to --engine bmc, kind or prove, not explicit\n");
  Run unhandled =
      run_synack("check tcp/three-way-handshake --sweep channel.capacity=1..2 --unhandled");
  CHECK(unhandled.exit_code == 2);
  CHECK(unhandled.err == "synack: --sweep cannot be combined with --unhandled\n");
  // A sweep prints a table and no trace: --width and --quiet changed nothing.
  Run width = run_synack("check tcp/two-way-handshake --sweep channel.capacity=1..2 --width 60");
  CHECK(width.exit_code == 2);
  CHECK(width.err == "synack: --width excludes --sweep (see 'synack --help')\n");
  Run quiet = run_synack("check tcp/two-way-handshake --sweep channel.capacity=1..2 --quiet");
  CHECK(quiet.exit_code == 2);
  CHECK(quiet.err == "synack: --quiet excludes --sweep (see 'synack --help')\n");
}

TEST_CASE("SIGINT: undecided properties are inconclusive (interrupted), outputs whole, exit 3") {
  auto json = std::filesystem::temp_directory_path() /
              ("synack_interrupted_" + std::to_string(getpid()) + ".json");
  auto out = std::filesystem::temp_directory_path() /
             ("synack_interrupted_" + std::to_string(getpid()) + ".out");
  // A run of many seconds (13 million states), interrupted after one.
  std::string cmd = "timeout -s INT --preserve-status 1 " + std::string(SYNACK_BINARY) +
                    " check tcp/three-way-handshake --property no-stale-connection --set "
                    "channel.capacity=3 --set channel.duplicates=2 --quiet --json " +
                    json.string() + " >" + out.string() + " 2>&1";
  int status = std::system(cmd.c_str());
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 3);
  CHECK_THAT(slurp(out), Catch::Contains("inconclusive (interrupted)"));
  std::string text = slurp(json);
  CHECK_THAT(text, Catch::Contains("\"limit\": \"interrupted\""));
  CHECK_THAT(text, Catch::EndsWith("}\n"));
  std::filesystem::remove(json);
  std::filesystem::remove(out);
}

TEST_CASE(
    "SIGTERM: like SIGINT the undecided properties are inconclusive (interrupted) with exit 3") {
  auto out = std::filesystem::temp_directory_path() /
             ("synack_terminated_" + std::to_string(getpid()) + ".out");
  std::string cmd = "timeout -s TERM --preserve-status 1 " + std::string(SYNACK_BINARY) +
                    " check tcp/three-way-handshake --property no-stale-connection --set "
                    "channel.capacity=3 --set channel.duplicates=2 --quiet >" +
                    out.string() + " 2>&1";
  int status = std::system(cmd.c_str());
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 3);
  CHECK_THAT(slurp(out), Catch::Contains("inconclusive (interrupted)"));
  std::filesystem::remove(out);
}

TEST_CASE("a second SIGINT or SIGTERM takes the default action and a copy of the first does not") {
  // In a child of its own: the handlers and their flag are the process's. The child writes a
  // byte to the pipe once it has lived through the copy of the first signal.
  for (int signal : {SIGINT, SIGTERM}) {
    INFO(signal);
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ::close(pipe_fds[0]);
      const std::atomic<bool>* flag = synack::cli::install_interrupt_handlers();
      if (flag->load()) _exit(10);
      raise(signal);  // the first: caught, the run is asked to stop
      if (!flag->load()) _exit(11);
      // A copy at once is the same interrupt (timeout(1) signals the process and its group).
      raise(signal);
      if (::write(pipe_fds[1], "y", 1) != 1) _exit(13);
      ::usleep(600'000);
      raise(signal);  // a second one, later: not caught
      _exit(12);
    }
    ::close(pipe_fds[1]);
    char survived = 0;
    CHECK(::read(pipe_fds[0], &survived, 1) == 1);
    ::close(pipe_fds[0]);
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    CHECK(survived == 'y');
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == signal);
  }
}

TEST_CASE(
    "checkpoint and resume options: refused where no checkpoint can be taken (one line each)") {
  auto dir =
      std::filesystem::temp_directory_path() / ("synack_cli_cp_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const std::string d = dir.string();
  Run live = run_synack("check arq/stop-and-wait --checkpoint " + d);
  CHECK(live.exit_code == 2);
  CHECK(live.err ==
        "synack: --checkpoint: every-message-delivered is a liveness property, and the liveness "
        "graph has no checkpoints yet; choose safety properties with --property\n");
  Run bmc = run_synack("check tcp/two-way-handshake --engine bmc --checkpoint " + d);
  CHECK(bmc.exit_code == 2);
  CHECK(bmc.err == "synack: --checkpoint: applies to the explicit engine, not bmc\n");
  Run two = run_synack("check tcp/two-way-handshake tcp/teardown --resume " + d);
  CHECK(two.exit_code == 2);
  CHECK(two.err == "synack: --resume: applies to one scenario at a time, not 2\n");
  Run both = run_synack("check tcp/two-way-handshake --checkpoint " + d + " --resume " + d);
  CHECK(both.exit_code == 2);
  CHECK(both.err ==
        "synack: --resume DIR goes on writing checkpoints to DIR: give --resume alone\n");
  Run sweep = run_synack("check tcp/two-way-handshake --sweep channel.capacity=1..2 --resume " + d);
  CHECK(sweep.exit_code == 2);
  CHECK(sweep.err == "synack: --sweep cannot be combined with --resume\n");
  Run nothing = run_synack("check tcp/two-way-handshake --resume " + d);
  CHECK(nothing.exit_code == 2);
  CHECK_THAT(nothing.err, Catch::StartsWith("synack: no checkpoint to resume: cannot read " + d));
  // Where no checkpoint can be written is found before the search, not when the first is
  // due (the run's results were lost then), and no output may be the directory.
  Run sys = run_synack("check tcp/two-way-handshake --quiet --checkpoint /sys/kernel");
  CHECK(sys.exit_code == 2);
  CHECK_THAT(sys.err,
             Catch::StartsWith("synack: --checkpoint /sys/kernel: cannot write in /sys/kernel: "));
  Run same = run_synack("check tcp/two-way-handshake --quiet --json " + d + " --checkpoint " + d);
  CHECK(same.exit_code == 2);
  CHECK(same.err == "synack: --json " + d + ": is the directory of --checkpoint " + d +
                        ", which this run writes; give another file\n");
  CHECK(!std::filesystem::exists(dir));
  std::filesystem::create_directories(dir / "checkpoint.synack");
  Run taken = run_synack("check tcp/two-way-handshake --quiet --checkpoint " + d);
  CHECK(taken.exit_code == 2);
  CHECK(taken.err == "synack: --checkpoint " + d + ": " + d +
                         "/checkpoint.synack is a directory; remove it or give another DIR\n");
  std::filesystem::remove_all(dir);
  Run every = run_synack("check tcp/two-way-handshake --checkpoint-every 5");
  CHECK(every.exit_code == 2);
  CHECK(every.err ==
        "synack: --checkpoint-every: applies with --checkpoint DIR or --resume DIR, and neither "
        "is given\n");
  // A run that finishes leaves its last checkpoint; resuming it gives the same verdicts.
  Run first = run_synack("check tcp/teardown-merged-fin --checkpoint " + d +
                         " --checkpoint-every 0 --quiet");
  CHECK(first.exit_code == 1);
  Run again = run_synack("check tcp/teardown-merged-fin --resume " + d + " --quiet");
  CHECK(again.exit_code == 1);
  CHECK_THAT(again.out, Catch::Contains("all-data-delivered  always     violated  322"));
  std::filesystem::remove_all(dir);
}

TEST_CASE(
    "limits only the explicit engine honours are refused with a Z3 engine rather than ignored") {
  Run states = run_synack("check tcp/two-way-handshake --engine bmc --depth 3 --max-states 10");
  CHECK(states.exit_code == 2);
  CHECK(states.err ==
        "synack: --max-states: applies to the explicit engine, not bmc (the Z3 engines take "
        "--max-seconds and --depth)\n");
  Run threads = run_synack("check tcp/two-way-handshake --engine spacer --threads 2");
  CHECK(threads.exit_code == 2);
  CHECK_THAT(threads.err, Catch::StartsWith("synack: --threads: applies to the explicit engine"));
  Run memory = run_synack(
      "check tcp/two-way-handshake --engine kind --sweep channel.capacity=1..2 --max-memory 100");
  CHECK(memory.exit_code == 2);
  CHECK_THAT(memory.err, Catch::StartsWith("synack: --max-memory: applies to the explicit engine"));
}

TEST_CASE("outputs: baseline save writes nothing when a property is left undecided") {
  // A limit (or an interrupt) made the saved verdicts "inconclusive", exit 0, and every
  // later check reported flips from them as if the code had changed.
  const auto dir = std::filesystem::temp_directory_path();
  const std::string baseline =
      (dir / ("synack_undecided_" + std::to_string(getpid()) + ".json")).string();
  REQUIRE(run_synack("baseline save " + baseline + " tcp/two-way-handshake").exit_code == 0);
  const std::string saved = slurp(baseline);
  Run limited = run_synack("baseline save " + baseline + " tcp/two-way-handshake --max-states 10");
  CHECK(limited.exit_code == 3);
  CHECK(limited.out ==
        "baseline save: nothing written (" + baseline +
            " is as it was): 3 properties undecided: tcp/two-way-handshake "
            "no-stale-connection: inconclusive (max-states); tcp/two-way-handshake "
            "server-knows-client-receives: inconclusive (max-states); tcp/two-way-handshake "
            "connects: inconclusive (max-states)\n");
  CHECK(slurp(baseline) == saved);
  std::filesystem::remove(baseline);
}
