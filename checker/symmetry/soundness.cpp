#include "checker/symmetry/soundness.hpp"

#include <algorithm>
#include <functional>
#include <set>

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

std::string join_names(const std::vector<std::string>& names) {
  return names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", "));
}

std::string variables_text(const MachineType& m) {
  std::vector<std::string> vars;
  for (const VariableSpec& v : m.variables())
    vars.push_back(fmt::format("{} 0..{}{}", v.name, v.max, v.timer ? " (timer)" : ""));
  return join_names(vars);
}

std::string end_states_text(const MachineType& m) {
  std::vector<std::string> ends;
  for (Value e : m.end_states()) ends.push_back(m.state_names().at(static_cast<std::size_t>(e)));
  return join_names(ends);
}

std::string events_text(const MachineType& m, const std::vector<std::size_t>& offered) {
  std::vector<std::string> events;
  for (std::size_t e : offered) events.push_back(m.env_events().at(e).name);
  return join_names(events);
}

// How member `to` is not built as member `from`, or empty.
std::string how_built_otherwise(const MemberSymmetry::ActorInfo& from,
                                const MemberSymmetry::ActorInfo& to) {
  const MachineType& a = *from.machine;
  const MachineType& b = *to.machine;
  auto differ = [&](const char* what, const std::string& theirs, const std::string& ours) {
    return fmt::format("its {} are {} where {}'s are {}", what, theirs, from.name, ours);
  };
  if (a.state_names() != b.state_names())
    return differ("control states", join_names(b.state_names()), join_names(a.state_names()));
  if (!same_variables(a, b)) return differ("variables", variables_text(b), variables_text(a));
  if (a.end_states() != b.end_states())
    return differ("end states", end_states_text(b), end_states_text(a));
  if (a.codec().count() != b.codec().count())
    return fmt::format("its messages are numbered 0..{} where {}'s are 0..{}",
                       b.codec().count() - 1, from.name, a.codec().count() - 1);
  if (from.env_events != to.env_events)
    return differ("environment events", events_text(b, to.env_events),
                  events_text(a, from.env_events));
  return {};
}

// "holder=0", "state WAITING": the parts of `local` (its control state, its variables)
// that differ from `other`'s.
std::string differing_parts(const MachineType& m, const std::vector<Value>& local,
                            const std::vector<Value>& other) {
  std::vector<std::string> parts;
  if (local[0] != other[0])
    parts.push_back("state " + m.state_names().at(static_cast<std::size_t>(local[0])));
  for (std::size_t i = 0; i < m.variables().size(); ++i)
    if (local[i + 1] != other[i + 1])
      parts.push_back(fmt::format("{}={}", m.variables()[i].name, local[i + 1]));
  return join_names(parts);
}

// For an actor that is no member, whose initial state a renaming moves (`moved`): when
// one variable is to blame, a value of it that makes the initial state one no generator
// moves, as "holder=3"; else empty.
std::string unmoved_start(const MemberSymmetry& s, const MachineType& m,
                          const std::vector<Value>& initial, const std::vector<Value>& moved) {
  constexpr Value kMaxTried = 1 << 12;
  std::size_t blamed = 0;
  for (std::size_t k = 0; k < initial.size(); ++k)
    if (initial[k] != moved[k]) {
      if (blamed != 0 || k == 0) return {};
      blamed = k;
    }
  if (blamed == 0) return {};
  const VariableSpec& var = m.variables()[blamed - 1];
  std::vector<Value> local = initial;
  for (Value v = 0; v <= std::min(var.max, kMaxTried); ++v) {
    local[blamed] = v;
    bool fixed = true;
    for (const MemberPermutation& p : s.generators())
      fixed = fixed && permuted_local(m, local, p) == local;
    if (fixed) return fmt::format("{}={}", var.name, v);
  }
  return {};
}

