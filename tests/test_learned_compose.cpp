// Two learned models composed over synack's channels (learned/compose_map,
// learned/networked_mealy, learned/compose_scenario, `synack check --compose`): every
// refusal of a broken map, the toy client and server of tests/data/learned/compose, and
// the CAV 2016 models of ../shared (skipped when it is absent).
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "checker/errors.hpp"
#include "cli_run.hpp"
#include "learned/compose_map.hpp"
#include "learned/compose_scenario.hpp"
#include "learned/dot_reader.hpp"
#include "learned_compose_check.hpp"
#include "learned_data.hpp"
#include "temp_dir.hpp"

using namespace synack::learned;
using synack::InputError;
using synack::test::check_compose;
using synack::test::events;
using synack::test::learned_test_file;
using synack::testing::run_synack;

namespace {

using synack::test::compose_toy;

std::string parse_error(const std::string& text) {
  try {
    parse_compose_map(text, "m.map");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

// The error binding `text` to the toy client draws.
std::string bind_error(const std::string& text) {
  MealyMachine client = read_dot_file(compose_toy("toy_client.dot"));
  try {
    bind_compose_map(parse_compose_map(text, "m.map"), Side::kClient, client);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

const std::string kSend = "send TIMEOUT = nothing\n";

}  // namespace

TEST_CASE("composition map refusals name the file and line", "[learned][compose]") {
  CHECK(parse_error("# nothing\n") ==
        "m.map: no 'send' line: nothing either side says would "
        "reach the other");
  CHECK(parse_error(kSend + "recv X = Y\n") ==
        "m.map:2: unknown directive 'recv' (expected 'send OUTPUT = INPUT|dropped|nothing', "
        "'calls client|server INPUT...', 'state client|server NAME = INPUT, INPUT...' or a '#' "
        "comment)");
  // A NUL in a name ended the error line quoting it, mid-name and with no reason.
  CHECK(parse_error(kSend + std::string("calls client CONNECT\0 CLOSE\n", 28)) ==
        "m.map:2: a NUL byte; a composition map is text");
  CHECK(parse_error("send TIMEOUT nothing\n") ==
        "m.map:1: 'send' without '=' (expected 'send OUTPUT = INPUT|dropped|nothing', 'calls "
        "client|server INPUT...', 'state client|server NAME = INPUT, INPUT...' or a '#' "
        "comment)");
  CHECK(parse_error("send A B = C\n") ==
        "m.map:1: expected 'send OUTPUT = INPUT', 'send OUTPUT = dropped' or 'send OUTPUT = "
        "nothing', each one symbol");
  CHECK(parse_error(kSend + "\nsend TIMEOUT = dropped\n") ==
        "m.map:3: output 'TIMEOUT' is mapped already on line 1");
  CHECK(parse_error(kSend + "calls peer CONNECT\n") ==
        "m.map:2: 'calls' names a side: 'client' or 'server'");
  CHECK(parse_error(kSend + "calls client CONNECT\ncalls client CLOSE\n") ==
        "m.map:3: the client calls are given already on line 2");
  CHECK(parse_error(kSend + "calls server LISTEN LISTEN\n") == "m.map:2: a call is named twice");
  CHECK(parse_error(kSend + "state client SYN SENT = CONNECT\n") ==
        "m.map:2: state name 'SYN SENT': one word of letters, digits and '_' (ESTABLISHED)");
  CHECK(parse_error(kSend + "state client A = CONNECT, , CLOSE\n") ==
        "m.map:2: an empty input in the access sequence (expected 'INPUT, INPUT...')");
  CHECK(parse_error(kSend + "state client A = CONNECT\nstate client A = CLOSE\n") ==
        "m.map:3: client state A is named already on line 2");
  std::string client = learned_test_file("compose/toy_client.dot");
  CHECK(bind_error("send TIMEOUT = SYN(V,V,1)\n") ==
        "m.map:1: 'SYN(V,V,1)' is no input of the client (its inputs: CONNECT, CLOSE, "
        "SYN(V,V,0), SYN+ACK(V,V,0), ACK(V,V,0), FIN+ACK(V,V,0), ACK+RST(V,V,0)) (the client "
        "model " +
            client + ")");
  CHECK(bind_error("send X = CONNECT\ncalls client CONNECT\n") ==
        "m.map:2: 'CONNECT' is a call and also arrives from the wire (line 1); it can be one or "
        "the other (the client model " +
            client + ")");
  CHECK(bind_error(kSend + "state client A = CLOSE, CLOSE, CONNECT, SYN(V,V,1)\n") ==
        "m.map:2: 'SYN(V,V,1)' is no input of the client (its inputs: CONNECT, CLOSE, "
        "SYN(V,V,0), SYN+ACK(V,V,0), ACK(V,V,0), FIN+ACK(V,V,0), ACK+RST(V,V,0)) (the client "
        "model " +
            client + ")");
  CHECK(bind_error(kSend + "state client A = CONNECT\nstate client B = CONNECT, CONNECT\n") ==
        "m.map:3: B is state s1, which line 2 names A already (the client model " + client + ")");
  CHECK(bind_error(kSend + "state client s2 = CONNECT\n") ==
        "m.map:2: s2 is the name of one of the model's own states; choose another (the client "
        "model " +
            client + ")");
  // The map names states by access sequences: the toy client's are s1 and s2.
  MealyMachine m = read_dot_file(client);
  auto names =
      bind_compose_map(parse_compose_map(synack::testing::slurp(compose_toy("toy.map")), "toy.map"),
                       Side::kClient, m);
  CHECK(names == std::vector<std::string>{"s0", "SYN_SENT", "ESTABLISHED", "s3"});
}

TEST_CASE("mutated composition maps are read or refused with one line", "[learned][compose]") {
  const std::string original = synack::testing::slurp(compose_toy("toy.map"));
  MealyMachine client = read_dot_file(compose_toy("toy_client.dot"));
  MealyMachine server = read_dot_file(compose_toy("toy_server.dot"));
  std::mt19937 rng(18);
  std::size_t refused = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string text = original;
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
          text.insert(at, 1, "=,() \n#"[rng() % 7]);
          break;
      }
    }
    try {
      ComposeMap map = parse_compose_map(text, "m.map");
      bind_compose_map(map, Side::kClient, client);
      bind_compose_map(map, Side::kServer, server);
    } catch (const InputError& e) {
      ++refused;
      INFO(text);
      CHECK(std::string(e.what()).find('\n') == std::string::npos);
      CHECK_THAT(e.what(), Catch::StartsWith("m.map"));
    }
  }
  CHECK(refused > 1000);  // most edits break a symbol: the check above did run
}

TEST_CASE("composition refusals on the command line exit 2 with one line", "[learned][compose]") {
  std::string c = compose_toy("toy_client.dot"), s = compose_toy("toy_server.dot"),
              m = compose_toy("toy.map");
  auto run = run_synack("check --compose " + c + " " + s);
  CHECK(run.exit_code == 2);
  CHECK(run.err ==
        "synack: --compose: give the composition map with --compose-map MAP (see "
        "learned/maps/tcp-compose.map)\n");
  run = run_synack("check --compose-map " + m);
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("--compose-map " + m + " applies to a composition") != std::string::npos);
  run = run_synack("check --compose " + c + " nothere.dot --compose-map " + m);
  CHECK(run.exit_code == 2);
  CHECK(run.err ==
        "synack: --compose nothere.dot: no such .dot file (a learned model in DOT; either side "
        "may also be tcp-endpoint)\n");
  run = run_synack("check --compose " + c + " " + s + " --compose-map nothere.map");
  CHECK(run.exit_code == 2);
  CHECK(run.err.rfind("synack: nothere.map: no such composition map", 0) == 0);
  run = run_synack("check --compose " + c + " " + s + " --compose-map " + m +
                   " --set client.LISTEN=true");
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("--set client.LISTEN: unknown parameter") != std::string::npos);
  // The server map's calls do not fit the client: the line and the model are named.
  run = run_synack("check --compose " + s + " " + c + " --compose-map " + m);
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("toy.map:9: 'CONNECT' is no input of the client") != std::string::npos);
}

