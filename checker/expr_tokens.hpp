// The tokens of a property expression, and the `*` patterns strings may hold: the lexical
// half of checker/expr, apart so that the parser reads as the grammar.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace synack::checker {

struct Token {
  enum Kind { kEnd, kInt, kIdent, kPunct, kString } kind;
  std::string text;
  std::size_t pos;
};

// The tokens of `s`, ending with kEnd. Throws InputError naming the column of a character
// no token can start with, or of a string without its closing quote.
std::vector<Token> tokenize(std::string_view s);

// `*` matches any run of characters; the rest matches itself, ignoring case.
bool glob_matches(std::string_view pattern, std::string_view name);

}  // namespace synack::checker
