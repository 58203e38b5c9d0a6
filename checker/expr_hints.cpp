// Operators a property's author brings from elsewhere: `and`, `or`, `not` (Python, TLA+'s
// words), `<>` for not-equal (SQL, Pascal), and LTL's G, F, [] and <> written inside the
// expression, where synack takes the property's kind from the option (--always, ...). Each
// is refused with what to write instead, rather than as an unknown slot 'and' or 'G'.
#include <algorithm>
#include <cctype>
#include <string>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/expr_parser.hpp"

namespace synack::checker {

namespace {

constexpr std::string_view kTemporalHint =
    "a temporal operator: an expression is a condition on one state, and the property's kind "
    "is chosen by the option, --always, --sometimes, --eventually or --leads-to 'P => Q', not "
    "inside the expression";

std::string lower(std::string_view word) {
  std::string out(word);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The operator a boolean word stands for, or "" for any other word.
std::string_view boolean_operator(const Token& t) {
  if (t.kind != Token::kIdent) return "";
  const std::string word = lower(t.text);
  return word == "and" ? "&&" : word == "or" ? "||" : word == "not" ? "!" : "";
}

bool is_punct(const Token& t, std::string_view text) {
  return t.kind == Token::kPunct && t.text == text;
}

// Two operands in a row never parse: a word before an operand is meant as an operator.
bool starts_operand(const Token& t) {
  return t.kind == Token::kIdent || t.kind == Token::kInt || t.kind == Token::kString ||
         is_punct(t, "(") || is_punct(t, "!") || is_punct(t, "[]") || is_punct(t, "<>");
}

}  // namespace

[[noreturn]] void ExprParser::unexpected(const Token& t, std::string_view hint) const {
  throw InputError(fmt::format("property '{}': unexpected '{}' at column {} ({})", text_, t.text,
                               t.pos + 1, hint));
}

void ExprParser::refuse_foreign_operand(const Token& t, const Token& next) const {
  if (is_punct(t, "[]") || is_punct(t, "<>")) unexpected(t, kTemporalHint);
  // A slot of that name (a channel G, say) keeps its meaning, and a value name is one only
  // where no operand follows: `phase == F && ...`.
  if (t.kind != Token::kIdent || slot_index_.contains(t.text) || !starts_operand(next)) return;
  if (t.text == "G" || t.text == "F") unexpected(t, kTemporalHint);
  if (std::string_view op = boolean_operator(t); !op.empty())
    unexpected(t, fmt::format("did you mean '{}'? and, or, not are written &&, ||, !", op));
}

[[noreturn]] void ExprParser::expected_operator(const Token& t, std::string_view what) const {
  if (std::string_view op = boolean_operator(t); !op.empty())
    unexpected(t, fmt::format("did you mean '{}'? and, or, not are written &&, ||, !", op));
  if (is_punct(t, "<>")) unexpected(t, "did you mean '!='?");
  if (is_punct(t, "[]")) unexpected(t, kTemporalHint);
  fail(t, what);
}

}  // namespace synack::checker
