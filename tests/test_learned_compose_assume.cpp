// Verdicts of a composition rest on its assumptions, outputs-accepted and inputs-valid
// (cli/assumptions.hpp), and a learned server faces the spec endpoint
// (`check --compose tcp-endpoint SERVER.dot`): the toy server of tests/data/learned/compose
// and the CAV 2016 servers of ../shared (skipped when it is absent).
#include <unistd.h>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "learned_compose_check.hpp"
#include "learned_data.hpp"

using synack::test::check_compose;
using synack::test::events;
using synack::test::learned_test_file;

namespace {

using synack::test::compose_toy;

const std::string kFifo =
    "--quiet --set channel.lossy=false --set channel.duplicates=0 --set channel.ordered=true";

}  // namespace

TEST_CASE("a learned server against tcp-endpoint through the reverse mapper",
          "[learned][compose]") {
  auto r = check_compose("tcp-endpoint", compose_toy("toy_server.dot"), compose_toy("toy.map"),
                         "--quiet", 1);
  CHECK(r["connects"].verdict == "holds");
  CHECK(events(r["connects"].trace) ==
        std::vector<std::string>{"client connect", "server LISTEN / TIMEOUT",
                                 "server SYN(V,V,0) / ACK+SYN(FRESH,NEXT,0) SYN seq=0",
                                 "client rcv SYN-ACK SYN-ACK seq=5 ack=1",
                                 "server ACK(V,V,0) / TIMEOUT ACK seq=1 ack=6"});
  CHECK(r["connects"].trace.back()["state"] == "client=ESTABLISHED server=ESTABLISHED");
  // The spec retransmits its SYN; the copy reaches a server in SYN_RECEIVED, and the
  // learned alphabet has no SYN with a number already taken.
  CHECK(r["inputs-valid"].verdict == "violated");
  CHECK(r["inputs-valid"].depth == 5);
  CHECK(events(r["inputs-valid"].trace).back() == "server refuses (no valid input) SYN seq=0");
  CHECK(r["inputs-valid"].trace.back()["state"] == "client=SYN-SENT server=SYN_RECEIVED");
}

TEST_CASE("a holds that rests on a violated assumption is inconclusive", "[learned][compose]") {
  auto r = check_compose("tcp-endpoint", compose_toy("toy_server.dot"), compose_toy("toy.map"),
                         kFifo, 1);
  REQUIRE(r["inputs-valid"].verdict == "violated");
  CHECK(r["inputs-valid"].depth == 5);
  // Both searched the whole state space, which past step 5 holds guesses.
  for (const char* name : {"outputs-accepted", "leaves-syn-sent"}) {
    INFO(name);
    CHECK(r[name].verdict == "inconclusive");
    CHECK(r[name].limit == "rests on inputs-valid, violated in 5 steps");
    CHECK(r[name].trace.empty());
  }
  // A violation whose run goes past the guess is no counterexample either.
  CHECK(r["leaves-syn-received"].verdict == "inconclusive");
  CHECK(r["leaves-syn-received"].limit == "its trace leaves inputs-valid at step 7 of 10");
  CHECK(r["leaves-syn-received"].trace.empty());
}

TEST_CASE("a verdict whose trace stays inside the alphabet stands", "[learned][compose]") {
  auto r = check_compose("tcp-endpoint", compose_toy("toy_server.dot"), compose_toy("toy.map"),
                         "--quiet", 1);
  REQUIRE(r["inputs-valid"].verdict == "violated");
  // The witness of connects (5 steps) never leaves the alphabet: a run of the models.
  CHECK(r["connects"].verdict == "holds");
  CHECK(r["connects"].limit.empty());
  // The client's ACK lost, the learned server, which never retransmits its SYN-ACK, stays
  // in SYN_RECEIVED: every segment of that lasso is one of its inputs.
  CHECK(r["leaves-syn-received"].verdict == "violated");
  CHECK(r["leaves-syn-received"].depth == 7);
  CHECK(r["leaves-syn-received"].trace.back()["slots"]["server.refused"] == "0");
  // The learned-to-learned toy pair: outputs-accepted fails (8 steps), yet the client's
  // lost SYN (4 steps) is a run before any unaccepted output.
  auto pair = check_compose(compose_toy("toy_client.dot"), compose_toy("toy_server.dot"),
                            compose_toy("toy.map"), "--quiet", 1);
  CHECK(pair["outputs-accepted"].verdict == "violated");
  CHECK(pair["leaves-syn-sent"].verdict == "violated");
  CHECK(pair["leaves-syn-sent"].depth == 4);
}

TEST_CASE("the assumptions are checked beside any property asked", "[learned][compose]") {
  auto r = check_compose("tcp-endpoint", compose_toy("toy_server.dot"), compose_toy("toy.map"),
                         kFifo + " --property connects", 1);
  CHECK(r.size() == 4);
  CHECK(r["inputs-valid"].verdict == "violated");
  CHECK(r["one-connection"].verdict == "inconclusive");
  CHECK(r["outputs-accepted"].verdict == "inconclusive");
  CHECK(r["connects"].verdict == "holds");
}

