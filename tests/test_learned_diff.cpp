// Comparing learned models: the shortest distinguishing sequence and its counts
// (learned/equivalence), `synack diff` and `synack diff --versions` as a user sees them,
// and the known facts about the real models in ../shared.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "checker/errors.hpp"
#include "cli/learned_commands.hpp"
#include "learned/dot_reader.hpp"
#include "learned/equivalence.hpp"
#include "learned/version_history.hpp"
#include "learned_data.hpp"

using namespace synack::learned;
using synack::InputError;
using synack::test::learned_test_file;

namespace {

MealyMachine load_dot(const std::string& name) {
  return read_dot_file(learned_test_file(name));
}

// What the model answers to each input in turn, from its initial state.
std::vector<std::string> run(const MealyMachine& m, const std::vector<std::string>& inputs) {
  std::vector<std::string> answers;
  std::size_t state = m.initial;
  for (const auto& name : inputs) {
    std::size_t i = 0;
    while (i < m.inputs.size() && m.inputs[i] != name) ++i;
    REQUIRE(i < m.inputs.size());
    auto t = m.step(state, i);
    REQUIRE(t);
    answers.push_back(m.outputs[t->output].text());
    state = t->to;
  }
  return answers;
}

int run_quietly(const synack::cli::DiffOptions& o) {
  std::ostringstream out;
  return synack::cli::run_diff(o, out);
}

std::string diff_output(const synack::cli::DiffOptions& o, int expected_code) {
  std::ostringstream out;
  CHECK(synack::cli::run_diff(o, out) == expected_code);
  return out.str();
}

}  // namespace

TEST_CASE("learned diff: the shortest witness with both answers and the differing transitions") {
  Comparison c = compare(load_dot("toy_server.dot"), load_dot("toy_server_fixed.dot"));
  REQUIRE(c.witness.size() == 2);
  CHECK(c.witness[0].input == "Hello");
  CHECK(c.witness[0].a->text() == "HelloAck & Ticket");
  CHECK(c.witness[0].b->text() == "HelloAck & Ticket");
  CHECK(c.witness[1].input == "Hello");
  CHECK(c.witness[1].a->text() == "Alert");
  CHECK(c.witness[1].b->text() == "Alert & Closed");
  CHECK(c.product_pairs == 4);
  CHECK(c.differing_transitions == 3);
}

TEST_CASE("learned diff: renumbered states with a duplicate are equivalent") {
  Comparison c = compare(load_dot("toy_server.dot"), load_dot("toy_server_renumbered.dot"));
  CHECK(c.equivalent());
  CHECK(c.product_pairs == 4);
  CHECK(c.differing_transitions == 0);
}

TEST_CASE("learned diff: a missing transition differs from any answer") {
  MealyMachine a = parse_dot(
      "digraph g {\n__start0 -> s0;\ns0 -> s0 [label=\"a / x\"]\ns0 -> s0 [label=\"b / y\"]\n}",
      "a.dot", "a");
  MealyMachine b = parse_dot(
      "digraph g {\n__start0 -> s0;\ns0 -> s1 [label=\"a / x\"]\n"
      "s1 -> s1 [label=\"b / y\"]\ns0 -> s0 [label=\"b / y\"]\n}",
      "b.dot", "b");
  Comparison c = compare(a, b);
  REQUIRE(c.witness.size() == 2);
  CHECK(c.witness[1].input == "a");
  CHECK(c.witness[1].a->text() == "x");
  CHECK(!c.witness[1].b);
  CHECK(c.differing_transitions == 1);
}

