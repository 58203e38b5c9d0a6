// Cutting one DOT line into tokens. Learned models write every statement on one line, so
// a string that does not end on its line is an error here, not a continuation.
#include "learned/dot_tokens.hpp"

#include <fmt/format.h>

namespace synack::learned {

namespace {

bool is_name_char(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  // DOT's ID: letters, digits, underscores, dots (numerals), and any byte past ASCII.
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || u >= 0x80;
}

}  // namespace

std::vector<DotToken> tokenize_dot_line(std::string_view line) {
  std::vector<DotToken> tokens;
  std::size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (c == ' ' || c == '\t') {
      ++i;
    } else if (c == '"') {
      std::string text;
      ++i;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '"') {
          text += '"';
          i += 2;
        } else if (static_cast<unsigned char>(line[i]) < 0x20 && line[i] != '\t') {
          throw DotSyntaxError{fmt::format(
              "control byte 0x{:02x} in a string at column {} (labels are printable text)",
              static_cast<unsigned char>(line[i]), i + 1)};
        } else if (line[i] == '"') {
          closed = true;
          ++i;
          break;
        } else {
          text += line[i++];
        }
      }
      if (!closed)
        throw DotSyntaxError{"unterminated string (a quoted string ends on its own line)"};
      tokens.push_back({DotToken::Kind::kString, std::move(text)});
    } else if (c == '-' && i + 1 < line.size() && line[i + 1] == '>') {
      tokens.push_back({DotToken::Kind::kArrow, "->"});
      i += 2;
    } else if (c == '<' && !tokens.empty() && tokens.back().kind == DotToken::Kind::kEquals) {
      // Graphviz's HTML-like labels (label=<...>): no learning tool writes Mealy machines
      // with them, and their markup would have to be stripped to find INPUT / OUTPUT.
      throw DotSyntaxError{fmt::format(
          "an HTML-like label '<...>' at column {} (not supported: write the label as a "
          "quoted string, label=\"INPUT / OUTPUT\")",
          i + 1)};
    } else if (is_name_char(c)) {
      std::size_t start = i;
      while (i < line.size() && is_name_char(line[i])) ++i;
      tokens.push_back({DotToken::Kind::kName, std::string(line.substr(start, i - start))});
    } else {
      DotToken::Kind kind;
      switch (c) {
        case '[':
          kind = DotToken::Kind::kOpenBracket;
          break;
        case ']':
          kind = DotToken::Kind::kCloseBracket;
          break;
        case '=':
          kind = DotToken::Kind::kEquals;
          break;
        case ',':
          kind = DotToken::Kind::kComma;
          break;
        case ';':
          kind = DotToken::Kind::kSemicolon;
          break;
        case '{':
          kind = DotToken::Kind::kOpenBrace;
          break;
        case '}':
          kind = DotToken::Kind::kCloseBrace;
          break;
        default: {
          unsigned char u = static_cast<unsigned char>(c);
          std::string shown =
              u >= 0x20 && u < 0x7f ? fmt::format("'{}'", c) : fmt::format("byte 0x{:02x}", u);
          throw DotSyntaxError{fmt::format(
              "unexpected {} at column {} (a line holds names, \"strings\", ->, [ ], =, ;)", shown,
              i + 1)};
        }
      }
      tokens.push_back({kind, std::string(1, c)});
      ++i;
    }
  }
  return tokens;
}

}  // namespace synack::learned
