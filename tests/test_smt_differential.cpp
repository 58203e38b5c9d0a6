// The reason to trust either engine: on every bundled scenario, the explicit engine and
// bounded model checking (with the same parameters, so the same small sequence space and
// channels) must agree on every always and sometimes verdict within the depth searched,
// and their shortest traces must have equal length. A scenario the SMT encoding cannot
// take must say so, with a reason, rather than pass.
#include <algorithm>
#include <map>
#include <string>

#include <catch2/catch.hpp>

#include "checker/smt/smt_check.hpp"
#include "helpers.hpp"

namespace {

using synack::checker::PropertyKind;
using synack::checker::Result;
using synack::checker::Verdict;
namespace smt = synack::checker::smt;

constexpr std::size_t kDepth = 6;

// What BMC to depth `depth` must answer, given the explicit engine's full answer.
void agree(const Result& ex, const Result& bmc, std::size_t depth) {
  INFO(ex.property << ": explicit " << to_string(ex.verdict) << " in " << ex.depth << " steps, bmc "
                   << verdict_text(bmc) << " " << bmc.limit);
  REQUIRE(ex.verdict != Verdict::kInconclusive);
  bool found = ex.kind == PropertyKind::kAlways ? ex.verdict == Verdict::kViolated
                                                : ex.verdict == Verdict::kHolds;
  std::size_t shortest = found ? ex.trace.value().steps.size() : 0;
  if (found && shortest <= depth) {
    CHECK(bmc.verdict == ex.verdict);
    REQUIRE(bmc.trace.has_value());
    CHECK(bmc.trace->steps.size() == shortest);
  } else if (ex.kind == PropertyKind::kAlways) {
    CHECK(bmc.verdict == Verdict::kBoundedHolds);
    CHECK(bmc.depth == depth);
  } else {
    CHECK(bmc.verdict == Verdict::kInconclusive);
    CHECK(bmc.limit == "no witness within depth " + std::to_string(depth));
  }
}

// What the run compared: how many properties the SMT encoding took, and the length of each
// trace bmc found (equal to the explicit engine's shortest, or `agree` fails), by property.
struct DifferentialRun {
  std::size_t encoded = 0;
  std::map<std::string, std::size_t> found;
};

DifferentialRun compare_engines(const std::string& scenario, const std::vector<std::string>& sets,
                                std::size_t depth) {
  auto checked = synack::testing::check(scenario, sets);
  std::vector<synack::checker::PropertySpec> safety;
  std::vector<const Result*> explicit_results;
  for (std::size_t i = 0; i < checked.properties.size(); ++i)
    if (checked.properties[i].kind == PropertyKind::kAlways ||
        checked.properties[i].kind == PropertyKind::kSometimes) {
      safety.push_back(checked.properties[i]);
      explicit_results.push_back(&checked.results[i]);
    }
  smt::SmtLimits limits;
  limits.max_depth = depth;
  auto bmc = smt::check_with_smt(*checked.model, safety, smt::Engine::kBmc, limits);
  DifferentialRun out;
  for (std::size_t i = 0; i < bmc.size(); ++i) {
    CHECK(bmc[i].engine == "bmc");
    if (bmc[i].verdict == Verdict::kUnsupported) {
      CHECK_FALSE(bmc[i].limit.empty());
      continue;
    }
    ++out.encoded;
    agree(*explicit_results[i], bmc[i], depth);
    if (bmc[i].trace) out.found[bmc[i].property] = bmc[i].trace->steps.size();
  }
  return out;
}

// Returns how many properties the SMT encoding took.
std::size_t differential(const std::string& scenario, const std::vector<std::string>& sets = {}) {
  return compare_engines(scenario, sets, kDepth).encoded;
}

}  // namespace

TEST_CASE("differential: explicit and bmc agree on the handshakes", "[smt-differential]") {
  CHECK(differential("tcp/three-way-handshake") == 3);
  CHECK(differential("tcp/two-way-handshake") == 3);
}

