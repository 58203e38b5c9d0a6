// --sweep on the command line: one check per value of a parameter, a table of verdicts
// whose rows line up under its header, and one-line refusals of what it cannot do.
#include <catch2/catch.hpp>

#include "cli_run.hpp"

using synack::testing::Run;
using synack::testing::run_synack;

TEST_CASE("a sweep checks once per value and tabulates the verdicts") {
  Run r = run_synack(
      "check tcp/time-wait --property no-reset-on-normal-close --set tcp.msl=1 "
      "--set tcp.rto=1 --sweep tcp.time_wait=1..3");
  CHECK(r.exit_code == 1);  // some values violate
  // The key is wider than its values: the column takes the key's width, rows line up under it.
  CHECK_THAT(r.out, Catch::Contains("scenario                 property                           "
                                    "tcp.time_wait  verdict                   states  depth\n"));
  CHECK_THAT(
      r.out,
      Catch::Contains(
          "tcp/time-wait            no-reset-on-normal-close                       1  violated"));
  CHECK_THAT(
      r.out,
      Catch::Contains(
          "tcp/time-wait            no-reset-on-normal-close                       2  violated"));
  CHECK_THAT(
      r.out,
      Catch::Contains(
          "tcp/time-wait            no-reset-on-normal-close                       3  holds"));
  Run bad = run_synack("check tcp/time-wait --sweep tcp.time_wait=3..1");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err ==
        "synack: --sweep 'tcp.time_wait=3..1': expected KEY=A..B with integers A <= B, e.g. "
        "tcp.time_wait=0..6\n");
  Run clash = run_synack("check tcp/time-wait --set tcp.time_wait=2 --sweep tcp.time_wait=0..1");
  CHECK(clash.exit_code == 2);
  CHECK(clash.err ==
        "synack: --sweep tcp.time_wait and --set tcp.time_wait=2 name the same parameter\n");
  Run alone = run_synack("check tcp/time-wait --sweep tcp.time_wait=0..1 --json /tmp/never.json");
  CHECK(alone.exit_code == 2);
  CHECK(alone.err == "synack: --sweep cannot be combined with --json\n");
  Run range = run_synack("check tcp/time-wait --sweep tcp.time_wait=0..99");
  CHECK(range.exit_code == 2);
  CHECK(range.err == "synack: --sweep 'tcp.time_wait=0..99': at most 65 values\n");
  // The swept key is named as the user wrote it, not as the --set it becomes.
  Run unknown = run_synack("check tcp/three-way-handshake --sweep tcp.time_wait=1..2");
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.err,
             Catch::StartsWith("synack: --sweep tcp.time_wait: unknown parameter; known: "));
  Run value = run_synack("check tcp/three-way-handshake --sweep tcp.seq_space=0..1");
  CHECK(value.exit_code == 2);
  CHECK_THAT(value.err, Catch::StartsWith("synack: --sweep tcp.seq_space="));
  // A named scenario without the swept parameter was run unchanged in rows that said it
  // moved.
  Run partly = run_synack(
      "check arq/stop-and-wait tcp/two-way-handshake --sweep "
      "tcp.max_retries=0..1");
  CHECK(partly.exit_code == 2);
  CHECK(partly.err ==
        "synack: --sweep tcp.max_retries: arq/stop-and-wait has no such parameter (its "
        "parameters: channel.capacity, channel.duplicates, channel.lossy, channel.ordered, "
        "arq.messages, arq.seq_bit); sweep it apart from the scenarios that have it\n");
  CHECK(partly.out.empty());
}

TEST_CASE("a sweep names the value at which a property is refused") {
  // The product fits 64 bits up to a 21-bit sequence space; at 22 the refusal said nothing
  // of the value, only ranges to work it back from.
  Run r = run_synack(
      "check tcp/three-way-handshake --sweep tcp.seq_bits=8..32 --always "
      "'client.iss * client.iss * client.iss <= 0 || true'");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "synack: --sweep tcp.seq_bits=22: property 'client.iss * client.iss * client.iss <= 0 || "
        "true': the product of 0..17592177655809 and 0..4194303 can reach 73786923518292656127, "
        "past a 64-bit integer (synack refuses arithmetic that could overflow rather than let it "
        "wrap around) at column 25 (near '*')\n");
}
