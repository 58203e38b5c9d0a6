// The parsers of user input under deterministic random damage: each committed seed of
// tests/fuzz/corpus/TARGET and a few thousand mutations of them must parse (and then be
// evaluated or compared) or be refused with one InputError of one line; any other
// exception or a crash fails the suite. The same checks run for minutes under libFuzzer
// with AddressSanitizer and UndefinedBehaviorSanitizer: scripts/fuzz.sh TARGET SECONDS.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "parser_fuzz_one.hpp"

namespace {

std::vector<std::string> corpus(const std::string& target) {
  std::vector<std::string> seeds;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(SYNACK_SOURCE_DIR) +
                                                               "/tests/fuzz/corpus/" + target)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    seeds.push_back(s.str());
  }
  std::sort(seeds.begin(), seeds.end());
  return seeds;
}

// One random kind of damage: bytes flipped, spans erased or repeated, tokens of the
// three languages and extreme numbers inserted, truncation, binary garbage.
std::string mutate(std::string text, std::mt19937& random) {
  auto pick = [&](std::size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
  };
  static const std::vector<std::string> kInserts = {"(",
                                                    ")",
                                                    "!",
                                                    "&&",
                                                    "||",
                                                    "->",
                                                    "==",
                                                    "<=",
                                                    "-",
                                                    "*",
                                                    "/",
                                                    "%",
                                                    ",",
                                                    "max(",
                                                    "forall r in rm:",
                                                    "count s in rm:",
                                                    "r.",
                                                    "=",
                                                    "..",
                                                    "true",
                                                    "9223372036854775807",
                                                    "-9223372036854775808",
                                                    "99999999999999999999",
                                                    "2147483647",
                                                    "-2147483648",
                                                    "1000000000",
                                                    "{",
                                                    "}",
                                                    "[",
                                                    "]",
                                                    "\"",
                                                    ":",
                                                    "\"verdict\": ",
                                                    "\"states\": ",
                                                    "1e400",
                                                    "-0",
                                                    "null",
                                                    "\\u0000",
                                                    std::string(1, '\0'),
                                                    "\xff\xfe",
                                                    "\n"};
  switch (pick(7)) {
    case 0:
      for (int k = 0; k < 3 && !text.empty(); ++k)
        text[pick(text.size())] ^= static_cast<char>(1 << pick(8));
      break;
    case 1:
      text.resize(pick(text.size() + 1));
      break;
    case 2:
      if (!text.empty()) text.erase(pick(text.size()), 1 + pick(16));
      break;
    case 3:
      if (!text.empty()) {
        std::size_t at = pick(text.size());
        text.insert(pick(text.size() + 1), text.substr(at, 1 + pick(24)));
      }
      break;
    case 4: {
      std::string garbage(1 + pick(16), '\0');
      for (char& c : garbage) c = static_cast<char>(pick(256));
      text.insert(pick(text.size() + 1), garbage);
      break;
    }
    default:
      for (int k = 0; k < 2; ++k)
        text.insert(pick(text.size() + 1), kInserts[pick(kInserts.size())]);
  }
  return text;
}

// The counts are pinned: the mutations are seeded, so a change in what a parser accepts
// shows here. Returns how many inputs parsed and how many were refused.
std::pair<int, int> run(const std::string& target, int rounds) {
  std::vector<std::string> seeds = corpus(target);
  REQUIRE(seeds.size() >= 3);
  std::mt19937 random(20261201);
  int parsed = 0, refused = 0;
  for (int round = 0; round < static_cast<int>(seeds.size()) + rounds; ++round) {
    std::string text = seeds[static_cast<std::size_t>(round) % seeds.size()];
    if (round >= static_cast<int>(seeds.size()))
      for (int d = 0; d < 1 + round % 3; ++d) text = mutate(std::move(text), random);
    INFO(target << " round " << round << ": " << text.substr(0, 200));
    try {
      synack::test::fuzz_one(target, text);
      ++parsed;
    } catch (const synack::InputError& e) {
      CHECK(std::string(e.what()).find('\n') == std::string::npos);
      ++refused;
    }
  }
  return {parsed, refused};
}

}  // namespace

TEST_CASE("parser fuzz: property expressions parse or are refused with one InputError") {
  auto [parsed, refused] = run("expr", 3000);
  CHECK(parsed == 17);
  CHECK(refused == 3009);
}

TEST_CASE("parser fuzz: set and sweep values parse or are refused with one InputError") {
  auto [parsed, refused] = run("set", 3000);
  CHECK(parsed == 1471);
  CHECK(refused == 1555);
}

TEST_CASE("parser fuzz: baseline files parse or are refused with one InputError") {
  auto [parsed, refused] = run("baseline", 1000);
  CHECK(parsed == 8);
  CHECK(refused == 1015);
}