TEST_CASE("composed toy models: an unmapped output is a violation with its trace",
          "[learned][compose]") {
  auto r = check_compose(compose_toy("toy_client.dot"), compose_toy("toy_server.dot"),
                         compose_toy("toy.map"), "--quiet", 1);
  CHECK(r["outputs-accepted"].verdict == "violated");
  CHECK(r["outputs-accepted"].states == 718);
  CHECK(events(r["outputs-accepted"].trace) ==
        std::vector<std::string>{"client CONNECT / SYN(FRESH,ZERO,0)", "server LISTEN / TIMEOUT",
                                 "server answers ACK+SYN(FRESH,NEXT,0) to SYN(V,V,0)",
                                 "client answers ACK(NEXT,NEXT,0) to SYN+ACK(V,V,0)",
                                 "client CLOSE / ACK+FIN(NEXT,CURRENT,0)",
                                 "server answers TIMEOUT to ACK(V,V,0)",
                                 "server answers ACK(NEXT,NEXT,0) to FIN+ACK(V,V,0)",
                                 "client answers ACK(FRESH,FRESH,0) to ACK(V,V,0)"});
  CHECK(r["outputs-accepted"].trace.back()["slots"]["client.unaccepted"] == "ACK(FRESH,FRESH,0)");
  CHECK(r["outputs-accepted"].trace.back()["sent"].empty());
  CHECK(r["connects"].verdict == "holds");
  CHECK(r["connects"].depth == 5);
  CHECK(r["connects"].trace.back()["state"] == "client=ESTABLISHED server=ESTABLISHED");
  CHECK(r["leaves-syn-sent"].verdict == "violated");  // the toy never retransmits its SYN
  CHECK(r["establishes"].verdict == "violated");

  // Without the client's CLOSE the unmapped answer is never drawn.
  r = check_compose(compose_toy("toy_client.dot"), compose_toy("toy_server.dot"),
                    compose_toy("toy.map"),
                    "--quiet --set client.CLOSE=false --property outputs-accepted", 0);
  CHECK(r["outputs-accepted"].verdict == "holds");
  CHECK(r["outputs-accepted"].states == 855);
}

