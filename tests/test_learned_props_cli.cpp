// `synack check --learned MODEL.dot|DIR --props FILE.props` as users run it, and the
// shipped property files on every real learned model in ../shared/data/learned.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>

#include "checker/check.hpp"
#include "cli_run.hpp"
#include "learned/learned_scenario.hpp"
#include "learned_data.hpp"

using synack::testing::run_synack;

namespace {

std::string props(const std::string& name) {
  return std::string(SYNACK_SOURCE_DIR) + "/learned/props/" + name;
}

std::string model(const std::string& name) {
  return synack::test::learned_test_file(name);
}

}  // namespace

TEST_CASE("check --learned with a property file: verdicts, the shortest input, the answers") {
  auto run = run_synack("check --learned " + model("props_tls_early_ccs.dot") + " --props " +
                        props("tls-server.props") + " --property early-ccs --chart");
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out, Catch::Contains("learned/props_tls_early_ccs  early-ccs  always  violated"));
  CHECK_THAT(run.out,
             Catch::Contains("learned/props_tls_early_ccs early-ccs: counterexample (2 steps, "
                             "replayed through the learned model)"));
  CHECK_THAT(run.out, Catch::Contains(
                          "      1  impl ClientHello / ServerHello & Certificate & ServerHelloDone"
                          "  impl=hello\n"
                          "      2  impl ChangeCipherSpec / -                                     "
                          "  impl=broken\n"
                          "    finally: early_ccs.at=bug\n"));
  // The chart's only column is not cut.
  CHECK_THAT(run.out, Catch::Contains("     2  ChangeCipherSpec / - -> broken\n"));

  auto fixed = run_synack("check --learned " + model("props_tls_fixed.dot") + " --props " +
                          props("tls-server.props") + " --quiet");
  CHECK(fixed.exit_code == 0);
  CHECK_THAT(fixed.out,
             Catch::Contains("learned/props_tls_fixed  early-ccs             always     holds"));
}

