// Replay's second reading of composed learned models (learned/reference_mealy.hpp): the
// .dot files and the map read again on a path of their own. A trace the engines built
// from a reading that differs from the files is refused, and so is a corrupted trace.
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "checker/check.hpp"
#include "checker/errors.hpp"
#include "checker/system.hpp"
#include "cli_run.hpp"
#include "learned/compose_map.hpp"
#include "learned/compose_scenario.hpp"
#include "learned/dot_reader.hpp"
#include "learned/networked_mealy.hpp"
#include "learned/reference_mealy.hpp"
#include "learned_compose_check.hpp"
#include "learned_data.hpp"
#include "machines/tcp/tcp.hpp"

using namespace synack;
using namespace synack::learned;
using synack::test::learned_test_file;

namespace {

using synack::test::compose_toy;

// The toy pair over a reliable FIFO channel, its actors built from `map` (whose source is
// the toy map's file, which replay's reference reads).
std::unique_ptr<checker::System> toy_system(const ComposeMap& map) {
  auto client = std::make_shared<const MealyMachine>(read_dot_file(compose_toy("toy_client.dot")));
  auto server = std::make_shared<const MealyMachine>(read_dot_file(compose_toy("toy_server.dot")));
  auto system = std::make_unique<checker::System>();
  std::size_t c =
      system->add_actor("client", make_networked_mealy(client, map, Side::kClient), {"CONNECT"});
  std::size_t s =
      system->add_actor("server", make_networked_mealy(server, map, Side::kServer), {"LISTEN"});
  checker::ChannelPolicy reliable;
  reliable.capacity = 2;
  reliable.ordered = true;
  reliable.lossy = false;
  reliable.max_duplicates = 0;
  system->add_channel("c2s", c, s, reliable);
  system->add_channel("s2c", s, c, reliable);
  system->finalize();
  return system;
}

const checker::PropertySpec kConnects{"connects", checker::PropertyKind::kSometimes,
                                      "client.state == ESTABLISHED && server.state == ESTABLISHED",
                                      "", checker::Verdict::kHolds};

}  // namespace

TEST_CASE("the learned reference reads the toy files as the dot reader does",
          "[learned][compose]") {
  ReferenceModel m = read_reference_model(compose_toy("toy_server.dot"));
  CHECK(m.initial == "s0");
  CHECK(m.table.size() == 30);
  auto row = m.table.at({"s1", "SYN(V,V,0)"});
  CHECK(row.first == "s2");
  CHECK(row.second == std::vector<std::string>{"ACK+SYN(FRESH,NEXT,0)"});
  // TIMEOUT is a symbol of its own: the learner saw silence and wrote it down.
  CHECK(m.table.at({"s0", "LISTEN"}).second == std::vector<std::string>{"TIMEOUT"});
  ReferenceMap map = read_reference_map(compose_toy("toy.map"));
  CHECK(map.sends.at("SYN(FRESH,ZERO,0)") == "input SYN(V,V,0)");
  CHECK(map.sends.at("TIMEOUT") == "nothing");
  CHECK(map.states.count("server") == 3);
}

TEST_CASE("a composed trace replays through the learned reference", "[learned][compose]") {
  auto system = toy_system(read_compose_map(compose_toy("toy.map")));
  auto results = checker::check_properties(*system, {kConnects}, {});
  REQUIRE(results[0].verdict == checker::Verdict::kHolds);
  CHECK(results[0].trace->steps.size() == 5);
}

