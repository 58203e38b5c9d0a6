// The learned model families as listed scenarios: `synack list` shows them after the
// bundled scenarios, `synack check learned/FAMILY` runs one as --learned and --props would.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "learned_data.hpp"

using synack::testing::run_synack;

namespace {

// SYNACK_SHARED_DIR pointed at an empty folder for one run: ../shared as if absent.
synack::testing::Run run_without_shared(const std::string& args) {
  auto empty =
      std::filesystem::temp_directory_path() / ("synack_no_shared_" + std::to_string(::getpid()));
  std::filesystem::create_directories(empty);
  const char* old = std::getenv("SYNACK_SHARED_DIR");
  std::string saved = old ? old : "";
  ::setenv("SYNACK_SHARED_DIR", empty.c_str(), 1);
  auto run = run_synack(args);
  if (old)
    ::setenv("SYNACK_SHARED_DIR", saved.c_str(), 1);
  else
    ::unsetenv("SYNACK_SHARED_DIR");
  std::filesystem::remove_all(empty);
  return run;
}

}  // namespace

TEST_CASE("check learned/FAMILY runs the family's models against its property file") {
  auto run = run_synack("check learned/example-tls-servers --quiet --expect --threads 1");
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out,
             Catch::Contains("learned/props_tls_early_ccs  early-ccs             always  "
                             "   violated  violated  as expected  8       7            2"));
  CHECK_THAT(run.out, Catch::Contains("learned/props_tls_fixed      early-ccs             always  "
                                      "   holds     holds     as expected"));
  CHECK_THAT(run.out, Catch::Contains("every verdict is as expected"));
  // Without --expect the violation is the exit code, as with --learned and --props.
  auto plain = run_synack("check learned/example-tls-servers --quiet --property early-ccs");
  CHECK(plain.exit_code == 1);
  auto spelled = run_synack(
      "check --learned " + synack::test::learned_test_file("props_tls_early_ccs.dot") +
      " --learned " + synack::test::learned_test_file("props_tls_fixed.dot") + " --props " +
      SYNACK_SOURCE_DIR "/learned/props/tls-server.props" + " --quiet --property early-ccs");
  CHECK(spelled.exit_code == 1);
  // The same table but for the seconds column.
  const std::regex seconds(" [0-9.]+\n");
  CHECK(std::regex_replace(spelled.out, seconds, "\n") ==
        std::regex_replace(plain.out, seconds, "\n"));
}

TEST_CASE("check learned/FAMILY: bad input is one line and exit 2") {
  auto unknown = run_synack("check learned/tls-clients");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err ==
        "synack: unknown learned family 'learned/tls-clients'; valid: learned/example-tls-servers, "
        "learned/tls-servers-automata-wiki, learned/tls-servers-openssl, learned/tcp-servers, "
        "learned/tcp-clients\n");
  auto with_props = run_synack("check learned/example-tls-servers --props " SYNACK_SOURCE_DIR
                               "/learned/props/tcp-server.props");
  CHECK(with_props.exit_code == 2);
  CHECK(with_props.err ==
        "synack: learned/example-tls-servers brings its own models and property file; give it "
        "without --learned and --props\n");
  auto two = run_synack("check learned/example-tls-servers learned/tcp-clients");
  CHECK(two.exit_code == 2);
  CHECK(two.err ==
        "synack: learned/example-tls-servers and learned/tcp-clients: check one learned family "
        "at a time\n");
  auto absent = run_without_shared("check learned/tcp-clients");
  CHECK(absent.exit_code == 2);
  CHECK(absent.err ==
        "synack: learned/tcp-clients: its models are in ../shared/data/learned, which is absent "
        "(set SYNACK_SHARED_DIR to the folder holding data/learned)\n");
}

TEST_CASE("list shows the learned families after the bundled scenarios") {
  auto run = run_synack("list");
  CHECK(run.exit_code == 0);
  auto family = run.out.find("learned/example-tls-servers\n");
  REQUIRE(family != std::string::npos);
  CHECK(run.out.find("tcp/three-way-handshake\n") < family);
  CHECK_THAT(run.out, Catch::Contains("  property file: learned/props/tls-server.props\n"
                                      "  properties:\n"
                                      "    handshake-completes              sometimes\n"));
  CHECK_THAT(run.out, Catch::Contains("  expected:\n"
                                      "    props_tls_early_ccs: early-ccs violated (2 steps); the "
                                      "rest holds\n"
                                      "    props_tls_fixed: every property holds\n"
                                      "  check: synack check learned/example-tls-servers\n"));

  auto json = nlohmann::json::parse(run_synack("list --json").out);
  REQUIRE(json["learned_families"].size() == 5);
  const auto& example = json["learned_families"][0];
  CHECK(example["name"] == "learned/example-tls-servers");
  CHECK(example["command"] == "synack check learned/example-tls-servers");
  CHECK(example["models"].size() == 2);
  CHECK(example["properties"].size() == 7);
  CHECK(json["learned_families"][4]["name"] == "learned/tcp-clients");

  // Without ../shared the families that need it say so in one line, and list still works.
  auto absent = run_without_shared("list");
  CHECK(absent.exit_code == 0);
  CHECK_THAT(absent.out,
             Catch::Contains("learned/tcp-clients\n  TCP clients learned by "
                             "Fiterau-Brostean, Janssen and Vaandrager (CAV 2016): "
                             "Linux, Windows 8, FreeBSD\n  models: "
                             "../shared/data/learned is absent here (set "
                             "SYNACK_SHARED_DIR to the folder holding data/learned)\n"));
  auto absent_json = nlohmann::json::parse(run_without_shared("list --json").out);
  CHECK(absent_json["learned_families"][4]["absent"] == "../shared/data/learned is absent");
  CHECK(absent_json["learned_families"][0].contains("models"));
}

