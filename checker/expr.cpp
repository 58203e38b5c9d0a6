#include "checker/expr.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/expr_arrays.hpp"
#include "checker/expr_tokens.hpp"
#include "checker/suggest.hpp"

namespace synack::checker {

namespace {

// Quantifiers multiply the body by the size of the array at every level of nesting; past
// this many nodes the property is almost certainly a mistake, and it would take memory and
// time in every engine.
constexpr std::size_t kMaxNodes = 1'000'000;

// The parser, the evaluator and the Z3 translation recurse. Nothing written by hand nests
// a thousand deep, while a hostile `synack explore` search of 20,000 parentheses overflowed
// the stack: past these the property is refused. Quantifiers join their terms balanced, so
// the tree limit costs no real property.
constexpr std::size_t kMaxNesting = 1000;      // parentheses, '!', '->', quantifiers, calls
constexpr std::size_t kMaxTreeDepth = 10'000;  // a long chain of '&&' or '+' is as deep

// How many names an error message lists; a model has hundreds of slots.
constexpr std::size_t kSlotsShown = 12;
// Value names are a machine's states or a message's kinds, rarely more than a couple of
// dozen, and a user picking one wants to see them all.
constexpr std::size_t kValuesShown = 24;

bool is_comparison(std::string_view op) {
  return op == "==" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=";
}

bool is_quantifier(std::string_view word) {
  return word == "forall" || word == "exists" || word == "count";
}

}  // namespace

// Recursive descent; one function per precedence level. A quantifier is expanded here, by
// parsing its body once per member of the array with the bound variable standing for that
// member, so what comes out is an ordinary tree that eval, slots_read and the Z3
// translation need not know about.
class ExprParser {
 public:
  ExprParser(std::string_view text, const Layout& layout, Expr& out)
      : text_(text), layout_(layout), out_(out), tokens_(tokenize(text)) {
    // Expansion resolves the same names once per member; a linear search over hundreds of
    // slots each time would dominate the parse.
    for (std::size_t i = 0; i < layout.size(); ++i) slot_index_.emplace(layout.slot(i).name, i);
  }

  std::int32_t parse_all() {
    std::int32_t root = implies();
    if (peek().kind != Token::kEnd) fail(peek(), "expected an operator or the end");
    if (tree_depth(root) > kMaxTreeDepth)
      throw InputError(fmt::format(
          "property '{}': more than {} operators deep; split it into several properties, or "
          "use forall or exists over an array",
          text_, kMaxTreeDepth));
    return root;
  }

 private:
  // An identifier that is not a slot: a value name waiting for the slot it is compared
  // with. Stored as a pending node until the comparison resolves it.
  struct Operand {
    std::int32_t node = -1;
    std::optional<Token> pending_name;
  };

  // One more level of nesting for as long as it lives, opened at `at`.
  class Nested {
   public:
    Nested(ExprParser& parser, const Token& at) : parser_(parser) {
      if (++parser_.nesting_ > kMaxNesting)
        parser_.fail(at, fmt::format("nested more than {} deep", kMaxNesting));
    }
    ~Nested() { --parser_.nesting_; }
    Nested(const Nested&) = delete;
    Nested& operator=(const Nested&) = delete;

   private:
    ExprParser& parser_;
  };

  // The longest path from `root` to a leaf, walked without recursion.
  std::size_t tree_depth(std::int32_t root) const {
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
    if (out_.nodes_.size() >= kMaxNodes)
      throw InputError(fmt::format(
          "property '{}': more than {} nodes after expanding quantifiers; quantify over fewer "
          "members or split the property",
          text_, kMaxNodes));
    out_.nodes_.push_back({op, v, l, r});
    return static_cast<std::int32_t>(out_.nodes_.size() - 1);
  }

