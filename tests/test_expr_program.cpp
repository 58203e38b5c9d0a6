// The compiled property program (checker/expr_eval.cpp) against a plain recursive walk of
// the parsed tree written here from the language's rules: random and edge expressions,
// random and extreme states, every operator, quantifiers over an actor array, and
// nestings on either side of the program's stack limit.
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/errors.hpp"
#include "checker/expr.hpp"

using namespace synack::checker;

namespace {

// The rules, independently of the engine: 64-bit two's-complement wrapping for + - *,
// x / 0 == 0, x / -1 == -x (wrapped), x % 0 == x % -1 == 0, && || -> ! give 0 or 1.
Value reference(const Expr& e, std::int32_t n, const Value* s) {
  const Expr::Node& x = e.nodes()[n];
  auto u = [](Value v) { return static_cast<std::uint64_t>(v); };
  auto l = [&] { return reference(e, x.lhs, s); };
  auto r = [&] { return reference(e, x.rhs, s); };
  switch (x.op) {
    case Expr::Op::kConst:
      return x.value;
    case Expr::Op::kSlot:
      return s[x.value];
    case Expr::Op::kNot:
      return l() == 0 ? 1 : 0;
    case Expr::Op::kAnd:
      return l() != 0 && r() != 0 ? 1 : 0;
    case Expr::Op::kOr:
      return l() != 0 || r() != 0 ? 1 : 0;
    case Expr::Op::kImplies:
      return l() == 0 || r() != 0 ? 1 : 0;
    case Expr::Op::kEq:
      return l() == r() ? 1 : 0;
    case Expr::Op::kNe:
      return l() != r() ? 1 : 0;
    case Expr::Op::kLt:
      return l() < r() ? 1 : 0;
    case Expr::Op::kLe:
      return l() <= r() ? 1 : 0;
    case Expr::Op::kGt:
      return l() > r() ? 1 : 0;
    case Expr::Op::kGe:
      return l() >= r() ? 1 : 0;
    case Expr::Op::kAdd:
      return static_cast<Value>(u(l()) + u(r()));
    case Expr::Op::kSub:
      return static_cast<Value>(u(l()) - u(r()));
    case Expr::Op::kMul:
      return static_cast<Value>(u(l()) * u(r()));
    case Expr::Op::kDiv: {
      const Value a = l(), b = r();
      if (b == 0) return 0;
      if (b == -1) return static_cast<Value>(0 - u(a));
      return a / b;
    }
    case Expr::Op::kMod: {
      const Value a = l(), b = r();
      return b == 0 || b == -1 ? 0 : a % b;
    }
    case Expr::Op::kMax:
      return l() > r() ? l() : r();
    case Expr::Op::kMin:
      return l() < r() ? l() : r();
  }
  FAIL("unknown operator");
  return 0;
}

// Three actors h[0..2] with a named state and a counter, plus two wide unnamed slots.
Layout program_layout() {
  Layout layout;
  for (int i = 0; i < 3; ++i) {
    const std::string h = "h[" + std::to_string(i) + "]";
    layout.add({h + ".state", 2, {"IDLE", "BUSY", "DONE"}, nullptr});
    layout.add({h + ".n", 7, {}, nullptr});
  }
  layout.add({"big", std::numeric_limits<Value>::max(), {}, nullptr});
  layout.add({"small", 3, {}, nullptr});
  return layout;
}

// The same slots, every number declared 0..1. The parser refuses arithmetic that could leave
// 64 bits over the declared ranges, so the edge cases below are parsed against this layout
// and evaluated on values far outside it (2^63 - 1 in `big`, 7 in the counters): no engine
// hands such values in, but the evaluator's operations still wrap rather than being
// undefined, and the compiled program must agree with the tree walk there too.
Layout edge_layout() {
  Layout layout;
  for (int i = 0; i < 3; ++i) {
    const std::string h = "h[" + std::to_string(i) + "]";
    layout.add({h + ".state", 2, {"IDLE", "BUSY", "DONE"}, nullptr});
    layout.add({h + ".n", 1, {}, nullptr});
  }
  layout.add({"big", 1, {}, nullptr});
  layout.add({"small", 1, {}, nullptr});
  return layout;
}

class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {}