TEST_CASE("a dropped answer goes on the wire and the peer discards it", "[learned][compose]") {
  std::string text = synack::testing::slurp(compose_toy("toy.map"));
  const std::string line = "send ACK+RST(ZERO,NEXT,0) = ACK+RST(V,V,0)";
  REQUIRE(text.find(line) != std::string::npos);
  text.replace(text.find(line), line.size(), "send ACK+RST(ZERO,NEXT,0) = dropped");
  std::string map = (std::filesystem::temp_directory_path() /
                     ("synack_dropped_" + std::to_string(getpid()) + ".map"))
                        .string();
  {
    std::ofstream out(map);
    out << text;
  }
  const std::string props =
      "--quiet --set channel.lossy=false --set client.CLOSE=false "
      "--always 'client.in != \"ACK+RST(V,V,0)\"' "
      "--sometimes 'server.out == \"ACK+RST(ZERO,NEXT,0)\"'";
  auto r =
      check_compose(compose_toy("toy_client.dot"), compose_toy("toy_server.dot"), map, props, 0);
  std::filesystem::remove(map);
  CHECK(r["always client.in != \"ACK+RST(V,V,0)\""].verdict == "holds");
  const auto& sent = r["sometimes server.out == \"ACK+RST(ZERO,NEXT,0)\""].trace.back()["sent"];
  CHECK(sent == nlohmann::json::array({"ACK+RST(ZERO,NEXT,0)"}));
  // Mapped to the client's input instead, the reset reaches it in 3 steps.
  r = check_compose(compose_toy("toy_client.dot"), compose_toy("toy_server.dot"),
                    compose_toy("toy.map"), props, 1);
  CHECK(r["always client.in != \"ACK+RST(V,V,0)\""].verdict == "violated");
  CHECK(r["always client.in != \"ACK+RST(V,V,0)\""].depth == 3);
}

TEST_CASE("composed toy models: traces are replayed and charted", "[learned][compose]") {
  auto run = run_synack("check --compose " + compose_toy("toy_client.dot") + " " +
                        compose_toy("toy_server.dot") + " --compose-map " + compose_toy("toy.map") +
                        " --property outputs-accepted --chart");
  CHECK(run.exit_code == 1);
  CHECK(run.out.find("compose/toy_client+toy_server outputs-accepted: counterexample (8 steps, "
                     "replayed through the learned models)") != std::string::npos);
  // The columns widen to the client's longest cell: both arrows end on their lifelines.
  CHECK(run.out.find("\n        |-- SYN(V,V,0) (sent at 1) ----------------->\n") !=
        std::string::npos);
  CHECK(run.out.find("\n        <------------- SYN+ACK(V,V,0) (sent at 3) --|\n") !=
        std::string::npos);
  CHECK(run.out.find("finally: client.unaccepted=ACK(FRESH,FRESH,0) server.unaccepted=(none)") !=
        std::string::npos);
}