TEST_CASE("learned diff: different alphabets are refused and a renaming makes them one") {
  MealyMachine a = load_dot("toy_server.dot");
  std::string renamed =
      "digraph g {\n__start0 -> s0;\n"
      "s0 -> s1 [label=\"ClientHello / HelloAck & Ticket\"]\n"
      "s0 -> s2 [label=\"Data / Alert & Closed\"]\n"
      "s0 -> s2 [label=\"Close / -\"]\n"
      "s1 -> s1 [label=\"ClientHello / Alert\"]\n"
      "s1 -> s1 [label=\"Data / Echo\"]\n"
      "s1 -> s2 [label=\"Close / Closed\"]\n"
      "s2 -> s2 [label=\"ClientHello / Closed\"]\n"
      "s2 -> s2 [label=\"Data / Closed\"]\n"
      "s2 -> s2 [label=\"Close / Closed\"]\n}";
  MealyMachine b = parse_dot(renamed, "b.dot", "b");
  CHECK_THROWS_WITH(compare(a, b),
                    Catch::EndsWith("toy_server.dot and b.dot have different inputs: the first "
                                    "has inputs the second lacks: Hello; the second has inputs "
                                    "the first lacks: ClientHello (compare models over one "
                                    "alphabet, rename inputs: --rename A_INPUT=B_INPUT, or "
                                    "compare the inputs both have: --common-alphabet)"));
  CHECK(compare(a, b, {{"Hello", "ClientHello"}}).equivalent());
  CHECK_THROWS_WITH(compare(a, b, {{"Helo", "ClientHello"}}),
                    Catch::StartsWith("renaming Helo=ClientHello: ") &&
                        Catch::EndsWith("toy_server.dot has no input Helo (its inputs: Hello, "
                                        "Data, Close)"));
}

TEST_CASE("learned diff: an alphabet that only one model extends names that side alone") {
  // The second model has SEND besides the first's inputs: nothing is "only the first's".
  const std::string first =
      "digraph g {\n__start0 -> s0;\ns0 -> s0 [label=\"LISTEN / TIMEOUT\"]\n}";
  const std::string second =
      "digraph g {\n__start0 -> s0;\ns0 -> s0 [label=\"LISTEN / TIMEOUT\"]\n"
      "s0 -> s0 [label=\"SEND / TIMEOUT\"]\n}";
  MealyMachine a = parse_dot(first, "a.dot", "a"), b = parse_dot(second, "b.dot", "b");
  CHECK_THROWS_WITH(compare(a, b),
                    "a.dot and b.dot have different inputs: the second has inputs the first "
                    "lacks: SEND (compare models over one alphabet, rename inputs: --rename "
                    "A_INPUT=B_INPUT, or compare the inputs both have: --common-alphabet)");
  CHECK_THROWS_WITH(compare(b, a),
                    "b.dot and a.dot have different inputs: the first has inputs the second "
                    "lacks: SEND (compare models over one alphabet, rename inputs: --rename "
                    "A_INPUT=B_INPUT, or compare the inputs both have: --common-alphabet)");
}

TEST_CASE("learned diff: too many reachable pairs of states is refused") {
  CHECK_THROWS_WITH(compare(load_dot("toy_server.dot"), load_dot("toy_server_fixed.dot"), {}, 2),
                    Catch::EndsWith("toy_server_fixed.dot: more than 2 pairs of states reachable "
                                    "together; too large to compare"));
}

TEST_CASE("learned diff command: text, exit codes and JSON") {
  synack::cli::DiffOptions o;
  o.a = learned_test_file("toy_server.dot");
  o.b = learned_test_file("toy_server_fixed.dot");
  std::string json_path =
      (std::filesystem::temp_directory_path() / "synack_learned_diff_test.json").string();
  o.json_file = json_path;
  std::string text = diff_output(o, 1);
  CHECK_THAT(text, Catch::Contains("shortest distinguishing input sequence (2 steps): Hello, "
                                   "Hello\n"
                                   "  step  input  A toy_server       B toy_server_fixed\n"
                                   "  1     Hello  HelloAck & Ticket  HelloAck & Ticket\n"
                                   "  2     Hello  Alert              Alert & Closed   <- differs\n"
                                   "3 differing transitions over 4 reachable state pairs\n"));
  std::ifstream in(json_path);
  nlohmann::json json = nlohmann::json::parse(in);
  CHECK(json["equivalent"] == false);
  CHECK(json["differing_transitions"] == 3);
  CHECK(json["witness"][1]["b"] == "Alert & Closed");
  std::filesystem::remove(json_path);

  o.json_file.clear();
  o.b = learned_test_file("toy_server_renumbered.dot");
  CHECK_THAT(diff_output(o, 0), Catch::StartsWith("equivalent: "));

  o.b.clear();
  CHECK_THROWS_WITH(run_quietly(o),
                    "diff: give two learned models (diff A.dot B.dot) or --versions DIR");
  o.b = learned_test_file("toy_server_fixed.dot");
  o.renames = {"Hello"};
  CHECK_THROWS_WITH(run_quietly(o),
                    "--rename 'Hello': write A_INPUT=B_INPUT (the second model's name)");
  o.renames.clear();
  o.versions = learned_test_file("versions");
  CHECK_THROWS_WITH(run_quietly(o), "diff: give two models (diff A B) or --versions DIR, not both");
}

