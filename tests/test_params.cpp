#include <catch2/catch.hpp>

#include "checker/errors.hpp"
#include "properties/params.hpp"
#include "properties/registry.hpp"
#include "synack/scenario.hpp"

using namespace synack::properties;
using synack::InputError;

TEST_CASE("every bundled scenario lists parameters with defaults inside their ranges") {
  auto all = bundled_scenarios();
  REQUIRE(all.size() == 22);
  for (const auto& s : all) {
    CHECK_FALSE(s.properties.empty());
    for (const auto& p : s.params) {
      CHECK(p.default_value >= p.min);
      CHECK(p.default_value <= p.max);
    }
  }
}

TEST_CASE("parameter values given with --set are parsed against their range") {
  auto all = bundled_scenarios();
  const auto& s = find_scenario(all, "tcp/three-way-handshake");
  auto values = resolve_params(
      s, {parse_assignment("channel.capacity=3"), parse_assignment("channel.lossy=false")});
  CHECK(values.at("channel.capacity") == 3);
  CHECK(values.at("channel.lossy") == 0);
  CHECK(values.at("tcp.seq_space") == 16);
  REQUIRE_THROWS_WITH(resolve_params(s, {parse_assignment("channel.capacity=0")}),
                      "--set channel.capacity=0: out of range; valid: 1..6");
  REQUIRE_THROWS_WITH(resolve_params(s, {parse_assignment("channel.capacity=99999999999")}),
                      "--set channel.capacity=99999999999: out of range; valid: 1..6");
  REQUIRE_THROWS_WITH(resolve_params(s, {parse_assignment("channel.capacity=2x")}),
                      "--set channel.capacity=2x: not an integer; valid: 1..6");
  REQUIRE_THROWS_WITH(resolve_params(s, {parse_assignment("channel.lossy=maybe")}),
                      "--set channel.lossy=maybe: not a boolean; valid: true or false");
  REQUIRE_THROWS_WITH(parse_assignment("channel.capacity"),
                      "--set 'channel.capacity': expected KEY=VALUE, e.g. channel.capacity=3");
  REQUIRE_THROWS_WITH(parse_assignment("=3"), Catch::Contains("expected KEY=VALUE"));
  REQUIRE_THROWS_WITH(
      check_keys_known({&s}, {parse_assignment("tcp.window=4")}),
      Catch::StartsWith("--set tcp.window: unknown parameter; known: channel.capacity,"));
  // Scenarios without parameters (a learned model's) say so, not "known: " and nothing.
  synack::properties::Scenario bare = synack::ScenarioBuilder("toy/bare", "").build();
  REQUIRE_THROWS_WITH(check_keys_known({&bare}, {parse_assignment("channel.capacity=2")}),
                      "--set channel.capacity: unknown parameter; toy/bare has none");
}

TEST_CASE("unknown scenarios are named with the known ones") {
  auto all = bundled_scenarios();
  REQUIRE_THROWS_WITH(
      find_scenario(all, "tcp/quic"),
      Catch::StartsWith("unknown scenario 'tcp/quic'; known: tcp/three-way-handshake, "
                        "tcp/two-way-handshake, tcp/teardown, "));
  // A name typed as some of a scenario's words, one of them misspelt, finds it first.
  REQUIRE_THROWS_WITH(find_scenario(all, "tcp/tree-way"),
                      Catch::StartsWith("unknown scenario 'tcp/tree-way'; did you mean "
                                        "tcp/three-way-handshake or tcp/time-wait? (known: "));
}

TEST_CASE("parameters that contradict each other are refused") {
  auto all = bundled_scenarios();
  const auto& s = find_scenario(all, "tcp/three-way-handshake");
  auto values =
      resolve_params(s, {parse_assignment("tcp.seq_space=4"), parse_assignment("tcp.isn_step=4")});
  REQUIRE_THROWS_WITH(
      s.build(values),
      "tcp.isn_step=4 must be below the sequence space 4 (tcp.seq_space=4): --set a "
      "smaller tcp.isn_step or a larger space");
  REQUIRE_THROWS_WITH(
      resolve_params(s, {parse_assignment("tcp.seq_space=8"), parse_assignment("tcp.seq_bits=32")}),
      "--set tcp.seq_bits=32 and --set tcp.seq_space=8 say the same thing two ways: set one");
  REQUIRE_THROWS_WITH(resolve_params(s, {parse_assignment("tcp.seq_bits=33")}),
                      "--set tcp.seq_bits=33: out of range; valid: 0..32");
  // Unknown ISNs have no start or step to set: both were ignored without a word.
  REQUIRE_THROWS_WITH(
      resolve_params(s, {parse_assignment("tcp.isn=differ"), parse_assignment("tcp.isn_step=3")}),
      "--set tcp.isn_step=3: applies with tcp.isn=pinned, and this run has tcp.isn=differ (drop "
      "it, or set tcp.isn=pinned)");
  REQUIRE_THROWS_WITH(
      resolve_params(s, {parse_assignment("tcp.isn_start=5"), parse_assignment("tcp.isn=free")}),
      Catch::StartsWith("--set tcp.isn_start=5: applies with tcp.isn=pinned, and this run has "
                        "tcp.isn=free"));
  CHECK(resolve_params(s, {parse_assignment("tcp.isn=pinned"), parse_assignment("tcp.isn_step=3")})
            .at("tcp.isn_step") == 3);
  values =
      resolve_params(s, {parse_assignment("tcp.seq_bits=3"), parse_assignment("tcp.isn_start=8")});
  REQUIRE_THROWS_WITH(
      s.build(values),
      "tcp.isn_start=8 must be below the sequence space 8 (tcp.seq_bits=3): --set a "
      "smaller tcp.isn_start or a larger space");
}
