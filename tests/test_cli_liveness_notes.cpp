// What a liveness result tells beyond its verdict, on the command line (the liveness audit
// of 6 December): a leads-to that holds only because its premise never holds says so, and
// a lasso whose cycle starts at the initial state can be checked from the JSON alone.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "temp_dir.hpp"

using synack::testing::Run;
using synack::testing::run_synack;
using synack::testing::TempDir;

TEST_CASE(
    "a vacuous leads-to is marked in the table and JSON and JUnit and --sweep and the report") {
  TempDir dir("vacuous");
  const auto json = dir.path / "v.json";
  const auto report = dir.path / "report";
  const auto junit = dir.path / "v.xml";
  // The receiver never misdelivers (in-order-exactly-once holds), so nothing is asked.
  Run r = run_synack(
      "check arq/stop-and-wait --leads-to 'receiver_history.misdelivered > 0 => sender.state "
      "== DONE' --fairness fair-loss --json " +
      json.string() + " --report " + report.string() + " --junit " + junit.string());
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains(" holds (vacuous) "));
  CHECK_THAT(r.out, Catch::Contains(
                        ": holds vacuously: the premise 'receiver_history.misdelivered > 0' holds "
                        "in none of the 107 reachable states, so nothing ever had to follow\n"));
  std::ifstream in(json);
  const auto result = nlohmann::json::parse(in)["results"][0];
  CHECK(result["verdict"] == "holds");
  CHECK(result["vacuous"] == true);
  std::ifstream page(report / "index.html");
  const std::string text((std::istreambuf_iterator<char>(page)), std::istreambuf_iterator<char>());
  CHECK_THAT(text, Catch::Contains("<td class=\"vacuous\">holds (vacuous: the premise holds in no "
                                   "reachable state)</td>"));

  std::ifstream xml(junit);
  const std::string junit_text((std::istreambuf_iterator<char>(xml)),
                               std::istreambuf_iterator<char>());
  CHECK_THAT(junit_text, Catch::Contains("<system-out>verdict=holds vacuous=true engine=explicit "
                                         "states=107 "));
  Run sweep = run_synack(
      "check arq/stop-and-wait --leads-to 'receiver_history.misdelivered > 0 => sender.state "
      "== DONE' --fairness fair-loss --sweep arq.messages=1..2");
  CHECK(sweep.exit_code == 0);
  CHECK_THAT(sweep.out,
             Catch::Contains("1  holds (vacuous)") && Catch::Contains("2  holds (vacuous)"));

  // The bundled every-message-delivered has a premise that is met: no mark anywhere.
  Run met = run_synack("check arq/stop-and-wait --property every-message-delivered --json " +
                       json.string() + " --junit " + junit.string());
  CHECK(met.exit_code == 0);
  CHECK_THAT(met.out, !Catch::Contains("vacuous"));
  std::ifstream again(json);
  CHECK_FALSE(nlohmann::json::parse(again)["results"][0].contains("vacuous"));
  std::ifstream xml_again(junit);
  const std::string met_junit((std::istreambuf_iterator<char>(xml_again)),
                              std::istreambuf_iterator<char>());
  CHECK_THAT(met_junit, Catch::Contains("<system-out>verdict=holds engine=explicit "));
  Run met_sweep = run_synack(
      "check arq/stop-and-wait --property every-message-delivered --sweep arq.messages=1..2");
  CHECK(met_sweep.exit_code == 0);
  CHECK_THAT(met_sweep.out, Catch::Contains("1  holds ") && !Catch::Contains("vacuous"));
}

TEST_CASE("a result with a trace gives the initial state slot by slot in JSON") {
  TempDir dir("initial_slots");
  const auto json = dir.path / "tw.json";
  // One clock tick from the initial state returns to it: a lasso with an empty prefix.
  Run r = run_synack(
      "check tcp/time-wait --set tcp.incarnations=1 --set channel.capacity=1 --eventually "
      "'client.state != CLOSED' --quiet --json " +
      json.string());
  CHECK(r.exit_code == 1);
  std::ifstream in(json);
  const auto result = nlohmann::json::parse(in)["results"][0];
  CHECK(result["lasso"]["prefix"] == 0);
  CHECK(result["lasso"]["cycle"] == 1);
  REQUIRE(result["trace"].size() == 1);
  CHECK(result["initial_slots"]["client.state"] == "CLOSED");
  CHECK(result["initial_slots"] == result["trace"][0]["slots"]);
}
