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