TEST_CASE("CAV 2016 servers against tcp-endpoint", "[learned][compose][shared]") {
  SYNACK_REQUIRE_SHARED_LEARNED(dir);
  const std::string map = std::string(SYNACK_SOURCE_DIR) + "/learned/maps/tcp-compose.map";
  for (const auto& [stack, states] : std::vector<std::pair<std::string, long>>{
           {"Linux", 14250}, {"Windows8", 7277}, {"FreeBSD", 14250}}) {
    INFO(stack);
    std::string server = dir + "/automata-wiki/TCP/TCP_" + stack + "_Server.dot";
    auto r = check_compose("tcp-endpoint", server, map, "--quiet", 1);
    CHECK(r["inputs-valid"].verdict == "violated");
    CHECK(r["inputs-valid"].depth == 5);
    CHECK(events(r["inputs-valid"].trace).back() == "server refuses (no valid input) SYN seq=0");
    CHECK(r["outputs-accepted"].verdict == "inconclusive");
    CHECK(r["outputs-accepted"].states == states);
    CHECK(r["connects"].verdict == "holds");
    CHECK(r["connects"].depth == 5);
    // The spec client gives up; a copy of its SYN opens a connection that its RST ends,
    // and the other copy opens a second one, with the mapper's one ISN again.
    CHECK(r["one-connection"].verdict == "violated");
    CHECK(r["one-connection"].depth == 8);
    CHECK(events(r["one-connection"].trace).back() ==
          "server SYN(V,V,0) / ACK+SYN(FRESH,NEXT,0) SYN seq=0");
    CHECK(r["leaves-syn-sent"].verdict == "inconclusive");
    CHECK(r["leaves-syn-received"].verdict == "violated");
    CHECK(r["leaves-syn-received"].depth == 7);
    CHECK(r["establishes"].verdict == "violated");
    CHECK(r["establishes"].depth == 7);
    r = check_compose("tcp-endpoint", server, map, kFifo, 1);
    CHECK(r["inputs-valid"].depth == 5);
    CHECK(r["connects"].verdict == "holds");
    CHECK(r["establishes"].verdict == "inconclusive");
    CHECK(r["establishes"].limit == "its trace leaves inputs-valid at step 6 of 10");
  }
}

TEST_CASE("a spec side with a missing learned side is one line and exit 2", "[learned][compose]") {
  auto run = synack::testing::run_synack("check --compose tcp-endpoint nothere.dot --compose-map " +
                                         compose_toy("toy.map"));
  CHECK(run.exit_code == 2);
  CHECK(run.err ==
        "synack: --compose nothere.dot: no such .dot file (a learned model in DOT; one side may "
        "be a spec machine, the other is learned)\n");
  run = synack::testing::run_synack("check --compose tcp-endpoint tcp-endpoint --compose-map " +
                                    compose_toy("toy.map"));
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("--compose tcp-endpoint: no such .dot file") != std::string::npos);
}

TEST_CASE("a swarm's witness that leaves the alphabet is no witness", "[learned][compose][swarm]") {
  // The same rule as the exhaustive check: a swarm member's trace is judged against the
  // composition's assumptions before its finding is reported.
  const std::string asked = kFifo + " --sometimes 'server.refused == 1'";
  auto r = check_compose("tcp-endpoint", compose_toy("toy_server.dot"), compose_toy("toy.map"),
                         asked, 1);
  CHECK(r["sometimes server.refused == 1"].verdict == "inconclusive");
  CHECK(r["sometimes server.refused == 1"].limit == "its trace leaves inputs-valid at step 5 of 5");
  auto s = check_compose("tcp-endpoint", compose_toy("toy_server.dot"), compose_toy("toy.map"),
                         asked + " --swarm 2 --seed 1", 1);
  CHECK(s["inputs-valid"].verdict == "violated");
  CHECK(s["inputs-valid"].depth == 5);
  CHECK(s["sometimes server.refused == 1"].verdict == "inconclusive");
  CHECK(s["sometimes server.refused == 1"].limit == "its trace leaves inputs-valid at step 5 of 5");
  CHECK(s["sometimes server.refused == 1"].trace.empty());
}

