// Expressions: the grammar of the property parser (checker/expr_parser.hpp) and
// Expr::parse; names are resolved in checker/expr_names.cpp.
#include "checker/expr.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/expr_parser.hpp"

namespace synack::checker {

namespace {

bool is_comparison(std::string_view op) {
  return op == "==" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=";
}

bool is_quantifier(std::string_view word) {
  return word == "forall" || word == "exists" || word == "count";
}

}  // namespace

ExprParser::ExprParser(std::string_view text, const Layout& layout, Expr& out)
    : text_(text), layout_(layout), out_(out), tokens_(tokenize(text)) {
  // Expansion resolves the same names once per member; a linear search over hundreds of
  // slots each time would dominate the parse.
  for (std::size_t i = 0; i < layout.size(); ++i) slot_index_.emplace(layout.slot(i).name, i);
}

std::int32_t ExprParser::parse_all() {
  std::int32_t root = implies();
  if (peek().kind != Token::kEnd) expected_operator(peek(), "expected an operator or the end");
  if (tree_depth(root) > kMaxTreeDepth)
    throw InputError(fmt::format(
        "property '{}': more than {} operators deep; split it into several properties, or "
        "use forall or exists over an array",
        text_, kMaxTreeDepth));
  return root;
}

std::size_t ExprParser::tree_depth(std::int32_t root) const {
  std::size_t deepest = 0;
  std::vector<std::pair<std::int32_t, std::size_t>> pending{{root, 1}};
  while (!pending.empty()) {
    auto [n, depth] = pending.back();
    pending.pop_back();
    deepest = std::max(deepest, depth);
    for (std::int32_t child : {out_.nodes_[n].lhs, out_.nodes_[n].rhs})
      if (child >= 0) pending.emplace_back(child, depth + 1);
  }
  return deepest;
}

bool ExprParser::accept(std::string_view punct) {
  if (peek().kind == Token::kPunct && peek().text == punct) {
    ++pos_;
    return true;
  }
  return false;
}

[[noreturn]] void ExprParser::fail(const Token& t, std::string_view what) const {
  std::string near = t.kind == Token::kEnd ? "the end" : fmt::format("'{}'", t.text);
  throw InputError(
      fmt::format("property '{}': {} at column {} (near {})", text_, what, t.pos + 1, near));
}

std::int32_t ExprParser::node(Expr::Op op, Value v, std::int32_t l, std::int32_t r,
                              const Token* at) {
  if (out_.nodes_.size() >= kMaxNodes)
    throw InputError(fmt::format(
        "property '{}': more than {} nodes after expanding quantifiers; quantify over fewer "
        "members or split the property",
        text_, kMaxNodes));
  ranges_.push_back(range_of(op, v, l, r, at));
  out_.nodes_.push_back({op, v, l, r});
  return static_cast<std::int32_t>(out_.nodes_.size() - 1);
}

std::int32_t ExprParser::implies() {
  const std::size_t begin = peek().pos;
  std::int32_t l = disjunction();
  const Token& arrow = peek();
  if (!accept("->")) return l;
  std::string_view written = text_.substr(begin, arrow.pos - begin);
  while (!written.empty() && std::isspace(static_cast<unsigned char>(written.back())))
    written.remove_suffix(1);
  Nested nested(*this, arrow);
  std::int32_t n = node(Expr::Op::kImplies, 0, l, implies());
  // A quantifier's body is read once per member: its implications are left out of
  // premises(), and a large array would make this list as large.
  if (bindings_.empty()) out_.implications_.emplace_back(n, written);
  return n;
}

std::int32_t ExprParser::disjunction() {
  std::int32_t l = conjunction();
  while (accept("||")) l = node(Expr::Op::kOr, 0, l, conjunction());
  return l;
}

std::int32_t ExprParser::conjunction() {
  std::int32_t l = negation();
  while (accept("&&")) l = node(Expr::Op::kAnd, 0, l, negation());
  return l;
}

std::int32_t ExprParser::negation() {
  const Token& bang = peek();
  if (!accept("!")) return comparison();
  Nested nested(*this, bang);
  return node(Expr::Op::kNot, 0, negation());
}

std::int32_t ExprParser::comparison() {
  Operand l = sum();
  static constexpr std::pair<std::string_view, Expr::Op> kOps[] = {
      {"==", Expr::Op::kEq}, {"!=", Expr::Op::kNe}, {"<=", Expr::Op::kLe},
      {">=", Expr::Op::kGe}, {"<", Expr::Op::kLt},  {">", Expr::Op::kGt}};
  for (auto [text, op] : kOps) {
    if (accept(text)) {
      Operand r = sum();
      if (is_string(l) || is_string(r)) return string_comparison(op, l, r);
      resolve_pair(l, r);
      return node(op, 0, l.node, r.node);
    }
  }
  return resolved(l);
}

ExprParser::Operand ExprParser::sum() {
  Operand l = product();
  while (peek().kind == Token::kPunct && (peek().text == "+" || peek().text == "-")) {
    const Token& sign = peek();
    Expr::Op op = sign.text == "+" ? Expr::Op::kAdd : Expr::Op::kSub;
    ++pos_;
    Operand r = product();
    l.node = node(op, 0, resolved(l), resolved(r), &sign);
    l.pending_name.reset();
  }
  return l;
}

ExprParser::Operand ExprParser::product() {
  Operand l = atom();
  while (peek().kind == Token::kPunct &&
         (peek().text == "*" || peek().text == "/" || peek().text == "%")) {
    Expr::Op op = peek().text == "*"   ? Expr::Op::kMul
                  : peek().text == "/" ? Expr::Op::kDiv
                                       : Expr::Op::kMod;
    const Token& sign = peek();
    const Token& divisor = tokens_[pos_ + 1];
    ++pos_;
    Operand r = atom();
    std::int32_t rhs = resolved(r);
    if (op != Expr::Op::kMul && out_.nodes_[rhs].op == Expr::Op::kConst &&
        out_.nodes_[rhs].value == 0)
      fail(divisor, "division by zero");
    l.node = node(op, 0, resolved(l), rhs, &sign);
    l.pending_name.reset();
  }
  return l;
}

std::int32_t ExprParser::call(Expr::Op op) {
  Nested nested(*this, peek());
  if (!accept("(")) fail(peek(), "expected '(' after max or min");
  std::int32_t a = resolved(sum());
  if (!accept(",")) fail(peek(), "expected ','");
  std::int32_t b = resolved(sum());
  if (!accept(")")) fail(peek(), "expected ')'");
  return node(op, 0, a, b);
}

ExprParser::Operand ExprParser::atom() {
  const Token& t = peek();
  if (t.kind != Token::kEnd) refuse_foreign_operand(t, tokens_[pos_ + 1]);
  if (accept("(")) {
    Nested nested(*this, t);
    std::int32_t inner = implies();
    if (!accept(")")) expected_operator(peek(), "expected ')'");
    return {inner, std::nullopt};
  }
  if (t.kind == Token::kInt) {
    ++pos_;
    // from_chars, not stol: a literal too large for 64 bits is the user's mistake, not
    // an uncaught std::out_of_range (found by fuzzing).
    Value v = 0;
    auto [end, err] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), v);
    if (err != std::errc() || end != t.text.data() + t.text.size() || v > 4'294'967'296)
      fail(t, "integer too large (at most 4294967296: a 32-bit sequence space)");
    return {node(Expr::Op::kConst, static_cast<Value>(v)), std::nullopt};
  }
  if (t.kind == Token::kString) {
    ++pos_;
    return {-1, t};
  }
  if (t.kind == Token::kIdent) {
    ++pos_;
    if (t.text == "true") return {node(Expr::Op::kConst, 1), std::nullopt};
    if (t.text == "false") return {node(Expr::Op::kConst, 0), std::nullopt};
    if (t.text == "max" && peek().text == "(") return {call(Expr::Op::kMax), std::nullopt};
    if (t.text == "min" && peek().text == "(") return {call(Expr::Op::kMin), std::nullopt};
    // A slot of that name (there is none in any bundled model) keeps its meaning.
    if (is_quantifier(t.text) && !slot_index_.contains(t.text))
      return {quantifier(t), std::nullopt};
    std::string name = substituted(t);
    auto slot = slot_index_.find(name);
    if (slot != slot_index_.end())
      return {node(Expr::Op::kSlot, static_cast<Value>(slot->second)), std::nullopt};
    // r.FIELD is a slot or a mistake; only a name the user wrote as is can be a value.
    if (name != t.text) unknown_slot(t, name);
    return {-1, t};
  }
  fail(t, "expected a slot name, a value, a number or '('");
}