TEST_CASE("learned diff --json: labels that are not UTF-8 are written as Latin-1") {
  // Models saved in Latin-1 load (as the diagrams read them); their JSON once failed on
  // nlohmann's UTF-8 check: "internal error: [json.exception.type_error.316]", exit 4.
  const auto dir = std::filesystem::temp_directory_path();
  const std::string a = (dir / "synack_latin1_a.dot").string();
  const std::string b = (dir / "synack_latin1_b.dot").string();
  std::ofstream(a) << "digraph g {\n__start0 -> s0;\ns0 -> s0 [label=\"caf\xe9 / ol\xe9\"]\n}\n";
  std::ofstream(b) << "digraph g {\n__start0 -> s0;\ns0 -> s0 [label=\"caf\xe9 / \xfe\"]\n}\n";
  synack::cli::DiffOptions o;
  o.a = a;
  o.b = b;
  o.json_file = (dir / "synack_latin1_diff.json").string();
  diff_output(o, 1);
  std::ifstream in(o.json_file);
  nlohmann::json json = nlohmann::json::parse(in);
  CHECK(json["witness"][0]["input"] == "caf\u00e9");
  CHECK(json["witness"][0]["a"] == "ol\u00e9");
  CHECK(json["witness"][0]["b"] == "\u00fe");
  for (const std::string& f : {a, b, o.json_file}) std::filesystem::remove(f);
}

TEST_CASE("learned diff command: two files of one name are told apart by their folders") {
  synack::cli::DiffOptions o;
  o.a = learned_test_file("versions/1.0/P.dot");
  o.b = learned_test_file("versions/1.1/P.dot");
  CHECK_THAT(diff_output(o, 1), Catch::Contains("  step  input  A 1.0/P            B 1.1/P\n"));
}

TEST_CASE("learned version history: classes by behaviour not by file and a class that returns") {
  VersionHistory h = version_history(learned_test_file("versions"), "P");
  CHECK(h.versions == std::vector<std::string>{"1.0", "1.0a", "1.1", "1.10"});
  CHECK(h.without == std::vector<std::string>{"0.9"});
  CHECK(h.class_of == std::vector<std::size_t>{0, 0, 1, 0});
  CHECK(h.class_states == std::vector<std::size_t>{3, 3});
  REQUIRE(h.changes.size() == 2);
  CHECK(h.changes[0].before == 1);
  CHECK(h.changes[0].after == 2);
  CHECK(h.changes[0].comparison.witness.size() == 2);
  CHECK_THROWS_WITH(version_history(learned_test_file("versions"), "TLS12"),
                    Catch::EndsWith("versions: no version folder holds TLS12.dot (protocols "
                                    "found: P, Q)"));
  CHECK_THROWS_WITH(version_history(learned_test_file("versions"), "../x"),
                    "protocol '../x' is not a file name (e.g. TLS10, TLS12)");
}

TEST_CASE("learned version history: two versions of different inputs get advice --versions takes") {
  // The advice was --rename or --common-alphabet, which --versions refuses.
  const auto dir = std::filesystem::temp_directory_path() /
                   ("synack_versions_alphabet_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  for (const auto& [version, input] : {std::pair{"1.0", "a"}, std::pair{"2.0", "b"}}) {
    std::filesystem::create_directories(dir / version);
    std::ofstream(dir / version / "P.dot")
        << "digraph g {\n__start0 -> s0;\ns0 -> s0 [label=\"" << input << " / x\"];\n}\n";
  }
  const std::string one = (dir / "1.0" / "P.dot").string(), two = (dir / "2.0" / "P.dot").string();
  CHECK_THROWS_WITH(version_history(dir.string(), "P"),
                    one + " and " + two +
                        " have different inputs (only the first has a; only the second has b); "
                        "--versions compares versions over one alphabet: compare these two with "
                        "'diff " +
                        one + " " + two + "' and --rename A_INPUT=B_INPUT or --common-alphabet");
  std::filesystem::remove_all(dir);
}

