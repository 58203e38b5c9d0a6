// The connection lifecycle beyond the handshake: close, half-close, crossing segments,
// lost handshake segments.
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "properties/registry.hpp"

using synack::checker::Verdict;
using synack::testing::check;
using Steps = std::vector<std::string>;

TEST_CASE("four-way close delivers the passive side's last data") {
  auto c = check("tcp/teardown");
  const auto& data = c.result("all-data-delivered");
  CHECK(data.verdict == Verdict::kHolds);
  CHECK(data.states == 152280);
  CHECK(data.depth == 31);
  const auto& closed = c.result("both-closed");
  CHECK(closed.verdict == Verdict::kHolds);
  // Half-close: the server still sends in CLOSE-WAIT, then closes.
  CHECK(c.events("both-closed") ==
        Steps{"client connect", "server listen", "server rcv SYN", "client rcv SYN-ACK",
              "client close", "server rcv FIN", "server send", "client rcv data", "server rcv ACK",
              "server close", "client rcv FIN", "client 2MSL timeout", "server rcv ACK"});
  CHECK(c.model->summary(closed.trace->steps[5].state.data()) ==
        "client=FIN-WAIT-1 server=CLOSE-WAIT");
}

TEST_CASE("merging the passive side's FIN into its ACK loses the data it still had") {
  auto c = check("tcp/teardown-merged-fin");
  const auto& r = c.result("all-data-delivered");
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(r.states == 322);
  CHECK(c.events("all-data-delivered") ==
        Steps{"client connect", "server listen", "server rcv SYN", "client rcv SYN-ACK",
              "client close", "server rcv ACK", "server rcv FIN", "client rcv FIN"});
  const auto& fin = r.trace->steps[6];
  CHECK(fin.info.sent == std::vector<std::string>{"FIN-ACK seq=1 ack=2"});
  CHECK(c.model->summary(fin.state.data()) == "client=FIN-WAIT-1 server=LAST-ACK");
  CHECK(c.result("both-closed").verdict == Verdict::kHolds);
}

TEST_CASE("simultaneous open: crossing SYNs through SYN-RECEIVED, never stuck") {
  auto c = check("tcp/simultaneous-open");
  CHECK(c.result("connects").verdict == Verdict::kHolds);
  CHECK(c.events("through-syn-received") ==
        Steps{"client connect", "server connect", "server rcv SYN", "client rcv SYN"});
  const auto& dl = c.result("deadlock-free");
  CHECK(dl.verdict == Verdict::kHolds);
  CHECK(dl.states == 119);
}

TEST_CASE("simultaneous close: crossing FINs through CLOSING, never stuck") {
  auto c = check("tcp/simultaneous-close");
  CHECK(c.result("both-closed").verdict == Verdict::kHolds);
  CHECK(c.result("both-closed").depth == 10);
  const auto& closing = c.result("through-closing");
  CHECK(closing.verdict == Verdict::kHolds);
  CHECK(c.model->summary(closing.trace->steps.back().state.data()) ==
        "client=CLOSING server=CLOSING");
  const auto& dl = c.result("deadlock-free");
  CHECK(dl.verdict == Verdict::kHolds);
  CHECK(dl.states == 877);
}

TEST_CASE("lost handshake segments: half-open connections and failed connects") {
  auto c = check("tcp/handshake-loss");
  CHECK(c.events("half-open-after-lost-ack") == Steps{"client connect", "server listen",
                                                      "server rcv SYN", "server timeout",
                                                      "server timeout", "client rcv SYN-ACK"});
  CHECK(c.events("half-open-reset-by-data") ==
        Steps{"client connect", "server listen", "server rcv SYN", "server timeout",
              "server timeout", "client rcv SYN-ACK", "client send", "server rcv data",
              "client rcv RST"});
  CHECK(c.result("half-open-reset-by-data").trace->steps[7].info.sent ==
        std::vector<std::string>{"RST seq=1"});
  CHECK(c.events("connect-fails-after-retries") ==
        Steps{"client connect", "client timeout", "client timeout"});
}

TEST_CASE("TIME-WAIT: 2 MSL protects when RTO < MSL and the ISN clock moves") {
  auto c = check("tcp/time-wait");
  for (const char* p :
       {"no-stale-segment-accepted", "no-reset-on-normal-close", "peer-close-not-reset"}) {
    CHECK(c.result(p).verdict == Verdict::kHolds);
    CHECK(c.result(p).states == 1571546);
  }
}

TEST_CASE("without TIME-WAIT the peer's retransmitted FIN meets a RST") {
  synack::checker::PropertySpec reset =
      *synack::properties::find_scenario(synack::properties::bundled_scenarios(), "tcp/time-wait")
           .property("no-reset-on-normal-close");
  auto model = synack::testing::build("tcp/time-wait", {"tcp.time_wait=0"});
  auto r = synack::checker::check_explicit(*model, {reset}, {})[0];
  CHECK(r.verdict == Verdict::kViolated);
  REQUIRE(r.trace);
  CHECK(r.trace->steps.size() == 12);
  CHECK(r.trace->steps[8].info.event == "2MSL timeout");
  CHECK(r.trace->steps[10].info.event == "timeout");  // the server retransmits its FIN
  CHECK(r.trace->steps[11].info.message == "FIN-ACK seq=1 ack=2");
  CHECK(r.trace->steps[11].info.sent.at(0).starts_with("RST seq=2"));
}