// A renaming must leave the initial state as it is: it maps each actor's initial local
// state to the renamed actor's (an actor that is no member: to its own).
void check_initial(const MemberSymmetry& s, const MemberSymmetry::ActorInfo& from,
                   const MemberSymmetry::ActorInfo& to, const MemberPermutation& p) {
  const MachineType& a = *from.machine;
  const std::vector<Value> initial = a.initial_local();
  const std::vector<Value> renamed = permuted_local(a, initial, p);
  const std::vector<Value> theirs = to.machine->initial_local();
  if (renamed == theirs) return;
  if (from.member < 0) {
    const std::string fix = unmoved_start(s, a, initial, renamed);
    throw InputError(fmt::format(
        "symmetry over {0}: {1}'s initial state names a member of {0}: it starts with {2}, "
        "which renaming {3} makes {4} (its permute hook), so the members do not start alike; "
        "{5}, or check without --symmetry",
        s.array(), from.name, differing_parts(a, initial, renamed), renaming_text(s, p),
        differing_parts(a, renamed, initial),
        fix.empty() ? "start it naming no member (with values its permute hook leaves as they "
                      "are under every renaming, such as one past the last member)"
                    : "start it with " + fix + ", which no renaming moves"));
  }
  throw InputError(fmt::format(
      "symmetry over {}: {} starts with {} where {} renamed by {} starts with {}, so the members "
      "do not start alike; build them alike (what names a member renamed by a permute hook), or "
      "check without --symmetry",
      s.array(), to.name, differing_parts(a, theirs, renamed), from.name, renaming_text(s, p),
      differing_parts(a, renamed, theirs)));
}

// Actor `from` (machine a) renamed by p must be actor `to` (machine b). With `sendable`,
// adds each message a sends on some input from some local state its declarations allow.
void compare_actors(const MemberSymmetry& s, const MemberSymmetry::ActorInfo& from,
                    const MemberSymmetry::ActorInfo& to, const MemberPermutation& p,
                    std::set<Value>* sendable) {
  const MachineType& a = *from.machine;
  const MachineType& b = *to.machine;
  const std::string what = "symmetry over " + s.array() + ": ";
  if (const std::string otherwise = how_built_otherwise(from, to); !otherwise.empty())
    throw InputError(
        fmt::format("{}{} runs another machine than {}: {}; the members must run the same machine",
                    what, to.name, from.name, otherwise));
  check_initial(s, from, to, p);
  if (local_state_count(a) > kMaxEnumeratedLocals)
    throw InputError(fmt::format(
        "{}{} has {:.0f} local states, too many to check that the renaming maps its steps to "
        "steps (at most {:.0f})",
        what, from.name, local_state_count(a), kMaxEnumeratedLocals));
  auto check = [&](bool env, Value input, const std::vector<Value>& local) {
    const Outcome own = fire(a, env, input, local);
    if (sendable) sendable->insert(own.sent.begin(), own.sent.end());
    Outcome expected = renamed(a, own, p);
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
        outcome_text(a, own), to.name, local_text(b, renamed_local),
        env ? in : "rcv " + b.codec().print(renamed_input), outcome_text(b, expected),
        outcome_text(b, actual)));
  };
  for_each_local(a, [&](const std::vector<Value>& local) {
    for (std::size_t e : from.env_events) check(true, static_cast<Value>(e), local);
    for (Value m = 0; m < a.codec().count(); ++m) check(false, m, local);
  });
}

// The messages each actor can send (compare_actors' `sendable`), closed under the
// generators: with actor A sending m, actor p(A) sends p(m) (renamed by A's codec), so a
// renaming composed of generators meets only checked messages on the way.
void close_under_renaming(const MemberSymmetry& s, std::vector<std::set<Value>>& sendable) {
  const auto& actors = s.actors();
  std::vector<std::pair<std::size_t, Value>> todo;
  for (std::size_t a = 0; a < actors.size(); ++a)
    for (Value m : sendable[a]) todo.emplace_back(a, m);
  while (!todo.empty()) {
    const auto [a, m] = todo.back();
    todo.pop_back();
    for (const MemberPermutation& p : s.generators()) {
      const int member = actors[a].member;
      const std::size_t to = member < 0 ? a : s.member_actors()[p(member)];
      const Value renamed = permuted_message(actors[a].machine->codec(), m, p);
      if (sendable[to].insert(renamed).second) todo.emplace_back(to, renamed);
    }
  }
}

