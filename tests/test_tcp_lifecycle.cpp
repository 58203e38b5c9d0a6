// The connection lifecycle beyond the handshake: close, half-close, crossing segments,
// lost handshake segments.
#include <catch2/catch.hpp>

#include "helpers.hpp"

using synack::checker::Verdict;
using synack::testing::check;
using Steps = std::vector<std::string>;

namespace {
// "actor event" per step, without messages.
Steps events(const synack::testing::Checked& c, const std::string& property) {
  Steps out;
  for (const auto& s : c.result(property).trace.value().steps) out.push_back(s.info.actor + " " + s.info.event);
  return out;
}
}  // namespace

TEST_CASE("four-way close delivers the passive side's last data") {
  auto c = check("tcp/teardown");
  const auto& data = c.result("all-data-delivered");
  CHECK(data.verdict == Verdict::kHolds);
  CHECK(data.states == 243884);
  CHECK(data.depth == 35);
  const auto& closed = c.result("both-closed");
  CHECK(closed.verdict == Verdict::kHolds);
  // Half-close: the server still sends in CLOSE-WAIT, then closes.
  CHECK(events(c, "both-closed") ==
        Steps{"client connect", "server listen", "server rcv SYN", "client rcv SYN-ACK", "client close",
              "server rcv FIN", "server send", "client rcv data", "server rcv ACK", "server close",
              "client rcv FIN", "client 2MSL timeout", "server rcv ACK"});
  CHECK(c.model->summary(closed.trace->steps[5].state.data()) == "client=FIN-WAIT-1 server=CLOSE-WAIT");
}

TEST_CASE("merging the passive side's FIN into its ACK loses the data it still had") {
  auto c = check("tcp/teardown-merged-fin");
  const auto& r = c.result("all-data-delivered");
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(r.states == 338);
  CHECK(events(c, "all-data-delivered") ==
        Steps{"client connect", "server listen", "server rcv SYN", "client rcv SYN-ACK", "client close",
              "server rcv ACK", "server rcv FIN", "client rcv FIN"});
  const auto& fin = r.trace->steps[6];
  CHECK(fin.info.sent == std::vector<std::string>{"FIN-ACK seq=1 ack=2"});
  CHECK(c.model->summary(fin.state.data()) == "client=FIN-WAIT-1 server=LAST-ACK");
  CHECK(c.result("both-closed").verdict == Verdict::kHolds);
}

TEST_CASE("simultaneous open: crossing SYNs through SYN-RECEIVED, never stuck") {
  auto c = check("tcp/simultaneous-open");
  CHECK(c.result("connects").verdict == Verdict::kHolds);
  CHECK(events(c, "through-syn-received") ==
        Steps{"client connect", "server connect", "server rcv SYN", "client rcv SYN"});
  const auto& dl = c.result("deadlock-free");
  CHECK(dl.verdict == Verdict::kHolds);
  CHECK(dl.states == 148);
}

TEST_CASE("simultaneous close: crossing FINs through CLOSING, never stuck") {
  auto c = check("tcp/simultaneous-close");
  CHECK(c.result("both-closed").verdict == Verdict::kHolds);
  CHECK(c.result("both-closed").depth == 10);
  const auto& closing = c.result("through-closing");
  CHECK(closing.verdict == Verdict::kHolds);
  CHECK(c.model->summary(closing.trace->steps.back().state.data()) == "client=CLOSING server=CLOSING");
  const auto& dl = c.result("deadlock-free");
  CHECK(dl.verdict == Verdict::kHolds);
  CHECK(dl.states == 1044);
}

TEST_CASE("lost handshake segments: half-open connections and failed connects") {
  auto c = check("tcp/handshake-loss");
  CHECK(events(c, "half-open-after-lost-ack") ==
        Steps{"client connect", "server listen", "server rcv SYN", "server timeout", "server timeout",
              "client rcv SYN-ACK"});
  CHECK(events(c, "half-open-reset-by-data") ==
        Steps{"client connect", "server listen", "server rcv SYN", "server timeout", "server timeout",
              "client rcv SYN-ACK", "client send", "server rcv data", "client rcv RST"});
  CHECK(c.result("half-open-reset-by-data").trace->steps[7].info.sent == std::vector<std::string>{"RST seq=1"});
  CHECK(events(c, "connect-fails-after-retries") ==
        Steps{"client connect", "client timeout", "client timeout"});
}
