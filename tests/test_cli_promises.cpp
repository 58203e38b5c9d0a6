// What a check must not let through as a pass, on the command line (a verdict audit of
// 5 December): a resume of a checkpoint that the engine cannot tell is another question's
// (a model file edited, message numbers only one process knows), and a baseline's silence
// about a result read as a pass.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "cli_run.hpp"
#include "temp_dir.hpp"

using synack::testing::TempDir;

TEST_CASE("check --resume of a learned model edited since its checkpoint is refused") {
  TempDir dir("learned_edit");
  const auto model = dir.path / "m.dot";
  // s2, unreachable, answers z: the edit of s1's b makes the property false in two steps.
  auto write_model = [&](const char* answer) {
    std::ofstream(model) << "digraph g {\n__start0 -> s0;\ns0 -> s1 [label=\"a / x\"]\n"
                            "s0 -> s0 [label=\"b / y\"]\ns1 -> s0 [label=\"a / x\"]\n"
                            "s1 -> s1 [label=\"b / "
                         << answer
                         << "\"]\ns2 -> s2 [label=\"a / z\"]\ns2 -> s2 [label=\"b / z\"]\n}\n";
  };
  write_model("y");
  const std::string question =
      "check --learned " + model.string() + " --always 'impl.out != \"z\"'";
  const std::string ckpt = (dir.path / "ck").string();
  auto first = synack::testing::run_synack(question + " --checkpoint " + ckpt +
                                           " --checkpoint-every 0 --round-states 1 --max-states 3");
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 3);
  REQUIRE(std::filesystem::exists(ckpt + "/checkpoint.synack"));
  write_model("z");
  REQUIRE(synack::testing::run_synack(question).exit_code == 1);
  auto resumed = synack::testing::run_synack(question + " --resume " + ckpt);
  CHECK(resumed.exit_code == 2);
  CHECK(resumed.out.empty());
  CHECK(resumed.err == "synack: " + ckpt +
                           "/checkpoint.synack is a checkpoint of another question (another "
                           "scenario, parameter, property, model file, --symmetry or not, or "
                           "synack version); "
                           "resume with the same command line, or start afresh without "
                           "--resume\n");
}

TEST_CASE("checkpoints of a model that numbers its messages as met are refused") {
  // A resume read the packed segment numbers against an empty table: exit 4.
  for (const char* option : {"--checkpoint", "--resume"}) {
    TempDir dir("numbered");
    auto r = synack::testing::run_synack(std::string("check tcp/three-way-handshake --set "
                                                     "tcp.seq_bits=32 ") +
                                         option + " " + dir.path.string());
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err == std::string("synack: ") + option +
                       ": tcp/three-way-handshake numbers its messages in the order a search "
                       "first meets them (the 32-bit sequence space), which a checkpoint does "
                       "not record; run it without " +
                       option + ", or with tcp.seq_space\n");
  }
}

TEST_CASE("check --baseline judges a result the baseline lacks by its verdict") {
  // Only flips failed a comparison: a violated --always the baseline never recorded
  // exited 0, weaker than the same check without --baseline.
  const std::string check = "check arq/stop-and-wait --quiet --baseline " +
                            std::string(SYNACK_SOURCE_DIR) + "/baselines/bundled.json ";
  auto violated = synack::testing::run_synack(check + "--always 'sender.next == 0'");
  CHECK(violated.exit_code == 1);
  CHECK_THAT(violated.out,
             Catch::Contains("baseline: not in baseline: arq/stop-and-wait always sender.next == "
                             "0\n"));
  auto undecided =
      synack::testing::run_synack(check + "--always 'sender.next >= 0' --max-states 5");
  CHECK(undecided.exit_code == 3);
  CHECK(synack::testing::run_synack(check + "--always 'sender.next >= 0'").exit_code == 0);
  // A whole scenario the baseline lacks, its properties at their verdicts.
  const std::string empty = (std::filesystem::temp_directory_path() /
                             ("synack_empty_baseline_" + std::to_string(::getpid()) + ".json"))
                                .string();
  std::ofstream(empty) << "{\"synack_baseline\": 1, \"scenarios\": {}}\n";
  auto two_way =
      synack::testing::run_synack("check tcp/two-way-handshake --quiet --baseline " + empty);
  INFO(two_way.out << two_way.err);
  CHECK(two_way.exit_code == 1);
  CHECK_THAT(two_way.out,
             Catch::Contains("baseline: not in baseline: tcp/two-way-handshake (whole scenario)"));
  std::filesystem::remove(empty);
}