  std::string expression(int depth, bool in_quantifier = false) {
    if (depth == 0 || pick(5) == 0) return leaf(in_quantifier);
    switch (pick(in_quantifier ? 6 : 7)) {
      case 0:
        return "!(" + expression(depth - 1, in_quantifier) + ")";
      case 1:
      case 2:
      case 3: {
        static const char* const kOps[] = {
            "&&", "||", "->", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%"};
        // Built by appending: GCC 12 warns falsely (-Wrestrict) on "literal" + temporary.
        std::string text = "(";
        text += expression(depth - 1, in_quantifier);
        text += ") ";
        text += kOps[pick(14)];
        text += " (";
        text += expression(depth - 1, in_quantifier);
        text += ")";
        return text;
      }
      case 4:
        return std::string(pick(2) ? "max((" : "min((") + expression(depth - 1, in_quantifier) +
               "), (" + expression(depth - 1, in_quantifier) + "))";
      case 5:
        return (in_quantifier && pick(2) ? "x.state" : "h[2].state") + std::string(" != ") +
               named();
      default: {
        static const char* const kQuantifiers[] = {"forall", "exists", "count"};
        return std::string("(") + kQuantifiers[pick(3)] +
               " x in h: " + expression(depth - 1, true) + ")";
      }
    }
  }

  void state(Value* s) {
    for (int i = 0; i < 3; ++i) {
      s[2 * i] = pick(3);
      s[2 * i + 1] = pick(8);
    }
    static const Value kBig[] = {0,
                                 1,
                                 2,
                                 std::numeric_limits<Value>::max(),
                                 std::numeric_limits<Value>::max() - 1,
                                 Value{1} << 32};
    s[6] = pick(2) ? kBig[pick(6)] : static_cast<Value>(rng_() >> 1);
    s[7] = pick(4);
  }

  std::uint32_t pick(std::uint32_t n) { return static_cast<std::uint32_t>(rng_() % n); }

 private:
  std::string leaf(bool in_quantifier) {
    static const char* const kConstants[] = {
        "0",      "1",          "2",         "7",       "true",
        "false",  "1000000000", "(big + 1)", "(0 - 1)", "(0 - big - 1)",
        "(1 - 3)"};
    static const char* const kSlots[] = {"h[0].state", "h[1].n", "h[2].n",    "big",
                                         "small",      "h[0].n", "h[2].state"};
    const std::uint32_t k = pick(in_quantifier ? 4 : 3);
    if (k == 0) return kConstants[pick(11)];
    if (k == 3) return pick(2) ? "x.n" : "x.state";
    if (k == 1) return kSlots[pick(7)];
    return "h[1].state == " + named();
  }
  std::string named() {
    static const char* const kNames[] = {"IDLE", "BUSY", "DONE"};
    return kNames[pick(3)];
  }

  std::mt19937 rng_;
};

// Parses and evaluates text on a state, returning false when the parser refuses it (a
// literal division by zero).
bool compare(const std::string& text, const Layout& layout, const Value* s) {
  Expr e;
  try {
    e = Expr::parse(text, layout);
  } catch (const synack::InputError&) {
    return false;
  }
  INFO(text);
  CHECK(e.eval(s) == reference(e, e.root(), s));
  CHECK(e.holds(s) == (reference(e, e.root(), s) != 0));
  return true;
}

}  // namespace