TEST_CASE("an engine reading that differs from the files is refused by replay",
          "[learned][compose]") {
  // The engines' map swaps the client's state names; the file on disk does not.
  std::string text = testing::slurp(compose_toy("toy.map"));
  auto swap = [&](const std::string& from, const std::string& to) {
    std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  };
  swap("state client SYN_SENT = CONNECT\n", "state client ESTABLISHED = CONNECT\n");
  swap("state client ESTABLISHED = CONNECT, SYN+ACK(V,V,0)\n",
       "state client SYN_SENT = CONNECT, SYN+ACK(V,V,0)\n");
  auto system = toy_system(parse_compose_map(text, compose_toy("toy.map")));
  // The witness passes through the client's state after CONNECT, which the engines call
  // ESTABLISHED and the file SYN_SENT.
  const checker::PropertySpec server_established{
      "server-established", checker::PropertyKind::kSometimes, "server.state == ESTABLISHED", "",
      checker::Verdict::kHolds};
  REQUIRE_THROWS_WITH(checker::check_properties(*system, {server_established}, {}),
                      Catch::Contains("does not replay") &&
                          Catch::Contains("step 1 (client.CONNECT): the real machines reach"));
}

TEST_CASE("a corrupted composed trace is rejected by replay", "[learned][compose]") {
  auto system = toy_system(read_compose_map(compose_toy("toy.map")));
  auto results = checker::check_properties(*system, {kConnects}, {});
  REQUIRE(results[0].trace);
  std::vector<std::size_t> groups;
  std::vector<std::vector<checker::Value>> states{results[0].trace->initial};
  for (const auto& step : results[0].trace->steps) {
    groups.push_back(step.group);
    states.push_back(step.state);
  }
  REQUIRE_FALSE(system->replay(groups, states));
  // The client's last answer (its `out` slot, after the learned state and `in`), claimed
  // to be another of its answers from step 2 on.
  for (std::size_t i = 2; i < states.size(); ++i) states[i][2] = states[i][2] == 1 ? 2 : 1;
  auto divergence = system->replay(groups, states);
  REQUIRE(divergence);
  CHECK_THAT(*divergence, Catch::StartsWith("step 2"));
}

TEST_CASE("a corrupted trace of a learned server against tcp-endpoint is rejected",
          "[learned][compose]") {
  auto scenario =
      compose_spec_scenario(compose_toy("toy_server.dot"), compose_toy("toy.map"), Side::kServer,
                            "tcp-endpoint", machines::tcp::make_endpoint("tcp-endpoint", {}));
  auto model = scenario.build(scenario.defaults());
  const checker::PropertySpec* connects = scenario.property("connects");
  REQUIRE(connects);
  auto results = checker::check_properties(*model, {*connects}, {});
  REQUIRE(results[0].verdict == checker::Verdict::kHolds);
  std::vector<std::size_t> groups;
  std::vector<std::vector<checker::Value>> states{results[0].trace->initial};
  for (const auto& step : results[0].trace->steps) {
    groups.push_back(step.group);
    states.push_back(step.state);
  }
  REQUIRE_FALSE(model->replay(groups, states));
  // The server's snd_nxt, one more than the trace's from its SYN-ACK (step 3) on.
  const checker::Layout& layout = model->layout();
  std::size_t snd_nxt = layout.size();
  for (std::size_t i = 0; i < layout.size(); ++i)
    if (layout.slot(i).name == "server.snd_nxt") snd_nxt = i;
  REQUIRE(snd_nxt < layout.size());
  for (std::size_t i = 3; i < states.size(); ++i) ++states[i][snd_nxt];
  auto divergence = model->replay(groups, states);
  REQUIRE(divergence);
  CHECK_THAT(*divergence, Catch::StartsWith("step 3"));
}

