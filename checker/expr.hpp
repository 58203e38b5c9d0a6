// Property expressions over named slots:
//
//   server.state == ESTABLISHED -> client.state != CLOSED && server.irs == client.iss
//
// Operators, loosest first: `->` (implies, right-associative), `||`, `&&`, `!`,
// comparisons (== != < <= > >=), `+` `-`, `*` `/` `%`. Atoms: integers, true, false,
// slot names, value names (ESTABLISHED, SYN_SENT), which are resolved against the slot
// they are compared with, and `max(a, b)`, `min(a, b)`. Division is integer division
// truncating toward zero; a zero divisor yields 0 (a constant zero divisor is refused).
// Arithmetic is exact: an operation whose result could leave 64-bit integers, given the
// declared ranges of the slots it reads, is refused when parsed (checker/expr_ranges.cpp),
// never wrapped around. Parsing resolves every name once; evaluation is a walk over a small
// array of nodes.
//
// Quantifiers range over an array of actors, NAME[0], NAME[1], ..., which exists when the
// layout has slots NAME[i].state (members by ascending index; an array is never empty):
//
//   forall r in rm: forall s in rm: !(r.state == COMMITTED && s.state == ABORTED)
//   (count r in rm: r.state == PREPARED) >= 2
//
// `forall` is true when the body holds for every member, `exists` for some, and `count` is
// the number of members for which the body is nonzero. The body reaches as far right as it
// can (parenthesize the quantifier to end it sooner); in it, r.FIELD is the slot
// rm[i].FIELD, including in the array name of a nested quantifier (forall c in h.conn), and
// a variable hides an outer one of the same name and any slot named r.SOMETHING. `forall`,
// `exists`, `count` and `in` are keywords only in this form (a slot named `count` stays one).
// Quantifiers are expanded while parsing, body once per member, into ordinary nodes (&&, ||, +, and
// != 0 for a count), so nothing downstream of parse knows of them; the expansion is capped at
// 1,000,000 nodes. An unknown slot, value or array is reported with the nearest valid names
// (suggest.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "checker/layout.hpp"

namespace synack::checker {

class Expr {
 public:
  // Throws InputError naming the unknown token or name and what would be valid.
  static Expr parse(std::string_view text, const Layout& layout);

  // Runs the compiled program (below), or walks the tree when the program would need a
  // deeper stack than it keeps.
  Value eval(const Value* state) const;
  bool holds(const Value* state) const { return eval(state) != 0; }
  const std::string& text() const { return text_; }
  // Slots the expression reads, each once, in ascending order.
  std::vector<std::size_t> slots_read() const;

  // The parsed tree, read-only, for translators (the Z3 engines). A node's value is its
  // constant or its slot index; lhs/rhs index nodes (-1: none; kNot and kSlot use lhs only).
  enum class Op : std::uint8_t {
    kConst,
    kSlot,
    kNot,
    kAnd,
    kOr,
    kImplies,
    kEq,
    kNe,
    kLt,
    kLe,
    kGt,
    kGe,
    kAdd,
    kSub,
    kMul,
    kDiv,
    kMod,
    kMax,
    kMin
  };
  struct Node {
    Op op;
    Value value;  // constant, or slot index
    std::int32_t lhs = -1;
    std::int32_t rhs = -1;
  };
  const std::vector<Node>& nodes() const { return nodes_; }
  std::int32_t root() const { return root_; }
  // The same expression with some conjuncts of its top-level chain of && taken as true
  // (`known_true`: their nodes), compiled afresh: a monitor's rule with the test of the
  // step it watches, decided once per transition group. Nothing left: the constant 1.
  Expr without_conjuncts(const std::vector<std::int32_t>& known_true) const;
  // The premises of the implications the expression asserts, for the vacuity check
  // (checker/vacuity.hpp): P of P -> Q when that is the whole expression, or one of the
  // conjuncts of its top-level chain of && (through parentheses), as in (P1 -> Q1) && R. A
  // chain P1 -> P2 -> Q reads P1 -> (P2 -> Q): its premise is P1 && P2. Implications inside
  // a negation, a disjunction or a quantifier's body assert nothing on their own and are
  // left out. Each premise is compiled on its own, its text() as written ("(P1) && (P2)" for
  // a chain).
  std::vector<Expr> premises() const;

 private:
  friend class ExprParser;

  Value eval_node(std::int32_t n, const Value* state) const;
  // The operands of the top-level chain of && (the root alone when it is no &&), left to
  // right.
  std::vector<std::int32_t> top_conjuncts() const;

  // The tree flattened into postfix steps with jumps for && || -> (expr_eval.cpp): the
  // engines evaluate properties on every new state, and a loop over an array costs a
  // fraction of a recursive walk. Built by parse; empty when it would need more than
  // kProgramStack values on its stack (eval then walks the tree).
  struct Step {
    enum Code : std::uint8_t {
      kPush,  // value
      kLoad,  // s[value]
      kNot,
      kTruth,        // top != 0
      kAndJump,      // top == 0: leave 0, go to target; else pop
      kOrJump,       // top != 0: leave 1, go to target; else pop
      kImpliesJump,  // top == 0: leave 1, go to target; else pop
      kEq,
      kNe,
      kLt,
      kLe,
      kGt,
      kGe,
      kAdd,
      kSub,
      kMul,
      kDiv,
      kMod,
      kMax,
      kMin,
      kLoadEqPush,  // s[value] == operand, the commonest comparison fused
      kLoadNePush,  // s[value] != operand
      // A slot against another, as a monitor asks whether a step changed a slot (x' != x).
      kLoadEqLoad,  // s[value] == s[operand]
      kLoadNeLoad,  // s[value] != s[operand]
    } code;
    std::int32_t target = 0;  // jumps
    Value value = 0;
    Value operand = 0;
  };
  static constexpr std::size_t kProgramStack = 64;
  void compile();
  Value run_program(const Value* state) const;

  std::string text_;
  std::vector<Node> nodes_;
  std::int32_t root_ = -1;
  std::vector<Step> program_;
  // Each implication written outside a quantifier's body: its node and its premise (the
  // left operand) as written, for premises().
  std::vector<std::pair<std::int32_t, std::string>> implications_;
};

}  // namespace synack::checker
