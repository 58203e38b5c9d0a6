// What the names in a property stand for (checker/expr_parser.hpp): slots, bound variables
// of quantifiers, arrays, value names and string patterns, and the errors that name the
// nearest valid ones.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/expr_parser.hpp"
#include "checker/suggest.hpp"

namespace synack::checker {

std::string ExprParser::substituted(const Token& t) const {
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

const ActorArray& ExprParser::find_array(const std::string& name) {
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

std::int32_t ExprParser::string_comparison(Expr::Op op, Operand& l, Operand& r) {
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
    // Offered in quotes, as the user is writing them: a learned model's names hold spaces
    // and commas, and would run together in a list.
    std::vector<std::string> quoted;
    for (const std::string& name : slot.value_names) quoted.push_back('"' + name + '"');
    std::string prefix =
        fmt::format("property '{}': no value of {} matches \"{}\"", text_, slot.name, t.text);
    throw InputError(
        fmt::format("{}; {}", prefix,
                    valid_names("its values", t.text, slot.value_names, quoted, kValuesShown)));
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

std::int32_t ExprParser::resolved(const Operand& o) {
  if (is_string(o))
    fail(*o.pending_name, "a string names values of a slot; compare it with a slot");
  if (o.pending_name) unknown_slot(*o.pending_name, o.pending_name->text);
  return o.node;
}

void ExprParser::resolve_pair(Operand& l, Operand& r) {
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

[[noreturn]] void ExprParser::unknown_slot(const Token& t, const std::string& name) const {
  // `sender.state == WAIT-ACK` reads as WAIT minus ACK: when the two names joined are a
  // value of some slot, say how to write it.
  if (t.pos >= 2 && t.pos <= text_.size() && text_[t.pos - 1] == '-') {
    std::size_t begin = t.pos - 1;
    while (begin > 0 &&
           (std::isalnum(static_cast<unsigned char>(text_[begin - 1])) || text_[begin - 1] == '_'))
      --begin;
    const std::string joined = std::string(text_.substr(begin, t.pos - 1 - begin)) + "-" + t.text;
    if (begin < t.pos - 1)
      for (const Slot& s : layout_.slots())
        if (auto v = s.value_named(joined)) {
          const std::string& value = s.value_names[static_cast<std::size_t>(*v)];
          std::string underscored = joined;
          std::replace(underscored.begin(), underscored.end(), '-', '_');
          throw InputError(fmt::format(
              "property '{}': {} reads as {} minus {}; write the value {} of {} as {} or "
              "\"{}\"",
              text_, joined, text_.substr(begin, t.pos - 1 - begin), t.text, value, s.name,
              underscored, value));
        }
  }
  std::vector<std::string> slots;
  for (const Slot& s : layout_.slots()) slots.push_back(s.name);
  std::string from = name == t.text ? "" : fmt::format(" (from {})", t.text);
  throw InputError(fmt::format("property '{}': unknown slot '{}'{}; {}", text_, name, from,
                               valid_names("slots", name, slots, kSlotsShown)));
}

[[noreturn]] void ExprParser::unknown_value(const Token& t, const Slot& s) const {
  // `step.message.payload` beside step.message.kind is a slot that does not exist (a
  // message field left out, a typo), not a value of the slot it is compared with.
  if (const std::size_t dot = t.text.rfind('.'); dot != std::string::npos) {
    const std::string owner = t.text.substr(0, dot + 1);
    for (const Slot& other : layout_.slots())
      if (other.name.starts_with(owner)) unknown_slot(t, t.text);
  }
  std::string prefix =
      fmt::format("property '{}': '{}' is not a value of {}", text_, t.text, s.name);
  if (s.value_names.empty()) throw InputError(prefix + "; its values: numbers");
  std::vector<std::string> typed;
  for (const std::string& name : s.value_names) typed.push_back(typed_value(name));
  throw InputError(fmt::format(
      "{}; {}", prefix, valid_names("its values", t.text, s.value_names, typed, kValuesShown)));
}

std::string ExprParser::typed_value(const std::string& value) const {
  std::string underscored = value;
  std::replace(underscored.begin(), underscored.end(), '-', '_');
  auto identifier_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  };
  const bool identifier = !underscored.empty() &&
                          !std::isdigit(static_cast<unsigned char>(underscored.front())) &&
                          std::all_of(underscored.begin(), underscored.end(), identifier_char);
  const bool reserved = underscored == "true" || underscored == "false" ||
                        underscored == "forall" || underscored == "exists" ||
                        underscored == "count" || slot_index_.contains(underscored);
  return identifier && !reserved ? underscored : '"' + value + '"';
}

}  // namespace synack::checker