// A ../shared that holds data/learned but not a family's models (a partial checkout): list
// names the family as absent, in the text and the JSON, and still exits 0.
TEST_CASE("list says which learned families' models are missing from a partial shared folder") {
  auto shared = std::filesystem::temp_directory_path() /
                ("synack_partial_shared_" + std::to_string(::getpid()));
  // The TCP models' folder is there, empty; tlsprint's is not.
  std::filesystem::create_directories(shared / "data" / "learned" / "automata-wiki" / "TCP");
  const char* old = std::getenv("SYNACK_SHARED_DIR");
  std::string saved = old ? old : "";
  ::setenv("SYNACK_SHARED_DIR", shared.c_str(), 1);
  auto text = run_synack("list");
  auto json = run_synack("list --json");
  if (old)
    ::setenv("SYNACK_SHARED_DIR", saved.c_str(), 1);
  else
    ::unsetenv("SYNACK_SHARED_DIR");
  std::filesystem::remove_all(shared);
  CHECK(text.exit_code == 0);
  const std::string tcp = (shared / "data" / "learned" / "automata-wiki" / "TCP").string();
  CHECK_THAT(text.out, Catch::Contains("learned/tcp-clients\n  TCP clients learned by "
                                       "Fiterau-Brostean, Janssen and Vaandrager (CAV 2016): "
                                       "Linux, Windows 8, FreeBSD\n  models: learned/tcp-clients: "
                                       "no model matching *_Client*.dot in " +
                                       tcp + "\n\n"));
  CHECK(json.exit_code == 0);
  CHECK(json.err == "");
  auto families = nlohmann::json::parse(json.out)["learned_families"];
  REQUIRE(families.size() == 5);
  CHECK(families[0].contains("models"));
  CHECK(families[2]["absent"] == "learned/tls-servers-openssl: no folder " +
                                     (shared / "data" / "learned" / "tlsprint-openssl").string());
  CHECK(families[4]["absent"] == "learned/tcp-clients: no model matching *_Client*.dot in " + tcp);
}

// Every family of ../shared gives the verdicts docs/learned-models.md reports.
TEST_CASE("check learned/FAMILY on the real learned models: every verdict as expected") {
  SYNACK_REQUIRE_SHARED_LEARNED(dir);
  for (const char* family : {"learned/tls-servers-automata-wiki", "learned/tls-servers-openssl",
                             "learned/tcp-servers", "learned/tcp-clients"}) {
    INFO(family);
    auto run = run_synack(std::string("check ") + family + " --quiet --expect --threads 1");
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.out, Catch::EndsWith("\nevery verdict is as expected\n"));
  }
  auto clients = run_synack("check learned/tcp-clients --quiet --threads 1");
  CHECK(clients.exit_code == 1);
  CHECK_THAT(clients.out, Catch::Contains("learned/TCP_FreeBSD_Client   "
                                          "simultaneous-open-challenge-ack  always  violated"));
}

// An auditor's regression check: the verdicts on a family's models (or on --learned models)
// saved once, and a later run compared with them, as for bundled scenarios.
TEST_CASE("baseline save records a learned family, and check --baseline compares with it") {
  const std::string file = (std::filesystem::temp_directory_path() /
                            ("synack_learned_baseline_" + std::to_string(::getpid()) + ".json"))
                               .string();
  auto save = run_synack("baseline save " + file + " learned/example-tls-servers --threads 1");
  CHECK(save.exit_code == 0);
  CHECK(save.out == "baseline: saved 2 scenario(s) to " + file + "\n");
  std::ifstream in(file);
  const nlohmann::json saved = nlohmann::json::parse(in);
  CHECK(saved["scenarios"]["learned/props_tls_early_ccs"]["properties"]["early-ccs"]["verdict"] ==
        "violated");
  CHECK(saved["scenarios"]["learned/props_tls_fixed"]["properties"]["early-ccs"]["verdict"] ==
        "holds");
  auto same = run_synack("check learned/example-tls-servers --quiet --strict --baseline " + file);
  CHECK(same.exit_code == 0);  // with --baseline, 1 is for a verdict flip only
  CHECK_THAT(same.out, Catch::EndsWith("baseline: no differences\n"));
  // The same models named with --learned and --props are the same scenarios.
  auto spelled = run_synack(
      "check --learned " + synack::test::learned_test_file("props_tls_early_ccs.dot") +
      " --learned " + synack::test::learned_test_file("props_tls_fixed.dot") + " --props " +
      SYNACK_SOURCE_DIR "/learned/props/tls-server.props --quiet --strict --baseline " + file);
  CHECK_THAT(spelled.out, Catch::EndsWith("baseline: no differences\n"));
  // A model saved with --learned alone: the other model is reported missing from the run.
  auto one = run_synack("baseline save " + file + " --learned " +
                        synack::test::learned_test_file("props_tls_fixed.dot") + " --props " +
                        SYNACK_SOURCE_DIR "/learned/props/tls-server.props");
  CHECK(one.exit_code == 0);
  auto more = run_synack("check learned/example-tls-servers --quiet --strict --baseline " + file);
  CHECK_THAT(more.out, Catch::Contains("learned/props_tls_early_ccs"));
  CHECK_THAT(more.out, Catch::Contains("not in the baseline"));
  std::filesystem::remove(file);
}
