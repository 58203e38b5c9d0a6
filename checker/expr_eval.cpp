// Evaluating a parsed expression: a walk over its node array (the parser is expr.cpp).
#include <algorithm>
#include <cstdint>
#include <functional>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "checker/expr.hpp"

namespace synack::checker {

namespace {

// The parser refuses arithmetic that could leave 64 bits over the slots' declared ranges
// (checker/expr_ranges.cpp), so in the states an engine judges nothing here overflows.
// The operations still wrap around (two's complement) rather than being undefined, so that
// a value outside those ranges, which no engine hands in, could not be undefined
// behaviour either (`1000000000 * 1000000000 * 1000000000` was, found by fuzzing under
// UBSan, before the parser refused it).
Value wrap(std::uint64_t v) {
  return static_cast<Value>(v);
}
std::uint64_t bits(Value v) {
  return static_cast<std::uint64_t>(v);
}

// Whether a node's value is always 0 or 1: a connective's right operand then needs no
// conversion to a truth value.
bool is_truth_value(Expr::Op op) {
  switch (op) {
    case Expr::Op::kNot:
    case Expr::Op::kAnd:
    case Expr::Op::kOr:
    case Expr::Op::kImplies:
    case Expr::Op::kEq:
    case Expr::Op::kNe:
    case Expr::Op::kLt:
    case Expr::Op::kLe:
    case Expr::Op::kGt:
    case Expr::Op::kGe:
      return true;
    default:
      return false;
  }
}

}  // namespace

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
      return wrap(bits(eval_node(x.lhs, s)) + bits(eval_node(x.rhs, s)));
    case Op::kSub:
      return wrap(bits(eval_node(x.lhs, s)) - bits(eval_node(x.rhs, s)));
    case Op::kMul:
      return wrap(bits(eval_node(x.lhs, s)) * bits(eval_node(x.rhs, s)));
    case Op::kDiv: {
      Value d = eval_node(x.rhs, s);
      if (d == 0) return 0;
      if (d == -1) return wrap(0 - bits(eval_node(x.lhs, s)));  // INT64_MIN / -1 traps
      return eval_node(x.lhs, s) / d;
    }
    case Op::kMod: {
      Value d = eval_node(x.rhs, s);
      return d == 0 || d == -1 ? 0 : eval_node(x.lhs, s) % d;
    }
    case Op::kMax:
      return std::max(eval_node(x.lhs, s), eval_node(x.rhs, s));
    case Op::kMin:
      return std::min(eval_node(x.lhs, s), eval_node(x.rhs, s));
  }
  return 0;
}

// Postfix, operands before their operator; && || -> jump over their right operand when
// the left one decides (the tree walk's short circuit: both give 0 or 1). An equality of
// a slot and a constant, the usual `sender.state == FAST_RECOVERY`, is one step, and so is
// (in)equality of a slot and a constant or of two slots.
void Expr::compile() {
  program_.clear();
  std::size_t depth = 0, deepest = 0;
  auto pushed = [&] { deepest = std::max(deepest, ++depth); };
  auto emit = [&](Step::Code code, Value value = 0, Value operand = 0) {
    program_.push_back({code, 0, value, operand});
  };
  // A tree deeper than kCompileDepth is walked, not compiled: its program would mostly
  // outgrow the stack anyway, and recursing as deep as the parser allows (10,000) overflows
  // the thread's stack (found by the AddressSanitizer run, whose frames are larger).
  constexpr std::size_t kCompileDepth = 256;
  std::size_t level = 0;
  bool too_deep = false;
  struct Level {
    std::size_t& level;
    ~Level() { --level; }
  };
  std::function<void(std::int32_t)> node = [&](std::int32_t n) {
    if (too_deep || level >= kCompileDepth) {
      too_deep = true;
      return;
    }
    ++level;
    Level leave{level};
    const Node& x = nodes_[n];
    switch (x.op) {
      case Op::kConst:
        emit(Step::kPush, x.value);
        return pushed();
      case Op::kSlot:
        emit(Step::kLoad, x.value);
        return pushed();
      case Op::kNot:
        node(x.lhs);
        return emit(Step::kNot);
      case Op::kAnd:
      case Op::kOr:
      case Op::kImplies: {
        node(x.lhs);
        const std::size_t jump = program_.size();
        emit(x.op == Op::kAnd  ? Step::kAndJump
             : x.op == Op::kOr ? Step::kOrJump
                               : Step::kImpliesJump);
        --depth;  // when it does not jump, the left operand's value is popped
        node(x.rhs);
        // A comparison or a connective already leaves 0 or 1 (a chain of x' != x tests).
        if (!is_truth_value(nodes_[x.rhs].op)) emit(Step::kTruth);
        program_[jump].target = static_cast<std::int32_t>(program_.size());
        return;
      }
      default:
        break;
    }
    if (x.op == Op::kEq || x.op == Op::kNe) {
      const bool eq = x.op == Op::kEq;
      const Node& l = nodes_[x.lhs];
      const Node& r = nodes_[x.rhs];
      if (l.op == Op::kSlot && r.op == Op::kConst) {
        emit(eq ? Step::kLoadEqPush : Step::kLoadNePush, l.value, r.value);
        return pushed();
      }
      if (l.op == Op::kConst && r.op == Op::kSlot) {
        emit(eq ? Step::kLoadEqPush : Step::kLoadNePush, r.value, l.value);
        return pushed();
      }
      if (l.op == Op::kSlot && r.op == Op::kSlot) {
        emit(eq ? Step::kLoadEqLoad : Step::kLoadNeLoad, l.value, r.value);
        return pushed();
      }
    }
    node(x.lhs);
    node(x.rhs);
    emit(static_cast<Step::Code>(Step::kEq + (static_cast<int>(x.op) - static_cast<int>(Op::kEq))));
    --depth;  // two operands in, one value out
  };
  node(root_);
  if (too_deep || deepest > kProgramStack) program_.clear();
}