// A message's port must lead to the renamed member (or stay, for a port to another actor).
// Only the messages the actor can send are checked (`sendable`): one it sends from no
// local state its declarations allow, on no input, is never on its channels, so its port
// is never asked for (a port() written for the messages an actor sends, 0 for the others,
// was refused over a message it never sends).
void check_ports(const MemberSymmetry& s, const MemberSymmetry::ActorInfo& actor,
                 const MemberPermutation& p, const std::set<Value>& sendable) {
  const MessageCodec& codec = actor.machine->codec();
  if (!codec.has_ports()) return;
  // " (to client[1])" for a port to a member.
  auto to = [&](std::size_t k) -> std::string {
    if (k >= actor.ports.size() || actor.ports[k] < 0) return {};
    return " (to " + s.actors()[s.member_actors()[actor.ports[k]]].name + ")";
  };
  for (Value m : sendable) {
    std::optional<std::size_t> port = codec.port(m);
    const Value renamed = permuted_message(codec, m, p);
    std::optional<std::size_t> renamed_port = codec.port(renamed);
    if (!port || *port >= actor.ports.size()) continue;  // refused when sent (System::link_of)
    int member = actor.ports[*port];
    bool ok = renamed_port && *renamed_port < actor.ports.size() &&
              (member < 0 ? *renamed_port == *port : actor.ports[*renamed_port] == p(member));
    if (ok) continue;
    throw InputError(fmt::format(
        "symmetry over {}: {} sends {} on port {}{}; renamed by {} it should {}, but {} {}; a "
        "message's port must follow the member it names (give its messages a permute hook, and "
        "a port() that reads the member they name)",
        s.array(), actor.name, codec.print(m), *port, to(*port), renaming_text(s, p),
        member < 0 ? fmt::format("stay on port {}", *port)
                   : "go to " + s.actors()[s.member_actors()[p(member)]].name,
        codec.print(renamed),
        renamed_port ? fmt::format("goes on port {}{}", *renamed_port, to(*renamed_port))
                     : std::string("has no port")));
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
  auto renamed_actor = [&](std::size_t a, const MemberPermutation& p) -> const auto& {
    const int member = actors[a].member;
    return member < 0 ? actors[a] : actors[s.member_actors()[p(member)]];
  };
  std::vector<std::set<Value>> sendable(actors.size());
  const auto& generators = s.generators();
  for (std::size_t g = 0; g < generators.size(); ++g)
    for (std::size_t a = 0; a < actors.size(); ++a)
      compare_actors(s, actors[a], renamed_actor(a, generators[g]), generators[g],
                     g == 0 ? &sendable[a] : nullptr);
  close_under_renaming(s, sendable);
  for (const MemberPermutation& p : generators)
    for (std::size_t a = 0; a < actors.size(); ++a) {
      check_ports(s, actors[a], p, sendable[a]);
      check_timers(s, actors[a], p);
    }
}

std::optional<RenamingFault> renaming_fault(const MemberSymmetry& s, const Expr& e) {
  const std::vector<std::size_t> read = e.slots_read();
  for (std::size_t slot : read)
    if (s.slot_role(slot) == MemberSymmetry::SlotRole::kChanged) return RenamingFault{slot, false};
  const std::string original = normal_form(e, e.root(), [](std::size_t k) { return k; });
  for (const MemberPermutation& p : s.generators()) {
    auto rename = [&](std::size_t k) { return s.renamed_slot(k, p); };
    if (normal_form(e, e.root(), rename) == original) continue;
    // Only a moved slot can make the renamed expression another.
    auto moved = std::find_if(read.begin(), read.end(), [&](std::size_t slot) {
      return s.slot_role(slot) == MemberSymmetry::SlotRole::kRenamed;
    });
    return RenamingFault{moved == read.end() ? read.front() : *moved, true};
  }
  return std::nullopt;
}

void check_property_symmetric(const MemberSymmetry& s, const PropertySpec& property) {
  if (property.expression.empty()) return;  // the declared ends: alike for alike members
  const Layout& layout = s.system().layout();
  const std::optional<RenamingFault> fault =
      renaming_fault(s, Expr::parse(property.expression, layout));
  if (!fault) return;
  const std::string& named = layout.slot(fault->slot).name;
  if (!fault->moved)
    throw InputError(
        fmt::format("symmetry over {}: property {} reads {}, which renaming the members changes (a "
                    "member's channel, or a variable naming members); check it without --symmetry",
                    s.array(), property.name, named));
  throw InputError(fmt::format(
      "symmetry over {0}: property {1} tells the members apart (it reads {2}); quantify over "
      "the array instead (forall r in {0}: ...) or check it without --symmetry",
      s.array(), property.name, named));
}

}  // namespace synack::checker
