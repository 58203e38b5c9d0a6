// A scenario's name that an option took as one of its values (every option that takes
// several takes the words after it), an ad-hoc property's error with several scenarios,
// and an empty side of --leads-to: each named in one line, exit 2.
#include <catch2/catch.hpp>

#include <string>

#include "cli_run.hpp"

using synack::testing::Run;
using synack::testing::run_synack;

TEST_CASE("bad input: a scenario's name taken by an option is named as such") {
  struct Case {
    std::string args;
    std::string message;
  };
  const Case cases[] = {
      {"check --set channel.capacity=2 tcp/two-way-handshake",
       "synack: name at least one scenario: tcp/two-way-handshake was read as a value of --set "
       "(each --set takes the words after it: name the scenarios first)\n"},
      {"check --always 'client.state != CLOSED' tcp/two-way-handshake",
       "synack: name at least one scenario: tcp/two-way-handshake was read as a value of "
       "--always (each --always takes the words after it: name the scenarios first)\n"},
      {"check tcp/two-way-handshake --property connects tcp/three-way-handshake",
       "synack: --property tcp/three-way-handshake: a scenario, read as a value of --property "
       "(each --property takes the words after it: name the scenarios first)\n"},
      {"check tcp/two-way-handshake --always 'client.state != CLOSED' tcp/three-way-handshake",
       "synack: --always tcp/three-way-handshake: a scenario, read as a property (each --always "
       "takes the words after it: name the scenarios first)\n"},
      {"check tcp/two-way-handshake --set channel.capacity=2 tcp/three-way-handshake",
       "synack: --set tcp/three-way-handshake: a scenario, read as a value of --set (each --set "
       "takes the words after it: name the scenarios first)\n"},
      {"check tcp/two-way-handshake tcp/three-way-handshake --always 'client.stat == CLOSED'",
       "synack: tcp/two-way-handshake: property 'client.stat == CLOSED': unknown slot "
       "'client.stat'; did you mean client.state? (slots: client.state, client.iss, client.irs, "
       "client.snd_una, client.snd_nxt, client.rcv_nxt, client.retries, client.passive, "
       "client.incarnation, client.isn_clock, client.isn_step, client.queued, ... (32 more))\n"},
  };
  for (const Case& c : cases) {
    INFO(c.args);
    Run r = run_synack(c.args);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == c.message);
  }
}

// An empty side of --leads-to reached the parser as "property '': expected a slot name",
// naming neither the option nor the side.
TEST_CASE("bad input: an empty side of --leads-to is named") {
  Run premise = run_synack("check tcp/two-way-handshake --leads-to ' => client.state == CLOSED'");
  CHECK(premise.exit_code == 2);
  CHECK(premise.err ==
        "synack: --leads-to ' => client.state == CLOSED': the premise is empty; write 'PREMISE => "
        "CONSEQUENCE', both expressions\n");
  Run then = run_synack("check tcp/two-way-handshake --leads-to 'client.state == CLOSED =>'");
  CHECK(then.exit_code == 2);
  CHECK(then.err ==
        "synack: --leads-to 'client.state == CLOSED =>': the consequence is empty; write 'PREMISE "
        "=> CONSEQUENCE', both expressions\n");
}
