// The TLS, ARQ and SYN-flood machines without property-only ghosts: what their properties
// ask about history is kept by spec monitors beside them (properties/tls_history.cpp,
// properties/arq.cpp, properties/tcp_syn_flood.cpp).
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/trace.hpp"
#include "helpers.hpp"
#include "machines/arq/arq.hpp"
#include "machines/tcp/tcp.hpp"
#include "machines/tls/tls.hpp"

using synack::checker::PropertyKind;
using synack::checker::PropertySpec;
using synack::checker::Value;
using synack::checker::Verdict;
using synack::testing::check;
namespace tls = synack::machines::tls;

namespace {

std::vector<std::string> variables(const synack::checker::MachineType& m) {
  std::vector<std::string> names;
  for (const auto& v : m.variables()) names.push_back(v.name);
  return names;
}

// The value of a named slot in the state after step `step` (1, 2, ...) of a property's trace.
Value at(const synack::testing::Checked& c, const std::string& property, std::size_t step,
         const std::string& slot) {
  std::size_t s = c.model->layout().find(slot).value();
  return c.result(property).trace.value().steps.at(step - 1).state.at(s);
}

}  // namespace

TEST_CASE("the TLS machines keep only what a guard or an action reads") {
  using V = std::vector<std::string>;
  CHECK(variables(*tls::make_tls12_client({})) ==
        V{"resumed_offered", "resumed", "early_ccs_sent"});
  CHECK(variables(*tls::make_tls12_server({})) == V{"responded", "resumed"});
  CHECK(variables(*tls::make_tls13_client({})) ==
        V{"psk_offered", "early_sent", "early_accepted", "hrr_seen"});
  CHECK(variables(*tls::make_tls13_server({})) == V{"hrr_sent", "responded", "ticket_used"});
  CHECK(variables(*synack::machines::arq::make_receiver({})) == V{"expected"});
  synack::machines::tcp::ListenerParams lp;
  CHECK(variables(*synack::machines::tcp::make_listener(lp)) ==
        V{"half_open", "legit_pending", "established"});
}

// The early-CCS counterexample: the monitor is set by the very delivery that carries the
// ChangeCipherSpec (step 7), and was 0 before it.
TEST_CASE("the TLS server's monitor sees the early ChangeCipherSpec taken") {
  auto bug = check("tls12/early-ccs");
  REQUIRE(bug.result("no-early-ccs").trace->steps.size() == 7);
  CHECK(at(bug, "no-early-ccs", 6, "tls_server_history.early_ccs_accepted") == 0);
  CHECK(at(bug, "no-early-ccs", 7, "tls_server_history.early_ccs_accepted") == 1);
  // The spec server refuses it: the same delivery sends an alert, the monitor stays 0.
  auto spec = check("tls12/handshake");
  CHECK(spec.result("no-early-ccs").verdict == Verdict::kHolds);
  CHECK(spec.result("no-early-ccs").states == 16892);
}

TEST_CASE("the TLS monitors count 0-RTT requests and see the response arrive") {
  auto replay = check("tls13/zero-rtt-replay");
  const auto& r = replay.result("early-data-at-most-once");
  REQUIRE(r.verdict == Verdict::kViolated);
  CHECK(at(replay, "early-data-at-most-once", 7, "tls_server_history.early_received") == 2);
  CHECK(at(replay, "early-data-at-most-once", 5, "tls_server_history.early_received") == 1);

  auto t13 = check("tls13/handshake");
  CHECK(t13.result("handshake-completes").trace->steps.size() == 15);
  CHECK(at(t13, "handshake-completes", 15, "tls_client_history.response_received") == 1);
  CHECK(at(t13, "handshake-completes", 14, "tls_client_history.response_received") == 0);
}

// The receiver's application log counts in-order deliveries: all three messages in 8 steps
// (send, deliver, ACK per message, less the last ACK's), and a misdelivery is recorded.
TEST_CASE("the ARQ monitor counts what the receiver's application got") {
  auto model = synack::testing::build("arq/stop-and-wait");
  std::vector<PropertySpec> all3 = {{"all-three", PropertyKind::kSometimes,
                                     "receiver_history.delivered == 3", "", Verdict::kHolds}};
  auto r = synack::checker::check_properties(*model, all3, {});
  REQUIRE(r.at(0).verdict == Verdict::kHolds);
  CHECK(r.at(0).trace->steps.size() == 8);
  auto no_seq = check("arq/stop-and-wait-no-seq");
  CHECK(no_seq.result("in-order-exactly-once").verdict == Verdict::kViolated);
  CHECK(at(no_seq, "in-order-exactly-once", 4, "receiver_history.misdelivered") == 1);
  CHECK(at(no_seq, "in-order-exactly-once", 4, "receiver_history.delivered") == 1);
}

// With SYN cookies the listener's monitor has no rule: its variable is the constant 0.
TEST_CASE("the SYN-flood monitor sees the client's SYN dropped and never with cookies") {
  auto flood = check("tcp/syn-flood");
  CHECK(flood.result("legit-syn-answered").verdict == Verdict::kViolated);
  CHECK(at(flood, "legit-syn-answered", 4, "server_history.legit_dropped") == 1);
  CHECK(at(flood, "legit-syn-answered", 3, "server_history.legit_dropped") == 0);
  auto cookies = check("tcp/syn-flood", {"tcp.syn_cookies=true"});
  CHECK(cookies.result("legit-syn-answered").verdict == Verdict::kHolds);
  CHECK(cookies.result("legit-syn-answered").states == 168);
}