TEST_CASE("differential: explicit and bmc agree on teardown", "[smt-differential]") {
  CHECK(differential("tcp/teardown") == 2);
  CHECK(differential("tcp/teardown-merged-fin") == 2);
}

TEST_CASE("differential: explicit and bmc agree on simultaneous open and close",
          "[smt-differential]") {
  CHECK(differential("tcp/simultaneous-open") == 2);
  CHECK(differential("tcp/simultaneous-close") == 2);
}

TEST_CASE("differential: explicit and bmc agree on TIME-WAIT and handshake loss",
          "[smt-differential]") {
  CHECK(differential("tcp/time-wait") == 3);
  CHECK(differential("tcp/handshake-loss") == 3);
}

TEST_CASE("differential: explicit and bmc agree on the SYN flood, with and without cookies",
          "[smt-differential]") {
  CHECK(differential("tcp/syn-flood") == 2);
  CHECK(differential("tcp/syn-flood", {"tcp.syn_cookies=true"}) == 2);
  CHECK(differential("tcp/syn-flood", {"tcp.backlog=2"}) == 2);
}

TEST_CASE("differential: explicit and bmc agree on stop-and-wait ARQ", "[smt-differential]") {
  CHECK(differential("arq/stop-and-wait") == 1);
  CHECK(differential("arq/stop-and-wait-no-seq") == 1);
  CHECK(differential("arq/stop-and-wait-reordering") == 1);
}

// tcp/zero-window's machines are generic too; its leads-to property is cross-checked in
// tests/test_smt_liveness.cpp, and deadlock-free is not one the SMT engines decide.
TEST_CASE("differential: explicit and bmc agree on flow control", "[smt-differential]") {
  CHECK(differential("tcp/congestion") == 5);
}

// Layered hosts: an endpoint whose application is only a socket (TCP Fast Open), and TLS
// machines stacked on TCP endpoints. What the socket hands up reaches the upper layer within
// the step, as in the explicit engine; each trace bmc finds replays through the machines.
TEST_CASE("differential: explicit and bmc agree on TCP Fast Open", "[smt-differential]") {
  DifferentialRun replay = compare_engines("tcp/tfo-replay", {}, kDepth);
  CHECK(replay.encoded == 1);
  CHECK(replay.found == std::map<std::string, std::size_t>{{"syn-data-at-most-once", 6}});
  DifferentialRun invalid = compare_engines("tcp/tfo-invalid-cookie", {}, kDepth);
  CHECK(invalid.encoded == 2);
  CHECK(invalid.found == std::map<std::string, std::size_t>{{"data-delivered", 5}});
}

// A spoofed SYN with data and a made-up cookie: the whole state space lies within depth 7
// (the explicit engine's), so bmc to 7 covers every run the explicit engine saw; without
// the cookie check both find the same 3-step counterexample.
TEST_CASE("differential: explicit and bmc agree on spoofed TFO data", "[smt-differential]") {
  constexpr std::size_t kWholeDepth = 7;
  DifferentialRun checked = compare_engines("tcp/tfo-spoofed-data", {}, kWholeDepth);
  CHECK(checked.encoded == 2);
  CHECK(checked.found == std::map<std::string, std::size_t>{{"spoofed-syn-answered", 3}});
  DifferentialRun unchecked =
      compare_engines("tcp/tfo-spoofed-data", {"tcp.verify_cookie=false"}, kDepth);
  CHECK(unchecked.encoded == 2);
  CHECK(unchecked.found ==
        std::map<std::string, std::size_t>{{"no-data-from-unverified-address", 3},
                                           {"spoofed-syn-answered", 3}});
}

// TLS machines stacked on TCP endpoints, to depth 7: both counterexamples (an early
// ChangeCipherSpec, a replayed 0-RTT request) take 7 steps and must come back as short,
// replayed; the handshakes' witnesses (15 and 21 steps) lie beyond, where both engines
// must agree that nothing is found.
constexpr std::size_t kTlsDepth = 7;

