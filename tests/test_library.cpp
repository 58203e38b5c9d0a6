// The public API as a user meets it: the scenario builder over a user's machine
// (tests/library/toy_machine.cpp), ports and arrays, named values, and every user
// mistake answered as an input error that names it.
#include <catch2/catch.hpp>

#include <iostream>
#include <sstream>

#include "checker/check.hpp"
#include "checker/errors.hpp"
#include "checker/smt/smt_check.hpp"
#include "checker/unhandled.hpp"
#include "library/monitored_arq.hpp"
#include "library/ping_scenario.hpp"
#include "library/toy_machine.hpp"
#include "machines/arq/arq.hpp"
#include "synack/bundled.hpp"
#include "synack/cli.hpp"

namespace {

using synack::InputError;

using toy::ping_array;

std::vector<synack::checker::Result> check_at(const synack::Scenario& s,
                                              const synack::ParamValues& values) {
  auto model = s.build(values);
  return synack::checker::check_properties(*model, s.properties, {});
}

}  // namespace

TEST_CASE("library: ports route each message to its channel, arrays and named values") {
  synack::Scenario s =
      ping_array()
          .sometimes("b1-pinged", "b[1].count == 1", "the first Ping goes to port 1, b[1]")
          .always("b0-after-second-call", "b[0].count == 0 || a.count == 2",
                  "b[0] hears only the second call")
          .always("phase-names", "a.phase == ON -> a.count == 1", "odd calls leave phase ON")
          .always("quantified", "(count r in b: r.count == 1) <= a.count", "one Pong per call")
          .build();
  auto results = check_at(s, s.defaults());
  REQUIRE(results.size() == 4);
  for (const auto& r : results) CHECK(r.verdict == synack::Verdict::kHolds);
  CHECK(results[1].states == 21);
  const auto& trace = results[0].trace.value();
  REQUIRE(trace.steps.size() == 2);
  CHECK(trace.steps[0].info.sent == std::vector<std::string>{"pong=0 to=1"});
  CHECK(trace.steps[0].info.sent_on == std::vector<std::string>{"a_b[1]"});
  CHECK(trace.steps[0].info.sent_to == std::vector<std::string>{"b[1]"});
  CHECK(trace.steps[1].info.actor == "b[1]");
  CHECK(trace.steps[1].info.event == "rcv Ping");
}

