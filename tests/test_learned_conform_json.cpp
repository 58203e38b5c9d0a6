// `synack conform --json FILE` (cli/run_conform.cpp): the three verdicts as scripts read
// them, a file that cannot be written, and the TLS map (learned/maps/tls12-server.map) on
// tlsprint's OpenSSL servers against tls12-server-rsa (skipped when ../shared is absent).
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "learned_data.hpp"

using synack::test::learned_test_file;
using synack::testing::run_synack;
using synack::testing::slurp;

namespace {

struct Conform {
  int exit_code = 0;
  nlohmann::json json;
};

Conform conform_json(const std::string& args) {
  std::string file = (std::filesystem::temp_directory_path() /
                      ("synack_conform_" + std::to_string(getpid()) + ".json"))
                         .string();
  auto run = run_synack("conform " + args + " --json " + file);
  INFO(run.out << run.err);
  Conform c{run.exit_code, nlohmann::json::parse(slurp(file))};
  std::filesystem::remove(file);
  return c;
}

std::vector<std::string> inputs(const nlohmann::json& finding) {
  std::vector<std::string> out;
  for (const auto& s : finding["steps"]) out.push_back(s["input"].get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("conform --json: the verdict, the counts and each witness", "[learned][conform]") {
  const std::string map = " --spec tcp-endpoint --map " + learned_test_file("toy_tcp_client.map");
  Conform c = conform_json(learned_test_file("toy_tcp_client.dot") + map);
  CHECK(c.exit_code == 1);
  CHECK(c.json["verdict"] == "not-included");
  CHECK(c.json["spec"] == "tcp-endpoint");
  CHECK(c.json["complete"] == true);
  // Past the one listed, the search met a second difference: the list is partial.
  CHECK(c.json["more_findings"] == true);
  CHECK(c.json["product_states"] == 4);
  CHECK(c.json["differing_steps"] == 2);
  REQUIRE(c.json["findings"].size() == 1);
  const auto& step = c.json["findings"][0]["steps"][0];
  CHECK(c.json["findings"][0]["length"] == 1);
  CHECK(step["input"] == "SYN(V,V,0)");
  CHECK(step["implementation"] == "RST(ZERO,ZERO,0)");
  CHECK(step["implementation_as_spec"] == nlohmann::json::array({"RST"}));
  CHECK(step["spec_sends"] == nlohmann::json::array({"RST-ACK seq=0 ack=1"}));
  CHECK(step["spec_kinds"] == nlohmann::json::array({"RST-ACK"}));
  CHECK(step["spec_state"] == "CLOSED");
  CHECK(c.json["events_never_offered"] ==
        nlohmann::json::array({"listen", "send", "abort", "timeout", "close", "2MSL timeout"}));

  c = conform_json(learned_test_file("toy_tcp_client_conforming.dot") + map);
  CHECK(c.exit_code == 0);
  CHECK(c.json["verdict"] == "included");
  CHECK(c.json["product_states"] == 4);
  CHECK(c.json["steps_checked"] == 12);
  CHECK(c.json["more_findings"] == false);
  CHECK(c.json["findings"].empty());

  c = conform_json(learned_test_file("toy_tcp_client.dot") + map + " --max-states 1");
  CHECK(c.exit_code == 3);
  CHECK(c.json["verdict"] == "inconclusive");
  CHECK(c.json["complete"] == false);
  CHECK(c.json["findings"].empty());
}

TEST_CASE("conform --json to a directory that does not exist is one line and exit 2",
          "[learned][conform]") {
  auto run = run_synack("conform " + learned_test_file("toy_tcp_client.dot") +
                        " --spec tcp-endpoint --map " + learned_test_file("toy_tcp_client.map") +
                        " --json /nonexistent-synack-dir/out.json");
  CHECK(run.exit_code == 2);
  CHECK(run.out.empty());
  CHECK(run.err ==
        "synack: --json /nonexistent-synack-dir/out.json: cannot write in "
        "/nonexistent-synack-dir: No such file or directory\n");
}

TEST_CASE("OpenSSL servers against tls12-server-rsa through the TLS map",
          "[learned][conform][shared]") {
  SYNACK_REQUIRE_SHARED_LEARNED(dir);
  const std::string args = " --spec tls12-server-rsa --map " + std::string(SYNACK_SOURCE_DIR) +
                           "/learned/maps/tls12-server.map --findings 1000";
  auto tls12 = [&](const std::string& version) {
    return dir + "/tlsprint-openssl/" + version + "/TLS12.dot";
  };
  // 1.0.1g: application data before any handshake closes without an alert (the spec
  // alerts), and a ChangeCipherSpec is taken silently where the spec refuses it.
  Conform g = conform_json(tls12("1.0.1g") + args);
  CHECK(g.exit_code == 1);
  CHECK(g.json["verdict"] == "not-included");
  CHECK(g.json["product_states"] == 14);
  CHECK(g.json["differing_steps"] == 68);
  CHECK(g.json["findings"].size() == 59);
  CHECK(inputs(g.json["findings"][0]) == std::vector<std::string>{"ApplicationData"});
  CHECK(g.json["findings"][0]["steps"][0]["implementation"] == "ConnectionClosed");
  CHECK(inputs(g.json["findings"][1]) == std::vector<std::string>{"ChangeCipherSpec"});
  CHECK(g.json["findings"][1]["steps"][0]["implementation"] == "-");
  CHECK(g.json["findings"][1]["steps"][0]["spec_sends"] == nlohmann::json::array({"Alert"}));
  // The early ChangeCipherSpec (CVE-2014-0224) is a finding of its own: the same silent
  // answer as to a first ChangeCipherSpec, but where the spec has sent its hello.
  CHECK(inputs(g.json["findings"][4]) ==
        std::vector<std::string>{"ClientHello", "ChangeCipherSpec"});
  CHECK(g.json["findings"][4]["steps"][1]["implementation"] == "-");
  CHECK(g.json["findings"][4]["steps"][1]["spec_sends"] == nlohmann::json::array({"Alert"}));
  // 1.0.1h answers a ChangeCipherSpec after ClientHello with an alert, as the spec does
  // (the early-CCS fix); the same product size, one differing step and one finding fewer,
  // and no finding ends in ClientHello, ChangeCipherSpec.
  Conform h = conform_json(tls12("1.0.1h") + args);
  CHECK(h.json["differing_steps"] == 67);
  CHECK(h.json["findings"].size() == 58);
  for (const auto& finding : h.json["findings"])
    CHECK(inputs(finding) != std::vector<std::string>{"ClientHello", "ChangeCipherSpec"});
  // 1.1.x: a close_notify before the handshake draws a fatal alert the spec does not send.
  Conform last = conform_json(tls12("1.1.1g") + args);
  CHECK(last.json["product_states"] == 8);
  CHECK(last.json["differing_steps"] == 41);
  CHECK(inputs(last.json["findings"][0]) == std::vector<std::string>{"AlertWarningCloseNotify"});
  CHECK(last.json["findings"][0]["steps"][0]["implementation"] ==
        "ALERT_FATAL_UNEXPECTED_MESSAGE & ConnectionClosed");
}
