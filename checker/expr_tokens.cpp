#include "checker/expr_tokens.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

#include <fmt/format.h>

#include "checker/errors.hpp"

namespace synack::checker {

namespace {

// What an operator from another language most likely stands for here, after a character
// no token starts with: "" when nothing comes to mind.
std::string_view likely_meant(std::string_view rest) {
  if (rest.starts_with("=>")) return " (did you mean '->'?)";
  if (rest.starts_with("=")) return " (did you mean '=='?)";
  if (rest.starts_with("&")) return " (did you mean '&&'?)";
  if (rest.starts_with("|")) return " (did you mean '||'?)";
  return "";
}

}  // namespace

std::vector<Token> tokenize(std::string_view s) {
  // "[]" and "<>" are no operators of synack's: they are tokens so that the parser can say
  // what they are instead (LTL's always and eventually, or a not-equal).
  static constexpr std::string_view kTwoChar[] = {
      "->", "||", "&&", "==", "!=", "<=", ">=", "[]", "<>"};
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t j = i;
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      out.push_back({Token::kInt, std::string(s.substr(i, j - i)), i});
      i = j;
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      // Slot names carry dots and indices: client.state, c2s[0].
      std::size_t j = i;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_' ||
                              s[j] == '.' || s[j] == '[' || s[j] == ']'))
        ++j;
      // A monitor's rules name a slot after the step with a prime: client.state'.
      if (j < s.size() && s[j] == '\'') ++j;
      out.push_back({Token::kIdent, std::string(s.substr(i, j - i)), i});
      i = j;
    } else if (c == '"') {
      // A value named by a string: any characters but a quote (learned models' symbols
      // have spaces, parentheses, commas).
      std::size_t close = s.find('"', i + 1);
      if (close == std::string_view::npos)
        throw InputError(
            fmt::format("property '{}': the string at column {} has no closing '\"'", s, i + 1));
      out.push_back({Token::kString, std::string(s.substr(i + 1, close - i - 1)), i});
      i = close + 1;
    } else {
      std::string_view rest = s.substr(i);
      auto two = std::find_if(std::begin(kTwoChar), std::end(kTwoChar),
                              [&](std::string_view t) { return rest.starts_with(t); });
      if (two != std::end(kTwoChar)) {
        out.push_back({Token::kPunct, std::string(*two), i});
        i += 2;
      } else if (std::string_view("!<>+-*/%(),:").find(c) != std::string_view::npos) {
        out.push_back({Token::kPunct, std::string(1, c), i});
        ++i;
      } else {
        throw InputError(fmt::format("property '{}': unexpected character '{}' at column {}{}", s,
                                     c, i + 1, likely_meant(rest)));
      }
    }
  }
  out.push_back({Token::kEnd, "", s.size()});
  return out;
}

bool glob_matches(std::string_view pattern, std::string_view name) {
  auto lower = [](char c) { return std::tolower(static_cast<unsigned char>(c)); };
  std::size_t p = 0, n = 0, star = std::string_view::npos, resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (p < pattern.size() && lower(pattern[p]) == lower(name[n])) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace synack::checker
