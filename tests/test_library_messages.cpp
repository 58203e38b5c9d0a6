// A user's own tool over run_cli, as a reviewer met it: its messages name the tool, an
// empty catalog checks nothing and says so, a declaration the properties could not name
// is refused with what is valid, and a chart of three actors ends each arrow at its own
// receiver.
#include <catch2/catch.hpp>

#include <iostream>
#include <sstream>
#include <stdexcept>

#include "checker/errors.hpp"
#include "checker/program_name.hpp"
#include "library/ping_scenario.hpp"
#include "library/toy_machine.hpp"
#include "synack/cli.hpp"
#include "tool_run.hpp"

namespace {

using synack::InputError;
using toy::ping_array;

using synack::testing::run_tool;
using synack::testing::ToolRun;

}  // namespace

// The caller after its callees: its Pings run right to left, over b[1]'s lifeline to b[0].
synack::ScenarioBuilder callees_first() {
  return synack::ScenarioBuilder("toy/callees-first", "two callees and a caller")
      .channel_params(1, 0)
      .model([](synack::Composition& c) {
        const toy::Params caller{2, 2, 0, true};
        auto b = c.actors("b", 2, [&](int) { return toy::make_toy(caller); });
        auto a = c.actor("a", toy::make_toy(caller), {"call"});
        c.channels("a_b", a, b, c.channel_policy());
        c.channels("b_a", b, a, c.channel_policy());
      });
}

TEST_CASE("library: a chart of three actors ends each arrow on its receiver's lifeline") {
  // a calls twice: a Ping to b[1] (port 1), then one to b[0] (port 0), each delivered.
  const char* both_pinged = "b[0].count == 1 && b[1].count == 1";
  synack::Catalog catalog{ping_array().sometimes("both-pinged", both_pinged, ""),
                          callees_first().sometimes("both-pinged", both_pinged, "")};
  ToolRun run = run_tool(catalog, {"check", "--all", "--chart"});
  CHECK(run.code == 0);
  // Each chart runs from its header to the blank line after it.
  const auto chart = [&](const std::string& header) {
    const std::size_t from = run.out.find(header);
    if (from == std::string::npos) return std::string();
    return run.out.substr(from, run.out.find("\n\n", from) + 1 - from);
  };
  // Left to right: the Ping to b[1] crosses b[0]'s lifeline and ends on b[1]'s.
  CHECK(chart("  step  a  ") ==
        "  step  a                             b[0]                          b[1]\n"
        "     0  IDLE                          IDLE                          IDLE\n"
        "     1  call                          |                             |\n"
        "     2  call                          |                             |\n"
        "     3  |                             rcv Ping                      |\n"
        "        |-- pong=0 to=0 (sent at 2) -->\n"
        "     4  |                             |                             rcv Ping\n"
        "        |-- pong=0 to=1 (sent at 1) -------------------------------->\n"
        "        still in flight: pong=1 to=0 from b[0] to a (sent at 3)\n"
        "        still in flight: pong=1 to=0 from b[1] to a (sent at 4)\n");
  // Right to left: the label by the sender, a, the head on b[0]'s lifeline.
  CHECK(chart("  step  b[0]") ==
        "  step  b[0]                          b[1]                          a\n"
        "     0  IDLE                          IDLE                          IDLE\n"
        "     1  |                             |                             call\n"
        "     2  |                             |                             call\n"
        "     3  rcv Ping                      |                             |\n"
        "        <-------------------------------- pong=0 to=0 (sent at 2) --|\n"
        "     4  |                             rcv Ping                      |\n"
        "                                      <-- pong=0 to=1 (sent at 1) --|\n"
        "        still in flight: pong=1 to=0 from b[0] to a (sent at 3)\n"
        "        still in flight: pong=1 to=0 from b[1] to a (sent at 4)\n");
}

