// Deterministic random damage to a learned model's text, for the tests that hold the
// readers to what they promise on any input: byte flips, truncation, shuffled, repeated
// and dropped lines, DOT punctuation, huge numbers, start markers, NUL and binary garbage,
// renamed states (test_learned_fuzz.cpp, test_learned_reference_dot.cpp).
#pragma once

#include <algorithm>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace synack::test {

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream s(text);
  for (std::string line; std::getline(s, line);) lines.push_back(line);
  return lines;
}

inline std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  return text;
}

// One random kind of damage.
inline std::string mutate(std::string text, std::mt19937& random) {
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

}  // namespace synack::test
