// Conformance of learned models to the tcp-endpoint spec (learned/conformance,
// learned/symbol_map, `synack conform`): the toy models of tests/data, every refusal of a
// broken mapping, and the CAV 2016 models of ../shared (skipped when it is absent).
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/errors.hpp"
#include "cli_run.hpp"
#include "learned/conformance.hpp"
#include "learned/dot_reader.hpp"
#include "learned_data.hpp"
#include "machines/tcp/tcp.hpp"

using namespace synack::learned;
using synack::InputError;
using synack::test::learned_test_file;
using synack::testing::run_synack;

namespace {

std::shared_ptr<const synack::checker::MachineType> tcp_spec() {
  return synack::machines::tcp::make_endpoint("tcp-endpoint", {});
}

Conformance conform(const std::string& model_path, const std::string& map_path,
                    std::size_t findings = 1) {
  auto spec = tcp_spec();
  MealyMachine model = read_dot_file(model_path);
  SymbolMap map = read_symbol_map(map_path, model, *spec);
  return check_conformance(model, *spec, map, 1u << 20, findings);
}

std::vector<std::string> inputs_of(const ConformWitness& w) {
  std::vector<std::string> inputs;
  for (const auto& s : w) inputs.push_back(s.input);
  return inputs;
}

// The error a mapping text draws against the toy client and the TCP spec.
std::string map_error(const std::string& text) {
  auto spec = tcp_spec();
  MealyMachine model = read_dot_file(learned_test_file("toy_tcp_client.dot"));
  try {
    parse_symbol_map(text, "m.map", model, *spec);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

const std::string kToyMap =
    "ignore-fields seq ack\n"
    "input CONNECT = event connect\n"
    "input SYN(V,V,0) = message SYN seq={rcv_nxt}\n"
    "input SYN+ACK(V,V,0) = message SYN-ACK seq={rcv_nxt} ack={snd_nxt}\n"
    "output TIMEOUT = nothing\n"
    "output SYN(FRESH,ZERO,0) = SYN\n"
    "output ACK+SYN(FRESH,NEXT,0) = SYN-ACK\n"
    "output ACK(NEXT,NEXT,0) = ACK\n"
    "output RST(ZERO,ZERO,0) = RST\n";

}  // namespace

TEST_CASE("conform: a toy client that answers as tcp-endpoint does is included") {
  Conformance c = conform(learned_test_file("toy_tcp_client_conforming.dot"),
                          learned_test_file("toy_tcp_client.map"));
  CHECK(c.included());
  CHECK(c.complete);
  CHECK(c.product_states == 4);
  CHECK(c.steps_checked == 12);
  CHECK(c.undeclared == 0);
  CHECK(c.events_never_offered ==
        std::vector<std::string>{"listen", "send", "abort", "timeout", "close", "2MSL timeout"});
}

TEST_CASE("conform: the toy client's shortest non-conformance and all three of its differences") {
  Conformance c =
      conform(learned_test_file("toy_tcp_client.dot"), learned_test_file("toy_tcp_client.map"));
  REQUIRE(c.findings.size() == 1);
  const ConformWitness& w = c.findings[0];
  REQUIRE(w.size() == 1);
  CHECK(w[0].input == "SYN(V,V,0)");
  CHECK(w[0].impl_output == "RST(ZERO,ZERO,0)");
  CHECK(w[0].impl_as_spec == std::vector<std::string>{"RST"});
  CHECK(w[0].spec_sent == std::vector<std::string>{"RST-ACK seq=0 ack=1"});
  CHECK(w[0].spec_kinds == std::vector<std::string>{"RST-ACK"});
  CHECK(w[0].spec_state == "CLOSED");

  Conformance all =
      conform(learned_test_file("toy_tcp_client.dot"), learned_test_file("toy_tcp_client.map"), 10);
  REQUIRE(all.findings.size() == 3);
  CHECK(all.complete);
  CHECK(all.differing_steps == 3);
  CHECK(inputs_of(all.findings[1]) ==
        std::vector<std::string>{"CONNECT", "SYN(V,V,0)", "SYN(V,V,0)"});
  CHECK(all.findings[1][2].impl_output == "TIMEOUT");
  CHECK(all.findings[1][2].spec_sent == std::vector<std::string>{"ACK seq=1 ack=1"});
  CHECK(inputs_of(all.findings[2]) ==
        std::vector<std::string>{"CONNECT", "SYN(V,V,0)", "SYN+ACK(V,V,0)"});
  CHECK(all.findings[2][2].spec_sent.empty());
  CHECK(all.findings[2][2].spec_state == "ESTABLISHED");
}

TEST_CASE("conform: the command's exit codes and verdict lines") {
  std::string toy = learned_test_file("toy_tcp_client.dot");
  std::string ok = learned_test_file("toy_tcp_client_conforming.dot");
  std::string map = learned_test_file("toy_tcp_client.map");
  auto included = run_synack("conform " + ok + " --spec tcp-endpoint --map " + map);
  CHECK(included.exit_code == 0);
  CHECK_THAT(included.out, Catch::Contains("included: the whole product (4 states, 12 steps "
                                           "compared) explored"));
  auto differs = run_synack("conform " + toy + " --spec tcp-endpoint --map " + map);
  CHECK(differs.exit_code == 1);
  CHECK_THAT(differs.out, Catch::Contains("not included: shortest non-conforming input sequence "
                                          "(1 step): SYN(V,V,0)"));
  CHECK_THAT(differs.out, Catch::Contains("RST(ZERO,ZERO,0) (RST)"));
  CHECK_THAT(differs.out, Catch::Contains("RST-ACK seq=0 ack=1"));
  auto limited =
      run_synack("conform " + ok + " --spec tcp-endpoint --map " + map + " --max-states 2");
  CHECK(limited.exit_code == 3);
  CHECK_THAT(limited.out, Catch::Contains("inconclusive: stopped at 2 product states"));
  auto unknown_spec = run_synack("conform " + ok + " --spec tcp-endpointt --map " + map);
  CHECK(unknown_spec.exit_code == 2);
  CHECK_THAT(unknown_spec.err, Catch::Contains("no machine 'tcp-endpointt' for --spec (known: "));
  auto no_map = run_synack("conform " + ok + " --spec tcp-endpoint --map /nonexistent.map");
  CHECK(no_map.exit_code == 2);
  CHECK_THAT(no_map.err, Catch::Contains("/nonexistent.map: no such mapping file"));
  // A TCP map against a TLS spec: the list of fields was printed empty, "(fields: )".
  auto fieldless = run_synack("conform " + ok + " --spec tls12-server-rsa --map " + map);
  CHECK(fieldless.exit_code == 2);
  CHECK(fieldless.err == "synack: " + map +
                             ":2: ignore-fields: tls12-server's messages have no fields, so "
                             "there is nothing to leave out (drop the ignore-fields line)\n");
}

TEST_CASE("conform: the text says whether the differences listed are all there are") {
  const std::string toy = learned_test_file("toy_tcp_client.dot");
  const std::string args = " --spec tcp-endpoint --map " + learned_test_file("toy_tcp_client.map");
  // The toy client has three distinct differences.
  auto one = run_synack("conform " + toy + args);
  CHECK(one.exit_code == 1);
  CHECK_THAT(one.out, Catch::Contains("\nmore differences exist than the one listed: --findings N "
                                      "lists up to N (at most 1000)\n"));
  auto two = run_synack("conform " + toy + args + " --findings 2");
  CHECK(two.exit_code == 1);
  CHECK_THAT(two.out, Catch::Contains("\nmore differences exist than the 2 listed: --findings N "
                                      "lists up to N (at most 1000)\n"));
  auto all = run_synack("conform " + toy + args + " --findings 3");
  CHECK(all.exit_code == 1);
  CHECK_THAT(all.out, Catch::Contains("\nno other difference: the whole product explored, "));
  CHECK_THAT(all.out, !Catch::Contains("more differences exist"));
  // --help says what tells two differences apart, as the code does.
  CHECK_THAT(run_synack("conform --help").out,
             Catch::Contains("(by the spec's control state, the input and both answers)"));
}

TEST_CASE("conform: a --max-states limit that cuts the list short says so") {
  SYNACK_REQUIRE_SHARED_LEARNED(dir);
  const std::string tcp = dir + "/automata-wiki/TCP/";
  const std::string map = std::string(SYNACK_SOURCE_DIR) + "/learned/maps/tcp-server-linux.map";
  auto run = run_synack("conform " + tcp + "TCP_Linux_Server.dot --spec tcp-endpoint --map " + map +
                        " --max-states 100 --findings 1000");
  CHECK(run.exit_code == 1);  // the differences found stand
  CHECK_THAT(run.out, Catch::Contains("; 100 product states explored\n"
                                      "the search stopped at the --max-states limit of 100 "
                                      "product states: differences past it are not listed and "
                                      "may exist (raise --max-states)\n"));
  CHECK_THAT(run.out,
             !Catch::Contains("no other difference") && !Catch::Contains("more differences exist"));
}

TEST_CASE("conform: every broken mapping line is one error naming the line") {
  CHECK(map_error(kToyMap) == "(no error)");
  CHECK(map_error("frobnicate x\n") ==
        "m.map:1: unknown directive 'frobnicate'; a line is 'input SYMBOL = ...', 'output SYMBOL "
        "= ...', 'ignore-fields FIELD...' or a # comment");
  CHECK(map_error("# c\ninput CONNECT=event connect\n") ==
        "m.map:2: write 'input SYMBOL = WHAT' (with spaces around '=')");
  CHECK(map_error("input CONECT = event connect\n") ==
        "m.map:1: 'CONECT' is no input of toy_tcp_client (its inputs: CONNECT, SYN(V,V,0), "
        "SYN+ACK(V,V,0))");
  CHECK_THAT(map_error("input CONNECT = event conect\n"),
             Catch::StartsWith("m.map:1: input 'CONNECT': 'conect' is no event of spec "
                               "tcp-endpoint (its events: connect, listen,"));
  CHECK_THAT(map_error("input SYN(V,V,0) = message SYN seq={rcv_next}\n"),
             Catch::StartsWith("m.map:1: input 'SYN(V,V,0)': {rcv_next} is no variable of spec "
                               "tcp-endpoint (its variables: iss, irs,"));
  CHECK_THAT(map_error("input SYN(V,V,0) = message SYNN seq=0\n"),
             Catch::StartsWith("m.map:1: input 'SYN(V,V,0)': 'SYNN seq=0' is no message of spec "
                               "tcp-endpoint (kinds: "));
  CHECK(map_error("input CONNECT = event connect\ninput CONNECT = nothing\n") ==
        "m.map:2: input 'CONNECT' is mapped twice");
  CHECK(map_error("input CONNECT = teleport\n") ==
        "m.map:1: input 'CONNECT': write 'event NAME', 'message TEXT' or 'nothing' after '='");
  CHECK_THAT(map_error("ignore-fields seq ack\noutput TIMEOUT = RST-ACKK\n"),
             Catch::StartsWith("m.map:2: output 'TIMEOUT': 'RST-ACKK' is no message spec "
                               "tcp-endpoint sends (kinds: "));
  CHECK(map_error("input CONNECT = nothing\nignore-fields seq\n") ==
        "m.map:2: ignore-fields must come before the first input or output line");
  // A typo or a repeat in ignore-fields went unnoticed: the field was simply never dropped.
  CHECK_THAT(map_error("ignore-fields seq akc\ninput CONNECT = nothing\n"),
             Catch::StartsWith("m.map:1: ignore-fields: akc is no field of tcp-endpoint's "
                               "messages (fields: ") &&
                 Catch::Contains("ack"));
  CHECK(map_error("ignore-fields seq ack seq\ninput CONNECT = nothing\n") ==
        "m.map:1: ignore-fields names seq twice");
  CHECK(map_error("input CONNECT = event connect\n") ==
        "m.map: inputs of toy_tcp_client not mapped: SYN(V,V,0), SYN+ACK(V,V,0) (map each to "
        "'event NAME', 'message TEXT' or 'nothing')");
  std::string without_rst = kToyMap.substr(0, kToyMap.find("output RST"));
  CHECK(map_error(without_rst) ==
        "m.map: outputs of toy_tcp_client not mapped: RST(ZERO,ZERO,0) (map each to spec "
        "messages or 'nothing')");
  CHECK(map_error(std::string("input CONNECT = \0nothing\n", 25)) ==
        "m.map:1: a NUL byte; a mapping file is text");
  CHECK(map_error(std::string(5000, 'x')) ==
        "m.map:1: a line of 5000 characters; a mapping line has at most 4096");
}

TEST_CASE("conform: mutated mapping files are read or refused with one line") {
  auto spec = tcp_spec();
  MealyMachine model = read_dot_file(learned_test_file("toy_tcp_client.dot"));
  std::mt19937 rng(18);
  std::size_t refused = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string text = kToyMap;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      std::size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0:
          text[at] = static_cast<char>(rng() % 256);
          break;
        case 1:
          text.erase(at, 1 + rng() % 8);
          break;
        default:
          text.insert(at, 1, "={}& \n#"[rng() % 7]);
          break;
      }
    }
    try {
      parse_symbol_map(text, "m.map", model, *spec);
    } catch (const InputError& e) {
      ++refused;
      INFO(text);
      CHECK(std::string(e.what()).find('\n') == std::string::npos);
      CHECK_THAT(e.what(), Catch::StartsWith("m.map"));
    }
  }
  CHECK(refused > 1000);  // most edits break a symbol: the check above did run
}