TEST_CASE("library: an empty catalog or one without properties checks nothing, exit 2") {
  const synack::Catalog empty;
  for (const std::vector<const char*>& args :
       {std::vector<const char*>{"check", "--all", "--expect"}, {"check", "--all"}}) {
    ToolRun run = run_tool(empty, args);
    CHECK(run.code == 2);
    CHECK(run.out.empty());
    CHECK(run.err ==
          "mytool: no scenarios to check: the catalog is empty (give run_cli a Catalog with "
          "scenarios)\n");
  }
  ToolRun run = run_tool(synack::Catalog{ping_array()}, {"check", "--all", "--expect"});
  CHECK(run.code == 2);
  CHECK(run.err ==
        "mytool: no properties to check: toy/ping declares none (add one with .always(...) or "
        "another property on the scenario builder)\n");
}

TEST_CASE("library: a user's tool names itself where a message says what to type") {
  synack::Catalog catalog{ping_array().always("calls-bounded", "a.count <= 2", "")};
  ToolRun run = run_tool(catalog, {"check"});
  CHECK(run.code == 2);
  CHECK(run.err == "mytool: name at least one scenario or use --all (see 'mytool list')\n");
  run = run_tool(catalog, {"explain", "toy/ping"});
  CHECK(run.code == 2);
  CHECK(run.err ==
        "mytool: explain: name a property of toy/ping, as in 'mytool explain toy/ping "
        "calls-bounded'; its properties: calls-bounded\n");
  run = run_tool(catalog, {"simulate", "toy/ping", "--runs", "2", "--seed", "1", "--quiet"});
  CHECK(run.code == 0);
  CHECK_THAT(run.out, Catch::EndsWith("(not a proof: 'mytool check' explores every state)\n"));
  run = run_tool(catalog, {"--help"});
  CHECK(run.code == 0);
  CHECK_THAT(run.out, Catch::StartsWith("mytool: a formal verifier for protocol state machines"));
  run = run_tool(catalog, {"check", "--help"});
  CHECK_THAT(run.out, Catch::Contains("(see 'mytool list')"));
  // The name is the tool's while run_cli runs, and synack's again after.
  CHECK(synack::checker::program_name() == "synack");
}

TEST_CASE("library: an actor's name is one a property can spell") {
  auto actor_named = [](std::string name) {
    synack::Scenario s =
        synack::ScenarioBuilder("toy/name", "").model([name](synack::Composition& c) {
          c.actor(name, toy::make_toy({}));
        });
    return s;
  };
  for (const std::string name : {"my.client", "the server", "b[0]", "0b", ""}) {
    synack::Scenario s = actor_named(name);
    REQUIRE_THROWS_WITH(s.build(s.defaults()),
                        "actor name '" + name +
                            "': use letters, digits and '_', starting with a letter or '_' "
                            "(properties name its variables as NAME.variable), like 'client'");
  }
  for (const std::string name : {"client", "_c2", "Server_1"}) {
    synack::Scenario s = actor_named(name);
    CHECK_NOTHROW(s.build(s.defaults()));
  }
  synack::Scenario array =
      synack::ScenarioBuilder("toy/name", "").model([](synack::Composition& c) {
        c.actors("my.clients", 2, [](int) { return toy::make_toy({}); });
      });
  REQUIRE_THROWS_WITH(array.build(array.defaults()),
                      "actor array name 'my.clients': use letters, digits and '_', starting "
                      "with a letter or '_' (properties name its variables as NAME.variable), "
                      "like 'client'");
  // Through the tool: one line, exit 2.
  ToolRun run = run_tool(synack::Catalog{actor_named("my.client")}, {"check", "toy/name"});
  CHECK(run.code == 2);
}

TEST_CASE("library: channel_policy() without channel_params() says what to call") {
  synack::Scenario s = synack::ScenarioBuilder("toy/bad", "").model([](synack::Composition& c) {
    auto a = c.actor("a", toy::make_toy({}), {"call"});
    auto b = c.actor("b", toy::make_toy({}));
    c.channel("a_b", a, b, c.channel_policy());
  });
  REQUIRE_THROWS_WITH(
      s.build(s.defaults()),
      "channel_policy() needs .channel_params(...) on the scenario builder: the channel "
      "parameters it reads are not declared (missing: channel.capacity, channel.duplicates, "
      "channel.lossy, channel.ordered)");
}