// The harm of the client's RST: the server's close, in LAST-ACK, ends in a reset instead of
// the ACK of its FIN. It is not the same as a RST being sent (no-reset-on-normal-close).
TEST_CASE("peer-close-not-reset: the RST that ends the server's LAST-ACK") {
  auto all = synack::properties::bundled_scenarios();
  const auto& scenario = synack::properties::find_scenario(all, "tcp/time-wait");
  auto harm = *scenario.property("peer-close-not-reset");
  auto reset = *scenario.property("no-reset-on-normal-close");
  auto run = [&](std::vector<std::string> sets) {
    auto model = synack::testing::build("tcp/time-wait", sets);
    return synack::checker::check_explicit(*model, {harm, reset}, {});
  };
  // Without TIME-WAIT: the client, CLOSED, answers the server's ACK with a RST that
  // reaches the server in LAST-ACK.
  auto none = run({"tcp.time_wait=0"});
  CHECK(none[0].verdict == Verdict::kViolated);
  REQUIRE(none[0].trace);
  CHECK(none[0].trace->steps.size() == 12);
  CHECK(none[0].trace->steps[10].info.event == "rcv ACK");
  CHECK(none[0].trace->steps[10].info.sent.at(0) == "RST seq=2");
  CHECK(none[0].trace->steps[11].info.actor == "server");
  CHECK(none[0].trace->steps[11].info.message == "RST seq=2");
  // TIME-WAIT 3 at MSL 2, RTO 1: a RST for the FIN is still sent (the retransmission was
  // early), but it can only reach a server whose final ACK arrived: no harm.
  auto three = run({"tcp.time_wait=3"});
  CHECK(three[0].verdict == Verdict::kHolds);
  CHECK(three[0].states == 2247024);
  CHECK(three[1].verdict == Verdict::kViolated);
  // MSL 1, RTO 2, TIME-WAIT 4 (> RTO + MSL, so no RST for a FIN): the client connects
  // again while the server is still in LAST-ACK; its new ISS makes the server's ACK
  // unacceptable, and its RST ends the server's close.
  auto reconnect = run({"tcp.msl=1", "tcp.rto=2", "tcp.time_wait=4"});
  CHECK(reconnect[1].verdict == Verdict::kHolds);
  CHECK(reconnect[0].verdict == Verdict::kViolated);
  REQUIRE(reconnect[0].trace);
  CHECK(reconnect[0].trace->steps.size() == 18);
  CHECK(reconnect[0].trace->steps[14].info.event == "connect");
  CHECK(reconnect[0].trace->steps[16].info.event == "rcv ACK");
  CHECK(reconnect[0].trace->steps[16].info.sent.at(0) == "RST seq=2");
}

TEST_CASE("with a slow ISN clock, even 2 MSL lets an old segment into the next connection") {
  // TIME-WAIT answers a late old ACK with an ACK of its own; that reply lives an MSL
  // past TIME-WAIT and completes the next incarnation's handshake.
  auto all = synack::properties::bundled_scenarios();
  auto stale = *synack::properties::find_scenario(all, "tcp/time-wait")
                    .property("no-stale-segment-accepted");
  auto model = synack::testing::build("tcp/time-wait", {"tcp.isn_step=1"});
  auto r = synack::checker::check_explicit(*model, {stale}, {})[0];
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(r.states == 120985);
  CHECK(r.trace->steps.size() == 19);
  auto without = synack::testing::build("tcp/time-wait", {"tcp.isn_step=1", "tcp.time_wait=0"});
  auto r0 = synack::checker::check_explicit(*without, {stale}, {})[0];
  CHECK(r0.verdict == Verdict::kViolated);
  REQUIRE(r0.trace->steps.size() == 16);
  CHECK(r0.trace->steps[15].info.actor == "server");
  CHECK(r0.trace->steps[15].info.message == "ACK seq=2 ack=2");
  CHECK(model->summary(r0.trace->steps[15].state.data()) == "client=SYN-SENT server=ESTABLISHED");
}

TEST_CASE("SYN flood: a full backlog drops the client's SYN; SYN cookies answer it") {
  auto c = check("tcp/syn-flood");
  const auto& r = c.result("legit-syn-answered");
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(r.states == 31);
  CHECK(c.events("legit-syn-answered") ==
        Steps{"attacker send spoofed SYN", "client connect", "server rcv SYN", "server rcv SYN"});
  CHECK(r.trace->steps[2].info.message == "SYN seq=8");  // spoofed: queued, answered nowhere
  CHECK(r.trace->steps[2].info.sent.empty());
  CHECK(r.trace->steps[3].info.message == "SYN seq=0");  // the client's: dropped
  CHECK(r.trace->steps[3].info.sent.empty());
  CHECK(c.result("legit-connects").verdict == Verdict::kHolds);

  auto cookies = check("tcp/syn-flood", {"tcp.syn_cookies=true"});
  CHECK(cookies.result("legit-syn-answered").verdict == Verdict::kHolds);
  CHECK(cookies.result("legit-syn-answered").states == 168);
  CHECK(cookies.result("legit-connects").verdict == Verdict::kHolds);
  // A bigger backlog only moves the problem: two more spoofed SYNs fill it again.
  auto bigger = check("tcp/syn-flood", {"tcp.backlog=2", "attack.syns=2"});
  CHECK(bigger.result("legit-syn-answered").verdict == Verdict::kViolated);
  CHECK(bigger.result("legit-syn-answered").trace->steps.size() == 6);
}