TEST_CASE("parser fuzz findings stay fixed") {
  using synack::InputError;
  using synack::test::fuzz_one;
  // std::stol threw std::out_of_range (exit 4) on a literal beyond 64 bits.
  CHECK_THROWS_WITH(
      fuzz_one("expr", "client.iss == 99999999999999999999"),
      Catch::Contains("integer too large (at most 4294967296: a 32-bit sequence space)"));
  // A newline in a property broke the one-line error message that quotes it.
  CHECK_THROWS_WITH(fuzz_one("expr", "client.iss ==\n1"),
                    "property has control character 0x0a at column 14; a property is one line "
                    "of printable text");
  // Signed overflow in evaluation was undefined (UBSan), then wrapped around; arithmetic
  // that could leave 64 bits is now refused when parsed (here the product reaching 2^63,
  // before its quotient by -1).
  CHECK_THROWS_WITH(fuzz_one("expr", "1000000000 * 1000000000 * 1000000000"),
                    Catch::Contains("can reach 1000000000000000000000000000, past a 64-bit "
                                    "integer"));
  CHECK_THROWS_WITH(fuzz_one("expr", "2097152 * 2097152 * 2097152 / (0 - 1)"),
                    Catch::Contains("the product of 4398046511104..4398046511104 and "
                                    "2097152..2097152 can reach 9223372036854775808"));
  // The evaluator keeps its guards for values outside the declared ranges, which no engine
  // evaluates on: the most negative value divided by -1 wraps, and never traps.
  const synack::checker::Layout layout = synack::test::fuzz_layout();
  const auto quotient = synack::checker::Expr::parse("client.iss / (server.iss - 1)", layout);
  std::vector<synack::checker::Value> state(layout.size(), 0);
  state[1] = std::numeric_limits<synack::checker::Value>::min();  // client.iss
  CHECK(quotient.eval(state.data()) == std::numeric_limits<synack::checker::Value>::min());
  // nlohmann's out_of_range for a number beyond a double escaped as exit 4.
  CHECK_THROWS_WITH(fuzz_one("baseline", "{\"synack_baseline\": 1e400}"),
                    "--baseline fuzz.json: not valid JSON (a number out of range)");
  // `to - from` overflowed int for a sweep over the whole int range.
  CHECK_THROWS_WITH(synack::cli::parse_sweep("wide=-2147483648..2147483647"),
                    "--sweep 'wide=-2147483648..2147483647': at most 65 values");
  CHECK(synack::cli::parse_sweep("wide=2147483600..2147483647").count() == 48);
}

TEST_CASE("baseline files past the nesting and size caps are refused in one line") {
  using synack::reports::parse_baseline;
  // 150 MB of `[` allocated 11 GB before the parser reported the missing `]`.
  CHECK_THROWS_WITH(parse_baseline(std::string(1000, '['), "deep.json"),
                    "--baseline deep.json: nested more than 16 deep; not a synack baseline (make "
                    "one with 'synack baseline save FILE')");
  CHECK_THROWS_WITH(parse_baseline(std::string((16 << 20) + 1, ' '), "big.json"),
                    "--baseline big.json: 16777217 bytes; a baseline is at most 16 MiB (the "
                    "bundled scenarios' is 15 KB)");
  CHECK_THROWS_WITH(parse_baseline(R"({"synack_baseline": 2, "scenarios": {}})", "v2.json"),
                    "--baseline v2.json: format version 2; this synack reads version 1 (save it "
                    "again)");
  CHECK_THROWS_WITH(
      parse_baseline(R"({"synack_baseline": 1, "scenarios": {"s": {"params": {"k": 3}, )"
                     R"("properties": {}}}})",
                     "p.json"),
      "--baseline p.json: scenario 's': params must map each parameter to its value as a string");
  CHECK(parse_baseline(R"({"synack_baseline": 1, "scenarios": {}})", "ok.json").is_object());
}

TEST_CASE("a baseline that is no regular file is refused") {
  // /dev/zero has no end (read whole, it took all the memory there was), and a named pipe
  // without a writer would be waited on forever.
  CHECK_THROWS_WITH(synack::reports::read_baseline("/dev/zero"),
                    "--baseline /dev/zero: not a regular file; give a baseline written by "
                    "`baseline save`");
  CHECK_THROWS_WITH(synack::reports::read_baseline("/nonexistent/b.json"),
                    "--baseline /nonexistent/b.json: cannot read the file: No such file or "
                    "directory");
  const auto bundled = synack::reports::read_baseline(SYNACK_SOURCE_DIR "/baselines/bundled.json");
  CHECK(bundled["scenarios"].contains("tls13/handshake"));
}