TEST_CASE("library: wrong fairness names the property and offers the arrays") {
  synack::Catalog catalog{
      ping_array().eventually("called", "a.count == 1", {"wf(bs)"}, "a misspelt array")};
  ToolRun run = run_tool(catalog, {"check", "toy/ping"});
  CHECK(run.code == 2);
  CHECK(run.err ==
        "mytool: toy/ping, property called: fairness 'wf(bs)': not an actor or a transition "
        "group; actors: a, b[0], b[1]; arrays, for each member: b (or a group, as in a.call)\n");
  // A constraint of no known form is refused when the scenario is built: `list` too.
  synack::Scenario misspelt =
      ping_array().eventually("called", "a.count == 1", {"fairloss"}, "a misspelt constraint");
  CHECK(misspelt.error ==
        "scenario toy/ping, property called: fairness 'fairloss': unknown constraint; valid: "
        "wf(ACTOR), wf(ARRAY), wf(GROUP), fair-loss, fair-loss(CHANNEL)");
  run = run_tool(synack::Catalog{misspelt}, {"list"});
  CHECK(run.code == 2);
  CHECK(run.err == "mytool: " + misspelt.error + "\n");
}

TEST_CASE("library: a wrong parameter range or property name says which mistake it is") {
  CHECK(ping_array().param("foo", 2, 5, 1, "").build().error ==
        "scenario toy/ping: parameter foo has min 5 above its max 1; give min <= default <= "
        "max");
  CHECK(ping_array().always("", "true", "").always("p", "true", "").build().error ==
        "scenario toy/ping: property 1 of 2 has an empty name; give each property a name");
  CHECK(ping_array().always("mutex", "true", "").sometimes("mutex", "true", "").build().error ==
        "scenario toy/ping: two properties are named 'mutex'; give each its own name");
}

TEST_CASE("library: value_names gives one name per value, whatever the Params") {
  // phase's largest value is 2 here, and value_names("phase") names two values.
  toy::Params params;
  params.phase_bound = 2;
  REQUIRE_THROWS_WITH(
      toy::make_toy(params),
      "toy: value_names(\"phase\") gives 2 names for the values 0..2: give exactly 3, one per "
      "value, or none (value_names cannot see Params: a variable whose largest value depends "
      "on them takes no names)");
}

TEST_CASE("library: a model function that throws is the user's mistake, exit 2") {
  // A model function may refuse a combination of its parameters the way C++ code does.
  auto refusing = [](auto thrown) {
    return synack::ScenarioBuilder("toy/refusing", "")
        .channel_params(1, 0)
        .param("window", 3, 1, 4, "")
        .model([thrown](synack::Composition& c) {
          if (c.param("window") > 2) throw thrown;
          auto a = c.actor("a", toy::make_toy({}), {"call"});
          auto b = c.actor("b", toy::make_toy({}));
          c.channel("a_b", a, b, c.channel_policy());
          c.channel("b_a", b, a, c.channel_policy());
        })
        .always("p", "true", "")
        .build();
  };
  ToolRun run =
      run_tool({refusing(std::invalid_argument("window must be at most 2"))}, {"check", "--all"});
  CHECK(run.code == 2);
  CHECK(run.err ==
        "mytool: scenario toy/refusing: its model function threw std::invalid_argument \"window "
        "must be at most 2\" with parameters channel.capacity=1 channel.duplicates=0 "
        "channel.lossy=1 channel.ordered=0 window=3; fix the model function, or set other "
        "parameter values\n");
  run = run_tool({refusing(42)}, {"check", "--all", "--set", "window=4"});
  CHECK(run.code == 2);
  CHECK(run.err ==
        "mytool: scenario toy/refusing: its model function threw an exception that is not a "
        "std::exception with parameters channel.capacity=1 channel.duplicates=0 "
        "channel.lossy=1 channel.ordered=0 window=4; fix the model function, or set other "
        "parameter values\n");
  run = run_tool({refusing(42)}, {"check", "--all", "--set", "window=2"});
  CHECK(run.code == 0);
}