TEST_CASE("library: user mistakes are input errors naming the actor, event or variable") {
  SECTION("a misspelt environment event") {
    synack::Scenario s = synack::ScenarioBuilder("toy/bad", "").model([](synack::Composition& c) {
      c.actor("a", toy::make_toy({}), {"cal"});
    });
    REQUIRE_THROWS_WITH(s.build(s.defaults()),
                        "actor a: machine toy has no environment event 'cal'; its environment "
                        "events: call");
  }
  SECTION("two channels of one name") {
    synack::Scenario s =
        synack::ScenarioBuilder("toy/bad", "").channel_params().model([](synack::Composition& c) {
          auto a = c.actor("a", toy::make_toy({}), {"call"});
          auto b = c.actor("b", toy::make_toy({}));
          c.channel("ab", a, b, c.channel_policy());
          c.channel("ab", b, a, c.channel_policy());
        });
    REQUIRE_THROWS_WITH(s.build(s.defaults()), "two channels are named ab");
  }
  SECTION("two ends of a channel that number messages differently") {
    synack::Scenario s =
        synack::ScenarioBuilder("toy/bad", "").channel_params().model([](synack::Composition& c) {
          auto a = c.actor("a", toy::make_toy({2, 2, 0, true}), {"call"});
          auto b = c.actor("b", toy::make_toy({}));
          c.channel("ab", a, b, c.channel_policy());
        });
    REQUIRE_THROWS_WITH(s.build(s.defaults()),
                        "channel ab: a numbers its messages as toy::machine::Msg{pong<=1 to<=1} "
                        "but b reads them as toy::machine::Msg{pong<=1 to<=0}; give both "
                        "machines the same message_bounds");
  }
  SECTION("a variable that reuses a slot's name") {
    REQUIRE_THROWS_WITH(
        [] {
          synack::checker::Layout layout;
          layout.add({"a.state", 1, {}, nullptr});
          layout.add({"a.state", 1, {}, nullptr});
        }(),
        "two slots are named a.state (a variable named like the control state, or an actor "
        "and a channel of the same name); rename one");
  }
  SECTION("two actors of one name") {
    synack::Scenario s = synack::ScenarioBuilder("toy/bad", "").model([](synack::Composition& c) {
      c.actor("a", toy::make_toy({}));
      c.actor("a", toy::make_toy({}));
    });
    REQUIRE_THROWS_WITH(s.build(s.defaults()), "two actors are named a");
  }
  SECTION("a parameter the scenario does not declare") {
    synack::Scenario s = synack::ScenarioBuilder("toy/bad", "").model([](synack::Composition& c) {
      c.actor("a", toy::make_toy({c.param("a.peers")}));
    });
    REQUIRE_THROWS_WITH(s.build(s.defaults()),
                        "the model reads parameter 'a.peers', which the scenario does not "
                        "declare; declared: none");
  }
  SECTION("an actor that sends without a channel") {
    synack::Scenario s =
        synack::ScenarioBuilder("toy/bad", "")
            .model([](synack::Composition& c) { c.actor("a", toy::make_toy({}), {"call"}); })
            .always("ok", "true", "");
    REQUIRE_THROWS_WITH(check_at(s, s.defaults()),
                        "actor a sent pong=0 to=0 but has no outgoing channel; add a channel "
                        "from a");
  }
  SECTION("a port past the actor's channels") {
    // a addresses two callees, the scenario wires one.
    synack::Scenario s = ping_array().always("ok", "true", "");
    REQUIRE_THROWS_WITH(check_at(s, {{"b.count", 1},
                                     {"channel.capacity", 1},
                                     {"channel.duplicates", 0},
                                     {"channel.lossy", 1},
                                     {"channel.ordered", 0}}),
                        "actor a sent pong=0 to=1 on port 1, but its channels are ports 0..0");
  }
  SECTION("a message outside its codec") {
    // Ping to=1 where the machine numbers messages for one peer: it has no code.
    synack::Scenario s = ping_array({1, 2, 1, true}).always("ok", "true", "");
    REQUIRE_THROWS_WITH(
        check_at(s, s.defaults()),
        "a (machine toy): sent message field to = 1 outside its declared range 0..0 "
        "(widen it in message_bounds, or find the row that sent it)");
  }
  SECTION("a variable leaving its declared bound") {
    synack::Scenario s = ping_array({2, 1, 0, true}).always("ok", "true", "");
    REQUIRE_THROWS_WITH(
        check_at(s, s.defaults()),
        "a (machine toy): variable count = 2 outside its declared range 0..1 (widen it in "
        "var_bounds, or find the row that took it there)");
  }
  SECTION("a declaration the builder refuses") {
    CHECK(synack::ScenarioBuilder("toy/bad", "").build().error ==
          "scenario toy/bad has no model: call .model([](synack::Composition& c) {...})");
    REQUIRE_THROWS_WITH(ping_array().always("p", "true", "").sometimes("p", "true", "").validate(),
                        "scenario toy/ping: two properties are named 'p'; give each its own "
                        "name");
    synack::Scenario wrong = ping_array().param("x", 7, 0, 3, "");
    CHECK(wrong.error == "scenario toy/ping: parameter x has default 7 outside 0..3");
    REQUIRE_THROWS_WITH(wrong.build(wrong.defaults()), wrong.error);
  }
}

