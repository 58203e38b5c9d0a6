// Bad input on the command line: one line naming what is wrong and what is valid, exit 2,
// and nothing read as something the user did not mean.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "cli_run.hpp"

using synack::testing::Run;
using synack::testing::run_synack;

namespace {

void refused_in_one_line(const std::string& args, const std::string& message) {
  Run r = run_synack(args);
  INFO(args << "\n" << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "synack: " + message + " (see 'synack --help')\n");
}

}  // namespace

TEST_CASE("numbers on the command line are decimal digits, every option alike") {
  // strtod and CLI11's strtoull(base 0) took each of these silently: 0x10 as 16, 010 as 8
  // (a whole number) or 10, 1e3 as 1000, +5 and " 5" as 5.
  for (const char* bad : {"0x10", "1e3", "+5", "' 5'", ".5", "5.", "5s", "-1"}) {
    std::string shown = bad[0] == '\'' ? std::string(bad).substr(1, 2) : bad;
    refused_in_one_line(
        std::string("check tcp/two-way-handshake --max-seconds ") + bad,
        "--max-seconds: '" + shown +
            "' is not a number from 0.001 to 10000000 (decimal digits with an optional "
            "fraction, as 2 or 2.5)");
    refused_in_one_line(
        std::string("check tcp/two-way-handshake --threads ") + bad,
        "--threads: '" + shown + "' is not a whole number from 1 to 1024 (decimal digits only)");
  }
  refused_in_one_line("check tcp/two-way-handshake --checkpoint-every 0x1p3",
                      "--checkpoint-every: '0x1p3' is not a number from 0 to 10000000 (decimal "
                      "digits with an optional fraction, as 2 or 2.5)");
  refused_in_one_line("check tcp/two-way-handshake --engine bmc --depth 0x10",
                      "--depth: '0x10' is not a whole number from 0 to 10000 (decimal digits "
                      "only)");
  refused_in_one_line("simulate tcp/two-way-handshake --steps 1e3",
                      "--steps: '1e3' is not a whole number from 1 to 10000000 (decimal digits "
                      "only)");
  refused_in_one_line("simulate tcp/two-way-handshake --seed 0x10",
                      "--seed: '0x10' is not a number from 0 to 2^64-1 (decimal digits only)");
  // A digit string too long for any double or 64-bit integer is refused, not thrown.
  std::string huge(400, '9');
  Run r = run_synack("check tcp/two-way-handshake --max-seconds " + huge);
  CHECK(r.exit_code == 2);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  r = run_synack("check tcp/two-way-handshake --max-states " + huge);
  CHECK(r.exit_code == 2);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

TEST_CASE("leading zeros are decimal, as in --set: 010 is 10, not octal 8") {
  // Exit 1: the two-way handshake breaks its properties; the header says what was read.
  Run r = run_synack("simulate tcp/two-way-handshake --runs 1 --quiet --seed 010");
  CHECK(r.exit_code <= 1);
  CHECK_THAT(r.out, Catch::StartsWith("simulate tcp/two-way-handshake: 1 runs of up to 100 steps, "
                                      "seed 10\n"));
  r = run_synack("simulate tcp/two-way-handshake --runs 1 --quiet --seed 7 --steps 010");
  CHECK(r.exit_code <= 1);
  CHECK_THAT(r.out, Catch::StartsWith("simulate tcp/two-way-handshake: 1 runs of up to 10 steps"));
  r = run_synack("check tcp/two-way-handshake --quiet --max-seconds 010");
  CHECK(r.exit_code <= 1);
  CHECK(r.err.empty());
}

TEST_CASE("an error line echoes at most 80 characters of a long expression, value or name") {
  // Each was echoed in full: a 120 KB expression made a 240 KB error line (twice over).
  // A long echo keeps its first 48 and last 32 characters.
  const std::string x32(32, 'x');
  std::string long_value = "client.state == " + std::string(120000, 'x');
  Run r = run_synack("check tcp/three-way-handshake --always '" + long_value + "'");
  CHECK(r.exit_code == 2);
  CHECK(r.err == "synack: property 'client.state == " + x32 + "..." + x32 +
                     " (120016 characters)': '" + std::string(48, 'x') + "..." + x32 +
                     " (120000 characters)' is not a value of client.state; its values: "
                     "CLOSED, SYN_SENT, SYN_RECEIVED, LISTEN, ESTABLISHED, CLOSE_WAIT, "
                     "FIN_WAIT_1, FIN_WAIT_2, CLOSING, LAST_ACK, TIME_WAIT\n");
  r = run_synack("check tcp/three-way-handshake --set channel.capacity=" +
                 std::string(120000, '9'));
  CHECK(r.exit_code == 2);
  CHECK(r.err == "synack: --set channel.capacity=" + std::string(31, '9') + "..." +
                     std::string(32, '9') + " (120017 characters): not an integer; valid: 1..6\n");
  // Counted in characters, cut between them: 200 two-byte characters, 80 of them shown.
  std::string accented;
  for (int i = 0; i < 200; ++i) accented += "\xc3\xa9";
  r = run_synack("check '" + accented + "'");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::StartsWith("synack: unknown scenario '" + accented.substr(0, 96) +
                                      "..." + accented.substr(0, 64) +
                                      " (200 characters)'; known: tcp/three-way-handshake, "));
  // The command name went out raw, control characters and all.
  r = run_synack("\"$(printf '\\033')[2J" + std::string(200, 'k') + "\"");
  CHECK(r.exit_code == 2);
  CHECK(r.err == "synack: unknown command '\\x1b[2J" + std::string(44, 'k') + "..." +
                     std::string(32, 'k') +
                     " (204 characters)'; valid: list, check, simulate, baseline, explain, "
                     "diagram, learned, diff, conform, explore, rtt\n");
  // An echo of 120 characters is shown whole, one of 121 is cut.
  r = run_synack("check " + std::string(120, 'k'));
  CHECK(r.err.find(std::string(120, 'k') + "'") != std::string::npos);
  r = run_synack("check " + std::string(121, 'k'));
  CHECK_THAT(r.err, Catch::StartsWith("synack: unknown scenario '" + std::string(48, 'k') + "..." +
                                      std::string(32, 'k') + " (121 characters)'; known: "));
}