TEST_CASE("CAV 2016 composition: learned client against learned server of each stack",
          "[learned][compose][shared]") {
  SYNACK_REQUIRE_SHARED_LEARNED(dir);
  const std::string tcp = dir + "/automata-wiki/TCP/TCP_";
  const std::string map = std::string(SYNACK_SOURCE_DIR) + "/learned/maps/tcp-compose.map";
  const std::string closing =
      "--set client.CLOSE=true --set server.ACCEPT=true --set server.CLOSECONNECTION=true "
      "--set server.CLOSE=true";
  struct Expected {
    std::string stack;
    long states, lossless_states;
    bool leaves_syn_sent_lossless, leaves_syn_received_lossless;
    long closing_fifo_states;
    long fifo_states, fifo_establishes_depth;
  };
  for (const Expected& e : std::vector<Expected>{{"Linux", 812, 430, true, true, 2237, 26, 5},
                                                 {"Windows8", 671, 347, false, true, 1848, 22, 4},
                                                 {"FreeBSD", 755, 410, true, true, 2027, 26, 5}}) {
    INFO(e.stack);
    std::string client = tcp + e.stack + "_Client.dot", server = tcp + e.stack + "_Server.dot";
    // Default channels (lossy, duplicating, reordering): every output is accepted, both
    // sides can connect, and a lost SYN or SYN-ACK is never sent again (the learned models
    // have no retransmission timer), so both half-open states can last forever.
    auto r = check_compose(client, server, map, "--quiet", 1);
    CHECK(r["outputs-accepted"].verdict == "holds");
    CHECK(r["outputs-accepted"].states == e.states);
    CHECK(r["connects"].verdict == "holds");
    CHECK(r["connects"].depth == 5);
    CHECK(r["leaves-syn-sent"].verdict == "violated");
    CHECK(r["leaves-syn-sent"].depth == 4);
    CHECK(r["leaves-syn-received"].verdict == "violated");
    CHECK(r["leaves-syn-received"].depth == 6);
    CHECK(r["establishes"].verdict == "violated");

    // No loss: Linux and FreeBSD leave both half-open states; Windows 8's server ignores a
    // SYN before it listens, so its client waits in SYN_SENT for good.
    r = check_compose(client, server, map, "--quiet --set channel.lossy=false", 1);
    CHECK(r["outputs-accepted"].states == e.lossless_states);
    CHECK((r["leaves-syn-sent"].verdict == "holds") == e.leaves_syn_sent_lossless);
    CHECK((r["leaves-syn-received"].verdict == "holds") == e.leaves_syn_received_lossless);
    CHECK(r["establishes"].depth == 10);  // through a duplicated SYN or SYN-ACK
    if (!e.leaves_syn_sent_lossless)
      CHECK(events(r["leaves-syn-sent"].trace) ==
            std::vector<std::string>{
                "client CONNECT / SYN(FRESH,ZERO,0)", "client CONNECT / TIMEOUT",
                "server answers TIMEOUT to SYN(V,V,0)", "client CONNECT / TIMEOUT"});

    // Reliable FIFO (no loss, no stale copies): the SYN can still reach the server before
    // its listen and is never sent again, so `establishes` fails; Windows 8's silent
    // closed port keeps its client in SYN_SENT.
    r = check_compose(client, server, map,
                      "--quiet --set channel.lossy=false --set channel.ordered=true --set "
                      "channel.duplicates=0",
                      1);
    CHECK(r["outputs-accepted"].verdict == "holds");
    CHECK(r["outputs-accepted"].states == e.fifo_states);
    CHECK((r["leaves-syn-sent"].verdict == "holds") == e.leaves_syn_sent_lossless);
    CHECK(r["leaves-syn-received"].verdict == "holds");
    CHECK(r["establishes"].verdict == "violated");
    CHECK(r["establishes"].depth == e.fifo_establishes_depth);

    // Closing too, over a FIFO channel that neither duplicates (no stale copies): every
    // output is still an input of the other side.
    r = check_compose(client, server, map,
                      "--quiet --property outputs-accepted --set channel.ordered=true --set "
                      "channel.duplicates=0 " +
                          closing,
                      0);
    CHECK(r["outputs-accepted"].verdict == "holds");
    CHECK(r["outputs-accepted"].states == e.closing_fifo_states);
  }
}