TEST_CASE("library: run_cli refuses a wrong declaration with one line, exit 2") {
  synack::Catalog catalog{ping_array().param("x", 7, 0, 3, ""), ping_array()};
  std::ostringstream err;
  auto* old = std::cerr.rdbuf(err.rdbuf());
  const char* args[] = {"mytool", "list"};
  int code = synack::run_cli(2, const_cast<char**>(args), catalog);
  std::cerr.rdbuf(old);
  CHECK(code == 2);
  CHECK(err.str() == "mytool: scenario toy/ping: parameter x has default 7 outside 0..3\n");
  synack::Catalog twice{ping_array(), ping_array()};
  err.str("");
  old = std::cerr.rdbuf(err.rdbuf());
  code = synack::run_cli(2, const_cast<char**>(args), twice);
  std::cerr.rdbuf(old);
  CHECK(code == 2);
  CHECK(err.str() == "mytool: two scenarios are named toy/ping; give each its own name\n");
  // A name the user wrote is echoed as text, escaped and shortened like any echo.
  const std::string name = "toy/\x1b[31m" + std::string(200, 'x');
  synack::Catalog hostile{synack::ScenarioBuilder(name, "").build()};
  err.str("");
  old = std::cerr.rdbuf(err.rdbuf());
  code = synack::run_cli(2, const_cast<char**>(args), hostile);
  std::cerr.rdbuf(old);
  CHECK(code == 2);
  CHECK(err.str() == "mytool: scenario toy/\\x1b[31m" + std::string(39, 'x') + "..." +
                         std::string(32, 'x') +
                         " (209 characters) has no model: call .model([](synack::Composition& "
                         "c) {...})\n");
}

TEST_CASE(
    "library: run_cli over a user's catalog exits 2 with one line and the run on a user mistake") {
  synack::Catalog catalog{ping_array({2, 1, 0, true}).always("ok", "true", "").build()};
  std::ostringstream err;
  auto* old = std::cerr.rdbuf(err.rdbuf());
  const char* args[] = {"mytool", "check", "toy/ping"};
  int code = synack::run_cli(3, const_cast<char**>(args), catalog);
  std::cerr.rdbuf(old);
  CHECK(code == 2);
  // The one line, then the shortest run that leaves the range.
  CHECK(err.str() ==
        "mytool: a (machine toy): variable count = 2 outside its declared range 0..1 (widen it in "
        "var_bounds, or find the row that took it there)\n"
        "the run that leads there (2 steps, found by explicit; the steps before the last "
        "replayed through the Boost.MSM machines):\n"
        "  0. (initial)  a=IDLE b[0]=IDLE b[1]=IDLE\n"
        "  1. a.call     a=IDLE b[0]=IDLE b[1]=IDLE\n"
        "  2. a.call     (fails here)\n");
}

TEST_CASE("library: a user's catalog lists its own scenarios, not synack's learned families") {
  synack::Catalog catalog{ping_array().always("ok", "true", "").build()};
  auto run = [&](std::vector<const char*> args, std::string& out, std::string& err) {
    std::ostringstream o, e;
    auto* old_out = std::cout.rdbuf(o.rdbuf());
    auto* old_err = std::cerr.rdbuf(e.rdbuf());
    int code =
        synack::run_cli(static_cast<int>(args.size()), const_cast<char**>(args.data()), catalog);
    std::cout.rdbuf(old_out);
    std::cerr.rdbuf(old_err);
    out = o.str();
    err = e.str();
    return code;
  };
  std::string out, err;
  CHECK(run({"mytool", "list"}, out, err) == 0);
  CHECK(out.find("toy/ping") != std::string::npos);
  CHECK(out.find("learned/") == std::string::npos);
  CHECK(run({"mytool", "check", "learned/example-tls-servers"}, out, err) == 2);
  CHECK(err.starts_with("mytool: unknown scenario 'learned/example-tls-servers'"));
  // A property of the scenario's own with a name that is not there: refused before any
  // run, naming the scenario and the property.
  synack::Catalog typo{ping_array().always("ok", "true", "").always("off", "a.phase == OF", "")};
  std::ostringstream e;
  auto* old_err = std::cerr.rdbuf(e.rdbuf());
  const char* check_at[] = {"mytool", "check", "toy/ping"};
  CHECK(synack::run_cli(3, const_cast<char**>(check_at), typo) == 2);
  std::cerr.rdbuf(old_err);
  CHECK(e.str() ==
        "mytool: toy/ping, property off: property 'a.phase == OF': 'OF' is not a value of "
        "a.phase; did you mean OFF or ON? (its values: OFF, ON)\n");
  // synack's own catalog offers them.
  catalog.add(synack::bundled::catalog());
  CHECK(run({"mytool", "list"}, out, err) == 0);
  CHECK(out.find("learned/example-tls-servers") != std::string::npos);
}

