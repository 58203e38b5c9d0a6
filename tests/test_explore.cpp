// The explorer's session and JSON API (explore/), without HTTP: the two-way handshake
// walked, its counterexample loaded and stepped along, searches, and bad requests.
#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/explore_command.hpp"
#include "cli_run.hpp"
#include "explore/api.hpp"
#include "helpers.hpp"
#include "synack/bundled.hpp"

namespace {

using nlohmann::json;
using synack::explore::Api;
using synack::explore::Session;

// A session over one bundled scenario, its checks run, and the API over it.
struct Explorer {
  std::unique_ptr<synack::checker::Model> model;
  std::unique_ptr<Session> session;
  std::unique_ptr<Api> api;

  explicit Explorer(const std::string& scenario, synack::checker::Limits limits = {},
                    std::vector<synack::checker::PropertySpec> extra = {}) {
    auto all = synack::properties::bundled_scenarios();
    model = synack::testing::build(scenario);
    auto properties = synack::properties::find_scenario(all, scenario).properties;
    properties.insert(properties.end(), extra.begin(), extra.end());
    session = std::make_unique<Session>(*model, properties, limits, "synack");
    session->run_checks();
    api = std::make_unique<Api>(*session, synack::explore::ScenarioTitle{scenario, "", ""});
  }
  json get() { return json::parse(api->handle("GET", "/api/state", "").body); }
  json post(const std::string& path, const json& body = json::object()) {
    auto reply = api->handle("POST", path, body.dump());
    REQUIRE(reply.status == 200);
    return json::parse(reply.body);
  }
  // A refused request: its status and its one error line.
  std::pair<int, std::string> refused(const std::string& path, const std::string& body) {
    auto reply = api->handle("POST", path, body);
    return {reply.status, json::parse(reply.body).value("error", "")};
  }
};

std::vector<std::string> column(const json& list, const char* field) {
  std::vector<std::string> out;
  for (const auto& item : list) out.push_back(item.at(field).get<std::string>());
  return out;
}

std::string now(const json& view, const std::string& property) {
  for (const auto& p : view.at("properties"))
    if (p.at("name") == property) return p.at("now");
  return "no such property";
}

std::string slot(const json& view, const std::string& name) {
  for (const auto& s : view.at("slots"))
    if (s.at("name") == name) return s.at("value");
  return "no such slot";
}

const std::vector<std::string> kCounterexample = {
    "(initial)", "client connect -> sends SYN seq=0", "client abort", "server listen",
    "server rcv SYN SYN seq=0 -> sends SYN-ACK seq=0 ack=1"};

}  // namespace

TEST_CASE("explore API: the initial state with its enabled steps and each property's value",
          "[explore]") {
  Explorer e("tcp/two-way-handshake");
  json view = e.get();
  CHECK(view.at("position") == 0);
  CHECK(view.at("summary") == "client=CLOSED server=CLOSED");
  CHECK(column(view.at("steps"), "text") ==
        std::vector<std::string>{"client connect -> sends SYN seq=0", "server listen"});
  CHECK(column(view.at("steps"), "summary") ==
        std::vector<std::string>{"client=SYN-SENT server=CLOSED", "client=CLOSED server=LISTEN"});
  CHECK(view.at("steps")[1].at("changes") == json::array({"server.state=LISTEN"}));
  CHECK(
      column(view.at("properties"), "name") ==
      std::vector<std::string>{"no-stale-connection", "server-knows-client-receives", "connects"});
  CHECK(column(view.at("properties"), "now") == std::vector<std::string>{"true", "true", "false"});
  CHECK(column(view.at("properties"), "verdict") ==
        std::vector<std::string>{"violated", "violated", "holds"});
  CHECK(view.at("properties")[0].at("traces") == json::array({"4 steps"}));
  CHECK(view.at("properties")[2].at("role") == "witness");
  CHECK(slot(view, "server.state") == "CLOSED");
  CHECK(view.at("slots").size() == e.model->layout().size());
  CHECK(view.at("next").is_null());
}

