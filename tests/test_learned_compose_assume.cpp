// Verdicts of a composition rest on its assumptions, outputs-accepted and inputs-valid
// (cli/assumptions.hpp), and a learned server faces the spec endpoint
// (`check --compose tcp-endpoint SERVER.dot`): the toy server of tests/data/learned/compose
// and the CAV 2016 servers of ../shared (skipped when it is absent).
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "learned_compose_check.hpp"
#include "learned_data.hpp"

using synack::test::check;
using synack::test::events;
using synack::test::learned_test_file;

namespace {

std::string toy(const std::string& name) {
  return learned_test_file("compose/" + name);
}

const std::string kFifo =
    "--quiet --set channel.lossy=false --set channel.duplicates=0 --set channel.ordered=true";

}  // namespace

TEST_CASE("a learned server against tcp-endpoint through the reverse mapper",
          "[learned][compose]") {
  auto r = check("tcp-endpoint", toy("toy_server.dot"), toy("toy.map"), "--quiet", 1);
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
  auto r = check("tcp-endpoint", toy("toy_server.dot"), toy("toy.map"), kFifo, 1);
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
  auto r = check("tcp-endpoint", toy("toy_server.dot"), toy("toy.map"), "--quiet", 1);
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
  auto pair = check(toy("toy_client.dot"), toy("toy_server.dot"), toy("toy.map"), "--quiet", 1);
  CHECK(pair["outputs-accepted"].verdict == "violated");
  CHECK(pair["leaves-syn-sent"].verdict == "violated");
  CHECK(pair["leaves-syn-sent"].depth == 4);
}

TEST_CASE("the assumptions are checked beside any property asked", "[learned][compose]") {
  auto r = check("tcp-endpoint", toy("toy_server.dot"), toy("toy.map"),
                 kFifo + " --property connects", 1);
  CHECK(r.size() == 3);
  CHECK(r["inputs-valid"].verdict == "violated");
  CHECK(r["outputs-accepted"].verdict == "inconclusive");
  CHECK(r["connects"].verdict == "holds");
}

TEST_CASE("CAV 2016 servers against tcp-endpoint", "[learned][compose][shared]") {
  SYNACK_REQUIRE_SHARED_LEARNED(dir);
  const std::string map = std::string(SYNACK_SOURCE_DIR) + "/learned/maps/tcp-compose.map";
  for (const auto& [stack, states] : std::vector<std::pair<std::string, long>>{
           {"Linux", 10132}, {"Windows8", 4747}, {"FreeBSD", 10132}}) {
    INFO(stack);
    std::string server = dir + "/automata-wiki/TCP/TCP_" + stack + "_Server.dot";
    auto r = check("tcp-endpoint", server, map, "--quiet", 1);
    CHECK(r["inputs-valid"].verdict == "violated");
    CHECK(r["inputs-valid"].depth == 5);
    CHECK(events(r["inputs-valid"].trace).back() == "server refuses (no valid input) SYN seq=0");
    CHECK(r["outputs-accepted"].verdict == "inconclusive");
    CHECK(r["outputs-accepted"].states == states);
    CHECK(r["connects"].verdict == "holds");
    CHECK(r["connects"].depth == 5);
    CHECK(r["leaves-syn-sent"].verdict == "inconclusive");
    CHECK(r["leaves-syn-received"].verdict == "violated");
    CHECK(r["leaves-syn-received"].depth == 7);
    CHECK(r["establishes"].verdict == "violated");
    CHECK(r["establishes"].depth == 7);
    r = check("tcp-endpoint", server, map, kFifo, 1);
    CHECK(r["inputs-valid"].depth == 5);
    CHECK(r["connects"].verdict == "holds");
    CHECK(r["establishes"].verdict == "inconclusive");
    CHECK(r["establishes"].limit == "its trace leaves inputs-valid at step 6 of 10");
  }
}

TEST_CASE("a spec side with a missing learned side is one line and exit 2", "[learned][compose]") {
  auto run = synack::testing::run_synack("check --compose tcp-endpoint nothere.dot --compose-map " +
                                         toy("toy.map"));
  CHECK(run.exit_code == 2);
  CHECK(run.err ==
        "synack: --compose nothere.dot: no such .dot file (a learned model in DOT; one side may "
        "be a spec machine, the other is learned)\n");
  run = synack::testing::run_synack("check --compose tcp-endpoint tcp-endpoint --compose-map " +
                                    toy("toy.map"));
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("--compose tcp-endpoint: no such .dot file") != std::string::npos);
}

TEST_CASE("a swarm's witness that leaves the alphabet is no witness", "[learned][compose][swarm]") {
  // The same rule as the exhaustive check: a swarm member's trace is judged against the
  // composition's assumptions before its finding is reported.
  const std::string asked = kFifo + " --sometimes 'server.refused == 1'";
  auto r = check("tcp-endpoint", toy("toy_server.dot"), toy("toy.map"), asked, 1);
  CHECK(r["sometimes server.refused == 1"].verdict == "inconclusive");
  CHECK(r["sometimes server.refused == 1"].limit == "its trace leaves inputs-valid at step 5 of 5");
  auto s = check("tcp-endpoint", toy("toy_server.dot"), toy("toy.map"),
                 asked + " --swarm 2 --seed 1", 1);
  CHECK(s["inputs-valid"].verdict == "violated");
  CHECK(s["inputs-valid"].depth == 5);
  CHECK(s["sometimes server.refused == 1"].verdict == "inconclusive");
  CHECK(s["sometimes server.refused == 1"].limit == "its trace leaves inputs-valid at step 5 of 5");
  CHECK(s["sometimes server.refused == 1"].trace.empty());
}