TEST_CASE("library: messages no event matches are listed as unhandled inputs") {
  synack::Scenario s = ping_array().build();
  auto model = s.build(s.defaults());
  auto report = synack::checker::unhandled_inputs(*model, {});
  CHECK(report.complete);
  CHECK(report.states == 21);
  // The callees' Pongs match no receive event of the caller: "rcv", the message named.
  REQUIRE(report.inputs.size() == 1);
  CHECK(report.inputs[0].actor == "a");
  CHECK(report.inputs[0].state == "IDLE");
  CHECK(report.inputs[0].input == "rcv");
  CHECK(report.inputs[0].example.starts_with("pong=1"));
}

TEST_CASE("library: spec monitors watch each step; properties read their variables") {
  synack::MonitorSpec pings{
      "history",
      {{"pings", 3}},
      {{"exists r in b: r.count' != r.count", {{"pings", "history.pings + 1"}}}}};
  // Which callee heard first: an error-style monitor whose bad value an always forbids.
  synack::MonitorSpec order{
      "order",
      {{"first", 2, 0, {"NONE", "B1", "B0"}}},
      {{"order.first == NONE && b[1].count' > b[1].count", {{"first", "1"}}},
       {"order.first == NONE && b[0].count' > b[0].count", {{"first", "2"}}}}};
  synack::Scenario s = synack::ScenarioBuilder("toy/monitored", "")
                           .param("b.count", 2, 1, 2, "callees")
                           .channel_params(1, 0)
                           .model([&](synack::Composition& c) {
                             toy::Params p{2, 2, 0, true};
                             auto a = c.actor("a", toy::make_toy(p), {"call"});
                             auto b = c.actors("b", 2, [&](int) { return toy::make_toy(p); });
                             c.channels("a_b", a, b, c.channel_policy());
                             c.channels("b_a", b, a, c.channel_policy());
                             c.monitor(pings);
                             c.monitor(order);
                           })
                           .always("pings-follow-calls", "history.pings <= a.count", "")
                           .sometimes("both-pinged", "history.pings == 2", "")
                           .always("b1-first", "order.first != B0", "")
                           .build();
  auto model = s.build(s.defaults());
  auto results = synack::checker::check_properties(*model, s.properties, {});
  REQUIRE(results.size() == 3);
  CHECK(results[0].verdict == synack::Verdict::kHolds);
  CHECK(results[1].verdict == synack::Verdict::kHolds);
  CHECK(results[1].trace.value().steps.size() == 4);
  // b[0]'s Ping (the second call's) can overtake b[1]'s: they travel on different channels.
  CHECK(results[2].verdict == synack::Verdict::kViolated);
  const auto& trace = results[2].trace.value();
  REQUIRE(trace.steps.size() == 3);
  CHECK(trace.steps[2].info.actor == "b[0]");
  CHECK(model->layout()
            .slot(*model->layout().find("order.first"))
            .print(trace.steps[2].state.at(*model->layout().find("order.first"))) == "B0");

  // Mistakes in a monitor name it.
  synack::MonitorSpec wrong{"history", {{"pings", 3}}, {{"true", {{"pong", "1"}}}}};
  synack::Scenario bad = synack::ScenarioBuilder("toy/bad", "").model([&](synack::Composition& c) {
    c.actor("a", toy::make_toy({}));
    c.monitor(wrong);
  });
  REQUIRE_THROWS_WITH(bad.build(bad.defaults()),
                      "monitor history: a rule sets 'pong', which is not one of its variables: "
                      "pings");
}