TEST_CASE("a second connection of a mapped learned model is an assumption, not a guess",
          "[learned][compose]") {
  // The reverse mapper keeps one ISN. The toy client connects, closes and connects again
  // (3 steps), or its SYN reaches the spec before its listen, is reset, and the client
  // connects again (4 steps): each time with the same ISN (5) where its stack would pick
  // a new one. Before one-connection, a witness through that second SYN stood as `holds`.
  const std::string reconnects =
      "client.in == \"CONNECT\" && client.out == \"SYN(FRESH,ZERO,0)\" && client.last_ack != 0";
  auto r = check_compose(compose_toy("toy_client.dot"), "tcp-endpoint", compose_toy("toy.map"),
                         "--quiet --sometimes '" + reconnects + "'", 1);
  REQUIRE(r["one-connection"].verdict == "violated");
  CHECK(r["one-connection"].depth == 3);
  CHECK(events(r["one-connection"].trace) ==
        std::vector<std::string>{"client CONNECT / SYN(FRESH,ZERO,0)", "client CLOSE / TIMEOUT",
                                 "client CONNECT / SYN(FRESH,ZERO,0)"});
  CHECK(r["one-connection"].trace.back()["slots"]["client.connections"] == "2");
  const std::string adhoc = "sometimes " + reconnects;
  CHECK(r[adhoc].verdict == "inconclusive");
  CHECK(r[adhoc].limit == "its trace leaves one-connection at step 4 of 4");
  CHECK(r[adhoc].trace.empty());
  // One connection's verdicts stand as before: the handshake (5 steps).
  auto one = check_compose(compose_toy("toy_client.dot"), "tcp-endpoint", compose_toy("toy.map"),
                           "--quiet", 1);
  CHECK(one["connects"].verdict == "holds");
  CHECK(one["connects"].depth == 5);
}

TEST_CASE("max-errors says how many traces leave an assumption and never rests on one",
          "[learned][compose]") {
  const std::string established = "client.state != ESTABLISHED";
  const std::string reconnect = "client.in != \"CONNECT\" || client.connections <= 1";
  auto json = std::filesystem::temp_directory_path() /
              ("synack_dropped_" + std::to_string(getpid()) + ".json");
  auto run = synack::testing::run_synack("check --compose " + compose_toy("toy_client.dot") +
                                         " tcp-endpoint --compose-map " + compose_toy("toy.map") +
                                         " --always '" + established + "' --always '" + reconnect +
                                         "' --max-errors 20 --width 250 --json " + json.string());
  CHECK(run.exit_code == 1);
  auto doc = nlohmann::json::parse(synack::testing::slurp(json));
  std::filesystem::remove(json);
  std::map<std::string, nlohmann::json> by;
  for (const auto& r : doc["results"]) by[r["property"].get<std::string>()] = r;
  // 20 violating states found; 2 of their traces leave an assumption and are not shown.
  const auto& e = by["always " + established];
  CHECK(e["verdict"] == "violated");
  CHECK(e["depth"] == 4);
  CHECK(e["traces"].size() == 18);
  CHECK(e["traces_dropped"]["count"] == 2);
  CHECK(e["traces_dropped"]["leave"] == nlohmann::json::array({"inputs-valid", "one-connection"}));
  CHECK_THAT(run.out,
             Catch::Contains("always client.state != ESTABLISHED: counterexample 18 of 18 ("));
  CHECK_THAT(run.out, Catch::Contains("    (2 of the 20 violating states found are not shown: "
                                      "their traces leave inputs-valid or one-connection, so "
                                      "they are no runs of the models)\n"));
  // Every trace found leaves one-connection: no violation stands, none is shown.
  const auto& r = by["always " + reconnect];
  CHECK(r["verdict"] == "inconclusive");
  CHECK(r["limit"] == "its trace leaves one-connection at step 3 of 3");
  CHECK(r["trace"].empty());
  CHECK(r["traces_dropped"]["count"] == 20);
  CHECK_THAT(run.out, Catch::Contains(": none of the 20 violating states found is shown: their "
                                      "traces leave one-connection, so they are no runs of the "
                                      "models\n"));
  // An assumption is judged against the others: outputs-accepted's 20 traces, 1 dropped.
  CHECK(by["outputs-accepted"]["traces"].size() == 19);
  CHECK(by["outputs-accepted"]["traces_dropped"]["count"] == 1);
}

TEST_CASE("an inconclusive trace names the assumption it leaves first", "[learned][compose]") {
  // The toy client's second CONNECT leaves one-connection at step 3; the shortest trace to
  // a second connection that also sends the unmapped ACK(FRESH,FRESH,0) leaves
  // outputs-accepted only at its last step. The earliest is the one to name: the run
  // is a guess from there (it named outputs-accepted, the first in the list, before).
  auto r = check_compose(compose_toy("toy_client.dot"), "tcp-endpoint", compose_toy("toy.map"),
                         "--quiet --always 'client.connections <= 1 || client.unaccepted == 0'", 1);
  const std::string adhoc = "always client.connections <= 1 || client.unaccepted == 0";
  CHECK(r[adhoc].verdict == "inconclusive");
  CHECK(r[adhoc].limit == "its trace leaves one-connection at step 3 of 10");
  CHECK(r["one-connection"].depth == 3);
}