TEST_CASE("the compiled program gives the tree's value on random expressions and states") {
  const Layout layout = program_layout();
  Generator gen(20261201);
  Value s[8];  // `big` (s[6]) brings 2^63 - 1 and, plus one, -2^63
  int parsed = 0;
  for (int i = 0; i < 4'000; ++i) {
    const std::string text = gen.expression(1 + static_cast<int>(gen.pick(7)));
    for (int k = 0; k < 4; ++k) {
      gen.state(s);
      if (!compare(text, layout, s)) break;
      parsed += k == 0;
    }
  }
  // The parser refuses the few literal divisions by zero and arithmetic that could leave
  // 64 bits (`big` is declared up to 2^63 - 1).
  CHECK(parsed > 3'500);
}

TEST_CASE("the compiled program gives the tree's value on arithmetic edge cases") {
  const Layout layout = edge_layout();
  Value s[8] = {0, 0, 1, 7, 2, 3, std::numeric_limits<Value>::max(), 0};
  const char* const kCases[] = {
      "big + 1",
      "big * big",
      "(0 - big - 1) / (0 - 1)",
      "(0 - big - 1) % (0 - 1)",
      "(0 - big - 1) / (small - 1)",
      "big / small + big % small",
      "(0 - 7) / 2 + (0 - 7) % 2 * 10",
      "7 % (0 - 2)",
      "max(0 - big - 1, big) - min(0 - big - 1, big)",
      "big > 0 - big && 0 - big - 1 < 0",
      "small -> big / small",
      "!small || big",
      "h[1].n -> h[2].n && h[0].n",
      "(h[0].n -> small) -> h[1].n",
      "(h[0].state == IDLE) + (h[1].n == 7)",
      "forall x in h: x.n / small == 0",
      "exists x in h: x.state == DONE -> x.n > 2",
      "(count x in h: x.n) * big",
      // Comparisons the program fuses: a slot against a constant or another slot, and
      // chains of them under && || -> (whose right operand is then already 0 or 1).
      "h[0].n != h[1].n",
      "h[1].n == h[1].n",
      "h[2].n == h[0].n || big != big",
      "small != 3 && h[0].state != IDLE -> h[1].n != h[2].n",
      "h[0].n != h[1].n || h[1].n != h[2].n || small != big",
      "(h[0].n != h[1].n) + (7 != h[1].n) + (h[2].n == h[2].n)",
      // The fused steps at 64 bits: the largest literal against the largest value, a wide
      // slot against a narrow one, and a fused right operand after a left one that is not
      // 0 or 1 (literals stop at 10^9).
      "big != 1000000000",
      "1000000000 == big && small != 1000000000",
      "big == h[1].n || big != small",
      "h[1].n && big != 0",
      "h[1].n || big",
      "(0 - 1) != h[0].n && h[0].n != big + 1",
  };
  for (const char* text : kCases) CHECK(compare(text, layout, s));
}

TEST_CASE("the compiled program gives the tree's value at and beyond its stack limit") {
  const Layout layout = edge_layout();
  Value s[8] = {1, 3, 2, 5, 0, 7, 11, 2};
  // A right-nested chain needs one stack value per level: 60..70 levels straddle the
  // program's limit of 64, past which evaluation falls back to the tree walk.
  for (int levels = 56; levels <= 72; ++levels) {
    for (const char* op : {" + ", " && ", " || ", " -> ", " * ", " - ", " / "}) {
      std::string text = "big";
      for (int i = 0; i < levels; ++i)
        text = "(h[" + std::to_string(i % 3) + "].n" + op + text + ")";
      CHECK(compare(text, layout, s));
    }
  }
}

TEST_CASE("an expression without conjuncts known true is the rest of its chain of &&") {
  const Layout layout = program_layout();
  const Expr e = Expr::parse("h[0].n > 1 && (h[1].state == BUSY && small != 2) && h[2].n", layout);
  // The top-level conjuncts, left to right, as the parser nests them.
  std::vector<std::int32_t> conjuncts, pending{e.root()};
  while (!pending.empty()) {
    const std::int32_t n = pending.back();
    pending.pop_back();
    if (e.nodes()[n].op == Expr::Op::kAnd) {
      pending.push_back(e.nodes()[n].rhs);
      pending.push_back(e.nodes()[n].lhs);
    } else {
      conjuncts.push_back(n);
    }
  }
  REQUIRE(conjuncts.size() == 4);
  const Expr rest = e.without_conjuncts({conjuncts[0], conjuncts[2]});
  const Expr expected = Expr::parse("h[1].state == BUSY && h[2].n", layout);
  const Expr nothing = e.without_conjuncts(conjuncts);
  Generator gen(7);
  Value s[8];
  int held = 0;
  for (int i = 0; i < 500; ++i) {
    gen.state(s);
    INFO(i);
    CHECK(rest.holds(s) == expected.holds(s));
    CHECK(nothing.eval(s) == 1);
    held += rest.holds(s);
  }
  // Both outcomes were compared.
  CHECK(held > 0);
  CHECK(held < 500);
}