std::int32_t ExprParser::quantifier(const Token& keyword) {
  Nested nested(*this, keyword);
  const Token& var = peek();
  if (var.kind != Token::kIdent || var.text.find_first_of(".[]") != std::string::npos)
    fail(var, fmt::format("expected a variable name after '{}'", keyword.text));
  ++pos_;
  if (peek().kind != Token::kIdent || peek().text != "in")
    fail(peek(), fmt::format("expected 'in' after '{} {}'", keyword.text, var.text));
  ++pos_;
  const Token& array_token = peek();
  if (array_token.kind != Token::kIdent)
    fail(array_token,
         fmt::format("expected an array name after '{} {} in'", keyword.text, var.text));
  ++pos_;
  // An enclosing variable may name the array: forall h in host: forall c in h.conn: ...
  const ActorArray& array = find_array(substituted(array_token));
  if (!accept(":"))
    fail(peek(),
         fmt::format("expected ':' after '{} {} in {}'", keyword.text, var.text, array_token.text));

  const std::size_t body_start = pos_;
  std::vector<std::int32_t> terms;
  for (const std::string& member : array.members) {
    pos_ = body_start;  // the same tokens, read with another member bound
    bindings_.push_back({var.text, member});
    std::int32_t body = implies();
    bindings_.pop_back();
    if (keyword.text == "count") body = node(Expr::Op::kNe, 0, body, node(Expr::Op::kConst, 0));
    terms.push_back(body);
  }
  // pos_ is past the body: every member's parse took the same path through the tokens,
  // since a binding changes only which slot a name resolves to. The body stops short of a
  // second comparison, as in `count r in rm: r.x == 1 >= 2`; letting the enclosing
  // expression take it would quietly make the body shorter than "as far right as
  // possible" promises, so that is refused. Any other token the body cannot take is the
  // enclosing expression's to accept or report.
  if (const Token& next = peek(); next.kind == Token::kPunct && is_comparison(next.text))
    fail(next, fmt::format("the body of '{} {} in {}:' has its comparison already; to compare "
                           "the quantifier's value, put it in parentheses",
                           keyword.text, var.text, array_token.text));
  Expr::Op op = keyword.text == "forall"   ? Expr::Op::kAnd
                : keyword.text == "exists" ? Expr::Op::kOr
                                           : Expr::Op::kAdd;
  return balanced(op, terms);
}

std::int32_t ExprParser::balanced(Expr::Op op, std::vector<std::int32_t> terms) {
  while (terms.size() > 1) {
    std::vector<std::int32_t> joined;
    for (std::size_t i = 0; i + 1 < terms.size(); i += 2)
      joined.push_back(node(op, 0, terms[i], terms[i + 1]));
    if (terms.size() % 2) joined.push_back(terms.back());
    terms = std::move(joined);
  }
  return terms.front();  // arrays are never empty (find_arrays)
}

Expr Expr::parse(std::string_view text, const Layout& layout) {
  // Every error message quotes the property: a control character in it (a newline, an
  // escape sequence) would break the one-line message or the terminal (found by fuzzing).
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    if ((byte < 0x20 && byte != '\t') || byte == 0x7f)
      throw InputError(fmt::format(
          "property has control character 0x{:02x} at column {}; a property is one line of "
          "printable text",
          byte, i + 1));
  }
  Expr e;
  e.text_ = std::string(text);
  ExprParser parser(text, layout, e);
  e.root_ = parser.parse_all();
  e.compile();
  return e;
}

}  // namespace synack::checker
