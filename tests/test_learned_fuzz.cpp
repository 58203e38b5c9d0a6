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
#include "learned_mutate.hpp"

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
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
    for (int d = 0; d < damages; ++d) text = synack::test::mutate(std::move(text), random);
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
