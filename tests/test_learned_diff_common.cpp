// `synack diff --common-alphabet`: two learned models of different inputs compared on the
// inputs both have (learned/equivalence, Alphabet::kCommon), with the inputs left out of
// each side in the text and the JSON; the CAV 2016 Linux and FreeBSD TCP servers, which
// differ by FreeBSD's SEND (skipped when ../shared is absent).
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "checker/errors.hpp"
#include "cli/learned_commands.hpp"
#include "learned/dot_reader.hpp"
#include "learned/equivalence.hpp"
#include "learned_data.hpp"
#include "temp_dir.hpp"

using namespace synack::learned;

namespace {

// LISTEN alike in both; B also has SEND, and A has CLOSE that B lacks.
const char* kListenClose =
    "digraph g {\n__start0 -> s0;\ns0 -> s1 [label=\"LISTEN / TIMEOUT\"]\n"
    "s1 -> s1 [label=\"LISTEN / TIMEOUT\"]\ns0 -> s0 [label=\"CLOSE / TIMEOUT\"]\n"
    "s1 -> s0 [label=\"CLOSE / TIMEOUT\"]\n}\n";
const char* kListenSend =
    "digraph g {\n__start0 -> s0;\ns0 -> s1 [label=\"LISTEN / TIMEOUT\"]\n"
    "s1 -> s1 [label=\"LISTEN / TIMEOUT\"]\ns0 -> s0 [label=\"SEND / TIMEOUT\"]\n"
    "s1 -> s1 [label=\"SEND / DATA\"]\n}\n";
// As kListenSend, but a second LISTEN is answered.
const char* kListenTwiceSend =
    "digraph g {\n__start0 -> s0;\ns0 -> s1 [label=\"LISTEN / TIMEOUT\"]\n"
    "s1 -> s1 [label=\"LISTEN / RST\"]\ns0 -> s0 [label=\"SEND / TIMEOUT\"]\n"
    "s1 -> s1 [label=\"SEND / DATA\"]\n}\n";

struct Diff {
  int exit_code = 0;
  std::string text;
  nlohmann::json json;
};

Diff diff(const std::string& a, const std::string& b, bool common,
          const synack::testing::TempDir& dir) {
  synack::cli::DiffOptions o;
  o.a = a;
  o.b = b;
  o.common_alphabet = common;
  o.json_file = (dir.path / "diff.json").string();
  std::ostringstream out;
  Diff d;
  d.exit_code = synack::cli::run_diff(o, out);
  d.text = out.str();
  std::ifstream in(o.json_file);
  d.json = nlohmann::json::parse(in);
  return d;
}

std::string write(const synack::testing::TempDir& dir, const std::string& name,
                  const std::string& text) {
  const std::string path = (dir.path / name).string();
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("diff --common-alphabet compares the inputs both models have",
          "[learned][diff][common]") {
  MealyMachine a = parse_dot(kListenClose, "a.dot", "a");
  MealyMachine b = parse_dot(kListenSend, "b.dot", "b");
  Comparison c = compare(a, b, {}, kMaxComparedPairs, Alphabet::kCommon);
  CHECK(c.equivalent());
  CHECK(c.compared_inputs == 1);
  CHECK(c.left_out_a == std::vector<std::string>{"CLOSE"});
  CHECK(c.left_out_b == std::vector<std::string>{"SEND"});
  CHECK(c.product_pairs == 2);

  // The witness uses common inputs only; what SEND draws is never looked at.
  c = compare(a, parse_dot(kListenTwiceSend, "c.dot", "c"), {}, kMaxComparedPairs,
              Alphabet::kCommon);
  REQUIRE(c.witness.size() == 2);
  CHECK(c.witness[1].input == "LISTEN");
  CHECK(c.witness[1].a->text() == "TIMEOUT");
  CHECK(c.witness[1].b->text() == "RST");
  CHECK(c.differing_transitions == 1);

  // One alphabet: nothing left out, the comparison is the plain one.
  c = compare(b, parse_dot(kListenTwiceSend, "c.dot", "c"), {}, kMaxComparedPairs,
              Alphabet::kCommon);
  CHECK(c.compared_inputs == 2);
  CHECK(c.left_out_a.empty());
  CHECK(c.left_out_b.empty());

  // A renaming makes inputs common; one left without a counterpart is left out.
  c = compare(a, b, {{"CLOSE", "SEND"}}, kMaxComparedPairs, Alphabet::kCommon);
  CHECK(c.compared_inputs == 2);
  CHECK(c.left_out_a.empty());
  CHECK(c.left_out_b.empty());
  CHECK(!c.equivalent());  // CLOSE goes back to s0, SEND stays and answers DATA in s1

  MealyMachine other = parse_dot(
      "digraph g {\n__start0 -> s0;\ns0 -> s0 [label=\"PING / PONG\"]\n}\n", "p.dot", "p");
  CHECK_THROWS_WITH(compare(a, other, {}, kMaxComparedPairs, Alphabet::kCommon),
                    "a.dot and p.dot have no input in common (the first's: LISTEN, CLOSE; the "
                    "second's: PING): --common-alphabet leaves nothing to compare");
}

TEST_CASE("diff --common-alphabet says what each side left out, in text and JSON",
          "[learned][diff][common]") {
  synack::testing::TempDir dir("diff_common");
  const std::string a = write(dir, "a.dot", kListenClose), b = write(dir, "b.dot", kListenSend),
                    c = write(dir, "c.dot", kListenTwiceSend);
  Diff d = diff(a, b, true, dir);
  CHECK(d.exit_code == 0);
  CHECK(d.text ==
        "common alphabet: 1 input compared; left out of A (inputs B lacks): CLOSE; left out of "
        "B (inputs A lacks): SEND\n"
        "equivalent on their common inputs: " +
            a + " and " + b +
            " answer every sequence of the 1 input both have alike (2 reachable state "
            "pairs)\n");
  CHECK(d.json["equivalent"] == true);
  CHECK(d.json["common_alphabet"] ==
        nlohmann::json({{"compared_inputs", 1},
                        {"left_out_a", nlohmann::json::array({"CLOSE"})},
                        {"left_out_b", nlohmann::json::array({"SEND"})}}));

  d = diff(b, c, true, dir);
  CHECK(d.exit_code == 1);
  CHECK_THAT(d.text, Catch::StartsWith(
                         "common alphabet: 2 inputs compared, the same in both models; none left "
                         "out\ndiffer: " +
                         b + " and " + c +
                         ", shortest distinguishing input sequence (2 steps): LISTEN, LISTEN\n"));
  CHECK(d.json["common_alphabet"]["left_out_a"] == nlohmann::json::array());
  CHECK(d.json["common_alphabet"]["left_out_b"] == nlohmann::json::array());

  // Without the flag, as before: refused, now pointing at the flag.
  synack::cli::DiffOptions o;
  o.a = a;
  o.b = b;
  std::ostringstream out;
  CHECK_THROWS_WITH(synack::cli::run_diff(o, out),
                    Catch::EndsWith("(compare models over one alphabet, rename inputs: --rename "
                                    "A_INPUT=B_INPUT, or compare the inputs both have: "
                                    "--common-alphabet)"));
  o = {};
  o.versions = synack::test::learned_test_file("versions");
  o.common_alphabet = true;
  CHECK_THROWS_WITH(synack::cli::run_diff(o, out),
                    "diff: --common-alphabet applies to two models, not --versions");
}

// The CAV 2016 Linux server was learned without SEND, which FreeBSD's has: refused as
// learned, compared with --common-alphabet on the 12 inputs both have.
TEST_CASE("diff --common-alphabet on the CAV 2016 Linux and FreeBSD TCP servers",
          "[learned][diff][common][shared]") {
  SYNACK_REQUIRE_SHARED_LEARNED(shared);
  synack::testing::TempDir dir("diff_common_tcp");
  const std::string linux_server = shared + "/automata-wiki/TCP/TCP_Linux_Server.dot",
                    freebsd_server = shared + "/automata-wiki/TCP/TCP_FreeBSD_Server.dot";
  CHECK_THROWS_WITH(compare(read_dot_file(linux_server), read_dot_file(freebsd_server)),
                    Catch::Contains("have different inputs: the second has inputs the first "
                                    "lacks: SEND ("));
  Diff d = diff(linux_server, freebsd_server, true, dir);
  CHECK(d.exit_code == 1);
  // A second SYN in SYN_RECEIVED: Linux resets the half-open connection, FreeBSD ignores it.
  CHECK(d.text ==
        "common alphabet: 12 inputs compared; left out of B (inputs A lacks): SEND\n"
        "differ: " +
            linux_server + " and " + freebsd_server +
            ", shortest distinguishing input sequence (3 steps): LISTEN, SYN(V,V,0), "
            "SYN(V,V,0)\n"
            "  step  input       A TCP_Linux_Server     B TCP_FreeBSD_Server\n"
            "  1     LISTEN      TIMEOUT                TIMEOUT\n"
            "  2     SYN(V,V,0)  ACK+SYN(FRESH,NEXT,0)  ACK+SYN(FRESH,NEXT,0)\n"
            "  3     SYN(V,V,0)  ACK+RST(ZERO,NEXT,0)   TIMEOUT   <- differs\n"
            "4938 differing transitions over 1145 reachable state pairs\n");
  CHECK(d.json["common_alphabet"] ==
        nlohmann::json({{"compared_inputs", 12},
                        {"left_out_a", nlohmann::json::array()},
                        {"left_out_b", nlohmann::json::array({"SEND"})}}));
  CHECK(d.json["differing_transitions"] == 4938);
  CHECK(d.json["product_pairs"] == 1145);
  CHECK(d.json["witness"][2] ==
        nlohmann::json({{"input", "SYN(V,V,0)"}, {"a", "ACK+RST(ZERO,NEXT,0)"}, {"b", "TIMEOUT"}}));
  // Swapped, SEND is A's to lose.
  d = diff(freebsd_server, linux_server, true, dir);
  CHECK_THAT(d.text, Catch::StartsWith(
                         "common alphabet: 12 inputs compared; left out of A (inputs B lacks): "
                         "SEND\n"));
  CHECK(d.json["common_alphabet"]["left_out_a"] == nlohmann::json::array({"SEND"}));

  // Windows 8's server has SEND too, and is silent on a closed port where Linux resets.
  Comparison c = compare(read_dot_file(linux_server),
                         read_dot_file(shared + "/automata-wiki/TCP/TCP_Windows8_Server.dot"), {},
                         kMaxComparedPairs, Alphabet::kCommon);
  CHECK(c.left_out_b == std::vector<std::string>{"SEND"});
  REQUIRE(c.witness.size() == 1);
  CHECK(c.witness[0].input == "ACK(V,V,0)");
  CHECK(c.witness[0].a->text() == "RST(ZERO,ZERO,0)");
  CHECK(c.witness[0].b->text() == "TIMEOUT");
  CHECK(c.differing_transitions == 2473);
  CHECK(c.product_pairs == 613);
}
