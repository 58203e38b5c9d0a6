#include "checker/expr.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "checker/errors.hpp"

namespace synack::checker {

namespace {

struct Token {
  enum Kind { kEnd, kInt, kIdent, kPunct } kind;
  std::string text;
  std::size_t pos;
};

std::vector<Token> tokenize(std::string_view s) {
  static constexpr std::string_view kTwoChar[] = {"->", "||", "&&", "==", "!=", "<=", ">="};
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
      out.push_back({Token::kIdent, std::string(s.substr(i, j - i)), i});
      i = j;
    } else {
      std::string_view rest = s.substr(i);
      auto two = std::find_if(std::begin(kTwoChar), std::end(kTwoChar),
                              [&](std::string_view t) { return rest.starts_with(t); });
      if (two != std::end(kTwoChar)) {
        out.push_back({Token::kPunct, std::string(*two), i});
        i += 2;
      } else if (std::string_view("!<>+-*/%(),").find(c) != std::string_view::npos) {
        out.push_back({Token::kPunct, std::string(1, c), i});
        ++i;
      } else {
        throw InputError(
            fmt::format("property '{}': unexpected character '{}' at column {}", s, c, i + 1));
      }
    }
  }
  out.push_back({Token::kEnd, "", s.size()});
  return out;
}

}  // namespace

// Recursive descent; one function per precedence level.
class ExprParser {
 public:
  ExprParser(std::string_view text, const Layout& layout, Expr& out)
      : text_(text), layout_(layout), out_(out), tokens_(tokenize(text)) {}

  std::int32_t parse_all() {
    std::int32_t root = implies();
    if (peek().kind != Token::kEnd) fail(peek(), "expected an operator or the end");
    return root;
  }

 private:
  // An identifier that is not a slot: a value name waiting for the slot it is compared
  // with. Stored as a pending node until the comparison resolves it.
  struct Operand {
    std::int32_t node = -1;
    std::optional<Token> pending_name;
  };

  const Token& peek() const { return tokens_[pos_]; }
  bool accept(std::string_view punct) {
    if (peek().kind == Token::kPunct && peek().text == punct) {
      ++pos_;
      return true;
    }
    return false;
  }
  [[noreturn]] void fail(const Token& t, std::string_view what) const {
    std::string near = t.kind == Token::kEnd ? "the end" : fmt::format("'{}'", t.text);
    throw InputError(
        fmt::format("property '{}': {} at column {} (near {})", text_, what, t.pos + 1, near));
  }
  std::int32_t node(Expr::Op op, Value v, std::int32_t l = -1, std::int32_t r = -1) {
    out_.nodes_.push_back({op, v, l, r});
    return static_cast<std::int32_t>(out_.nodes_.size() - 1);
  }