std::vector<std::int32_t> Expr::top_conjuncts() const {
  std::vector<std::int32_t> conjuncts;
  std::vector<std::int32_t> pending{root_};
  while (!pending.empty()) {
    const std::int32_t n = pending.back();
    pending.pop_back();
    const Node& x = nodes_[static_cast<std::size_t>(n)];
    if (x.op == Op::kAnd) {
      pending.push_back(x.rhs);
      pending.push_back(x.lhs);
    } else {
      conjuncts.push_back(n);
    }
  }
  return conjuncts;
}

Expr Expr::without_conjuncts(const std::vector<std::int32_t>& known_true) const {
  // The conjuncts left, left to right, so that they short-circuit in the same order.
  std::vector<std::int32_t> kept;
  for (std::int32_t n : top_conjuncts())
    if (std::find(known_true.begin(), known_true.end(), n) == known_true.end()) kept.push_back(n);
  Expr out = *this;
  out.implications_.clear();  // another root: premises() would speak of the old one
  auto add = [&out](Node node) {
    out.nodes_.push_back(node);
    return static_cast<std::int32_t>(out.nodes_.size() - 1);
  };
  out.root_ = kept.empty() ? add({Op::kConst, 1}) : kept.front();
  for (std::size_t k = 1; k < kept.size(); ++k) out.root_ = add({Op::kAnd, 0, out.root_, kept[k]});
  out.compile();
  return out;
}

namespace {

// The subtree under `root` of `from`, copied to the end of `to` and renumbered: its new
// root. Walked without recursion (a tree may be as deep as the parser allows).
std::int32_t copy_subtree(const std::vector<Expr::Node>& from, std::int32_t root,
                          std::vector<Expr::Node>& to) {
  std::unordered_map<std::int32_t, std::int32_t> copied;
  std::vector<std::pair<std::int32_t, bool>> pending{{root, false}};  // (node, children done)
  while (!pending.empty()) {
    auto [n, children_done] = pending.back();
    pending.pop_back();
    if (copied.contains(n)) continue;
    const Expr::Node& x = from[static_cast<std::size_t>(n)];
    if (!children_done) {
      pending.emplace_back(n, true);
      for (std::int32_t child : {x.rhs, x.lhs})
        if (child >= 0 && !copied.contains(child)) pending.emplace_back(child, false);
      continue;
    }
    Expr::Node y = x;
    if (y.lhs >= 0) y.lhs = copied.at(y.lhs);
    if (y.rhs >= 0) y.rhs = copied.at(y.rhs);
    to.push_back(y);
    copied.emplace(n, static_cast<std::int32_t>(to.size() - 1));
  }
  return copied.at(root);
}

}  // namespace