TEST_CASE("CAV 2016 composition: a stale ACK draws FreeBSD's unmapped ACK(FRESH,FRESH,0)",
          "[learned][compose][shared]") {
  SYNACK_REQUIRE_SHARED_LEARNED(dir);
  const std::string tcp = dir + "/automata-wiki/TCP/TCP_FreeBSD_";
  const std::string map = std::string(SYNACK_SOURCE_DIR) + "/learned/maps/tcp-compose.map";
  auto r =
      check_compose(tcp + "Client.dot", tcp + "Server.dot", map,
                    "--quiet --property outputs-accepted --set client.CLOSE=true --set "
                    "server.ACCEPT=true --set server.CLOSECONNECTION=true --set server.CLOSE=true",
                    1);
  CHECK(r["outputs-accepted"].verdict == "violated");
  CHECK(r["outputs-accepted"].depth == 13);
  auto steps = events(r["outputs-accepted"].trace);
  REQUIRE(steps.size() == 13);
  CHECK(steps.back() == "client answers ACK(FRESH,FRESH,0) to ACK(V,V,0)");
}

TEST_CASE("a learned client against tcp-endpoint through the reverse mapper",
          "[learned][compose]") {
  // A reliable FIFO channel: the spec's retransmitted SYN-ACK is the interesting segment.
  const std::string fifo =
      "--quiet --set channel.lossy=false --set channel.duplicates=0 --set channel.ordered=true";
  auto r =
      check_compose(compose_toy("toy_client.dot"), "tcp-endpoint", compose_toy("toy.map"), fifo, 1);
  CHECK(r["connects"].verdict == "holds");
  CHECK(events(r["connects"].trace) ==
        std::vector<std::string>{"client CONNECT / SYN(FRESH,ZERO,0)", "server listen",
                                 "server rcv SYN SYN seq=5",
                                 "client SYN+ACK(V,V,0) / ACK(NEXT,NEXT,0) SYN-ACK seq=0 ack=6",
                                 "server rcv ACK ACK seq=6 ack=1"});
  CHECK(r["connects"].trace.back()["state"] == "client=ESTABLISHED server=ESTABLISHED");
  // The spec retransmits its SYN-ACK; the copy reaches an established client with an old
  // sequence number, which no input of the learned model stands for.
  CHECK(r["inputs-valid"].verdict == "violated");
  CHECK(r["inputs-valid"].states == 76);
  CHECK(events(r["inputs-valid"].trace).back() ==
        "client refuses (no valid input) SYN-ACK seq=0 ack=6");
  CHECK(events(r["inputs-valid"].trace)[3] == "server timeout");
  // The toy's unmapped answer: ACK(FRESH,FRESH,0) has no number the spec could check.
  CHECK(r["outputs-accepted"].verdict == "violated");
  CHECK(r["outputs-accepted"].depth == 8);
  CHECK(r["outputs-accepted"].trace.back()["slots"]["client.unaccepted"] == "ACK(FRESH,FRESH,0)");
}