TEST_CASE("the learned reference reads labels spaced as the dot reader allows",
          "[learned][compose]") {
  // `label = "IN / OUT"` is one of the dot reader's attribute forms; replay's second
  // reading must not lose such edges and call the engines' trace synack's own bug.
  std::string text = testing::slurp(compose_toy("toy_server.dot"));
  for (std::size_t at = text.find("label=\""); at != std::string::npos;
       at = text.find("label=\"", at))
    text.replace(at, 7, "label = \"");
  const std::string spaced = (std::filesystem::temp_directory_path() /
                              ("synack_spaced_" + std::to_string(getpid()) + ".dot"))
                                 .string();
  {
    std::ofstream out(spaced);
    out << text;
    REQUIRE(out.good());
  }
  ReferenceModel m = read_reference_model(spaced);
  CHECK(m.table.size() == 30);
  CHECK(m.table.at({"s1", "SYN(V,V,0)"}).first == "s2");
  auto r =
      synack::test::check_compose("tcp-endpoint", spaced, compose_toy("toy.map"), "--quiet", 1);
  std::filesystem::remove(spaced);
  CHECK(r["connects"].verdict == "holds");
  CHECK(r["connects"].depth == 5);
  CHECK(r["inputs-valid"].verdict == "violated");
}

TEST_CASE("the learned reference reads a map with tabs as the map reader does",
          "[learned][compose]") {
  // The map reader splits words on any blank; a tab after `send` or `state` lost those
  // lines in replay's second reading, and every composed trace became synack's own bug.
  std::string text = testing::slurp(compose_toy("toy.map"));
  for (const char* directive : {"\nsend ", "\nstate "})
    for (std::size_t at = text.find(directive); at != std::string::npos;
         at = text.find(directive, at + 1))
      text[at + std::string(directive).size() - 1] = '\t';
  const std::string tabbed = (std::filesystem::temp_directory_path() /
                              ("synack_tabbed_" + std::to_string(getpid()) + ".map"))
                                 .string();
  {
    std::ofstream out(tabbed);
    out << text;
    REQUIRE(out.good());
  }
  REQUIRE(text.find("\nsend\tSYN(FRESH,ZERO,0) = SYN(V,V,0)\n") != std::string::npos);
  ReferenceMap map = read_reference_map(tabbed);
  CHECK(map.sends.at("SYN(FRESH,ZERO,0)") == "input SYN(V,V,0)");
  CHECK(map.states.count("server") == 3);
  auto pair =
      synack::test::check_compose(compose_toy("toy_client.dot"), compose_toy("toy_server.dot"),
                                  tabbed, "--quiet --property connects", 1);
  auto spec = synack::test::check_compose("tcp-endpoint", compose_toy("toy_server.dot"), tabbed,
                                          "--quiet --property connects", 1);
  std::filesystem::remove(tabbed);
  CHECK(pair["connects"].verdict == "holds");
  CHECK(spec["connects"].verdict == "holds");
  CHECK(spec["connects"].depth == 5);
}

TEST_CASE("a composition of models with quotes and semicolons in symbols replays",
          "[learned][compose]") {
  // The client answers a SYN-ACK with `ACK(NEXT,NEXT,0) & \"x\"` and an ACK after its FIN
  // (another client) with `ACK(FRESH,FRESH,0);`, both of which the dot reader accepts. Replay's
  // second reading cut the label at the escaped quote and trimmed the ';', and both runs ended in
  // "internal error: replay reference: the actor has no value ..." (exit 4).
  auto quoted = synack::test::check_compose(learned_test_file("dialect/quote_client.dot"),
                                            compose_toy("toy_server.dot"), compose_toy("toy.map"),
                                            "--quiet", 1);
  CHECK(quoted["outputs-accepted"].verdict == "violated");
  CHECK(quoted["outputs-accepted"].depth == 4);
  CHECK(quoted["outputs-accepted"].trace.back()["slots"]["client.unaccepted"] ==
        "ACK(NEXT,NEXT,0) & \"x\"");
  auto semicolon = synack::test::check_compose(learned_test_file("dialect/semicolon_client.dot"),
                                               compose_toy("toy_server.dot"),
                                               compose_toy("toy.map"), "--quiet", 1);
  CHECK(semicolon["outputs-accepted"].verdict == "violated");
  CHECK(semicolon["outputs-accepted"].depth == 8);
  CHECK(semicolon["outputs-accepted"].trace.back()["slots"]["client.unaccepted"] ==
        "ACK(FRESH,FRESH,0);");
}
