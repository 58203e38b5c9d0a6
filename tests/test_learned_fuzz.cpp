// The learned-model reader under deterministic random damage: byte flips, truncation,
// shuffled and repeated lines, huge numbers, DOT punctuation and binary garbage, applied
// to every model in tests/data/learned (and a few real ones when ../shared is there).
// Each damaged file must either load, and then be analysed, compared and drawn, or be
// refused with an InputError; any other exception or a crash fails the suite. The same
// checks run for minutes under libFuzzer: scripts/fuzz_learned.sh.
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/errors.hpp"
#include "learned_data.hpp"
#include "learned_fuzz_one.hpp"

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream s(text);
  for (std::string line; std::getline(s, line);) lines.push_back(line);
  return lines;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  return text;
}

// One random kind of damage.
std::string mutate(std::string text, std::mt19937& random) {
  auto pick = [&](std::size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
  };
  static const std::vector<std::string> kInserts = {"->",
                                                    "[",
                                                    "]",
                                                    "\"",
                                                    "/",
                                                    "|",
                                                    "&",
                                                    ";",
                                                    "{",
                                                    "}",
                                                    "=",
                                                    "__start0 -> s999;",
                                                    "99999999999999999999999",
                                                    "s0 -> s0 [label=\"x / y\"]",
                                                    "label=",
                                                    "\\\"",
                                                    "\t",
                                                    "__start1 -> s0;",
                                                    "digraph g {",
                                                    std::string(1, '\0'),
                                                    "\xff\xfe",
                                                    "\r"};
  switch (pick(8)) {
    case 0:  // flip bytes
      for (int k = 0; k < 4 && !text.empty(); ++k)
        text[pick(text.size())] ^= static_cast<char>(1 << pick(8));
      break;
    case 1:  // truncate
      text.resize(pick(text.size() + 1));
      break;
    case 2: {  // shuffle lines, the opening and closing ones too
      auto lines = lines_of(text);
      std::shuffle(lines.begin(), lines.end(), random);
      text = joined(lines);
      break;
    }
    case 3: {  // repeat or drop a line
      auto lines = lines_of(text);
      if (lines.empty()) break;
      std::size_t at = pick(lines.size());
      if (pick(2))
        lines.insert(lines.begin() + static_cast<long>(pick(lines.size())), lines[at]);
      else
        lines.erase(lines.begin() + static_cast<long>(at));
      text = joined(lines);
      break;
    }
    case 4:  // insert DOT punctuation, huge numbers, markers
      for (int k = 0; k < 3; ++k)
        text.insert(pick(text.size() + 1), kInserts[pick(kInserts.size())]);
      break;
    case 5: {  // binary garbage
      std::string garbage(1 + pick(64), '\0');
      for (char& c : garbage) c = static_cast<char>(pick(256));
      text.insert(pick(text.size() + 1), garbage);
      break;
    }
    case 6:  // erase a span
      if (!text.empty()) {
        std::size_t at = pick(text.size());
        text.erase(at, 1 + pick(32));
      }
      break;
    default: {  // rename a state inside one line: new states, dangling edges
      auto lines = lines_of(text);
      if (lines.empty()) break;
      std::string& line = lines[pick(lines.size())];
      if (auto at = line.find('s'); at != std::string::npos)
        line.insert(at + 1, std::to_string(pick(1000)));
      text = joined(lines);
    }
  }
  return text;
}

}  // namespace

TEST_CASE("learned fuzz: damaged models load or are refused with one InputError") {
  std::vector<std::string> seeds;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(synack::test::learned_test_file("")))
    if (entry.path().extension() == ".dot") seeds.push_back(slurp(entry.path().string()));
  std::sort(seeds.begin(), seeds.end());
  if (std::string dir = synack::test::shared_learned_dir(); !dir.empty())
    for (const char* f : {"/automata-wiki/TCP/TCP_Windows8_Client.dot",
                          "/automata-wiki/TLS/OpenSSL_1.0.1g_server_regular.dot",
                          "/tlsprint-openssl/1.0.1g/TLS12.dot"})
      seeds.push_back(slurp(dir + f));
  REQUIRE(seeds.size() >= 9);

  std::mt19937 random(20261130);
  std::size_t loaded = 0, refused = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text = seeds[static_cast<std::size_t>(round) % seeds.size()];
    int damages = 1 + round % 3;
    for (int d = 0; d < damages; ++d) text = mutate(std::move(text), random);
    INFO("round " << round);
    try {
      synack::test::fuzz_one(text);
      ++loaded;
    } catch (const synack::InputError& e) {
      // One line: no message spans lines, whatever bytes the file holds.
      CHECK(std::string(e.what()).find('\n') == std::string::npos);
      ++refused;
    }
  }
  // Both outcomes are exercised: damage that keeps a model loadable, and damage that does not.
  CHECK(loaded > 100);
  CHECK(refused > 1000);
}