TEST_CASE("learned version history: a folder that is no version name is refused, naming it") {
  // `abc` and `-1` were sorted into "release order" after every version, and changes were
  // reported between them and the real releases.
  const auto dir = std::filesystem::temp_directory_path() /
                   ("synack_versions_names_" + std::to_string(::getpid()));
  for (const char* odd : {"abc", "-1", "_2"}) {
    INFO(odd);
    std::filesystem::remove_all(dir);
    for (const char* version : {"1.0", "v1.1", "99999999999999999999999.0", odd}) {
      std::filesystem::create_directories(dir / version);
      std::ofstream(dir / version / "P.dot")
          << "digraph g {\n__start0 -> s0;\ns0 -> s0 [label=\"a / x\"];\n}\n";
    }
    CHECK_THROWS_WITH(version_history(dir.string(), "P"),
                      dir.string() + ": '" + odd +
                          "' holds models but is no version name (a version's folder is named "
                          "as a release: a letter or digit first, and a number in it, as 1.0.1g "
                          "or v2.3); rename it or move it out");
  }
  // Names with a letter first and a number, or numbers of any length, are versions; a
  // folder of no models, or a hidden one (a checkout's .git, an archive's __MACOSX), is
  // none of them and is passed over.
  std::filesystem::remove_all(dir / "_2");
  std::filesystem::create_directories(dir / ".git" / "objects");
  std::ofstream(dir / ".git" / "P.dot") << "not a model\n";
  std::filesystem::create_directories(dir / "__MACOSX" / "1.0");
  VersionHistory h = version_history(dir.string(), "P");
  CHECK(h.versions == std::vector<std::string>{"1.0", "99999999999999999999999.0", "v1.1"});
  std::filesystem::remove_all(dir);
}

TEST_CASE("learned version history command: the table and the witnesses") {
  synack::cli::DiffOptions o;
  o.versions = learned_test_file("versions");
  // Not `= "P"`: GCC 12 warns falsely (-Wrestrict) on assigning a one-letter literal.
  o.protocol = std::string(1, 'P');
  std::string text = diff_output(o, 1);
  CHECK_THAT(text, Catch::EndsWith("(P): 4 versions, 2 behaviour classes, 2 changes\n"
                                   "  without P.dot: 0.9\n"
                                   "\n"
                                   "  behaviour states  versions\n"
                                   "  B1        3       1.0 .. 1.0a (2)\n"
                                   "  B2        3       1.1\n"
                                   "  B1        3       1.10\n"
                                   "\n"
                                   "1.0a -> 1.1 (B1 -> B2): Hello, Hello\n"
                                   "  step  input  1.0a               1.1\n"
                                   "  1     Hello  HelloAck & Ticket  HelloAck & Ticket\n"
                                   "  2     Hello  Alert              Alert & Closed   <- differs\n"
                                   "\n"
                                   "1.1 -> 1.10 (B2 -> B1): Hello, Hello\n"
                                   "  step  input  1.1                1.10\n"
                                   "  1     Hello  HelloAck & Ticket  HelloAck & Ticket\n"
                                   "  2     Hello  Alert & Closed     Alert   <- differs\n"));

  std::string json_path =
      (std::filesystem::temp_directory_path() / "synack_learned_versions_test.json").string();
  o.json_file = json_path;
  diff_output(o, 1);
  std::ifstream in(json_path);
  nlohmann::json json = nlohmann::json::parse(in);
  CHECK(json["protocol"] == "P");
  CHECK(json["versions"].size() == 4);
  CHECK(json["versions"][2]["behaviour"] == 2);
  CHECK(json["without"] == nlohmann::json::array({"0.9"}));
  CHECK(json["class_states"] == nlohmann::json::array({3, 3}));
  REQUIRE(json["changes"].size() == 2);
  CHECK(json["changes"][0]["before"] == "1.0a");
  CHECK(json["changes"][0]["after"] == "1.1");
  CHECK(json["changes"][0]["witness"][1]["b"] == "Alert & Closed");
  // Which files the classes were made from: each version's path and SHA-256 (sha256sum's).
  const std::string first = learned_test_file("versions") + "/1.0/P.dot";
  CHECK(json["versions"][0]["path"] == first);
  CHECK(json["versions"][0]["sha256"] ==
        "8b51f68eecd41ddc83da1144a11f167e5a700049edca83c8cffd13a413e19ec9");
  REQUIRE(json["inputs"].size() == 4);
  CHECK(json["inputs"][0] ==
        nlohmann::json(
            {{"role", "version"}, {"path", first}, {"sha256", json["versions"][0]["sha256"]}}));
  CHECK(json["inputs"][3]["path"] == learned_test_file("versions") + "/1.10/P.dot");
  CHECK(json.contains("synack_version"));
  std::filesystem::remove(json_path);
}