TEST_CASE("explore API: stepping along no-stale-connection's counterexample and back",
          "[explore]") {
  Explorer e("tcp/two-way-handshake");
  json view = e.post("/api/trace", {{"property", "no-stale-connection"}});
  CHECK(view.at("origin").at("kind") == "trace");
  CHECK(view.at("origin").at("role") == "counterexample");
  CHECK(column(view.at("path"), "step") == kCounterexample);
  CHECK(view.at("position") == 0);
  CHECK(view.at("next") == "client connect -> sends SYN seq=0");
  // Taking the marked step follows the trace; its last step breaks the property.
  for (int i = 1; i <= 4; ++i) {
    json next;
    for (const auto& s : view.at("steps"))
      if (s.at("next") == true) next = s;
    REQUIRE(next.is_object());
    CHECK(next.at("text") == kCounterexample[i]);
    view = e.post("/api/step", {{"group", next.at("group")}});
    CHECK(view.at("position") == i);
    CHECK(now(view, "no-stale-connection") == (i == 4 ? "false" : "true"));
  }
  CHECK(view.at("summary") == "client=CLOSED server=ESTABLISHED");
  CHECK(slot(view, "server.irs") == "0");
  CHECK(slot(view, "client.state") == "CLOSED");
  CHECK(view.at("next").is_null());
  CHECK(e.post("/api/forward").at("note") == "no step ahead on the path");

  view = e.post("/api/back");
  CHECK(view.at("position") == 3);
  CHECK(view.at("summary") == "client=CLOSED server=LISTEN");
  CHECK(view.at("path").size() == 5);  // the steps ahead are kept
  view = e.post("/api/goto", {{"position", 1}});
  CHECK(view.at("summary") == "client=SYN-SENT server=CLOSED");
  view = e.post("/api/forward");
  CHECK(view.at("position") == 2);

  // Another step than the path's next drops the steps ahead and is the user's own walk.
  view = e.post("/api/goto", {{"position", 0}});
  view = e.post("/api/step", {{"group", view.at("steps")[1].at("group")}});
  CHECK(column(view.at("path"), "step") == std::vector<std::string>{"(initial)", "server listen"});
  CHECK(view.at("origin").at("kind") == "walk");
  CHECK(e.post("/api/back").at("position") == 0);
  CHECK(e.post("/api/back").at("note") == "already at the initial state");
  CHECK(e.post("/api/restart").at("path").size() == 1);
}

TEST_CASE("explore API: a search loads the shortest path to the first state satisfying it",
          "[explore]") {
  Explorer e("tcp/two-way-handshake");
  e.post("/api/step", {{"group", e.get().at("steps")[1].at("group")}});
  json view = e.post("/api/search", {{"expression", "server.state == ESTABLISHED"}});
  CHECK(view.at("search").at("found") == true);
  CHECK(view.at("search").at("text") ==
        "the first state where server.state == ESTABLISHED: 3 steps from the initial state");
  CHECK(view.at("origin").at("kind") == "search");
  CHECK(view.at("position") == 3);
  CHECK(column(view.at("path"), "step") ==
        std::vector<std::string>{"(initial)", "client connect -> sends SYN seq=0", "server listen",
                                 "server rcv SYN SYN seq=0 -> sends SYN-ACK seq=0 ack=1"});
  CHECK(slot(view, "server.state") == "ESTABLISHED");

  // Nowhere: the whole space was searched, and the answer says so.
  view = e.post("/api/search", {{"expression", "client.state == TIME_WAIT"}});
  CHECK(view.at("search").at("found") == false);
  CHECK(view.at("search").at("text") ==
        "no reachable state satisfies client.state == TIME_WAIT (19795 states, all of them)");
  CHECK(view.at("position") == 3);  // the walk stays where it was
}

TEST_CASE("explore API: a search cut short by --max-states says the state may lie further",
          "[explore]") {
  synack::checker::Limits limits;
  limits.max_states = 100;
  Explorer e("tcp/two-way-handshake", limits);
  json view = e.post("/api/search", {{"expression", "client.state == TIME_WAIT"}});
  CHECK(view.at("search").at("found") == false);
  CHECK(view.at("search").at("text") ==
        "no state satisfies client.state == TIME_WAIT within the 100 states searched "
        "(--max-states reached); it may lie further");
  // A check cut short is inconclusive, says why, and offers no trace.
  limits.max_states = 20;
  Explorer small("tcp/two-way-handshake", limits);
  json p = small.get().at("properties")[0];
  CHECK(p.at("verdict") == "inconclusive");
  CHECK(p.at("limit") == "max-states");
  CHECK(p.at("traces").empty());
  CHECK(small.refused("/api/trace", R"({"property": "no-stale-connection"})").second ==
        "synack: property no-stale-connection has no trace: it is inconclusive");
}

