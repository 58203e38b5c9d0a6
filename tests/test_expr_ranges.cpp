// The bounds the parser computes for arithmetic (checker/expr_ranges.cpp), against every
// value the evaluator gives over small slots: what it refuses as able to leave 64 bits is
// judged by them, so a bound that is too narrow would let an overflow through.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "checker/expr.hpp"
#include "checker/expr_parser.hpp"

namespace {

using synack::checker::Expr;
using synack::checker::ExprParser;
using synack::checker::Layout;
using synack::checker::Value;

}  // namespace

TEST_CASE("expression bounds hold every value over the slots' ranges") {
  Layout layout;
  layout.add({"a", 4, {}, {}});
  layout.add({"b", 3, {}, {}});
  // Each operation at the root, over operands that are negative, positive or straddle 0,
  // divisors among them that may be 0, -1 or negative.
  const std::vector<std::string> cases = {"a - 2 + (b - 3)",
                                          "(a - 2) - (b - 1)",
                                          "(a - 2) * (b - 2)",
                                          "(a - 4) * (b - 3)",
                                          "(a - 2) / (b - 1)",
                                          "(a - 2) / (b - 3)",
                                          "a / (b - 1)",
                                          "(0 - a) / (b + 1)",
                                          "(a - 2) % (b - 1)",
                                          "(a - 4) % (b - 2)",
                                          "a % (b - 3)",
                                          "(a - 2) % 3",
                                          "max(a - 3, b - 2)",
                                          "min(a - 3, b - 2)",
                                          "max(a - 2, 0 - b) * 3",
                                          "a / b",
                                          "a % b",
                                          "(a - 2) / b - (b - 1) % (a - 1)",
                                          "(a - 2) * (a - 2)",
                                          "a == b",
                                          "(a - 2) / (0 - 1)"};
  for (const std::string& text : cases) {
    INFO(text);
    Expr e;
    ExprParser parser(text, layout, e);
    const auto [lo, hi] = parser.bounds(parser.parse_all());
    const Expr compiled = Expr::parse(text, layout);
    Value seen_lo = 0, seen_hi = 0;
    bool first = true;
    for (Value a = 0; a <= 4; ++a)
      for (Value b = 0; b <= 3; ++b) {
        const Value state[] = {a, b};
        const Value v = compiled.eval(state);
        CHECK(v >= lo);
        CHECK(v <= hi);
        seen_lo = first ? v : std::min(seen_lo, v);
        seen_hi = first ? v : std::max(seen_hi, v);
        first = false;
      }
    // Not so loose as to refuse what could never overflow: within twice what is seen.
    CHECK(hi - lo <= 2 * (seen_hi - seen_lo) + 4);
  }
}