TEST_CASE("conform: the CAV 2016 TCP clients against tcp-endpoint") {
  SYNACK_REQUIRE_SHARED_LEARNED(dir);
  const std::string tcp = dir + "/automata-wiki/TCP/";
  const std::string map = std::string(SYNACK_SOURCE_DIR) + "/learned/maps/tcp-client.map";
  const std::vector<std::string> simultaneous_open{"CONNECT", "SYN(V,V,0)", "SYN+ACK(V,V,0)"};
  struct Expected {
    std::string model, first_input, first_answer, simultaneous_answer;
    std::size_t findings, product_states;  // docs/learned-models.md's table
  };
  for (const Expected& e : std::vector<Expected>{
           {"Linux", "CONNECT", "TIMEOUT", "ACK(NEXT,CURRENT,0)", 36, 186},
           {"Windows8", "ACK+PSH(V,V,1)", "TIMEOUT", "RST(NEXT,FRESH,0)", 40, 368},
           {"FreeBSD", "CONNECT", "TIMEOUT", "ACK+RST(NEXT,CURRENT,0)", 36, 123}}) {
    INFO(e.model);
    Conformance c = conform(tcp + "TCP_" + e.model + "_Client.dot", map, 1000);
    CHECK(c.complete);
    CHECK(!c.more_findings);
    CHECK(c.product_states == e.product_states);
    REQUIRE(c.findings.size() == e.findings);
    CHECK(c.findings[0].back().input == e.first_input);
    CHECK(c.findings[0].back().impl_output == e.first_answer);
    // Simultaneous open: both SYN-ACK the peer's SYN, then the peer's SYN-ACK, which the
    // spec takes silently into ESTABLISHED, draws each stack's own answer.
    const ConformWitness* open = nullptr;
    for (const auto& w : c.findings)
      if (inputs_of(w) == simultaneous_open) open = &w;
    REQUIRE(open);
    CHECK((*open)[1].impl_as_spec == std::vector<std::string>{"SYN-ACK"});
    CHECK((*open)[1].spec_kinds == std::vector<std::string>{"SYN-ACK"});
    CHECK((*open)[2].impl_output == e.simultaneous_answer);
    CHECK((*open)[2].spec_sent.empty());
    CHECK((*open)[2].spec_state == "ESTABLISHED");
  }
}