TEST_CASE("explore API: an invariant that holds vacuously names its premise", "[explore]") {
  using synack::checker::PropertyKind;
  Explorer e("arq/stop-and-wait", {},
             {{"never-misdelivered", PropertyKind::kAlways,
               "receiver_history.misdelivered > 0 -> sender.state == DONE", ""}});
  const json properties = e.get().at("properties");
  const json& vacuous = properties.back();
  CHECK(vacuous.at("name") == "never-misdelivered");
  CHECK(vacuous.at("verdict") == "holds");
  CHECK(vacuous.at("vacuous_premise") == "receiver_history.misdelivered > 0");
  for (std::size_t i = 0; i + 1 < properties.size(); ++i)
    CHECK_FALSE(properties[i].contains("vacuous_premise"));
}

TEST_CASE("explore API: a bad expression is the CLI's own error line", "[explore]") {
  Explorer e("tcp/two-way-handshake");
  auto cli = synack::testing::run_synack(
      "check tcp/two-way-handshake --sometimes 'server.stat == ESTABLISHED'");
  REQUIRE(cli.exit_code == 2);
  auto [status, error] =
      e.refused("/api/search", json{{"expression", "server.stat == ESTABLISHED"}}.dump());
  CHECK(status == 400);
  CHECK(error + "\n" == cli.err);
  CHECK_THAT(error, Catch::StartsWith("synack: property 'server.stat == ESTABLISHED': unknown "
                                      "slot 'server.stat'; did you mean server.state?"));
}

TEST_CASE("explore API: bad requests are refused in one line naming what is valid", "[explore]") {
  Explorer e("tcp/two-way-handshake");
  // The last group is a channel's (nothing is in flight yet): not enabled.
  std::size_t idle = e.model->group_count() - 1;
  for (const auto& s : e.get().at("steps")) REQUIRE(s.at("group") != idle);
  CHECK(e.refused("/api/step", fmt::format(R"({{"group": {}}})", idle)) ==
        std::pair<int, std::string>{
            400, fmt::format("synack: step {} is not enabled in this state; the enabled steps "
                             "are those listed",
                             idle)});
  CHECK(e.refused("/api/step", R"({"group": -1})").second ==
        "synack: the request needs \"group\": a whole number from 0");
  CHECK(e.refused("/api/step", "[1, 2]").second == "synack: the request body is not a JSON object");
  CHECK(e.refused("/api/goto", R"({"position": 1})").second ==
        "synack: position 1: the path has positions 0 to 0");
  // Typed as the start of a longer name's words, the name is suggested.
  CHECK(e.refused("/api/trace", R"({"property": "no-stale"})").second ==
        "synack: no property no-stale with a trace; did you mean no-stale-connection? (with "
        "traces: no-stale-connection, server-knows-client-receives, connects)");
  CHECK(e.refused("/api/trace", R"({"property": "bogus"})").second ==
        "synack: no property bogus with a trace; with traces: no-stale-connection, "
        "server-knows-client-receives, connects");
  CHECK(e.refused("/api/trace", R"({"property": "connects", "index": 1})").second ==
        "synack: property connects has 1 trace; trace 1 is not one of them");
  CHECK(e.refused("/api/search", "{}").second ==
        "synack: the request needs \"expression\": a string");
  CHECK(e.refused("/api/teleport", "{}").first == 404);
  // Where no property has a trace, the list said nothing after its colon.
  Explorer quiet("arq/stop-and-wait");
  CHECK(quiet.refused("/api/trace", R"({"property": "nosuch"})").second ==
        "synack: no property nosuch with a trace; with traces: none");
  CHECK(e.api->handle("DELETE", "/api/state", "").status == 404);
}

TEST_CASE("explore on the command line: bad input is one line and exit 2", "[explore]") {
  auto port = synack::testing::run_synack("explore tcp/two-way-handshake --port 70000 --no-open");
  CHECK(port.exit_code == 2);
  CHECK_THAT(port.err, Catch::Contains("--port: '70000' is not a whole number from 0 to 65535"));
  auto none = synack::testing::run_synack("explore tcp/no-such-scenario --no-open");
  CHECK(none.exit_code == 2);
  CHECK_THAT(none.err, Catch::StartsWith("synack: unknown scenario 'tcp/no-such-scenario'"));
  auto two = synack::testing::run_synack(
      "explore tcp/two-way-handshake tcp/three-way-handshake --no-open");
  CHECK(two.exit_code == 2);
  CHECK(two.err == "synack: explore: name one scenario (see 'synack list'), not 2\n");
}