TEST_CASE("a long path keeps its tail, where it names the file") {
  // The cut kept the first 80 characters, so a path lost the file it names.
  const std::string dir = "/nonexistent/" + std::string(150, 'd');
  Run r = run_synack("check tcp/two-way-handshake --json " + dir + "/report.json");
  CHECK(r.exit_code == 2);
  CHECK(r.err == "synack: --json /nonexistent/" + std::string(35, 'd') + "..." +
                     std::string(20, 'd') + "/report.json (175 characters): cannot write in " +
                     "/nonexistent/" + std::string(35, 'd') + "..." + std::string(32, 'd') +
                     " (163 characters): No such file or directory\n");
}

TEST_CASE("bytes that are not UTF-8 are escaped and counted one by one") {
  // Stray continuation bytes counted as no characters, so 100,000 of them went out raw.
  Run r = run_synack("check \"$(printf '\\200%.0s' $(seq 1 1000))\"");
  CHECK(r.exit_code == 2);
  std::string stray;
  for (int i = 0; i < 48; ++i) stray += "\\x80";
  std::string stray_tail;
  for (int i = 0; i < 32; ++i) stray_tail += "\\x80";
  CHECK_THAT(r.err, Catch::StartsWith("synack: unknown scenario '" + stray + "..." + stray_tail +
                                      " (1000 characters)'; known: "));
  // A Latin-1 byte alone is no UTF-8 either.
  r = run_synack("check \"caf$(printf '\\351')\"");
  CHECK_THAT(r.err, Catch::StartsWith("synack: unknown scenario 'caf\\xe9'; known: "));
}

TEST_CASE("a line whose echo has spaces in it is cut as a whole") {
  // An unquoted echo with spaces is many short runs: the line was 120 KB.
  std::string ones;
  for (int i = 0; i < 60000; ++i) ones += "1 ";
  Run r = run_synack("check tcp/two-way-handshake --set 'channel.capacity=" + ones + "'");
  CHECK(r.exit_code == 2);
  CHECK(r.err.size() < 1000);
  CHECK_THAT(r.err, Catch::StartsWith("synack: --set channel.capacity=1 1 1 1 "));
  CHECK_THAT(r.err, Catch::EndsWith(" 1 1 : not an integer; valid: 1..6 (120052 characters in "
                                    "all)\n"));
}

TEST_CASE("the options that shape a trace are refused beside --quiet, which prints none") {
  // Each was accepted and did nothing: a user asking for a chart got none and no word why.
  refused_in_one_line("check tcp/two-way-handshake --quiet --chart", "--quiet excludes --chart");
  refused_in_one_line("check tcp/two-way-handshake --changes --quiet",
                      "--quiet excludes --changes");
  refused_in_one_line("check tcp/two-way-handshake --quiet --width 80", "--quiet excludes --width");
  refused_in_one_line("simulate tcp/two-way-handshake --quiet --changes",
                      "--quiet excludes --changes");
  // Each alone still works.
  CHECK(run_synack("check tcp/two-way-handshake --property connects --quiet").exit_code == 0);
  CHECK(run_synack("check tcp/two-way-handshake --property connects --chart").exit_code == 0);
}

TEST_CASE("property arithmetic that could overflow is refused, not wrapped into a verdict") {
  // Wrapped around in 64 bits, the fourth power of 2147483649 was negative: a replayed
  // "counterexample" (exit 1) to what no integer breaks; and 2^32 * 2^32 == 0 held.
  Run r = run_synack(
      "check tcp/two-way-handshake --set tcp.seq_bits=32 --set tcp.isn_start=2147483647 "
      "--always 'client.iss * client.iss * client.iss * client.iss >= 0'");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "synack: property 'client.iss * client.iss * client.iss * client.iss >= 0': the product "
        "of 0..4294967295 and 0..4294967295 can reach 18446744065119617025, past a 64-bit "
        "integer (synack refuses arithmetic that could overflow rather than let it wrap around) "
        "at column 12 (near '*')\n");
  r = run_synack(
      "check tcp/two-way-handshake --engine bmc --always '4294967296 * 4294967296 == 0'");
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "synack: property '4294967296 * 4294967296 == 0': the product of "
        "4294967296..4294967296 and 4294967296..4294967296 can reach 18446744073709551616, past "
        "a 64-bit integer (synack refuses arithmetic that could overflow rather than let it wrap "
        "around) at column 12 (near '*')\n");
}

TEST_CASE("baseline names its one command when it is missing or mistyped") {
  // CLI11 said "A subcommand is required" for both, naming neither the word nor `save`.
  Run r = run_synack("baseline");
  CHECK(r.exit_code == 2);
  CHECK(r.err == "synack: baseline: a command is required; valid: save\n");
  r = run_synack("baseline load x.json");
  CHECK(r.exit_code == 2);
  CHECK(r.err == "synack: baseline: unknown command 'load'; valid: save\n");
  CHECK(run_synack("baseline --help").exit_code == 0);
}