TEST_CASE("conform: the CAV 2016 TCP servers against tcp-endpoint") {
  SYNACK_REQUIRE_SHARED_LEARNED(dir);
  const std::string tcp = dir + "/automata-wiki/TCP/";
  const std::string maps = std::string(SYNACK_SOURCE_DIR) + "/learned/maps/";
  Conformance linux_server = conform(tcp + "TCP_Linux_Server.dot", maps + "tcp-server-linux.map");
  REQUIRE(linux_server.findings.size() == 1);
  CHECK(inputs_of(linux_server.findings[0]) ==
        std::vector<std::string>{"LISTEN", "SYN(V,V,0)", "SYN+ACK(V,V,0)"});
  CHECK(linux_server.findings[0][2].impl_output == "RST(NEXT,ZERO,0)");
  Conformance windows = conform(tcp + "TCP_Windows8_Server.dot", maps + "tcp-server.map");
  REQUIRE(windows.findings.size() == 1);
  CHECK(inputs_of(windows.findings[0]) == std::vector<std::string>{"ACK+PSH(V,V,1)"});
  CHECK(windows.findings[0][0].spec_sent == std::vector<std::string>{"RST seq=0"});
  Conformance freebsd = conform(tcp + "TCP_FreeBSD_Server.dot", maps + "tcp-server.map");
  REQUIRE(freebsd.findings.size() == 1);
  CHECK(inputs_of(freebsd.findings[0]) ==
        std::vector<std::string>{"LISTEN", "SYN(V,V,0)", "SYN+ACK(V,V,0)"});
  // The whole product with every difference (docs/learned-models.md's table).
  struct Whole {
    std::string model, map;
    std::size_t findings, product_states;
  };
  for (const Whole& w : std::vector<Whole>{{"Linux", "tcp-server-linux.map", 43, 4297},
                                           {"Windows8", "tcp-server.map", 52, 3649},
                                           {"FreeBSD", "tcp-server.map", 38, 3593}}) {
    INFO(w.model);
    Conformance c = conform(tcp + "TCP_" + w.model + "_Server.dot", maps + w.map, 1000);
    CHECK(c.complete);
    CHECK(!c.more_findings);
    CHECK(c.findings.size() == w.findings);
    CHECK(c.product_states == w.product_states);
  }
  // The Linux server's map would leave FreeBSD's SEND unmapped: refused, not ignored.
  auto spec = tcp_spec();
  MealyMachine model = read_dot_file(tcp + "TCP_FreeBSD_Server.dot");
  CHECK_THROWS_WITH(read_symbol_map(maps + "tcp-server-linux.map", model, *spec),
                    Catch::Contains("inputs of TCP_FreeBSD_Server not mapped: SEND"));
}
