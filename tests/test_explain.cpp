// `synack explain SCENARIO PROPERTY`: the mechanisms a holding property rests on, alone
// and in pairs, and how the command takes its property.
#include <catch2/catch.hpp>

#include "cli_run.hpp"

using synack::testing::Run;
using synack::testing::run_synack;

TEST_CASE("explain names the mechanisms a property depends on") {
  Run r = run_synack("explain tcp/three-way-handshake no-stale-connection");
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith(
                        "tcp/three-way-handshake no-stale-connection: holds (192931 states)"));
  CHECK_THAT(r.out, Catch::Contains("third handshake segment      (tcp.third_segment=false): "
                                    "violated in 4 steps  <- needed"));
  CHECK_THAT(r.out, Catch::Contains("RST generation               (tcp.send_rst=false): holds"));
  CHECK_THAT(r.out, Catch::Contains("retransmission               (tcp.max_retries=0): holds"));
  CHECK_THAT(r.out, Catch::Contains("no-stale-connection depends on: third handshake segment\n"));
  CHECK_THAT(r.out, Catch::Contains("4  server rcv SYN SYN seq=0 -> sends SYN-ACK seq=0 ack=1"));

  // Two mechanisms that each suffice: neither is needed alone, both together are.
  Run pair = run_synack(
      "explain tcp/time-wait no-stale-segment-accepted --set tcp.msl=1 --set tcp.time_wait=3");
  CHECK(pair.exit_code == 0);
  CHECK_THAT(pair.out, Catch::Contains("TIME-WAIT                    (tcp.time_wait=0): holds\n"
                                       "  ISN clock stride             (tcp.isn_step=1): holds\n"));
  CHECK_THAT(pair.out,
             Catch::Contains("no single declared mechanism is needed; without two at once:\n"
                             "  TIME-WAIT and ISN clock stride (tcp.time_wait=0 tcp.isn_step=1): "
                             "violated in 16 steps  <- either one suffices\n"));
  CHECK_THAT(pair.out, Catch::Contains("no-stale-segment-accepted depends on one of each pair: "
                                       "TIME-WAIT and ISN clock stride\n"));
  // 0-RTT's anti-replay rests on single-use tickets.
  Run replay = run_synack("explain tls13/zero-rtt-anti-replay early-data-at-most-once");
  CHECK(replay.exit_code == 0);
  CHECK_THAT(replay.out, Catch::Contains("single-use tickets           "
                                         "(tls.single_use_tickets=false): violated in 7 steps  "
                                         "<- needed\n"));

  // What a Fast Open cookie is for: the check that keeps spoofed SYN data away from the
  // application.
  Run cookie = run_synack("explain tcp/tfo-spoofed-data no-data-from-unverified-address");
  CHECK(cookie.exit_code == 0);
  CHECK_THAT(cookie.out, Catch::Contains("cookie check                 (tcp.verify_cookie=false): "
                                         "violated in 3 steps  <- needed\n"));
  CHECK_THAT(cookie.out,
             Catch::Contains("no-data-from-unverified-address depends on: cookie check\n"));

  Run violated = run_synack("explain tcp/two-way-handshake no-stale-connection");
  CHECK(violated.exit_code == 1);
  CHECK_THAT(violated.out, Catch::Contains("this one is violated"));
  // Undecided: the limit is named, as check names it.
  Run limited = run_synack("explain tcp/time-wait no-stale-segment-accepted --max-states 1000");
  CHECK(limited.exit_code == 3);
  CHECK_THAT(limited.out, Catch::StartsWith("tcp/time-wait no-stale-segment-accepted: "
                                            "inconclusive (max-states, 1000 states)\n"));
  // An ablation a limit stopped is neither survived nor needed: explain said "survives
  // each ablation", exit 0 (the ablation needs 194 states).
  Run ablation = run_synack("explain arq/stop-and-wait completes --max-states 150");
  CHECK(ablation.exit_code == 3);
  CHECK_THAT(ablation.out, Catch::Contains("(arq.seq_bit=false): inconclusive (max-states)"));
  CHECK_THAT(ablation.out, !Catch::Contains("survives"));
  CHECK_THAT(ablation.out, Catch::EndsWith("\nundecided without sequence bit (a limit stopped "
                                           "the check, above): raise it to know whether "
                                           "completes rests on it\n"));
}

// The property is the second argument or, as check, simulate and diagram name one,
// --property; a missing or unknown one is answered with the scenario's properties, named
// the way the user gave it.
TEST_CASE("explain takes its property as an argument or as --property") {
  Run positional = run_synack("explain tcp/two-way-handshake connects");
  Run option = run_synack("explain tcp/two-way-handshake --property connects");
  CHECK(positional.exit_code == 0);
  CHECK(option.exit_code == 0);
  CHECK_THAT(option.out, Catch::StartsWith("tcp/two-way-handshake connects: holds (53 states)\n"));
  CHECK(option.out == positional.out);
  CHECK(run_synack("explain tcp/two-way-handshake connects --property connects").exit_code == 0);

  const std::string known = "no-stale-connection, server-knows-client-receives, connects\n";
  Run missing = run_synack("explain tcp/two-way-handshake");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err ==
        "synack: explain: name a property of tcp/two-way-handshake, as in 'synack explain "
        "tcp/two-way-handshake no-stale-connection'; its properties: " +
            known);
  Run unknown = run_synack("explain tcp/two-way-handshake nope");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err == "synack: unknown property 'nope' of tcp/two-way-handshake; known: " + known);
  Run unknown_option = run_synack("explain tcp/two-way-handshake --property conects");
  CHECK(unknown_option.exit_code == 2);
  CHECK(unknown_option.err ==
        "synack: --property conects: unknown property of tcp/two-way-handshake; did you mean "
        "connects? (known: " +
            known.substr(0, known.size() - 1) + ")\n");
  Run both = run_synack("explain tcp/two-way-handshake connects --property no-stale-connection");
  CHECK(both.exit_code == 2);
  CHECK(both.err ==
        "synack: explain: two properties given (connects and --property no-stale-connection); "
        "explain takes one\n");
  Run no_scenario = run_synack("explain tcp/quic connects");
  CHECK(no_scenario.exit_code == 2);
  CHECK_THAT(no_scenario.err, Catch::StartsWith("synack: unknown scenario 'tcp/quic'; known: "));
}