TEST_CASE("differential: explicit and bmc agree on TLS 1.2", "[smt-differential]") {
  CHECK(compare_engines("tls12/handshake", {}, kTlsDepth).encoded == 3);
  DifferentialRun ccs = compare_engines("tls12/early-ccs", {}, kTlsDepth);
  CHECK(ccs.encoded == 1);
  CHECK(ccs.found == std::map<std::string, std::size_t>{{"no-early-ccs", 7}});
}

TEST_CASE("differential: explicit and bmc agree on TLS 1.3", "[smt-differential]") {
  CHECK(compare_engines("tls13/handshake", {}, kTlsDepth).encoded == 2);
  DifferentialRun replay = compare_engines("tls13/zero-rtt-replay", {}, kTlsDepth);
  CHECK(replay.encoded == 1);
  CHECK(replay.found == std::map<std::string, std::size_t>{{"early-data-at-most-once", 7}});
  CHECK(compare_engines("tls13/zero-rtt-anti-replay", {}, kTlsDepth).encoded == 1);
}

// A TFO SYN carries the ClientHello and the 0-RTT request in one payload: the server's
// endpoint hands both up within the delivery, and the TLS server takes the early request.
// The shortest such run is 4 steps; bmc must find one as short, replayed through the machines.
TEST_CASE("differential: bmc finds the early request handed up through the socket",
          "[smt-differential]") {
  auto model = synack::testing::build("tls13/zero-rtt-replay");
  std::vector<synack::checker::PropertySpec> witness = {
      {"early-request-taken", PropertyKind::kSometimes, "tls_server_history.early_received == 1",
       "the server's application takes the 0-RTT request", Verdict::kHolds}};
  auto ex = synack::checker::check_properties(*model, witness, {});
  REQUIRE(ex.at(0).verdict == Verdict::kHolds);
  CHECK(ex.at(0).trace.value().steps.size() == 4);
  smt::SmtLimits limits;
  limits.max_depth = kTlsDepth;
  auto bmc = smt::check_with_smt(*model, witness, smt::Engine::kBmc, limits);
  agree(ex.at(0), bmc.at(0), kTlsDepth);
}

// Every other bundled scenario's safety properties are refused with their reason, never
// passed: they are deadlock-free properties, which the SMT engines do not decide.
TEST_CASE("differential: the scenarios bmc cannot encode say why", "[smt-differential]") {
  const std::vector<std::string> covered = {
      "tcp/three-way-handshake", "tcp/two-way-handshake",    "tcp/teardown",
      "tcp/teardown-merged-fin", "tcp/simultaneous-open",    "tcp/simultaneous-close",
      "tcp/time-wait",           "tcp/handshake-loss",       "tcp/syn-flood",
      "arq/stop-and-wait",       "arq/stop-and-wait-no-seq", "arq/stop-and-wait-reordering",
      "tcp/congestion",          "tcp/tfo-replay",           "tcp/tfo-invalid-cookie",
      "tcp/tfo-spoofed-data",    "tls12/handshake",          "tls12/early-ccs",
      "tls13/handshake",         "tls13/zero-rtt-replay",    "tls13/zero-rtt-anti-replay"};
  for (const auto& s : synack::properties::bundled_scenarios()) {
    if (std::find(covered.begin(), covered.end(), s.name) != covered.end()) continue;
    INFO(s.name);
    auto model = synack::testing::build(s.name);
    smt::SmtLimits limits;
    limits.max_depth = kDepth;
    // Liveness properties are encoded (tests/test_smt_liveness.cpp cross-checks them).
    std::vector<synack::checker::PropertySpec> safety;
    for (const auto& p : s.properties)
      if (!synack::checker::is_liveness(p.kind)) safety.push_back(p);
    for (const Result& r : smt::check_with_smt(*model, safety, smt::Engine::kBmc, limits)) {
      CHECK(r.verdict == Verdict::kUnsupported);
      CHECK_FALSE(r.limit.empty());
    }
  }
}
