// TLS over TCP and TCP Fast Open (seed 000, seed 002 section 19): verdicts and traces of the
// bundled scenarios, and the round-trip and overlap tables of `synack rtt`.
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "properties/handshake_timing.hpp"

using synack::checker::Verdict;
using synack::testing::check;
using Steps = std::vector<std::string>;

namespace {

// The layered part of a trace step ("tls_server rcv ChangeCipherSpec", ...), joined.
std::string layered(const synack::checker::Result& r, std::size_t step) {
  std::string out;
  for (const auto& l : r.trace.value().steps.at(step).info.layered) out += l + "; ";
  return out;
}

}  // namespace

TEST_CASE("TFO: a duplicated SYN with data reaches the server's application twice") {
  auto c = check("tcp/tfo-replay");
  const auto& r = c.result("syn-data-at-most-once");
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(r.states == 110);
  CHECK(c.steps("syn-data-at-most-once") ==
        Steps{"client connect", "server listen", "c2s duplicate SYN seq=0 [data] TFO=cookie",
              "server rcv SYN SYN seq=0 [data] TFO=cookie", "server timeout",
              "server rcv SYN SYN seq=0 [data] TFO=cookie"});
}

TEST_CASE("TFO: data dropped with an invalid cookie is resent after the handshake once") {
  auto c = check("tcp/tfo-invalid-cookie");
  CHECK(c.result("data-exactly-once").verdict == Verdict::kHolds);
  CHECK(c.result("data-exactly-once").states == 61143);
  CHECK(c.steps("data-delivered") == Steps{"client connect", "server listen",
                                           "server rcv SYN SYN seq=0 [data] TFO=bad-cookie",
                                           "client rcv SYN-ACK SYN-ACK seq=0 ack=1 TFO=cookie",
                                           "server rcv data ACK seq=1 ack=1 [data]"});
  // The client's handshake ACK carries the dropped data again (FreeBSD's `P.`).
  CHECK(c.result("data-delivered").trace->steps[3].info.sent == Steps{"ACK seq=1 ack=1 [data]"});
}

// What the cookie is for: an attacker that never completed a handshake sends, from a
// spoofed address, a SYN with data and a cookie it made up. The server answers the SYN but
// drops the data; a server that skips the check hands it up on the one packet.
TEST_CASE("TFO: SYN data from a spoofed address reaches the application only without the check") {
  auto c = check("tcp/tfo-spoofed-data");
  const auto& safe = c.result("no-data-from-unverified-address");
  CHECK(safe.verdict == Verdict::kHolds);
  CHECK(safe.states == 27);
  CHECK(safe.transitions == 63);
  // Not kept by the SYN never arriving: the server answers it, acknowledging the SYN alone
  // (ack 5 = seq + 1) and offering a cookie.
  CHECK(c.result("spoofed-syn-answered").verdict == Verdict::kHolds);
  CHECK(c.steps("spoofed-syn-answered") == Steps{"attacker send spoofed SYN", "server listen",
                                                 "server rcv SYN SYN seq=4 [data] TFO=bad-cookie"});
  CHECK(c.result("spoofed-syn-answered").trace->steps[2].info.sent ==
        Steps{"SYN-ACK seq=0 ack=5 TFO=cookie"});

  auto unchecked = check("tcp/tfo-spoofed-data", {"tcp.verify_cookie=false"});
  const auto& r = unchecked.result("no-data-from-unverified-address");
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(r.states == 7);
  CHECK(unchecked.steps("no-data-from-unverified-address") ==
        Steps{"attacker send spoofed SYN", "server listen",
              "server rcv SYN SYN seq=4 [data] TFO=bad-cookie"});
  // The SYN-ACK acknowledges the data too (ack 6): the server took it. It goes to the
  // spoofed address, not the attacker.
  CHECK(r.trace->steps[2].info.sent == Steps{"SYN-ACK seq=0 ack=6 TFO=cookie"});
  CHECK(r.trace->steps[2].info.sent_on == Steps{"s2h"});
}

// Several spoofed SYNs: one that finds the server in SYN-RECEIVED sends it back to LISTEN
// (RFC 9293 3.10.7.4) with its data dropped. The history monitor once counted that SYN's
// data as handed up (the deleted TCB's RCV.NXT of 0 equalled SEG.SEQ + 2 modulo 8), a
// 6-step violation that was the monitor's, not the server's.
TEST_CASE("TFO: with the check, three spoofed SYNs get no data through either") {
  auto c = check("tcp/tfo-spoofed-data", {"attack.syns=3"});
  CHECK(c.result("no-data-from-unverified-address").verdict == Verdict::kHolds);
  CHECK(c.result("no-data-from-unverified-address").states == 3708);
}