TEST_CASE("explore on a port in use: one line naming it and exit 2", "[explore]") {
  // Listen on a free loopback port, then ask synack for that same port.
  int sock = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(sock >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
  REQUIRE(listen(sock, 1) == 0);
  socklen_t length = sizeof(addr);
  REQUIRE(getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &length) == 0);
  int port = ntohs(addr.sin_port);
  auto run = synack::testing::run_synack("explore tcp/two-way-handshake --no-open --port " +
                                         std::to_string(port));
  close(sock);
  CHECK(run.exit_code == 2);
  CHECK(run.err == fmt::format("synack: --port {0}: cannot listen on 127.0.0.1:{0} (the port is "
                               "in use); choose another port, or --port 0 for any free one\n",
                               port));
  CHECK(run.out.empty());
}

TEST_CASE("explore API: a lasso is walked along its steps, the folded idle tick included",
          "[explore]") {
  // Nobody calls connect and time passes forever: the cycle is one clock tick that changes
  // nothing, a step the enabled list does not offer (apply folds it away).
  auto model = synack::testing::build("tcp/time-wait");
  using synack::checker::PropertyKind;
  Session session(*model,
                  {synack::checker::liveness("leaves-closed", PropertyKind::kEventually,
                                             "client.state != CLOSED", {}, "",
                                             synack::checker::Verdict::kHolds)},
                  {}, "synack");
  session.run_checks();
  Api api(session, {"tcp/time-wait", "", ""});
  auto post = [&](const std::string& path, const json& body) {
    auto reply = api.handle("POST", path, body.dump());
    REQUIRE(reply.status == 200);
    return json::parse(reply.body);
  };
  json view = post("/api/trace", {{"property", "leaves-closed"}});
  CHECK(view.at("origin").at("shape") == "lasso: 0-step prefix, 1-step cycle");
  CHECK(view.at("origin").at("cycle_start") == 0);
  CHECK(column(view.at("path"), "step") == std::vector<std::string>{"(initial)", "clock tick"});
  CHECK(view.at("path")[1].at("cycle_begins") == true);
  CHECK(view.at("next") == "clock tick");
  for (const auto& s : view.at("steps")) CHECK(s.at("next") == false);
  CHECK(now(view, "leaves-closed") == "false");
  view = post("/api/forward", json::object());
  CHECK(view.at("position") == 1);
  CHECK(view.at("summary") == "client=CLOSED server=CLOSED");
}

TEST_CASE("explore API: with --max-errors every counterexample can be loaded", "[explore]") {
  synack::checker::Limits limits;
  limits.max_errors = 3;
  Explorer e("tcp/two-way-handshake", limits);
  json view = e.get();
  CHECK(view.at("properties")[0].at("traces") == json::array({"4 steps", "5 steps", "5 steps"}));
  view = e.post("/api/trace", {{"property", "no-stale-connection"}, {"index", 2}});
  CHECK(view.at("origin").at("index") == 2);
  CHECK(view.at("origin").at("shape") == "5 steps");
  CHECK(view.at("path").size() == 6);
  CHECK(e.post("/api/goto", {{"position", 5}}).at("properties")[0].at("now") == "false");
}

// The explorer bounds its check lower than check does (tcp/time-wait's 1.57 M states are
// past its default 1,000,000): the terminal says so, not only the page.
TEST_CASE("explore on the command line: a property left undecided by --max-states is named",
          "[explore]") {
  synack::cli::ExploreOptions o;
  o.selection.scenarios = {"tcp/three-way-handshake"};
  o.selection.properties = {"no-stale-connection"};
  o.port = 0;
  o.open = false;
  o.limits.max_states = 1000;
  o.limits.threads = 1;
  std::atomic<bool> stop{false};
  std::ostringstream out;
  // The checks of 1,000 states take milliseconds; the server then runs until stopped.
  std::thread stopper([&stop] {
    std::this_thread::sleep_for(std::chrono::seconds(3));
    stop = true;
  });
  int code = synack::cli::run_explore(synack::bundled::catalog(), o, &stop, out);
  stopper.join();
  CHECK(code == 0);
  CHECK_THAT(out.str(), Catch::Contains("note: no-stale-connection is inconclusive at "
                                        "--max-states 1000; start explore with a larger "
                                        "--max-states to decide it\n"));
}