TEST_CASE("CAV 2016 clients against tcp-endpoint", "[learned][compose][shared]") {
  SYNACK_REQUIRE_SHARED_LEARNED(dir);
  const std::string map = std::string(SYNACK_SOURCE_DIR) + "/learned/maps/tcp-compose.map";
  const std::string fifo =
      "--quiet --set channel.lossy=false --set channel.duplicates=0 --set channel.ordered=true";
  for (const auto& [stack, states] : std::vector<std::pair<std::string, long>>{
           {"Linux", 2497}, {"Windows8", 2224}, {"FreeBSD", 2497}}) {
    INFO(stack);
    std::string client = dir + "/automata-wiki/TCP/TCP_" + stack + "_Client.dot";
    auto r = check_compose(client, "tcp-endpoint", map, "--quiet", 1);
    // Every answer has numbers the spec can check, as far as the client stays on its
    // alphabet: past the spec's retransmitted SYN-ACK (6 steps) nothing is known.
    CHECK(r["outputs-accepted"].verdict == "inconclusive");
    CHECK(r["outputs-accepted"].limit == "rests on inputs-valid, violated in 6 steps");
    CHECK(r["outputs-accepted"].states == states);
    CHECK(r["inputs-valid"].verdict == "violated");
    CHECK(r["inputs-valid"].depth == 6);
    CHECK(r["connects"].verdict == "holds");
    CHECK(r["connects"].depth == 5);
    // The learned client never retransmits: one lost SYN and it stays in SYN_SENT.
    CHECK(r["leaves-syn-sent"].verdict == "violated");
    CHECK(r["leaves-syn-sent"].depth == 4);
    r = check_compose(client, "tcp-endpoint", map, fifo, 1);
    CHECK(r["leaves-syn-sent"].verdict == "inconclusive");
    CHECK(r["leaves-syn-sent"].limit == "rests on inputs-valid, violated in 6 steps");
    CHECK(r["establishes"].verdict == "inconclusive");
    CHECK(r["establishes"].limit == "its trace leaves inputs-valid at step 8 of 11");
    CHECK(events(r["inputs-valid"].trace).back() ==
          "client refuses (no valid input) SYN-ACK seq=0 ack=6");
  }
}

TEST_CASE("a composed model's gaps are told beside the composition's verdicts, by side",
          "[learned][compose][scope]") {
  synack::testing::TempDir dir("compose_gaps");
  // The toy client without its answer to FIN+ACK in s2, and with a state s9 nothing reaches.
  std::string text = synack::testing::slurp(compose_toy("toy_client.dot"));
  const std::string fin = "s2 -> s2 [label=\"FIN+ACK(V,V,0) / ACK(NEXT,NEXT,0)\"];\n";
  REQUIRE(text.find(fin) != std::string::npos);
  text.erase(text.find(fin), fin.size());
  text.insert(text.find("__start0 -> s0;"), "s9 -> s0 [label=\"CONNECT / TIMEOUT\"];\n");
  const std::string client = (dir.path / "gappy_client.dot").string();
  std::ofstream(client) << text;
  const std::string gaps =
      "not input-complete (s2 has no transition for 1 of the 7 inputs); unreachable state s9: "
      "the verdicts cover only the transitions the model has, from the states it reaches";
  const std::string json = (dir.path / "r.json").string(), report = (dir.path / "report").string();
  auto run = run_synack("check --compose " + client + " " + compose_toy("toy_server.dot") +
                        " --compose-map " + compose_toy("toy.map") +
                        " --property connects --quiet --json " + json + " --report " + report);
  CHECK(run.exit_code == 1);  // outputs-accepted, checked beside any property
  const std::string name = "compose/gappy_client+toy_server";
  CHECK_THAT(run.out,
             Catch::EndsWith("\nnote: " + name + ": client " + client + ": " + gaps + "\n"));
  CHECK(nlohmann::json::parse(synack::testing::slurp(json))["notes"] ==
        nlohmann::json::array({{{"scenario", name}, {"note", "client " + client + ": " + gaps}}}));
  CHECK_THAT(synack::testing::slurp(dir.path / "report" / "index.html"),
             Catch::Contains("<p class=\"note\">note: " + name + ": client " + client + ": " +
                             gaps + "</p>"));

  // The same model as the server's peer: named as the client still; the complete server
  // adds nothing.
  run = run_synack("check --compose " + client + " tcp-endpoint --compose-map " +
                   compose_toy("toy.map") + " --property connects --quiet");
  CHECK(run.exit_code == 1);  // outputs-accepted, checked beside any property
  CHECK_THAT(run.out, Catch::EndsWith("\nnote: compose/gappy_client+tcp-endpoint: client " +
                                      client + ": " + gaps + "\n"));

  // Complete models: no note.
  run = run_synack("check --compose " + compose_toy("toy_client.dot") + " " +
                   compose_toy("toy_server.dot") + " --compose-map " + compose_toy("toy.map") +
                   " --property connects --quiet");
  CHECK(run.exit_code == 1);  // outputs-accepted, checked beside any property
  CHECK_THAT(run.out, !Catch::Contains("note:"));
}
