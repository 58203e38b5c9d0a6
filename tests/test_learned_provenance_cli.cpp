// What a learned run's reports say about where it came from (learned/provenance): `check
// --learned` and `check --compose` name each model, property file and composition map
// with its SHA-256 in the JSON ("inputs") and the HTML report (the "Inputs" line), and
// `conform --json` names its model and map; a bundled scenario has none.
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "learned/provenance.hpp"
#include "learned_data.hpp"
#include "temp_dir.hpp"

using synack::learned::sha256_hex;
using synack::test::learned_test_file;
using synack::testing::run_synack;
using synack::testing::slurp;

namespace {

// As `sha256sum` prints it for the bytes the test writes.
const char* kModelA = "digraph g {\n__start0 -> s0;\ns0 -> s0 [label=\"LISTEN / TIMEOUT\"]\n}\n";
const char* kModelASha = "62d5c3857c8679c10c47e5c9e6da63bcd95f512dd897380442fd23d94496ba24";
const char* kModelB =
    "digraph g {\n__start0 -> s0;\ns0 -> s0 [label=\"LISTEN / TIMEOUT\"]\n"
    "s0 -> s0 [label=\"SEND / TIMEOUT\"]\n}\n";
const char* kModelBSha = "ccd16223a1756c422550c6b9d43b467b9bd39d4958daa97e31aa7f0c8b1c2acb";
const char* kProps = "always quiet: in == \"LISTEN\" -> out == \"TIMEOUT\"\n";
const char* kPropsSha = "92a0aeec74979d33784a145bf5b6899b600835555aca934088240c351d757c31";

nlohmann::json file(const std::string& scenario, const std::string& role, const std::string& path,
                    const std::string& sha256) {
  return {{"scenario", scenario}, {"role", role}, {"path", path}, {"sha256", sha256}};
}

}  // namespace

TEST_CASE("check --learned: JSON and report name each model and the props file with sha256",
          "[learned][provenance]") {
  synack::testing::TempDir dir("learned_inputs");
  std::filesystem::create_directories(dir.path / "models");
  const std::string a = (dir.path / "models" / "a.dot").string(),
                    b = (dir.path / "models" / "b.dot").string(),
                    props = (dir.path / "p.props").string(), json = (dir.path / "r.json").string(),
                    report = (dir.path / "report").string();
  std::ofstream(a) << kModelA;
  std::ofstream(b) << kModelB;
  std::ofstream(props) << kProps;
  auto run = run_synack("check --learned " + (dir.path / "models").string() + " --props " + props +
                        " --quiet --json " + json + " --report " + report);
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  const nlohmann::json j = nlohmann::json::parse(slurp(json));
  CHECK(j["synack_version"] == SYNACK_VERSION);
  CHECK(j["inputs"] == nlohmann::json::array({file("learned/a", "model", a, kModelASha),
                                              file("learned/a", "props", props, kPropsSha),
                                              file("learned/b", "model", b, kModelBSha),
                                              file("learned/b", "props", props, kPropsSha)}));
  // One line under the summary, the shared property file named once.
  const std::string html = slurp(dir.path / "report" / "index.html");
  CHECK_THAT(html, Catch::Contains(std::string("</p>\n<p id=\"inputs\">Inputs: model <code>") + a +
                                   "</code> (sha256 <code>" + kModelASha +
                                   "</code>), props <code>" + props + "</code> (sha256 <code>" +
                                   kPropsSha + "</code>), model <code>" + b +
                                   "</code> (sha256 <code>" + kModelBSha + "</code>)</p>\n"));

  // Without --props: the model alone.
  run = run_synack("check --learned " + a +
                   " --always 'impl.in == \"LISTEN\" -> impl.out == \"TIMEOUT\"' --quiet --json " +
                   json);
  CHECK(run.exit_code == 0);
  CHECK(nlohmann::json::parse(slurp(json))["inputs"] ==
        nlohmann::json::array({file("learned/a", "model", a, kModelASha)}));

  // A bundled scenario is made from no file: an empty list, and no Inputs line.
  run = run_synack("check tcp/three-way-handshake --property connects --quiet --json " + json +
                   " --report " + report);
  CHECK(nlohmann::json::parse(slurp(json))["inputs"] == nlohmann::json::array());
  CHECK_THAT(slurp(dir.path / "report" / "index.html"), !Catch::Contains("id=\"inputs\""));
}

TEST_CASE("check --compose: JSON names both models and the map with sha256",
          "[learned][provenance][compose]") {
  synack::testing::TempDir dir("compose_inputs");
  const std::string client = learned_test_file("compose/toy_client.dot"),
                    server = learned_test_file("compose/toy_server.dot"),
                    map = learned_test_file("compose/toy.map"),
                    json = (dir.path / "r.json").string();
  auto sha = [](const std::string& path) { return sha256_hex(slurp(path)); };
  auto run = run_synack("check --compose " + client + " " + server + " --compose-map " + map +
                        " --property connects --quiet --json " + json);
  CHECK(run.exit_code == 1);  // outputs-accepted, checked beside any property
  const std::string name = "compose/toy_client+toy_server";
  CHECK(nlohmann::json::parse(slurp(json))["inputs"] ==
        nlohmann::json::array({file(name, "client-model", client, sha(client)),
                               file(name, "server-model", server, sha(server)),
                               file(name, "compose-map", map, sha(map))}));

  // A spec machine is no file: only the learned side and the map are named.
  run = run_synack("check --compose tcp-endpoint " + server + " --compose-map " + map +
                   " --property connects --quiet --json " + json);
  CHECK(run.exit_code == 1);  // outputs-accepted, checked beside any property
  CHECK(nlohmann::json::parse(slurp(json))["inputs"] ==
        nlohmann::json::array(
            {file("compose/tcp-endpoint+toy_server", "server-model", server, sha(server)),
             file("compose/tcp-endpoint+toy_server", "compose-map", map, sha(map))}));
}

TEST_CASE("conform --json names the model and the map with sha256 and synack's version",
          "[learned][provenance][conform]") {
  synack::testing::TempDir dir("conform_inputs");
  const std::string model = learned_test_file("toy_tcp_client.dot"),
                    map = learned_test_file("toy_tcp_client.map"),
                    json = (dir.path / "c.json").string();
  auto run =
      run_synack("conform " + model + " --spec tcp-endpoint --map " + map + " --json " + json);
  CHECK(run.exit_code == 1);
  const nlohmann::json j = nlohmann::json::parse(slurp(json));
  CHECK(j["synack_version"] == SYNACK_VERSION);
  CHECK(j["inputs"] ==
        nlohmann::json::array(
            {{{"role", "model"}, {"path", model}, {"sha256", sha256_hex(slurp(model))}},
             {{"role", "map"}, {"path", map}, {"sha256", sha256_hex(slurp(map))}}}));
}