TEST_CASE("library: the Z3 engines run spec monitors like the explicit engine") {
  // Stop-and-wait ARQ (bundled, value-generic) with a monitor counting acknowledged
  // messages as the sender moves on: a history count no machine keeps.
  synack::MonitorSpec acks{
      "acks", {{"count", 3}}, {{"sender.next' != sender.next", {{"count", "acks.count + 1"}}}}};
  // Which step it was: the sender's own steps while it waits are its timeouts.
  synack::MonitorSpec resends{"resends",
                              {{"n", 3}},
                              {{"step.kind == env && step.actor == sender && "
                                "sender.state == WAIT_ACK",
                                {{"n", "min(resends.n + 1, 3)"}}}}};
  // A later monitor reads an earlier one's new value: monitors run in order, and
  // acks.count' is the count after acks has seen the step (in every engine).
  synack::MonitorSpec seen{"seen", {{"x", 1}}, {{"acks.count' != acks.count", {{"x", "1"}}}}};
  synack::Scenario s = synack::testing::monitored_arq("arq/monitored", {acks, resends, seen})
                           .always("counts-next", "acks.count == sender.next", "")
                           .sometimes("two-acked", "acks.count == 2", "")
                           .always("never-two", "acks.count < 2", "")
                           .sometimes("resent-twice", "resends.n == 2", "")
                           .always("none-seen", "seen.x == 0", "")
                           .build();
  auto model = s.build(s.defaults());
  auto explicit_results = synack::checker::check_properties(*model, s.properties, {});
  synack::checker::smt::SmtLimits limits;
  limits.max_depth = 8;
  auto bmc = synack::checker::smt::check_with_smt(*model, s.properties,
                                                  synack::checker::smt::Engine::kBmc, limits);
  REQUIRE(explicit_results.size() == 5);
  REQUIRE(bmc.size() == 5);
  CHECK(explicit_results[0].verdict == synack::Verdict::kHolds);
  CHECK(bmc[0].verdict == synack::Verdict::kBoundedHolds);
  // The same shortest witness and counterexample, replayed with the monitor.
  CHECK(explicit_results[1].verdict == synack::Verdict::kHolds);
  CHECK(bmc[1].verdict == synack::Verdict::kHolds);
  CHECK(bmc[1].trace.value().steps.size() == explicit_results[1].trace.value().steps.size());
  CHECK(explicit_results[2].verdict == synack::Verdict::kViolated);
  CHECK(bmc[2].verdict == synack::Verdict::kViolated);
  CHECK(bmc[2].trace.value().steps.size() == 6);
  CHECK(explicit_results[2].trace.value().steps.size() == 6);
  // send, timeout, timeout: both engines see the step's kind and actor.
  CHECK(explicit_results[3].trace.value().steps.size() == 3);
  CHECK(bmc[3].trace.value().steps.size() == 3);
  CHECK(explicit_results[3].trace.value().steps[2].info.event == "timeout");
  // The first acknowledgement: send, deliver the message, deliver its ack. The Z3 engines
  // once showed a monitor the earlier monitors' values from before the step, and bmc found
  // nothing here while k-induction proved the property.
  CHECK(explicit_results[4].verdict == synack::Verdict::kViolated);
  CHECK(explicit_results[4].trace.value().steps.size() == 3);
  CHECK(bmc[4].verdict == synack::Verdict::kViolated);
  CHECK(bmc[4].trace.value().steps.size() == 3);
  auto kind = synack::checker::smt::check_with_smt(*model, {s.properties[4]},
                                                   synack::checker::smt::Engine::kKind, {});
  CHECK(kind.at(0).verdict == synack::Verdict::kViolated);
  // Spacer proves the count follows the sender, for runs of any length.
  auto spacer = synack::checker::smt::check_with_smt(*model, {s.properties[0]},
                                                     synack::checker::smt::Engine::kSpacer, {});
  CHECK(spacer.at(0).verdict == synack::Verdict::kHolds);
}

TEST_CASE("library: a monitor's write out of range stops the Z3 engines as the explicit one") {
  // The first rule writes 2 into a 0..1 variable when the sender moves on; the second
  // writes 0 on every step. The explicit engine stops at the first write out of range; Z3
  // once saw only the step's final value, 0, and said the property held.
  synack::MonitorSpec spill{
      "spill", {{"x", 1}}, {{"sender.next' != sender.next", {{"x", "2"}}}, {"true", {{"x", "0"}}}}};
  synack::Scenario s = synack::testing::monitored_arq("arq/spilling", {spill})
                           .always("zero", "spill.x == 0", "")
                           .build();
  auto model = s.build(s.defaults());
  auto explicit_failure = synack::testing::step_failure(
      [&] { synack::checker::check_properties(*model, s.properties, {}); });
  synack::checker::smt::SmtLimits limits;
  limits.max_depth = 6;
  auto bmc_failure = synack::testing::step_failure([&] {
    synack::checker::smt::check_with_smt(*model, s.properties, synack::checker::smt::Engine::kBmc,
                                         limits);
  });
  CHECK(explicit_failure.first == "monitor spill: variable x = 2 outside its range 0..1");
  CHECK(explicit_failure.second == 3);  // send, deliver, deliver the ack
  CHECK(bmc_failure == explicit_failure);
}

