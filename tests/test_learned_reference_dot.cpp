// The two readings of a learned model agree: whenever the main reader (learned/dot_reader)
// accepts a file, replay's reference reader (learned/reference_dot) reads the same machine
// from it: the same states in the same order, the same initial state, and every edge in
// file order with the same input, target and output symbols. Over every .dot of
// tests/data/learned, of ../shared/data/learned (when present), of the fuzz corpus, and
// thousands of deterministic mutations of them. Where they disagreed, a composition whose
// models the main reader accepted ended in exit 4 at replay.
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "checker/errors.hpp"
#include "learned/dot_reader.hpp"
#include "learned/reference_dot.hpp"
#include "learned_data.hpp"
#include "learned_mutate.hpp"
#include "learned_readings_agree.hpp"

namespace fs = std::filesystem;
using synack::learned::MealyMachine;
using synack::learned::parse_dot;
using synack::learned::parse_reference_model;
using synack::learned::ReferenceModel;

namespace {

std::string read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> files_under(const fs::path& dir, bool only_dot) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && (!only_dot || e.path().extension() == ".dot"))
      out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// Whether the main reader accepts `text`; when it does, the reference must agree.
bool agree_on(const std::string& text, const std::string& what) {
  MealyMachine m;
  try {
    m = parse_dot(text, what, "m");
  } catch (const synack::InputError&) {
    return false;
  }
  INFO(what);
  CHECK(synack::test::reading_difference(m, parse_reference_model(text)) == "");
  return true;
}

// Damage aimed at the dialect's corners rather than at its syntax: escaped quotes,
// separators and blanks inside labels, empty answers among symbols, repeated labels.
std::string corner(std::string text, std::mt19937& random) {
  static const std::vector<std::string> kCorners = {
      "\\\"", ";", " & -", "|Empty", "\t", ", label=\"a / b\"", "->", "/", " ", "&",
      "[",    "]", "=",    "\"",     "s 0"};
  auto pick = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
  };
  if (text.empty()) return text;
  for (int k = 0; k < 2; ++k) text.insert(pick(text.size()), kCorners[pick(kCorners.size())]);
  return text;
}

}  // namespace

TEST_CASE("learned reference reader: the dialect's corners read as the main reader reads them") {
  std::string text = read_whole(synack::test::learned_test_file("dialect/corners.dot"));
  MealyMachine m = parse_dot(text, "corners.dot", "corners");
  ReferenceModel r = parse_reference_model(text);
  CHECK(synack::test::reading_difference(m, r) == "");
  // What the corners are, so that the comparison above cannot pass by reading nothing.
  CHECK(r.initial == "s 0");
  CHECK(r.states == std::vector<std::string>{"s 0", "s1", "s2", "a->b", "s3"});
  REQUIRE(r.edges.size() == 9);
  CHECK(r.edges[0].input == "say \"hi\"");
  CHECK(r.edges[0].symbols == std::vector<std::string>{"reply \"ok\"", "-"});
  CHECK(r.edges[1].input == "x;");
  CHECK(r.edges[1].symbols == std::vector<std::string>{"y;"});
  CHECK(r.edges[2].input == "last");
  CHECK(r.edges[2].symbols == std::vector<std::string>{"A", "B", "C"});
  CHECK(r.edges[3].symbols.empty());
  CHECK(r.edges[4].input == "tabbed");
  CHECK(r.edges[6].input == "in");
  CHECK(r.edges[6].symbols == std::vector<std::string>{"out/more"});
  CHECK(r.edges[7].symbols.empty());
  CHECK(r.edges[8].symbols == std::vector<std::string>{"\"quoted\"", "-", "Empty"});
}