  std::int32_t implies() {
    std::int32_t l = disjunction();
    if (accept("->")) return node(Expr::Op::kImplies, 0, l, implies());
    return l;
  }
  std::int32_t disjunction() {
    std::int32_t l = conjunction();
    while (accept("||")) l = node(Expr::Op::kOr, 0, l, conjunction());
    return l;
  }
  std::int32_t conjunction() {
    std::int32_t l = negation();
    while (accept("&&")) l = node(Expr::Op::kAnd, 0, l, negation());
    return l;
  }
  std::int32_t negation() {
    if (accept("!")) return node(Expr::Op::kNot, 0, negation());
    return comparison();
  }
  std::int32_t comparison() {
    Operand l = sum();
    static constexpr std::pair<std::string_view, Expr::Op> kOps[] = {
        {"==", Expr::Op::kEq}, {"!=", Expr::Op::kNe}, {"<=", Expr::Op::kLe},
        {">=", Expr::Op::kGe}, {"<", Expr::Op::kLt},  {">", Expr::Op::kGt}};
    for (auto [text, op] : kOps) {
      if (accept(text)) {
        Operand r = sum();
        resolve_pair(l, r);
        return node(op, 0, l.node, r.node);
      }
    }
    return resolved(l);
  }
  Operand sum() {
    Operand l = product();
    while (peek().kind == Token::kPunct && (peek().text == "+" || peek().text == "-")) {
      Expr::Op op = peek().text == "+" ? Expr::Op::kAdd : Expr::Op::kSub;
      ++pos_;
      Operand r = product();
      l.node = node(op, 0, resolved(l), resolved(r));
      l.pending_name.reset();
    }
    return l;
  }
  Operand product() {
    Operand l = atom();
    while (peek().kind == Token::kPunct &&
           (peek().text == "*" || peek().text == "/" || peek().text == "%")) {
      Expr::Op op = peek().text == "*"   ? Expr::Op::kMul
                    : peek().text == "/" ? Expr::Op::kDiv
                                         : Expr::Op::kMod;
      const Token& divisor = tokens_[pos_ + 1];
      ++pos_;
      Operand r = atom();
      std::int32_t rhs = resolved(r);
      if (op != Expr::Op::kMul && out_.nodes_[rhs].op == Expr::Op::kConst &&
          out_.nodes_[rhs].value == 0)
        fail(divisor, "division by zero");
      l.node = node(op, 0, resolved(l), rhs);
      l.pending_name.reset();
    }
    return l;
  }
  // max(a, b), min(a, b)
  std::int32_t call(Expr::Op op) {
    if (!accept("(")) fail(peek(), "expected '(' after max or min");
    std::int32_t a = resolved(sum());
    if (!accept(",")) fail(peek(), "expected ','");
    std::int32_t b = resolved(sum());
    if (!accept(")")) fail(peek(), "expected ')'");
    return node(op, 0, a, b);
  }
  Operand atom() {
    const Token& t = peek();
    if (accept("(")) {
      std::int32_t inner = implies();
      if (!accept(")")) fail(peek(), "expected ')'");
      return {inner, std::nullopt};
    }
    if (t.kind == Token::kInt) {
      ++pos_;
      long v = std::stol(t.text);
      if (v > 1'000'000'000) fail(t, "integer too large");
      return {node(Expr::Op::kConst, static_cast<Value>(v)), std::nullopt};
    }
    if (t.kind == Token::kIdent) {
      ++pos_;
      if (t.text == "true") return {node(Expr::Op::kConst, 1), std::nullopt};
      if (t.text == "false") return {node(Expr::Op::kConst, 0), std::nullopt};
      if (t.text == "max" && peek().text == "(") return {call(Expr::Op::kMax), std::nullopt};
      if (t.text == "min" && peek().text == "(") return {call(Expr::Op::kMin), std::nullopt};
      if (auto slot = layout_.find(t.text))
        return {node(Expr::Op::kSlot, static_cast<Value>(*slot)), std::nullopt};
      return {-1, t};
    }
    fail(t, "expected a slot name, a value, a number or '('");
  }

  // A bare operand must be a slot, a constant or a sub-expression.
  std::int32_t resolved(const Operand& o) {
    if (o.pending_name) unknown_name(*o.pending_name, std::nullopt);
    return o.node;
  }

  // In `slot == NAME` (or the other way round) NAME is one of the slot's value names.
  void resolve_pair(Operand& l, Operand& r) {
    auto resolve = [&](Operand& name_side, const Operand& slot_side) {
      if (!name_side.pending_name) return;
      std::optional<std::size_t> slot;
      if (slot_side.node >= 0 && out_.nodes_[slot_side.node].op == Expr::Op::kSlot)
        slot = static_cast<std::size_t>(out_.nodes_[slot_side.node].value);
      if (!slot) unknown_name(*name_side.pending_name, std::nullopt);
      auto v = layout_.slot(*slot).value_named(name_side.pending_name->text);
      if (!v) unknown_name(*name_side.pending_name, slot);
      name_side.node = node(Expr::Op::kConst, *v);
      name_side.pending_name.reset();
    };
    resolve(l, r);
    resolve(r, l);
  }

  [[noreturn]] void unknown_name(const Token& t, std::optional<std::size_t> slot) const {
    std::string valid;
    if (slot) {
      const Slot& s = layout_.slot(*slot);
      for (const auto& v : s.value_names) valid += (valid.empty() ? "" : ", ") + v;
      throw InputError(fmt::format("property '{}': '{}' is not a value of {}; its values: {}",
                                   text_, t.text, s.name, valid.empty() ? "numbers" : valid));
    }
    for (const auto& s : layout_.slots()) valid += (valid.empty() ? "" : ", ") + s.name;
    throw InputError(
        fmt::format("property '{}': unknown slot '{}'; slots: {}", text_, t.text, valid));
  }

  std::string_view text_;
  const Layout& layout_;
  Expr& out_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
};

Expr Expr::parse(std::string_view text, const Layout& layout) {
  Expr e;
  e.text_ = std::string(text);
  ExprParser parser(text, layout, e);
  e.root_ = parser.parse_all();
  return e;
}

Value Expr::eval_node(std::int32_t n, const Value* s) const {
  const Node& x = nodes_[n];
  switch (x.op) {
    case Op::kConst:
      return x.value;
    case Op::kSlot:
      return s[x.value];
    case Op::kNot:
      return !eval_node(x.lhs, s);
    case Op::kAnd:
      return eval_node(x.lhs, s) && eval_node(x.rhs, s);
    case Op::kOr:
      return eval_node(x.lhs, s) || eval_node(x.rhs, s);
    case Op::kImplies:
      return !eval_node(x.lhs, s) || eval_node(x.rhs, s);
    case Op::kEq:
      return eval_node(x.lhs, s) == eval_node(x.rhs, s);
    case Op::kNe:
      return eval_node(x.lhs, s) != eval_node(x.rhs, s);
    case Op::kLt:
      return eval_node(x.lhs, s) < eval_node(x.rhs, s);
    case Op::kLe:
      return eval_node(x.lhs, s) <= eval_node(x.rhs, s);
    case Op::kGt:
      return eval_node(x.lhs, s) > eval_node(x.rhs, s);
    case Op::kGe:
      return eval_node(x.lhs, s) >= eval_node(x.rhs, s);
    case Op::kAdd:
      return eval_node(x.lhs, s) + eval_node(x.rhs, s);
    case Op::kSub:
      return eval_node(x.lhs, s) - eval_node(x.rhs, s);
    case Op::kMul:
      return eval_node(x.lhs, s) * eval_node(x.rhs, s);
    case Op::kDiv: {
      Value d = eval_node(x.rhs, s);
      return d == 0 ? 0 : eval_node(x.lhs, s) / d;
    }
    case Op::kMod: {
      Value d = eval_node(x.rhs, s);
      return d == 0 ? 0 : eval_node(x.lhs, s) % d;
    }
    case Op::kMax:
      return std::max(eval_node(x.lhs, s), eval_node(x.rhs, s));
    case Op::kMin:
      return std::min(eval_node(x.lhs, s), eval_node(x.rhs, s));
  }
  return 0;
}

std::vector<std::size_t> Expr::slots_read() const {
  std::vector<std::size_t> out;
  for (const Node& n : nodes_)
    if (n.op == Op::kSlot) out.push_back(static_cast<std::size_t>(n.value));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace synack::checker
