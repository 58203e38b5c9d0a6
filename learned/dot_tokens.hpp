// The tokens of one line of a learned model's DOT file: names (`s0`, `__start0`, `digraph`),
// quoted strings, and the punctuation `->`, `[`, `]`, `=`, `,`, `;`, `{`, `}`. The reader
// (learned/dot_reader) gives them their meaning; this only cuts a line into them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace synack::learned {

struct DotToken {
  enum class Kind {
    kName,
    kString,
    kArrow,
    kOpenBracket,
    kCloseBracket,
    kEquals,
    kComma,
    kSemicolon,
    kOpenBrace,
    kCloseBrace
  };
  Kind kind;
  std::string text;  // a name, or a string without its quotes and with \" unescaped
};

// Throws DotSyntaxError with what is wrong (the reader adds the file and line).
std::vector<DotToken> tokenize_dot_line(std::string_view line);

struct DotSyntaxError {
  std::string what;
};

}  // namespace synack::learned