TEST_CASE("learned reference reader: agrees with the main reader on every file it accepts") {
  std::vector<fs::path> files = files_under(synack::test::learned_test_file(""), true);
  std::size_t own = files.size();
  std::string shared = synack::test::shared_learned_dir();
  if (shared.empty())
    WARN("../shared/data/learned is absent: its models are left out (set SYNACK_SHARED_DIR)");
  for (const fs::path& f : files_under(shared, true)) files.push_back(f);
  fs::path corpus = fs::path(SYNACK_SOURCE_DIR) / "tests/fuzz/corpus/learned";
  std::vector<fs::path> fuzzed = files_under(corpus, false);
  for (const fs::path& f : fuzzed) files.push_back(f);
  REQUIRE(own >= 14);
  REQUIRE(fuzzed.size() >= 10);

  std::vector<std::string> accepted;
  for (const fs::path& f : files) {
    std::string text = read_whole(f);
    if (agree_on(text, f.string())) accepted.push_back(std::move(text));
  }
  // Every model of our own and of ../shared loads.
  CHECK(accepted.size() >= own + (shared.empty() ? 0 : 293));

  std::mt19937 random(20261201);
  std::size_t loaded = 0;
  for (int round = 0; round < 4000; ++round) {
    std::string text = accepted[static_cast<std::size_t>(round) % accepted.size()];
    text =
        round % 2 ? corner(std::move(text), random) : synack::test::mutate(std::move(text), random);
    loaded += agree_on(text, fmt::format("mutation {}", round));
  }
  // Both kinds of damage leave many files the main reader accepts: the test compares.
  CHECK(loaded > 500);
}

// Hand-written corners the main reader accepts: CRLF lines, bytes past ASCII, a backslash
// before an escaped quote, a second edge on the same input, keyword-named states, the
// last of two labels, separators inside the attribute list, comments, a byte order mark.
TEST_CASE("the reference reader agrees on hand-written corners of the dialect") {
  const std::string head = "digraph g {\n__start0 -> s0;\n";
  const std::vector<std::string> bodies = {
      "s0 -> s1 [label=\"A / B\"];\r\ns1 -> s0 [label=\"C / -\"];\r\n}\r\n",
      "s0 -> s1 [label=\"A\xc3\xa9 / B\xff\"];\n}\n",
      "s0 -> s1 [label=\"A\\\\\" / B\"];\n}\n",
      "s0 -> s1 [label=\"A / B\"];\ns0 -> s0 [label=\"A / C\"];\n}\n",
      "s0 -> node [label=\"A / B\"];\nedge -> s0 [label=\"A / B\"];\nnode -> edge "
      "[label=\"x / y\"];\n}\n",
      "s0 -> s1 [label=\"A / B\" label=\"C / D\"];\n}\n",
      "s0 -> s1 [label=\"A / B\";, color=red,];\n}\n",
      "\"s 0\" -> \"s\\\"1\" [label=\" A  /  x | y & z \"];\n}\n",
      "s0 -> s1 [label=\"A / Empty | -\"];\n}\n",
      // DOT comments, outside strings only; a block comment keeps its line breaks.
      "s0 -> s1 [label=\"A / //B\"]; // a comment\n/* two\nlines */ s1 -> s0 [label=\"C / "
      "-\"]\n}\n",
      "s0 -> s1 /* inside */ [label=\"A /* no */ / B\"];\n}\n",
      "s0 -> s1 [label=\"A \\\" // B / C\"]; /*/ still open */\n}\n",
  };
  for (std::size_t i = 0; i < bodies.size(); ++i)
    CHECK(agree_on(head + bodies[i], fmt::format("corner {}", i)));
  // A byte order mark, and a comment before the digraph.
  const std::string edge = "s0 -> s1 [label=\"A / B\"];\n}\n";
  CHECK(agree_on("\xEF\xBB\xBF" + head + edge, "byte order mark"));
  CHECK(agree_on("\xEF\xBB\xBF\n" + head + edge, "byte order mark on a line of its own"));
  CHECK(agree_on("// learned by hand\n/* version\n2 */\n" + head + edge, "comments first"));
}