// explain on a user's scenario: a mechanism without which the property holds only because
// its premise is never met is neither needed nor survived, and the output says which.
TEST_CASE("library: explain tells a vacuous ablation from a surviving one") {
  // Both Pings lost and nothing in flight: only a lossy channel gets there.
  const std::string lost =
      "a.count == 2 && b[0].count == 0 && b[1].count == 0 && a_b[0][0] == 0 && a_b[1][0] == 0";
  synack::Catalog catalog{ping_array()
                              .always("after-loss", lost + " -> a.phase == OFF", "")
                              .always("never", "a.count == 3 -> false", "")
                              .mechanism("loss", "messages may be lost", {"channel.lossy=false"})
                              .build()};
  std::ostringstream out;
  auto* old = std::cout.rdbuf(out.rdbuf());
  const char* args[] = {"mytool", "explain", "toy/ping", "after-loss"};
  int code = synack::run_cli(4, const_cast<char**>(args), catalog);
  std::cout.rdbuf(old);
  CHECK(code == 0);
  CHECK_THAT(out.str(), Catch::StartsWith("toy/ping after-loss: holds ("));
  CHECK_THAT(out.str(),
             Catch::Contains("  loss                         (channel.lossy=false): holds "
                             "vacuously: '" +
                             lost + "' is never met\n"));
  CHECK_THAT(out.str(), Catch::Contains("\nwithout loss, after-loss holds only vacuously: its "
                                        "premise is never met, so it says nothing there\n"));
  CHECK_THAT(out.str(), !Catch::Contains("survives"));
  // Reached with loss or with a duplicate Ping (b[1] counting it twice): each mechanism
  // alone survives, both at once leave the premise unmet, which is no survival either.
  const std::string lost2 =
      "(a.count == 2 && b[0].count == 0 && b[1].count == 0 && a_b[0][0] "
      "== 0 && a_b[0][1] == 0 && a_b[1][0] == 0 && a_b[1][1] == 0) || "
      "b[1].count == 2";
  synack::Catalog pair{ping_array()
                           .always("either", lost2 + " -> a.count <= 2", "")
                           .mechanism("loss", "messages may be lost", {"channel.lossy=false"})
                           .mechanism("dup", "messages may be duplicated", {"channel.duplicates=0"})
                           .build()};
  std::ostringstream both;
  old = std::cout.rdbuf(both.rdbuf());
  const char* pair_args[] = {
      "mytool", "explain",           "toy/ping", "either", "--set", "channel.duplicates=1",
      "--set",  "channel.capacity=2"};
  code = synack::run_cli(8, const_cast<char**>(pair_args), pair);
  std::cout.rdbuf(old);
  CHECK(code == 0);
  CHECK_THAT(both.str(), Catch::Contains("no single declared mechanism is needed; without two at "
                                         "once:\n  loss and dup "));
  CHECK_THAT(both.str(), Catch::Contains("holds vacuously: '" + lost2 + "' is never met\n"));
  CHECK_THAT(both.str(), Catch::Contains("\nwithout loss and dup, either holds only vacuously"));
  CHECK_THAT(both.str(), !Catch::Contains("survives"));
  // Vacuous with every mechanism on: there is nothing to ablate.
  std::ostringstream never;
  old = std::cout.rdbuf(never.rdbuf());
  args[3] = "never";
  code = synack::run_cli(4, const_cast<char**>(args), catalog);
  std::cout.rdbuf(old);
  CHECK(code == 0);
  CHECK_THAT(never.str(), Catch::EndsWith(": holds (21 states)\nit holds vacuously: its premise "
                                          "'a.count == 3' holds in no reachable state, so it "
                                          "rests on no mechanism\n"));
}
