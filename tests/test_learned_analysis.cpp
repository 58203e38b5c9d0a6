// The loading report's facts (learned/analysis), minimisation and the canonical form, on
// the project's small models and a few real ones.
#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "checker/errors.hpp"
#include "learned/analysis.hpp"
#include "learned/canonical.hpp"
#include "learned/dot_reader.hpp"
#include "learned/version_order.hpp"
#include "learned_data.hpp"

using namespace synack::learned;
using synack::test::learned_test_file;

namespace {

MealyMachine load(const std::string& name) {
  return read_dot_file(learned_test_file(name));
}

// The same file with its lines between the first and the last in another order and its
// states renamed s0 -> z_s0: the same behaviour written differently.
std::string shuffled_and_renamed(const std::string& path, unsigned seed) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::mt19937 random(seed);
  std::shuffle(lines.begin() + 1, lines.end() - 1, random);
  std::string text;
  for (auto line : lines) {
    for (std::size_t at = 0; (at = line.find("s", at)) != std::string::npos; at += 3) {
      if (at + 1 < line.size() && std::isdigit(static_cast<unsigned char>(line[at + 1])) &&
          (at == 0 || !std::isalnum(static_cast<unsigned char>(line[at - 1]))))
        line.replace(at, 1, "z_s");
    }
    text += line + "\n";
  }
  return text;
}

}  // namespace

TEST_CASE("learned analysis: a complete minimal model") {
  Analysis a = analyse(load("toy_server.dot"));
  CHECK(a.states == 3);
  CHECK(a.transitions == 9);
  CHECK(a.inputs == 3);
  CHECK(a.outputs == 6);
  CHECK(a.deterministic());
  CHECK(a.input_complete());
  CHECK(a.unreachable.empty());
  CHECK(a.minimal_states == 3);
  CHECK(a.minimal());
}

TEST_CASE("learned analysis: a duplicate state makes a model not minimal") {
  Analysis a = analyse(load("toy_server_renumbered.dot"));
  CHECK(a.states == 4);
  CHECK(a.transitions == 12);
  CHECK(a.minimal_states == 3);
  CHECK(!a.minimal());
  CHECK(a.unreachable.empty());
}

TEST_CASE("learned analysis: an unreachable state is listed and not counted as minimal") {
  MealyMachine m = load("toy_tcp_client.dot");
  Analysis a = analyse(m);
  CHECK(a.states == 5);
  CHECK(a.transitions == 15);
  CHECK(a.outputs == 5);
  REQUIRE(a.unreachable.size() == 1);
  CHECK(m.states[a.unreachable[0]] == "s4");
  CHECK(a.minimal_states == 4);
  CHECK(!a.minimal());
}

TEST_CASE("learned analysis: nondeterministic and missing pairs are listed") {
  MealyMachine m = load("incomplete_nondeterministic.dot");
  Analysis a = analyse(m);
  CHECK(!a.deterministic());
  CHECK(!a.minimal());
  CHECK(a.nondeterministic == std::vector<std::pair<std::size_t, std::size_t>>{{0, 0}});
  CHECK(a.missing == std::vector<std::pair<std::size_t, std::size_t>>{{0, 1}, {1, 0}});
  CHECK_THROWS_WITH(
      require_deterministic(m, "diff"),
      Catch::EndsWith("incomplete_nondeterministic.dot:4: state s0 answers input a a second "
                      "time (line 3 already: x -> s1); diff needs a deterministic model (one "
                      "transition per state and input)"));
}

TEST_CASE(
    "learned canonical form: renamed states duplicates and any line order are one behaviour") {
  CanonicalForm original = canonical_form(load("toy_server.dot"));
  CHECK(original.states == 3);
  CHECK(canonical_form(load("toy_server_renumbered.dot")) == original);
  for (unsigned seed = 1; seed <= 20; ++seed) {
    std::string text = shuffled_and_renamed(learned_test_file("toy_server.dot"), seed);
    MealyMachine m = parse_dot(text, "shuffled.dot", "shuffled");
    CHECK(m.states[m.initial] == "z_s0");
    CHECK(canonical_form(m) == original);
  }
  CHECK(!(canonical_form(load("toy_server_fixed.dot")) == original));
}

TEST_CASE("learned version order: OpenSSL release names") {
  std::vector<std::string> names{"1.1.1g", "1.0.1",  "0.9.8za", "1.0.1a", "0.9.7",  "1.0.10",
                                 "0.9.8",  "0.9.8y", "1.0.1h",  "0.9.7m", "0.9.7a", "1.0.0"};
  std::sort(names.begin(), names.end(), version_less);
  CHECK(names == std::vector<std::string>{"0.9.7", "0.9.7a", "0.9.7m", "0.9.8", "0.9.8y", "0.9.8za",
                                          "1.0.0", "1.0.1", "1.0.1a", "1.0.1h", "1.0.10",
                                          "1.1.1g"});
  CHECK(!version_less("1.0.1g", "1.0.1g"));
}

TEST_CASE("learned analysis: real models (../shared)") {
  SYNACK_REQUIRE_SHARED_LEARNED(dir);
  Analysis linux_server = analyse(read_dot_file(dir + "/automata-wiki/TCP/TCP_Linux_Server.dot"));
  CHECK(linux_server.deterministic());
  Analysis openssl = analyse(read_dot_file(dir + "/tlsprint-openssl/1.0.1g/TLS12.dot"));
  CHECK(openssl.deterministic());
  CHECK(openssl.input_complete());
  CHECK(openssl.unreachable.empty());
}