TEST_CASE("TLS 1.3 and 1.2: no application data before Finished; early CCS only in the bug") {
  auto t13 = check("tls13/handshake");
  CHECK(t13.result("no-app-data-before-finished").verdict == Verdict::kHolds);
  CHECK(t13.result("no-app-data-before-finished").states == 29277);
  CHECK(t13.result("handshake-completes").trace->steps.size() == 15);

  auto t12 = check("tls12/handshake");
  CHECK(t12.result("no-app-data-before-finished").verdict == Verdict::kHolds);
  CHECK(t12.result("no-early-ccs").verdict == Verdict::kHolds);
  CHECK(t12.result("no-early-ccs").states == 16892);
  CHECK(t12.result("handshake-completes").trace->steps.size() == 21);

  auto bug = check("tls12/early-ccs");
  const auto& r = bug.result("no-early-ccs");
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(bug.events("no-early-ccs") == Steps{"client connect", "server listen", "tls_client start",
                                            "tls_client early ChangeCipherSpec", "server rcv SYN",
                                            "client rcv SYN-ACK", "server rcv data"});
  // ClientHello, then ChangeCipherSpec accepted before any key exchange.
  CHECK(layered(r, 6) ==
        "tls_server rcv ClientHello -> writes ServerHello, Certificate, ServerKeyExchange, "
        "ServerHelloDone; tls_server rcv ChangeCipherSpec; ");
}

TEST_CASE("TLS 1.3 0-RTT: a replayed SYN repeats the early request unless tickets are single-use") {
  auto replay = check("tls13/zero-rtt-replay");
  const auto& r = replay.result("early-data-at-most-once");
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(r.states == 366);
  CHECK(replay.events("early-data-at-most-once") ==
        Steps{"server listen", "tls_client start", "client connect", "c2s duplicate",
              "server rcv SYN", "server timeout", "server rcv SYN"});
  CHECK(layered(r, 6).find("tls_server rcv EarlyData(request)") != std::string::npos);

  auto guarded = check("tls13/zero-rtt-anti-replay");
  CHECK(guarded.result("early-data-at-most-once").verdict == Verdict::kHolds);
  CHECK(guarded.result("early-data-at-most-once").states == 8016);
}

TEST_CASE("round trips: seed 000's counts from RFC 7413 and RFC 8446") {
  std::map<std::string, std::pair<double, double>> expected = {
      {"tcp+tls1.2", {3, 4}},         {"tcp+tls1.3", {2, 3}},         {"tcp+tls1.3+0rtt", {1, 2}},
      {"tfo+tls1.3", {1, 2}},         {"tfo+tls1.3+0rtt", {0, 1}},    {"tfo-first+tls1.3", {2, 3}},
      {"tcp+tls1.2-resumed", {2, 3}}, {"tcp+tls1.3-resumed", {2, 3}}, {"tfo+tls1.2", {2, 3}},
      {"tfo+tls1.2-resumed", {1, 2}}};
  auto configs = synack::properties::rtt_configs();
  REQUIRE(configs.size() == expected.size());
  for (const auto& config : configs) {
    INFO(config.name);
    auto row = synack::properties::measure_rtt(config, {});
    REQUIRE(row.request_rtt.has_value());
    REQUIRE(row.response_rtt.has_value());
    CHECK(*row.request_rtt == expected.at(config.name).first);
    CHECK(*row.response_rtt == expected.at(config.name).second);
  }
}

TEST_CASE("overlap: TLS rides in the SYN with a cookie; finishes with TCP only for 1-RTT TLS") {
  auto rows = synack::properties::overlap_table({});
  REQUIRE(rows.size() == 12);
  for (const auto& o : rows) {
    INFO(o.fast_open << " tls " << o.tls << " resume " << o.resume);
    bool cookie = o.fast_open == "cookie held";
    CHECK(o.tls_in_syn == cookie);  // (a): any TLS version, with or without resumption
    // (b): TLS 1.3, or TLS 1.2 resumed (one round trip of TLS), over a TFO cookie.
    CHECK(o.tls_no_later() == (cookie && (o.tls == 13 || o.resume)));
    CHECK(*o.tcp_done_rtt == 1);
  }
}

TEST_CASE("TLS 1.3 HelloRetryRequest costs the handshake one more exchange") {
  auto c = check("tls13/handshake", {"tls.hello_retry=true"});
  CHECK(c.result("no-app-data-before-finished").verdict == Verdict::kHolds);
  CHECK(c.result("no-app-data-before-finished").states == 80873);
  const auto& witness = c.result("handshake-completes").trace.value();
  CHECK(witness.steps.size() == 21);
  bool retried = false;
  for (const auto& s : witness.steps)
    for (const auto& l : s.info.layered)
      retried |= l == "tls_client rcv HelloRetryRequest -> writes ClientHello";
  CHECK(retried);
}
