#include "checker/symmetry/soundness.hpp"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/expr.hpp"
#include "checker/symmetry/local_states.hpp"

namespace synack::checker {

namespace {

// What one machine does on one input from one local state.
struct Outcome {
  bool threw = false;
  bool fired = false;
  std::vector<Value> next;
  std::vector<Value> sent;
  bool operator==(const Outcome&) const = default;
};

// Messages to different channels commute (each channel sees its own in order), so the
// messages a step sends are compared channel by channel: ordered by port, stably.
void order_by_port(const MessageCodec& codec, std::vector<Value>& sent) {
  if (!codec.has_ports()) return;
  std::stable_sort(sent.begin(), sent.end(), [&](Value a, Value b) {
    return codec.port(a).value_or(0) < codec.port(b).value_or(0);
  });
}

Outcome fire(const MachineType& m, bool env, Value input, const std::vector<Value>& local) {
  Outcome o;
  o.next.assign(m.local_size(), 0);
  Outbox out;
  try {
    Firing f = env ? m.fire_env(static_cast<std::size_t>(input), local.data(), o.next.data(), out)
                   : m.fire_message(input, local.data(), o.next.data(), out);
    o.fired = f.fired;
  } catch (const std::exception&) {
    o.threw = true;
  }
  if (!o.fired || o.threw) o.next.clear();
  if (o.fired) o.sent.assign(out.messages.begin(), out.messages.begin() + out.count);
  order_by_port(m.codec(), o.sent);
  return o;
}

std::vector<Value> permuted_local(const MachineType& m, const std::vector<Value>& local,
                                  const MemberPermutation& p) {
  std::vector<Value> out(local.size());
  m.permute_local(local.data(), out.data(), p);
  return out;
}

Value permuted_message(const MessageCodec& codec, Value message, const MemberPermutation& p) {
  return codec.permute(message, p).value_or(message);
}

// The outcome as the renamed actor should have it.
Outcome renamed(const MachineType& m, Outcome o, const MemberPermutation& p) {
  if (!o.next.empty()) o.next = permuted_local(m, o.next, p);
  for (Value& s : o.sent) s = permuted_message(m.codec(), s, p);
  order_by_port(m.codec(), o.sent);
  return o;
}

std::string local_text(const MachineType& m, const std::vector<Value>& local) {
  std::string text = m.state_names().at(static_cast<std::size_t>(local[0]));
  for (std::size_t i = 0; i < m.variables().size(); ++i)
    text += fmt::format(" {}={}", m.variables()[i].name, local[i + 1]);
  return text;
}

std::string outcome_text(const MachineType& m, const Outcome& o) {
  if (o.threw) return "fails";
  if (!o.fired) return "takes no step";
  std::vector<std::string> sent;
  for (Value s : o.sent) sent.push_back(m.codec().print(s));
  return fmt::format("steps to {}{}", local_text(m, o.next),
                     sent.empty() ? "" : fmt::format(" sending {}", fmt::join(sent, ", ")));
}

std::string renaming_text(const MemberSymmetry& s, const MemberPermutation& p) {
  std::vector<std::string> moves;
  for (std::size_t i = 0; i < s.members(); ++i)
    if (p(static_cast<int>(i)) != static_cast<int>(i))
      moves.push_back(
          fmt::format("{}[{}]->{}[{}]", s.array(), i, s.array(), p(static_cast<int>(i))));
  return fmt::format("{}", fmt::join(moves, " "));
}

bool same_variables(const MachineType& a, const MachineType& b) {
  return std::equal(a.variables().begin(), a.variables().end(), b.variables().begin(),
                    b.variables().end(), [](const VariableSpec& x, const VariableSpec& y) {
                      return x.name == y.name && x.max == y.max && x.timer == y.timer;
                    });
}

// Actor `from` (machine a) renamed by p must be actor `to` (machine b).
void compare_actors(const MemberSymmetry& s, const MemberSymmetry::ActorInfo& from,
                    const MemberSymmetry::ActorInfo& to, const MemberPermutation& p) {
  const MachineType& a = *from.machine;
  const MachineType& b = *to.machine;
  const std::string what = "symmetry over " + s.array() + ": ";
  if (a.state_names() != b.state_names() || a.local_size() != b.local_size() ||
      a.end_states() != b.end_states() || a.codec().count() != b.codec().count() ||
      from.env_events != to.env_events || !same_variables(a, b) ||
      permuted_local(a, a.initial_local(), p) != b.initial_local())
    throw InputError(what + to.name + " is not built as " + from.name +
                     " is (states, variables, end states, messages, events offered or initial "
                     "state differ); the members must run the same machine");
  if (local_state_count(a) > kMaxEnumeratedLocals)
    throw InputError(fmt::format(
        "{}{} has {:.0f} local states, too many to check that the renaming maps its steps to "
        "steps (at most {:.0f})",
        what, from.name, local_state_count(a), kMaxEnumeratedLocals));
  auto check = [&](bool env, Value input, const std::vector<Value>& local) {
    Outcome expected = renamed(a, fire(a, env, input, local), p);
    Value renamed_input = env ? input : permuted_message(a.codec(), input, p);
    std::vector<Value> renamed_local = permuted_local(a, local, p);
    Outcome actual = fire(b, env, renamed_input, renamed_local);
    if (actual == expected) return;
    std::string in = env ? a.env_events().at(static_cast<std::size_t>(input)).name
                         : "rcv " + a.codec().print(input);
    throw InputError(fmt::format(
        "{}renaming {} does not map {}'s steps to {}'s: in {} on {}, {} {}; renamed, {} in {} "
        "on {} should do likewise ({}) but {}; give what names members (messages, variables) "
        "a permute hook, or build the members alike",
        what, renaming_text(s, p), from.name, to.name, local_text(a, local), in, from.name,
        outcome_text(a, fire(a, env, input, local)), to.name, local_text(b, renamed_local),
        env ? in : "rcv " + b.codec().print(renamed_input), outcome_text(b, expected),
        outcome_text(b, actual)));
  };
  for_each_local(a, [&](const std::vector<Value>& local) {
    for (std::size_t e : from.env_events) check(true, static_cast<Value>(e), local);
    for (Value m = 0; m < a.codec().count(); ++m) check(false, m, local);
  });
}

// A message's port must lead to the renamed member (or stay, for a port to another actor).
void check_ports(const MemberSymmetry& s, const MemberSymmetry::ActorInfo& actor,
                 const MemberPermutation& p) {
  const MessageCodec& codec = actor.machine->codec();
  if (!codec.has_ports()) return;
  for (Value m = 0; m < codec.count(); ++m) {
    std::optional<std::size_t> port = codec.port(m);
    std::optional<std::size_t> renamed_port = codec.port(permuted_message(codec, m, p));
    if (!port || *port >= actor.ports.size()) continue;  // refused when sent (System::link_of)
    int member = actor.ports[*port];
    bool ok = renamed_port && *renamed_port < actor.ports.size() &&
              (member < 0 ? *renamed_port == *port : actor.ports[*renamed_port] == p(member));
    if (!ok)
      throw InputError(fmt::format(
          "symmetry over {}: {} sends {} on port {}, but renamed by {} it goes on another port "
          "than the renamed member's (give its messages a permute hook)",
          s.array(), actor.name, codec.print(m), *port, renaming_text(s, p)));
  }
}

// Timers count down together and block time when due (System::apply_tick): a hook may
// move a timer's value only to another timer.
void check_timers(const MemberSymmetry& s, const MemberSymmetry::ActorInfo& actor,
                  const MemberPermutation& p) {
  const MachineType& m = *actor.machine;
  if (!actor.local_hook) return;
  for (std::size_t i = 0; i < m.variables().size(); ++i) {
    if (!m.variables()[i].timer) continue;
    for_each_local(m, [&](const std::vector<Value>& local) {
      std::vector<Value> out = permuted_local(m, local, p);
      bool found = false;
      for (std::size_t j = 0; j < m.variables().size() && !found; ++j)
        found = m.variables()[j].timer && out[j + 1] == local[i + 1];
      if (!found)
        throw InputError(fmt::format(
            "symmetry over {}: {}'s permute hook changes the value of timer {}; it may only "
            "move timers",
            s.array(), actor.name, m.variables()[i].name));
    });
  }
}

// The expression as a string in which the operands of commutative, associative operators
// are flattened and sorted: equal strings mean equal functions of the state.
std::string normal_form(const Expr& e, std::int32_t n,
                        const std::function<std::size_t(std::size_t)>& slot) {
  const Expr::Node& node = e.nodes()[n];
  using Op = Expr::Op;
  switch (node.op) {
    case Op::kConst:
      return std::to_string(node.value);
    case Op::kSlot:
      return fmt::format("s{}", slot(static_cast<std::size_t>(node.value)));
    case Op::kNot:
      return "!(" + normal_form(e, node.lhs, slot) + ")";
    default:
      break;
  }
  const int op = static_cast<int>(node.op);
  bool associative = node.op == Op::kAnd || node.op == Op::kOr || node.op == Op::kAdd ||
                     node.op == Op::kMul || node.op == Op::kMax || node.op == Op::kMin;
  bool commutative = associative || node.op == Op::kEq || node.op == Op::kNe;
  std::vector<std::string> operands;
  std::function<void(std::int32_t)> gather = [&](std::int32_t k) {
    if (associative && e.nodes()[k].op == node.op) {
      gather(e.nodes()[k].lhs);
      gather(e.nodes()[k].rhs);
    } else {
      operands.push_back(normal_form(e, k, slot));
    }
  };
  if (associative) {
    gather(n);
  } else {
    operands = {normal_form(e, node.lhs, slot), normal_form(e, node.rhs, slot)};
  }
  if (commutative) std::sort(operands.begin(), operands.end());
  return fmt::format("{}({})", op, fmt::join(operands, ","));
}

}  // namespace

void check_machines_symmetric(const MemberSymmetry& s) {
  const auto& actors = s.actors();
  for (const MemberPermutation& p : s.generators())
    for (std::size_t a = 0; a < actors.size(); ++a) {
      const MemberSymmetry::ActorInfo& from = actors[a];
      const MemberSymmetry::ActorInfo& to =
          from.member < 0 ? from : actors[s.member_actors()[p(from.member)]];
      compare_actors(s, from, to, p);
      check_ports(s, from, p);
      check_timers(s, from, p);
    }
}

void check_property_symmetric(const MemberSymmetry& s, const PropertySpec& property) {
  if (property.expression.empty()) return;  // the declared ends: alike for alike members
  const Layout& layout = s.system().layout();
  Expr e = Expr::parse(property.expression, layout);
  for (std::size_t slot : e.slots_read())
    if (s.slot_role(slot) == MemberSymmetry::SlotRole::kChanged)
      throw InputError(fmt::format(
          "symmetry over {}: property {} reads {}, which renaming the members changes (a "
          "member's channel, or a variable naming members); check it without --symmetry",
          s.array(), property.name, layout.slot(slot).name));
  const std::string original = normal_form(e, e.root(), [](std::size_t k) { return k; });
  for (const MemberPermutation& p : s.generators()) {
    auto rename = [&](std::size_t k) { return s.renamed_slot(k, p); };
    if (normal_form(e, e.root(), rename) == original) continue;
    std::string named;
    for (std::size_t slot : e.slots_read())
      if (s.slot_role(slot) == MemberSymmetry::SlotRole::kRenamed && named.empty())
        named = layout.slot(slot).name;
    throw InputError(fmt::format(
        "symmetry over {0}: property {1} tells the members apart (it reads {2}); quantify over "
        "the array instead (forall r in {0}: ...) or check it without --symmetry",
        s.array(), property.name, named));
  }
}

}  // namespace synack::checker
