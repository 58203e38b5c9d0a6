// `synack check --learned MODEL.dot|DIR --props FILE.props` as users run it, and the
// shipped property files on every real learned model in ../shared/data/learned.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "checker/check.hpp"
#include "cli_run.hpp"
#include "learned/learned_scenario.hpp"
#include "learned_data.hpp"
#include "temp_dir.hpp"

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
  // baseline save takes no --always: it is not advised.
  auto save_no_props = run_synack("baseline save /tmp/synack_unwritten.json --learned " +
                                  model("props_tls_fixed.dot"));
  CHECK(save_no_props.exit_code == 2);
  CHECK(save_no_props.err ==
        "synack: --learned: nothing to check; give --props FILE.props (baseline save records "
        "the verdicts of a property file's rules)\n");
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

TEST_CASE("check --learned DIR: a .dot entry that is no regular file is named and not skipped") {
  // A link to nothing and a named pipe were dropped without a word (one model of three
  // checked), and a directory of only such entries was said to hold no .dot file.
  synack::testing::TempDir dir("learned_dir");
  std::filesystem::copy_file(model("props_tls_fixed.dot"), dir.path / "a.dot");
  std::filesystem::create_symlink("/nonexistent.dot", dir.path / "b.dot");
  auto dangling = run_synack("check --learned " + dir.path.string() + " --props " +
                             props("tls-server.props") + " --quiet");
  CHECK(dangling.exit_code == 2);
  CHECK(dangling.err == "synack: --learned " + dir.path.string() + ": " +
                            (dir.path / "b.dot").string() +
                            " is not a regular file (a link to nothing); a directory of models "
                            "holds learned models in DOT\n");
  std::filesystem::remove(dir.path / "b.dot");
  REQUIRE(::mkfifo((dir.path / "c.dot").c_str(), 0600) == 0);
  auto pipe = run_synack("check --learned " + dir.path.string() + " --props " +
                         props("tls-server.props") + " --quiet");
  CHECK(pipe.exit_code == 2);
  CHECK_THAT(pipe.err, Catch::EndsWith("c.dot is not a regular file (a pipe, socket or device); "
                                       "a directory of models holds learned models in DOT\n"));
  // An editor's lock (Emacs names m.dot's .#m.dot, a link to nothing) and what hidden
  // folders hold are not models, and not refused either.
  std::filesystem::remove(dir.path / "c.dot");
  std::filesystem::create_symlink("root@host.1234:1700000000", dir.path / ".#a.dot");
  std::filesystem::create_directories(dir.path / ".git");
  std::filesystem::copy_file(model("props_tls_fixed.dot"), dir.path / ".git" / "x.dot");
  auto hidden = run_synack("check --learned " + dir.path.string() + " --props " +
                           props("tls-server.props") + " --property early-ccs --quiet");
  CHECK(hidden.exit_code == 0);
  CHECK_THAT(hidden.out, Catch::Contains("learned/a ") && !Catch::Contains("learned/.git"));
  // A directory named like a model is searched as any other.
  std::filesystem::create_directories(dir.path / "v.dot");
  std::filesystem::copy_file(model("props_tls_fixed.dot"), dir.path / "v.dot" / "m.dot");
  auto nested = run_synack("check --learned " + dir.path.string() + " --props " +
                           props("tls-server.props") + " --property early-ccs --quiet");
  CHECK(nested.exit_code == 0);
  CHECK_THAT(nested.out, Catch::Contains("learned/v.dot/m "));
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

TEST_CASE("a user's rules state no expected verdict: none is invented in JSON or the report",
          "[learned][expected]") {
  synack::testing::TempDir out("user_rules_expected");
  const std::string json = (out.path / "r.json").string(), report = (out.path / "report").string();
  auto run =
      run_synack("check --learned " + model("props_tls_early_ccs.dot") + " --props " +
                 props("tls-server.props") + " --quiet --json " + json + " --report " + report);
  CHECK(run.exit_code == 1);  // a violation fails the run, as it always did
  const nlohmann::json j = nlohmann::json::parse(synack::testing::slurp(json));
  REQUIRE(j["results"].size() > 1);
  std::size_t holds = 0, violated = 0;
  for (const auto& r : j["results"]) {
    INFO(r["property"]);
    CHECK(r.contains("expected"));
    CHECK(r["expected"].is_null());
    holds += r["verdict"] == "holds";
    violated += r["verdict"] == "violated";
  }
  CHECK(violated > 0);
  const std::string html = synack::testing::slurp(out.path / "report" / "index.html");
  CHECK_THAT(html, !Catch::Contains("UNEXPECTED") && !Catch::Contains("as expected"));
  CHECK_THAT(html,
             Catch::Contains(fmt::format(
                 "<p id=\"summary\">{} results (the user's rules, which state no expected "
                 "verdict): holds {}, violated {}, not decided {} (synack ",
                 j["results"].size(), holds, violated, j["results"].size() - holds - violated)));
  CHECK_THAT(html, Catch::Contains("<td>none stated</td><td></td>"));
  // JUnit fails a violation, as without a props file, and invents no expectation either.
  const std::string junit = (out.path / "r.xml").string();
  run_synack("check --learned " + model("props_tls_early_ccs.dot") + " --props " +
             props("tls-server.props") + " --quiet --junit " + junit);
  CHECK_THAT(synack::testing::slurp(junit),
             Catch::Contains("<failure message=\"always early-ccs is violated (no expected verdict "
                             "stated), "));

  // --expect has nothing to compare them with: refused, not compared with "holds"; every
  // rule without a verdict is counted, the first five named.
  auto expect = run_synack("check --learned " + model("props_tls_early_ccs.dot") + " --props " +
                           props("tls-server.props") + " --quiet --expect");
  CHECK(expect.exit_code == 2);
  CHECK(expect.out.empty());
  CHECK(expect.err ==
        "synack: --expect: 7 rules state no expected verdict: learned/props_tls_early_ccs "
        "handshake-completes, learned/props_tls_early_ccs fatal-alert-closes, "
        "learned/props_tls_early_ccs early-ccs, learned/props_tls_early_ccs finished-before-ccs, "
        "learned/props_tls_early_ccs data-before-finished and 2 more (a rule from --props or the "
        "command line has none; bundled scenarios and learned families do); drop --expect: then "
        "a violation exits 1\n");
  // Two models, one rule each: both named, nothing "more".
  auto two = run_synack("check --learned " + model("props_tls_early_ccs.dot") + " --learned " +
                        model("props_tls_fixed.dot") + " --props " + props("tls-server.props") +
                        " --property early-ccs --quiet --expect");
  CHECK(two.exit_code == 2);
  CHECK(two.err ==
        "synack: --expect: 2 rules state no expected verdict: learned/props_tls_early_ccs "
        "early-ccs, learned/props_tls_fixed early-ccs (a rule from --props or the command line "
        "has none; bundled scenarios and learned families do); drop --expect: then a violation "
        "exits 1\n");
}

TEST_CASE("a bundled scenario keeps its expected verdict beside a command-line rule",
          "[learned][expected]") {
  synack::testing::TempDir out("bundled_expected");
  const std::string json = (out.path / "r.json").string(), report = (out.path / "report").string();
  const std::string rule = "--always 'receiver_history.misdelivered <= 1'";
  auto run = run_synack("check arq/stop-and-wait-no-seq --property in-order-exactly-once " + rule +
                        " --quiet --json " + json + " --report " + report);
  const nlohmann::json j = nlohmann::json::parse(synack::testing::slurp(json));
  REQUIRE(j["results"].size() == 2);
  CHECK(j["results"][0]["expected"] == "violated");
  CHECK(j["results"][0]["verdict"] == "violated");
  CHECK(j["results"][1]["expected"].is_null());
  const std::string verdict = j["results"][1]["verdict"];
  const std::string html = synack::testing::slurp(out.path / "report" / "index.html");
  CHECK_THAT(html, Catch::Contains(fmt::format(
                       "<p id=\"summary\">2 results, 1 as expected, 0 unexpected; 1 of the user's "
                       "rules, which state no expected verdict: holds {}, violated {}, not "
                       "decided 0 (synack ",
                       verdict == "holds" ? 1 : 0, verdict == "violated" ? 1 : 0)));
  CHECK_THAT(html, !Catch::Contains("UNEXPECTED"));
  auto expect = run_synack("check arq/stop-and-wait-no-seq " + rule + " --quiet --expect");
  CHECK(expect.exit_code == 2);
  CHECK(expect.err ==
        "synack: --expect: arq/stop-and-wait-no-seq always receiver_history.misdelivered <= 1 "
        "states no expected verdict (a rule from --props or the command line has none; bundled "
        "scenarios and learned families do); drop --expect: then a violation exits 1\n");
  CHECK(run_synack("check arq/stop-and-wait-no-seq --quiet --expect").exit_code == 0);
}

TEST_CASE("check --learned tells beside the verdicts what a model with gaps leaves out",
          "[learned][scope]") {
  synack::testing::TempDir dir("learned_gaps");
  // The start state s2 answers nothing; s0 and s1 have every input but no run reaches them.
  const auto bad = dir.path / "bad.dot";
  std::ofstream(bad) << "digraph g {\n__start0 -> s2;\n"
                        "s0 -> s1 [label=\"a / x\"]\ns0 -> s0 [label=\"b / y\"]\n"
                        "s0 -> s0 [label=\"c / y\"]\ns1 -> s0 [label=\"a / x\"]\n"
                        "s1 -> s1 [label=\"b / y\"]\ns1 -> s1 [label=\"c / y\"]\ns2\n}\n";
  const std::string json = (dir.path / "r.json").string();
  auto run = run_synack("check --learned " + bad.string() +
                        " --always 'impl.out != \"x\"' --json " + json);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("  holds "));
  const std::string note =
      "not input-complete (s2 has no transition for all 3 inputs); unreachable states s0, s1: "
      "the verdicts cover only the transitions the model has, from the states it reaches";
  CHECK_THAT(run.out, Catch::Contains("\nnote: learned/bad: " + note + "\n"));
  const nlohmann::json j = nlohmann::json::parse(synack::testing::slurp(json));
  CHECK(j["notes"] == nlohmann::json::array({{{"scenario", "learned/bad"}, {"note", note}}}));

  // Reachable states lacking some inputs, several of them; nothing unreachable.
  const auto gaps = dir.path / "gaps.dot";
  std::ofstream(gaps) << "digraph g {\n__start0 -> s0;\n"
                         "s0 -> s1 [label=\"a / x\"]\ns0 -> s0 [label=\"b / y\"]\n"
                         "s1 -> s2 [label=\"a / x\"]\ns2 -> s0 [label=\"a / x\"]\n}\n";
  auto several = run_synack("check --learned " + gaps.string() + " --always 'impl.out != \"x\"'");
  CHECK(several.exit_code == 1);
  CHECK_THAT(several.out,
             Catch::Contains("\nnote: learned/gaps: not input-complete (no transition for 2 "
                             "(state, input) pairs: s1 for 1 of the 2 inputs, s2 for 1): the "
                             "verdicts cover only the transitions the model has\n"));

  // The fixed TLS server keeps the state its fix left unreachable.
  auto fixed = run_synack("check --learned " + model("props_tls_fixed.dot") + " --props " +
                          props("tls-server.props") + " --quiet");
  CHECK(fixed.exit_code == 0);
  CHECK_THAT(fixed.out, Catch::EndsWith("\nnote: learned/props_tls_fixed: unreachable state "
                                        "broken: the verdicts cover only the states the model "
                                        "reaches\n"));

  // A complete model with every state reachable gets no note, and the JSON an empty list.
  auto fine = run_synack("check --learned " + model("props_tls_early_ccs.dot") + " --props " +
                         props("tls-server.props") + " --quiet --json " + json);
  CHECK(fine.exit_code == 1);
  CHECK_THAT(fine.out, !Catch::Contains("note:"));
  CHECK(nlohmann::json::parse(synack::testing::slurp(json))["notes"] == nlohmann::json::array());
}