std::vector<Expr> Expr::premises() const {
  auto written = [this](std::int32_t n) -> const std::string* {
    if (nodes_[static_cast<std::size_t>(n)].op != Op::kImplies) return nullptr;
    for (const auto& [node, text] : implications_)
      if (node == n) return &text;
    return nullptr;
  };
  std::vector<Expr> out;
  for (std::int32_t n : top_conjuncts()) {
    if (!written(n)) continue;  // asserts no implication of its own
    // Only the premise's own nodes: a conjunct of a large expression is not a copy of it.
    Expr premise;
    std::size_t parts = 0;
    // P1 -> (P2 -> Q): the premise is P1 && P2.
    for (std::int32_t at = n; const std::string* text = written(at);) {
      const Node& arrow = nodes_[static_cast<std::size_t>(at)];
      const std::int32_t part = copy_subtree(nodes_, arrow.lhs, premise.nodes_);
      if (parts == 0) {
        premise.root_ = part;
        premise.text_ = *text;
      } else {
        premise.nodes_.push_back({Op::kAnd, 0, premise.root_, part});
        premise.root_ = static_cast<std::int32_t>(premise.nodes_.size() - 1);
        premise.text_ = parts == 1 ? fmt::format("({}) && ({})", premise.text_, *text)
                                   : fmt::format("{} && ({})", premise.text_, *text);
      }
      ++parts;
      at = arrow.rhs;
    }
    premise.compile();
    out.push_back(std::move(premise));
  }
  return out;
}

Value Expr::eval(const Value* s) const {
  return program_.empty() ? eval_node(root_, s) : run_program(s);
}

// The same operations as eval_node, in the same 64-bit wrap-around arithmetic. One switch
// over every code, a pointer for the program counter and one for the stack: monitors run
// several programs on every step the engines take, and a second dispatch for the binary
// operators cost about a fifth of the time.
Value Expr::run_program(const Value* s) const {
  Value stack[kProgramStack];
  Value* sp = stack;  // one past the top value
  const Step* const first = program_.data();
  const Step* const end = first + program_.size();
  auto pop = [&sp] { return *--sp; };
  for (const Step* x = first; x != end; ++x) {
    switch (x->code) {
      case Step::kPush:
        *sp++ = x->value;
        break;
      case Step::kLoad:
        *sp++ = s[x->value];
        break;
      case Step::kLoadEqPush:
        *sp++ = s[x->value] == x->operand;
        break;
      case Step::kLoadNePush:
        *sp++ = s[x->value] != x->operand;
        break;
      case Step::kLoadEqLoad:
        *sp++ = s[x->value] == s[x->operand];
        break;
      case Step::kLoadNeLoad:
        *sp++ = s[x->value] != s[x->operand];
        break;
      case Step::kNot:
        sp[-1] = !sp[-1];
        break;
      case Step::kTruth:
        sp[-1] = sp[-1] != 0;
        break;
      // A jump lands on its target: the loop's ++x takes it from the step before.
      case Step::kAndJump:
        if (sp[-1] == 0)
          x = first + x->target - 1;
        else
          --sp;
        break;
      case Step::kOrJump:
        if (sp[-1] != 0) {
          sp[-1] = 1;
          x = first + x->target - 1;
        } else {
          --sp;
        }
        break;
      case Step::kImpliesJump:
        if (sp[-1] == 0) {
          sp[-1] = 1;
          x = first + x->target - 1;
        } else {
          --sp;
        }
        break;
      case Step::kEq: {
        const Value b = pop();
        sp[-1] = sp[-1] == b;
        break;
      }
      case Step::kNe: {
        const Value b = pop();
        sp[-1] = sp[-1] != b;
        break;
      }
      case Step::kLt: {
        const Value b = pop();
        sp[-1] = sp[-1] < b;
        break;
      }
      case Step::kLe: {
        const Value b = pop();
        sp[-1] = sp[-1] <= b;
        break;
      }
      case Step::kGt: {
        const Value b = pop();
        sp[-1] = sp[-1] > b;
        break;
      }
      case Step::kGe: {
        const Value b = pop();
        sp[-1] = sp[-1] >= b;
        break;
      }
      case Step::kAdd: {
        const Value b = pop();
        sp[-1] = wrap(bits(sp[-1]) + bits(b));
        break;
      }
      case Step::kSub: {
        const Value b = pop();
        sp[-1] = wrap(bits(sp[-1]) - bits(b));
        break;
      }
      case Step::kMul: {
        const Value b = pop();
        sp[-1] = wrap(bits(sp[-1]) * bits(b));
        break;
      }
      case Step::kDiv: {
        const Value b = pop();
        Value& a = sp[-1];
        a = b == 0 ? 0 : b == -1 ? wrap(0 - bits(a)) : a / b;
        break;
      }
      case Step::kMod: {
        const Value b = pop();
        Value& a = sp[-1];
        a = b == 0 || b == -1 ? 0 : a % b;
        break;
      }
      case Step::kMax: {
        const Value b = pop();
        sp[-1] = std::max(sp[-1], b);
        break;
      }
      case Step::kMin: {
        const Value b = pop();
        sp[-1] = std::min(sp[-1], b);
        break;
      }
    }
  }
  return stack[0];
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