  std::int32_t implies() {
    std::int32_t l = disjunction();
    const Token& arrow = peek();
    if (!accept("->")) return l;
    Nested nested(*this, arrow);
    return node(Expr::Op::kImplies, 0, l, implies());
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
    const Token& bang = peek();
    if (!accept("!")) return comparison();
    Nested nested(*this, bang);
    return node(Expr::Op::kNot, 0, negation());
  }
  std::int32_t comparison() {
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
    Nested nested(*this, peek());
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
      Nested nested(*this, t);
      std::int32_t inner = implies();
      if (!accept(")")) fail(peek(), "expected ')'");
      return {inner, std::nullopt};
    }
    if (t.kind == Token::kInt) {
      ++pos_;
      // from_chars, not stol: a literal too large for 64 bits is the user's mistake, not
      // an uncaught std::out_of_range (found by fuzzing).
      Value v = 0;
      auto [end, err] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), v);
      if (err != std::errc() || end != t.text.data() + t.text.size() || v > 1'000'000'000)
        fail(t, "integer too large (at most 1000000000)");
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

  // forall VAR in ARRAY: BODY, exists ..., count ...; the body reaches as far right as
  // it can, as in TLA+.
  std::int32_t quantifier(const Token& keyword) {
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
      fail(peek(), fmt::format("expected ':' after '{} {} in {}'", keyword.text, var.text,
                               array_token.text));

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

  // Joins the terms pairwise, level by level, rather than in a chain: the evaluator and the
  // Z3 translation recurse, and a chain over a thousand members would be a thousand deep.
  std::int32_t balanced(Expr::Op op, std::vector<std::int32_t> terms) {
    while (terms.size() > 1) {
      std::vector<std::int32_t> joined;
      for (std::size_t i = 0; i + 1 < terms.size(); i += 2)
        joined.push_back(node(op, 0, terms[i], terms[i + 1]));
      if (terms.size() % 2) joined.push_back(terms.back());
      terms = std::move(joined);
    }
    return terms.front();  // arrays are never empty (find_arrays)
  }

  // The slot name an identifier stands for: r.FIELD is MEMBER.FIELD for the innermost
  // binding of r; anything else stands for itself.
  std::string substituted(const Token& t) const {
    std::string_view name = t.text;
    std::string_view head = name.substr(0, name.find('.'));
    for (auto b = bindings_.rbegin(); b != bindings_.rend(); ++b) {
      if (b->var != head) continue;
      if (head.size() == name.size())
        throw InputError(fmt::format(
            "property '{0}': '{1}' at column {2} alone is not a slot; write {1}.FIELD, as in "
            "{1}.state",
            text_, b->var, t.pos + 1));
      return b->member + std::string(name.substr(head.size()));
    }
    return t.text;
  }

  const ActorArray& find_array(const std::string& name) {
    if (!arrays_) arrays_ = find_arrays(layout_);
    for (const ActorArray& a : *arrays_)
      if (a.name == name) return a;
    if (arrays_->empty())
      throw InputError(fmt::format(
          "property '{}': unknown array '{}'; the model has no arrays (an array is actors "
          "NAME[0], NAME[1], ... with slots NAME[0].state, NAME[1].state, ...)",
          text_, name));
    std::vector<std::string> names;
    for (const ActorArray& a : *arrays_) names.push_back(a.name);
    throw InputError(fmt::format("property '{}': unknown array '{}'; {}", text_, name,
                                 valid_names("arrays", name, names, kSlotsShown)));
  }

  static bool is_string(const Operand& o) {
    return o.pending_name && o.pending_name->kind == Token::kString;
  }

  // SLOT == "PATTERN": the values of SLOT whose names match PATTERN (`*` any run of
  // characters, case ignored). One value compares like its name; several only with == and
  // != (is one of them, is none of them); none with `*` in the pattern: == is false.
  std::int32_t string_comparison(Expr::Op op, Operand& l, Operand& r) {
    Operand& text = is_string(l) ? l : r;
    const Operand& other = is_string(l) ? r : l;
    const Token& t = *text.pending_name;
    if (other.pending_name || other.node < 0 || out_.nodes_[other.node].op != Expr::Op::kSlot)
      fail(t, "a string names values of a slot; compare it with a slot, as in impl.in == \"X\"");
    const Slot& slot = layout_.slot(static_cast<std::size_t>(out_.nodes_[other.node].value));
    // A slot of numbers has no names for a pattern to match: refused, never a constant.
    if (slot.value_names.empty())
      throw InputError(
          fmt::format("property '{}': {} holds numbers, not named values; compare it "
                      "with a number, not \"{}\"",
                      text_, slot.name, t.text));
    std::vector<std::int32_t> equal;
    for (std::size_t v = 0; v < slot.value_names.size(); ++v)
      if (glob_matches(t.text, slot.value_names[v]))
        equal.push_back(
            node(Expr::Op::kEq, 0, other.node, node(Expr::Op::kConst, static_cast<Value>(v))));
    // A pattern that matches nothing is false, as a search finds nothing: one property file
    // serves models whose alphabets differ. A name without `*` must be one of the values,
    // so that a typo is caught.
    bool pattern = t.text.find('*') != std::string::npos;
    if (equal.empty() && pattern) return node(Expr::Op::kConst, op == Expr::Op::kNe ? 1 : 0);
    if (equal.empty()) {
      std::string prefix =
          fmt::format("property '{}': no value of {} matches \"{}\"", text_, slot.name, t.text);
      throw InputError(fmt::format(
          "{}; {}", prefix, valid_names("its values", t.text, slot.value_names, kValuesShown)));
    }
    if (equal.size() == 1) {
      text.node = out_.nodes_[equal.front()].rhs;
      text.pending_name.reset();
      return node(op, 0, l.node, r.node);
    }
    if (op != Expr::Op::kEq && op != Expr::Op::kNe)
      fail(t, fmt::format("\"{}\" matches {} values of {}; compare it with == or != only", t.text,
                          equal.size(), slot.name));
    std::int32_t any = balanced(Expr::Op::kOr, equal);
    return op == Expr::Op::kEq ? any : node(Expr::Op::kNot, 0, any);
  }

  // A bare operand must be a slot, a constant or a sub-expression.
  std::int32_t resolved(const Operand& o) {
    if (is_string(o))
      fail(*o.pending_name, "a string names values of a slot; compare it with a slot");
    if (o.pending_name) unknown_slot(*o.pending_name, o.pending_name->text);
    return o.node;
  }

  // In `slot == NAME` (or the other way round) NAME is one of the slot's value names.
  void resolve_pair(Operand& l, Operand& r) {
    auto resolve = [&](Operand& name_side, const Operand& slot_side) {
      if (!name_side.pending_name) return;
      std::optional<std::size_t> slot;
      if (slot_side.node >= 0 && out_.nodes_[slot_side.node].op == Expr::Op::kSlot)
        slot = static_cast<std::size_t>(out_.nodes_[slot_side.node].value);
      if (!slot) unknown_slot(*name_side.pending_name, name_side.pending_name->text);
      auto v = layout_.slot(*slot).value_named(name_side.pending_name->text);
      if (!v) unknown_value(*name_side.pending_name, layout_.slot(*slot));
      name_side.node = node(Expr::Op::kConst, *v);
      name_side.pending_name.reset();
    };
    resolve(l, r);
    resolve(r, l);
  }

  // `name` is what `t` stood for: itself, or rm[0].stat for r.stat.
  [[noreturn]] void unknown_slot(const Token& t, const std::string& name) const {
    std::vector<std::string> slots;
    for (const Slot& s : layout_.slots()) slots.push_back(s.name);
    std::string from = name == t.text ? "" : fmt::format(" (from {})", t.text);
    throw InputError(fmt::format("property '{}': unknown slot '{}'{}; {}", text_, name, from,
                                 valid_names("slots", name, slots, kSlotsShown)));
  }

  [[noreturn]] void unknown_value(const Token& t, const Slot& s) const {
    std::string prefix =
        fmt::format("property '{}': '{}' is not a value of {}", text_, t.text, s.name);
    if (s.value_names.empty()) throw InputError(prefix + "; its values: numbers");
    throw InputError(fmt::format("{}; {}", prefix,
                                 valid_names("its values", t.text, s.value_names, kValuesShown)));
  }

  struct Binding {
    std::string var;     // "r"
    std::string member;  // "rm[1]"
  };

  std::string_view text_;
  const Layout& layout_;
  Expr& out_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  std::unordered_map<std::string, std::size_t> slot_index_;
  std::optional<std::vector<ActorArray>> arrays_;  // found on the first quantifier
  std::vector<Binding> bindings_;                  // innermost last
  std::size_t nesting_ = 0;                        // levels open now (Nested)
};

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
