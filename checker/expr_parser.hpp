// The property parser behind Expr::parse (checker/expr.cpp: the grammar, one function per
// precedence level; checker/expr_names.cpp: what names stand for, slots, values, arrays and
// bound variables). Internal: nothing outside those two files includes it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "checker/expr.hpp"
#include "checker/expr_arrays.hpp"
#include "checker/expr_tokens.hpp"

namespace synack::checker {

// Recursive descent; one function per precedence level. A quantifier is expanded here, by
// parsing its body once per member of the array with the bound variable standing for that
// member, so what comes out is an ordinary tree that eval, slots_read and the Z3
// translation need not know about.
class ExprParser {
 public:
  ExprParser(std::string_view text, const Layout& layout, Expr& out);

  std::int32_t parse_all();
  // The bounds of node `n`'s values over every state (range_of), for tests.
  std::pair<Value, Value> bounds(std::int32_t n) const {
    return {ranges_[static_cast<std::size_t>(n)].lo, ranges_[static_cast<std::size_t>(n)].hi};
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
  std::size_t tree_depth(std::int32_t root) const;

  const Token& peek() const { return tokens_[pos_]; }
  bool accept(std::string_view punct);
  [[noreturn]] void fail(const Token& t, std::string_view what) const;
  // `at`: the operator written, which an error names (arithmetic past 64 bits, range_of).
  std::int32_t node(Expr::Op op, Value v, std::int32_t l = -1, std::int32_t r = -1,
                    const Token* at = nullptr);

  // The values a node takes in any state (slots: 0..their declared maximum), bounds that
  // hold for every evaluation. Arithmetic whose bounds leave 64 bits is refused where it
  // is written (checker/expr_ranges.cpp), so no engine ever wraps a value around.
  struct Range {
    Value lo = 0, hi = 0;
  };
  Range range_of(Expr::Op op, Value v, std::int32_t l, std::int32_t r, const Token* at) const;

  std::int32_t implies();
  std::int32_t disjunction();
  std::int32_t conjunction();
  std::int32_t negation();
  std::int32_t comparison();
  Operand sum();
  Operand product();
  // max(a, b), min(a, b)
  std::int32_t call(Expr::Op op);
  Operand atom();

  // forall VAR in ARRAY: BODY, exists ..., count ...; the body reaches as far right as
  // it can, as in TLA+.
  std::int32_t quantifier(const Token& keyword);

  // Joins the terms pairwise, level by level, rather than in a chain: the evaluator and the
  // Z3 translation recurse, and a chain over a thousand members would be a thousand deep.
  std::int32_t balanced(Expr::Op op, std::vector<std::int32_t> terms);

  // The slot name an identifier stands for: r.FIELD is MEMBER.FIELD for the innermost
  // binding of r; anything else stands for itself.
  std::string substituted(const Token& t) const;

  const ActorArray& find_array(const std::string& name);

  static bool is_string(const Operand& o) {
    return o.pending_name && o.pending_name->kind == Token::kString;
  }

  // SLOT == "PATTERN": the values of SLOT whose names match PATTERN (`*` any run of
  // characters, case ignored). One value compares like its name; several only with == and
  // != (is one of them, is none of them); none with `*` in the pattern: == is false.
  std::int32_t string_comparison(Expr::Op op, Operand& l, Operand& r);

  // Operators written as in another language (checker/expr_hints.cpp): `and`, `or`, `not`
  // for &&, ||, !; LTL's G, F, [] and <> inside the expression (a property's kind is chosen
  // outside it); `<>` for !=. Where an operand is expected, throws naming what to write
  // instead, and returns when the token is none of those.
  void refuse_foreign_operand(const Token& t, const Token& next) const;
  // Where an operator is expected and `t` is not one: the same hints, else `what`.
  [[noreturn]] void expected_operator(const Token& t, std::string_view what) const;
  [[noreturn]] void unexpected(const Token& t, std::string_view hint) const;

  // A bare operand must be a slot, a constant or a sub-expression.
  std::int32_t resolved(const Operand& o);

  // In `slot == NAME` (or the other way round) NAME is one of the slot's value names.
  void resolve_pair(Operand& l, Operand& r);

  // `name` is what `t` stood for: itself, or rm[0].stat for r.stat.
  [[noreturn]] void unknown_slot(const Token& t, const std::string& name) const;

  [[noreturn]] void unknown_value(const Token& t, const Slot& s) const;

  // How a value name is typed as a name: SYN-SENT as SYN_SENT (value names match with '-'
  // and '_' alike, and a '-' between names is a minus); a name no identifier spells, or one
  // that would read as something else (true, count, a slot), in quotes.
  std::string typed_value(const std::string& value) const;

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
  std::vector<Range> ranges_;                      // one per node of out_
  std::size_t nesting_ = 0;                        // levels open now (Nested)
  // Quantifiers multiply the body by the size of the array at every level of nesting; past
  // this many nodes the property is almost certainly a mistake, and it would take memory and
  // time in every engine.
  static constexpr std::size_t kMaxNodes = 1'000'000;
  // The parser, the evaluator and the Z3 translation recurse. Nothing written by hand nests
  // a thousand deep, while a hostile `synack explore` search of 20,000 parentheses overflowed
  // the stack: past these the property is refused. Quantifiers join their terms balanced, so
  // the tree limit costs no real property.
  static constexpr std::size_t kMaxNesting = 1000;  // parentheses, '!', '->', quantifiers, calls
  static constexpr std::size_t kMaxTreeDepth = 10'000;  // a long chain of '&&' or '+' is as deep
  // How many names an error message lists; a model has hundreds of slots.
  static constexpr std::size_t kSlotsShown = 12;
  // Value names are a machine's states or a message's kinds, rarely more than a couple of
  // dozen, and a user picking one wants to see them all.
  static constexpr std::size_t kValuesShown = 24;
};

}  // namespace synack::checker