TEST_CASE("learned diff on real models: the early-CCS fix between OpenSSL 1.0.1g and 1.0.1h") {
  SYNACK_REQUIRE_SHARED_LEARNED(dir);
  const std::string tlsprint = dir + "/tlsprint-openssl";
  Comparison c = compare(read_dot_file(tlsprint + "/1.0.1g/TLS12.dot"),
                         read_dot_file(tlsprint + "/1.0.1h/TLS12.dot"));
  REQUIRE(c.witness.size() == 2);
  CHECK(c.witness[0].input == "ClientHello");
  CHECK(c.witness[1].input == "ChangeCipherSpec");
  CHECK(c.witness[1].a->text() == "-");
  CHECK(c.witness[1].b->text() == "ALERT_FATAL_UNEXPECTED_MESSAGE & ConnectionClosed");
  CHECK(c.product_pairs == 14);
  CHECK(c.differing_transitions == 13);
  // 1.0.1f accepts the early ChangeCipherSpec too (README of ../shared/data/learned).
  CHECK(run(read_dot_file(tlsprint + "/1.0.1f/TLS12.dot"),
            {"ClientHello", "ChangeCipherSpec"})[1] == "-");
}

TEST_CASE("learned version history on real models: OpenSSL behaviour classes") {
  SYNACK_REQUIRE_SHARED_LEARNED(dir);
  VersionHistory tls12 = version_history(dir + "/tlsprint-openssl", "TLS12");
  CHECK(tls12.versions.size() == 65);
  CHECK(tls12.without.size() == 69);
  CHECK(tls12.classes() == 10);
  CHECK(tls12.changes.size() == 9);
  VersionHistory tls10 = version_history(dir + "/tlsprint-openssl", "TLS10");
  CHECK(tls10.versions.size() == 134);
  CHECK(tls10.classes() == 14);
  CHECK(tls10.changes.size() == 24);
  // The early-CCS fix appears as its own change, with its two-message witness, in both.
  for (const VersionHistory* h : {&tls12, &tls10}) {
    bool found = false;
    for (const auto& change : h->changes)
      if (h->versions[change.before] == "1.0.1g") {
        CHECK(h->versions[change.after] == "1.0.1h");
        REQUIRE(change.comparison.witness.size() == 2);
        CHECK(change.comparison.witness[0].input == "ClientHello");
        CHECK(change.comparison.witness[1].input == "ChangeCipherSpec");
        found = true;
      }
    CHECK(found);
  }
}

// ../shared/data/learned/README.md: CONNECT then SYN is answered SYN+ACK by all three
// clients; a following SYN+ACK with ACK (Linux), RST (Windows 8), ACK+RST (FreeBSD).
TEST_CASE("learned TCP clients on simultaneous open (../shared)") {
  SYNACK_REQUIRE_SHARED_LEARNED(dir);
  const std::vector<std::string> open{"CONNECT", "SYN(V,V,0)", "SYN+ACK(V,V,0)"};
  auto client = [&](const std::string& stack) {
    return run(read_dot_file(dir + "/automata-wiki/TCP/TCP_" + stack + "_Client.dot"), open);
  };
  CHECK(client("Linux") == std::vector<std::string>{"SYN(FRESH,ZERO,0)", "ACK+SYN(CURRENT,NEXT,0)",
                                                    "ACK(NEXT,CURRENT,0)"});
  CHECK(client("Windows8") == std::vector<std::string>{"SYN(FRESH,ZERO,0)",
                                                       "ACK+SYN(CURRENT,NEXT,0)",
                                                       "RST(NEXT,FRESH,0)"});
  CHECK(client("FreeBSD") == std::vector<std::string>{"SYN(FRESH,ZERO,0)",
                                                      "ACK+SYN(CURRENT,NEXT,0)",
                                                      "ACK+RST(NEXT,CURRENT,0)"});
}
