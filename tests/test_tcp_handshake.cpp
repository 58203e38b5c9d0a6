// The foundation's end-to-end claim: why TCP opens with three segments.
#include <catch2/catch.hpp>

#include "helpers.hpp"

using synack::checker::Verdict;
using synack::testing::check;
using Steps = std::vector<std::string>;

TEST_CASE("three-way handshake: safe at default parameters, every state explored") {
  auto c = check("tcp/three-way-handshake");
  for (const char* p : {"no-stale-connection", "server-knows-client-receives"}) {
    const auto& r = c.result(p);
    CHECK(r.verdict == Verdict::kHolds);
    CHECK(r.states == 192931);
    CHECK(r.transitions == 1099824);
    CHECK(r.depth == 34);
    CHECK_FALSE(r.trace);
  }
  const auto& connects = c.result("connects");
  CHECK(connects.verdict == Verdict::kHolds);
  CHECK(connects.trace->steps.size() == 5);
  CHECK(c.steps("connects") == Steps{"client connect", "server listen", "server rcv SYN SYN seq=0",
                                     "client rcv SYN-ACK SYN-ACK seq=0 ack=1",
                                     "server rcv ACK ACK seq=1 ack=1"});
}

TEST_CASE("two-way handshake: an old SYN opens a connection nobody wants") {
  auto c = check("tcp/two-way-handshake");
  const auto& stale = c.result("no-stale-connection");
  CHECK(stale.verdict == Verdict::kViolated);
  CHECK(stale.states == 34);
  CHECK(stale.depth == 4);
  // The client gives up on its attempt; its SYN, still in the network, arrives later.
  CHECK(c.steps("no-stale-connection") ==
        Steps{"client connect", "client abort", "server listen", "server rcv SYN SYN seq=0"});
  CHECK(stale.trace->steps[0].info.sent == std::vector<std::string>{"SYN seq=0"});
  CHECK(stale.trace->steps[3].info.sent == std::vector<std::string>{"SYN-ACK seq=0 ack=1"});
  CHECK(c.model->summary(stale.trace->steps.back().state.data()) ==
        "client=CLOSED server=ESTABLISHED");
}

TEST_CASE("two-way handshake: the server commits before it knows the client can receive") {
  auto c = check("tcp/two-way-handshake");
  const auto& r = c.result("server-knows-client-receives");
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(r.states == 19);
  CHECK(c.steps("server-knows-client-receives") ==
        Steps{"client connect", "server listen", "server rcv SYN SYN seq=0"});
  const auto& last = r.trace->steps.back();
  CHECK(c.model->summary(last.state.data()) == "client=SYN-SENT server=ESTABLISHED");
  // The SYN-ACK is in flight and may yet be lost: nothing in the server's state knows.
  auto slot = c.model->layout().find("s2c[0]");
  REQUIRE(slot);
  CHECK(c.model->layout().slot(*slot).print(last.state[*slot]) == "SYN-ACK seq=0 ack=1");
}

TEST_CASE("two-way handshake still connects") {
  auto c = check("tcp/two-way-handshake");
  CHECK(c.result("connects").verdict == Verdict::kHolds);
  CHECK(c.steps("connects") == Steps{"client connect", "server listen", "server rcv SYN SYN seq=0",
                                     "client rcv SYN-ACK SYN-ACK seq=0 ack=1"});
}

TEST_CASE("three-way handshake with a tiny sequence space: old segments hit new connections") {
  // With 4 sequence numbers the server's ISN clock wraps within one run, and an old
  // RST-ACK from the first attempt is in window for the new connection.
  auto c = check("tcp/three-way-handshake", {"tcp.seq_space=4", "tcp.isn_step=1"});
  const auto& r = c.result("no-stale-connection");
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(r.states == 107553);
  CHECK(r.trace->steps.size() == 21);
  const auto& last = r.trace->steps.back();
  CHECK(last.info.event == "rcv RST");
  CHECK(last.info.message == "RST-ACK seq=0 ack=1");
  CHECK(c.model->summary(last.state.data()) == "client=CLOSED server=ESTABLISHED");
}

TEST_CASE("parameters change the state space as they should") {
  // A reliable FIFO channel without duplication leaves far fewer interleavings.
  auto reliable = check("tcp/three-way-handshake",
                        {"channel.lossy=false", "channel.ordered=true", "channel.duplicates=0"});
  CHECK(reliable.result("no-stale-connection").verdict == Verdict::kHolds);
  CHECK(reliable.result("no-stale-connection").states == 1248);
  auto one_shot = check("tcp/two-way-handshake", {"tcp.incarnations=1", "tcp.max_retries=0"});
  CHECK(one_shot.result("no-stale-connection").verdict == Verdict::kViolated);
}
