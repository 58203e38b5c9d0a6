// Commands that never look at the interrupt flag (list, learned, diff, conform, rtt) are
// ended by a signal at once, as any program. Until 8 December 2026 the handlers that let
// `check` stop cleanly were installed for every command, so the first Ctrl-C or SIGTERM to
// a long `diff` or `learned` was caught and then ignored: the run went on to its end,
// exit 0 or 1, and wrote its outputs.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

// A ring of `states` states over input a (the first answers x, the rest y) with a
// self-loop on b: two rings of coprime sizes make a product of every pair of states.
void write_ring(const std::filesystem::path& file, int states) {
  std::ofstream out(file);
  out << "digraph g {\n__start0 -> s0;\n";
  for (int i = 0; i < states; ++i)
    out << 's' << i << " -> s" << (i + 1) % states << " [label=\"a / " << (i == 0 ? 'x' : 'y')
        << "\"]\ns" << i << " -> s" << i << " [label=\"b / z\"]\n";
  out << "}\n";
}

}  // namespace

TEST_CASE("signals: diff, which cannot stop midway, is ended by the first SIGTERM at once") {
  const auto dir =
      std::filesystem::temp_directory_path() / ("synack_signals_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  write_ring(dir / "a.dot", 3001);
  write_ring(dir / "b.dot", 3000);
  // About nine million pairs: seconds of work, signalled after one.
  const auto json = dir / "diff.json";
  const std::string cmd = "timeout -s TERM --preserve-status 1 " + std::string(SYNACK_BINARY) +
                          " diff " + (dir / "a.dot").string() + " " + (dir / "b.dot").string() +
                          " --json " + json.string() + " >/dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  REQUIRE(WIFEXITED(status));
  // timeout passes on the child's end: 128 + the signal when the signal ended it.
  CHECK(WEXITSTATUS(status) == 128 + SIGTERM);
  CHECK_FALSE(std::filesystem::exists(json));
  std::filesystem::remove_all(dir);
}
