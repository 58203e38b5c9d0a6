// `check --max-errors N`: up to N distinct violating states per safety property, the
// shortest trace to each in BFS order; the verdict and the first trace unchanged, and the
// same with any number of threads.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "checker/trace.hpp"
#include "cli_run.hpp"
#include "helpers.hpp"

using namespace synack::checker;
using synack::testing::Run;
using synack::testing::run_synack;

namespace {

std::vector<std::size_t> trace_groups(const Trace& t) {
  std::vector<std::size_t> out;
  for (const auto& s : t.steps) out.push_back(s.group);
  return out;
}

std::vector<std::size_t> lengths(const Result& r) {
  std::vector<std::size_t> out;
  for (const Trace& t : r.traces) out.push_back(t.steps.size());
  return out;
}

}  // namespace

TEST_CASE("max-errors: distinct violations of the two-way handshake, shortest first") {
  auto first = synack::testing::check("tcp/two-way-handshake");
  Limits limits;
  limits.max_errors = 6;
  auto several = synack::testing::check("tcp/two-way-handshake", {}, limits);
  const Result& one = first.result("no-stale-connection");
  const Result& six = several.result("no-stale-connection");
  // The verdict, its figures and the first trace are those of a search that stops.
  CHECK(six.verdict == Verdict::kViolated);
  CHECK(six.states == one.states);
  CHECK(six.transitions == one.transitions);
  CHECK(trace_groups(*six.trace) == trace_groups(*one.trace));
  CHECK(one.traces.empty());
  CHECK_FALSE(one.several);
  REQUIRE(six.several);
  REQUIRE(six.traces.size() == 6);
  CHECK(six.traces_limit.empty());
  CHECK(trace_groups(six.traces[0]) == trace_groups(*six.trace));
  CHECK(lengths(six) == std::vector<std::size_t>{4, 5, 5, 5, 5, 5});
  // Distinct violating states, each replayed, each breaking the invariant.
  std::set<std::vector<Value>> ends;
  for (const Trace& t : six.traces) {
    CHECK_NOTHROW(verify_by_replay(*several.model, t));
    ends.insert(t.steps.back().state);
    CHECK(several.model->summary(t.steps.back().state.data()).find("server=ESTABLISHED") !=
          std::string::npos);
  }
  CHECK(ends.size() == 6);
  // The other properties are unchanged; a sometimes property keeps its one witness.
  CHECK(several.result("connects").traces.empty());
  CHECK(trace_groups(*several.result("connects").trace) ==
        trace_groups(*first.result("connects").trace));
}

TEST_CASE("max-errors: the same traces with 1 and 2 threads and any round size") {
  Limits one;
  one.max_errors = 20;
  one.threads = 1;
  auto base = synack::testing::check("tcp/two-way-handshake", {}, one);
  for (auto [threads, round] : {std::pair{2u, 1u << 14}, {2u, 1u}, {3u, 7u}}) {
    INFO("threads " << threads << " rounds of " << round);
    Limits many = one;
    many.threads = threads;
    many.round_states = round;
    auto other = synack::testing::check("tcp/two-way-handshake", {}, many);
    for (const auto& property : {"no-stale-connection", "server-knows-client-receives"}) {
      const Result& a = base.result(property);
      const Result& b = other.result(property);
      REQUIRE(a.traces.size() == 20);
      REQUIRE(b.traces.size() == a.traces.size());
      for (std::size_t t = 0; t < a.traces.size(); ++t)
        CHECK(trace_groups(a.traces[t]) == trace_groups(b.traces[t]));
    }
  }
}

TEST_CASE("max-errors: every violating state when there are fewer; the limit when one ends it") {
  Limits many;
  many.max_errors = 10000;
  auto all = synack::testing::check("arq/stop-and-wait-no-seq", {}, many);
  const Result& r = all.result("in-order-exactly-once");
  CHECK(r.traces.size() == 151);
  CHECK(r.traces_limit.empty());
  many.max_states = 500;
  auto limited = synack::testing::check("tcp/two-way-handshake", {}, many);
  CHECK(limited.result("no-stale-connection").verdict == Verdict::kViolated);
  CHECK(limited.result("no-stale-connection").traces_limit == "max-states");
  CHECK(limited.result("no-stale-connection").traces.size() == 78);
}

TEST_CASE("check --max-errors: text and JSON show every trace; errors are one line") {
  auto file = std::filesystem::temp_directory_path() /
              ("synack_max_errors_" + std::to_string(getpid()) + ".json");
  Run r = run_synack(
      "check tcp/two-way-handshake --property no-stale-connection --max-errors 3 "
      "--json " +
      file.string());
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("no-stale-connection: counterexample 1 of 3 (4 steps, "));
  CHECK_THAT(r.out, Catch::Contains("no-stale-connection: counterexample 3 of 3 (5 steps, "));
  auto j = nlohmann::json::parse(synack::testing::slurp(file));
  std::filesystem::remove(file);
  const auto& result = j["results"][0];
  CHECK(result["trace"].size() == 4);
  REQUIRE(result["traces"].size() == 3);
  CHECK(result["traces"][0] == result["trace"]);
  CHECK(result["traces"][2].size() == 5);

  auto refused = [](const std::string& args, const std::string& message) {
    Run bad = run_synack("check " + args);
    INFO(args);
    CHECK(bad.exit_code == 2);
    CHECK(bad.err == "synack: " + message + "\n");
  };
  // Only sometimes properties: it was ignored, exit 0, as if three witnesses had been asked.
  refused("tcp/three-way-handshake --property connects --max-errors 3",
          "--max-errors: applies to always and deadlock-free properties, and none is chosen "
          "(tcp/three-way-handshake connects is a sometimes property, answered by one witness); "
          "choose one with --property or drop --max-errors");
  refused("tcp/three-way-handshake --sometimes 'client.state == ESTABLISHED' --max-errors 2",
          "--max-errors: applies to always and deadlock-free properties, and none is chosen "
          "(tcp/three-way-handshake sometimes client.state == ESTABLISHED is a sometimes "
          "property, answered by one witness); choose one with --property or drop --max-errors");
  refused("tcp/two-way-handshake --max-errors 2 --engine bmc",
          "--max-errors: applies to the explicit engine, not bmc (the Z3 engines take "
          "--max-seconds and --depth)");
  refused("arq/stop-and-wait --max-errors 2",
          "--max-errors: applies to safety properties (always, deadlock-free), and "
          "arq/stop-and-wait every-message-delivered is a liveness property; choose safety "
          "properties with --property");
  refused("tcp/two-way-handshake --max-errors 0",
          "--max-errors: '0' is not a whole number from 1 to 10000 (decimal digits only) (see "
          "'synack --help')");
  refused("tcp/two-way-handshake --max-errors 2 --sweep tcp.max_retries=0..1",
          "--sweep cannot be combined with --max-errors");
}