TEST_CASE("check --learned: a directory, command-line properties, JSON") {
  auto dir =
      std::filesystem::temp_directory_path() / ("synack_learned_dir_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "v1");
  std::filesystem::create_directories(dir / "v2");
  std::filesystem::copy_file(model("props_tls_early_ccs.dot"), dir / "v1" / "server.dot");
  std::filesystem::copy_file(model("props_tls_fixed.dot"), dir / "v2" / "server.dot");
  auto run = run_synack("check --learned " + dir.string() +
                        " --always 'impl.in == \"ChangeCipherSpec\" -> impl.out != \"-\"' --quiet");
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out,
             Catch::Contains("learned/v1/server  always impl.in == \"ChangeCipherSpec\" -> "
                             "impl.out != \"-\"  always  violated"));
  CHECK_THAT(run.out,
             Catch::Contains("learned/v2/server  always impl.in == \"ChangeCipherSpec\" -> "
                             "impl.out != \"-\"  always  violated"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("check --learned: bad input is one line and exit 2") {
  auto no_props = run_synack("check --learned " + model("props_tls_fixed.dot"));
  CHECK(no_props.exit_code == 2);
  CHECK(no_props.err ==
        "synack: --learned: nothing to check; give --props FILE.props or a property such as "
        "--always 'impl.in == \"Finished\" -> impl.out != \"-\"'\n");
  auto no_model = run_synack("check --props " + props("tls-server.props"));
  CHECK(no_model.exit_code == 2);
  CHECK_THAT(no_model.err, Catch::Contains("applies to learned models: name them with --learned"));
  auto missing =
      run_synack("check --learned /nonexistent.dot --props " + props("tls-server.props"));
  CHECK(missing.exit_code == 2);
  CHECK(missing.err ==
        "synack: --learned /nonexistent.dot: no such file or directory (a learned model in DOT, "
        "or a directory of them)\n");
  // A TCP rule on a TLS model: the name it lacks, with the file and line.
  auto wrong = run_synack("check --learned " + model("props_tls_fixed.dot") + " --props " +
                          props("tcp-server.props"));
  CHECK(wrong.exit_code == 2);
  // A pattern that matches nothing is false ("RST*"); a name must exist ("TIMEOUT").
  CHECK(wrong.err == "synack: " + props("tcp-server.props") +
                         ":9: property 'impl.in == \"RST*\" || impl.in == \"ACK+RST*\" -> "
                         "impl.out == \"TIMEOUT\"': no value of impl.out matches \"TIMEOUT\"; its "
                         "values: \"(none)\", \"ServerHello & Certificate & ServerHelloDone\", "
                         "\"ConnectionClosed\", \"Alert Fatal (Unexpected message) & "
                         "ConnectionClosed\", \"-\", \"ChangeCipherSpec & Finished\", "
                         "\"ApplicationData\"\n");
  // A pattern that matches nothing in every model checked is a misspelling: the rule would
  // hold vacuously, so it is refused (in a props file, with its line; on the command line).
  auto typo_file = std::filesystem::temp_directory_path() /
                   ("synack_typo_" + std::to_string(::getpid()) + ".props");
  {
    std::ofstream f(typo_file);
    f << "always ok: out == \"*Alert*\" -> true\n"
         "always typo-closes: out == \"*alert*fatl*\" -> out == \"*closed*\"\n";
  }
  auto typo = run_synack("check --learned " + model("props_tls_fixed.dot") + " --props " +
                         typo_file.string());
  CHECK(typo.exit_code == 2);
  CHECK(typo.err == "synack: " + typo_file.string() +
                        ":2: \"*alert*fatl*\" matches no input, answer or state of the model; a "
                        "pattern that matches nothing is false, so check its spelling (`*` "
                        "stands for any characters, case ignored)\n");
  std::filesystem::remove(typo_file);
  auto typo_adhoc = run_synack("check --learned " + model("props_tls_fixed.dot") +
                               " --always 'impl.out == \"*Alrt*\" -> impl.in == \"Finished\"'");
  CHECK(typo_adhoc.exit_code == 2);
  CHECK_THAT(typo_adhoc.err, Catch::StartsWith("synack: property 'impl.out == \"*Alrt*\" -> "
                                               "impl.in == \"Finished\"': \"*Alrt*\" matches no "
                                               "input, answer or state of the model;"));
  // The Z3 engines say why they cannot run a learned model.
  auto bmc = run_synack("check --learned " + model("props_tls_fixed.dot") + " --props " +
                        props("tls-server.props") + " --engine bmc --property early-ccs --quiet");
  CHECK(bmc.exit_code == 3);
  CHECK_THAT(bmc.out, Catch::Contains("unsupported by bmc"));
}

// The table README.md shows: every real learned model against the shipped files.
TEST_CASE("the shipped property files on the real learned models") {
  SYNACK_REQUIRE_SHARED_LEARNED(dir);
  namespace fs = std::filesystem;
  auto verdicts = [&](const std::string& file, const std::vector<std::string>& paths) {
    auto parsed = std::make_shared<const synack::learned::PropsFile>(
        synack::learned::read_props_file(props(file)));
    std::map<std::string, std::string> out;
    for (const auto& m : synack::learned::find_learned_models(paths)) {
      auto s = synack::learned::learned_scenario(m.scenario, {m.path, nullptr}, parsed);
      auto built = s.build({});
      synack::checker::Limits limits;
      limits.threads = 1;
      std::string line;
      for (const auto& r : synack::checker::check_properties(*built, s.properties, limits))
        line +=
            r.verdict == synack::checker::Verdict::kViolated
                ? " " + r.property + "=" + std::to_string(r.depth)
                : (r.verdict == synack::checker::Verdict::kHolds ? "" : " " + r.property + "=?");
      out[m.scenario.substr(8)] = line;
    }
    return out;
  };
  std::string tcp = dir + "/automata-wiki/TCP/";
  auto clients =
      verdicts("tcp-client.props", {tcp + "TCP_Linux_Client.dot", tcp + "TCP_Windows8_Client.dot",
                                    tcp + "TCP_FreeBSD_Client.dot"});
  CHECK(clients ==
        std::map<std::string, std::string>{
            {"TCP_Linux_Client", ""},
            {"TCP_Windows8_Client", " closed-port-resets=1 simultaneous-open-challenge-ack=3"},
            {"TCP_FreeBSD_Client", " simultaneous-open-challenge-ack=3"}});
  auto servers =
      verdicts("tcp-server.props", {tcp + "TCP_Linux_Server.dot", tcp + "TCP_Windows8_Server.dot",
                                    tcp + "TCP_FreeBSD_Server.dot"});
  CHECK(servers ==
        std::map<std::string, std::string>{
            {"TCP_Linux_Server", ""},
            {"TCP_Windows8_Server", " closed-port-resets=1 listen-answers=2 close-sends-fin=6"},
            {"TCP_FreeBSD_Server", ""}});

  // TLS: the Automata Wiki's servers and every OpenSSL server of tlsprint.
  std::vector<std::string> tls;
  for (const auto& e : fs::directory_iterator(dir + "/automata-wiki/TLS"))
    if (e.path().filename().string().find("_server_") != std::string::npos)
      tls.push_back(e.path().string());
  tls.push_back(dir + "/tlsprint-openssl");
  auto servers_tls = verdicts("tls-server.props", tls);
  CHECK(servers_tls.size() == 276);
  std::size_t early = 0;
  for (const auto& [name, violations] : servers_tls) {
    if (violations.empty()) continue;
    INFO(name);
    if (name == "RSA_BSAFE_C_4.0.4_server_regular") {
      CHECK(violations == " fatal-alert-closes=2");
    } else {
      CHECK(violations == " early-ccs=2");
      ++early;
    }
  }
  // CVE-2014-0224: every OpenSSL before 0.9.8za, 1.0.0m and 1.0.1h takes the early CCS.
  CHECK(early == 78);
  for (const char* v : {"OpenSSL_1.0.1g_server_regular", "0.9.7/TLS10", "0.9.8y/TLS10",
                        "1.0.0l/TLS10", "1.0.1f/TLS12", "1.0.1g/TLS10", "1.0.1g/TLS12"})
    CHECK(servers_tls[v] == " early-ccs=2");
  for (const char* v : {"OpenSSL_1.0.1j_server_regular", "0.9.8za/TLS10", "1.0.0m/TLS10",
                        "1.0.1h/TLS10", "1.0.1h/TLS12", "1.1.1g/TLS12"})
    CHECK(servers_tls[v] == "");
}

TEST_CASE("check --learned refuses a nondeterministic model with both lines") {
  auto run = run_synack("check --learned " + model("incomplete_nondeterministic.dot") +
                        " --always 'impl.out != \"x\"'");
  CHECK(run.exit_code == 2);
  CHECK(run.err == "synack: " + model("incomplete_nondeterministic.dot") +
                       ":4: state s0 answers input a differently than on line 3; a model to "
                       "check must be deterministic (one answer per state and input)\n");
}
