// The actors' part of a symbolic step: an actor fires, and what it emits is routed as
// System::route and System::pass route it. A layered host is a TLS machine above a TCP
// endpoint used as its socket (or an endpoint whose application is only a socket, as in
// TCP Fast Open): an upper layer's message is a write into the layer below, and what the
// socket hands up reaches the upper layer within the same step, message by message.
#include <algorithm>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "checker/smt/system_encoding_step.hpp"

namespace synack::checker::smt {

std::vector<SymInt> SystemEncoding::Step::local(std::size_t actor) const {
  std::size_t base = e_.actor_base_[actor];
  std::size_t n = e_.sys_.actors_[actor].machine->local_size();
  return {s_.begin() + static_cast<std::ptrdiff_t>(base),
          s_.begin() + static_cast<std::ptrdiff_t>(base + n)};
}

bool SystemEncoding::Step::env(std::size_t actor, std::size_t event) {
  SymFiring f = as_actor(actor, [&] { return machine(actor).fire_env(event, local(actor)); });
  return f.fired && take(actor, f);
}

bool SystemEncoding::Step::deliver(std::size_t link, int k) {
  if (!deliverable(link, k)) return false;
  SymMessage m(s_.begin() + static_cast<std::ptrdiff_t>(slot(link, k) + 1),
               s_.begin() + static_cast<std::ptrdiff_t>(slot(link, k) + ch(link).stride()));
  remove(link, k);
  std::size_t to = e_.sys_.links_[link].to;
  SymFiring f = as_actor(to, [&] { return machine(to).fire_message(m, local(to)); });
  // As the explicit engine folds it: on a lossy channel, a discarded delivery is the
  // loss of the message (the lose group); on a reliable one, a step of its own. Liveness
  // sees it as a delivery on every channel (fair loss counts it: the message arrived).
  if (!f.fired) return e_.liveness_steps_ || !policy(link).lossy;
  return take(to, f);
}

// The actor's new local state, then what it emitted, in order.
bool SystemEncoding::Step::take(std::size_t actor, const SymFiring& f) {
  std::copy(f.next.begin(), f.next.end(),
            s_.begin() + static_cast<std::ptrdiff_t>(e_.actor_base_[actor]));
  std::vector<Sent> sent;
  for (const SymMessage& m : f.sent) sent.emplace_back(true, m);
  return route(actor, sent);
}

// System::route: an upper layer's message is a write into the layer below; a socket's
// message that hands something up goes to the layer above (or, with none, to an
// application that takes it); any other goes on the actor's channel. Each message goes
// where it was sent: always, or (within a hand-up) under the condition that sent it.
bool SystemEncoding::Step::route(std::size_t actor, const std::vector<Sent>& sent) {
  const System::Actor& a = e_.sys_.actors_[actor];
  for (const auto& [when, m] : sent) {
    if (a.lower) {
      if (!pass(*a.lower, write_of(actor, m), when)) return false;
      continue;
    }
    SymbolicMachine::Handover up;
    if (a.socket) up = machine(actor).handover(m);
    // Concrete in every row that sends (machines/tcp/segment.hpp): no path per kind.
    std::int64_t kind = up.kind.concrete();
    if (kind == MessageCodec::Handover::kNone) {
      if (!send(actor, m, when)) return false;
      continue;
    }
    if (!a.upper) continue;
    if (kind == MessageCodec::Handover::kClosed) {
      Value closed = e_.sys_.actors_[*a.upper].machine->codec().count() - 1;
      if (!pass(*a.upper, upper_message(*a.upper, closed), when)) return false;
      continue;
    }
    if (!hand_up(*a.upper, up.messages, when)) return false;
  }
  return true;
}

// The messages of a delivered set, handed up one by one in the codec's order, each passed
// on the condition that it is in the set: a path per subset and per control state of the
// upper layer would multiply, message after message. A message no row of the upper layer
// takes, in any state, changes nothing: it is skipped.
bool SystemEncoding::Step::hand_up(std::size_t upper, const SymInt& messages, const SymBool& when) {
  Value count = e_.sys_.actors_[upper].machine->codec().count();
  // Bits past the set's range are not looked at: right while its variables keep their ranges.
  if (!messages.is_concrete()) messages.paths()->rely(messages.expr(messages.paths()->ctx()));
  auto states = static_cast<std::int64_t>(e_.sys_.actors_[upper].machine->state_names().size());
  for (Value bit = 0; bit < 32 && (std::int64_t{1} << bit) <= messages.hi(); ++bit) {
    if (bit >= count - 1)
      throw std::logic_error("a socket hands up a message its upper layer does not have");
    std::vector<std::int64_t> fields = machine(upper).fields_of(bit);
    bool taken = false;
    for (std::int64_t q = 0; q < states && !taken; ++q)
      taken = as_actor(upper, [&] { return machine(upper).has_row(fields, q); });
    if (!taken) continue;
    SymBool in_set = (messages & SymInt(std::int64_t{1} << bit)) != 0;
    if (!pass(upper, upper_message(upper, bit), when && in_set)) return false;
  }
  return true;
}

// System::pass: a message handed to another layer of the same host, inside the step. Passed
// always, the machine's rows run path by path as for any input; passed on a condition,
// they run as terms (SymbolicMachine::fire_merged), the local state unchanged where it fails.
bool SystemEncoding::Step::pass(std::size_t actor, const SymMessage& message, const SymBool& when) {
  if (when.is_concrete()) {
    if (!when.value()) return true;
    SymFiring f =
        as_actor(actor, [&] { return machine(actor).fire_message(message, local(actor)); });
    if (!f.fired) return true;
    return take(actor, f);
  }
  SymMerged f =
      as_actor(actor, [&] { return machine(actor).fire_merged(message, local(actor), when); });
  std::copy(f.next.begin(), f.next.end(),
            s_.begin() + static_cast<std::ptrdiff_t>(e_.actor_base_[actor]));
  return route(actor, f.sent);
}

// System::push: a full reliable channel blocks the step; a lossy one drops the message.
// With ports the message goes to the channel its port names (System::link_of).
bool SystemEncoding::Step::send(std::size_t actor, const SymMessage& m, const SymBool& when) {
  const System::Actor& a = e_.sys_.actors_[actor];
  const auto& out = a.outgoing;
  if (out.empty()) throw Unsupported(a.name + " sends but has no channel");
  if (!a.machine->codec().has_ports()) {
    SymBool placed = push(out[0], m, when);
    return policy(out[0]).lossy || bool(placed || !when);
  }
  SymInt port = as_actor(actor, [&] { return machine(actor).port(m); });
  // Only the ports in its range get a channel: right while its variables keep their ranges.
  if (!port.is_concrete()) port.paths()->rely(port.expr(port.paths()->ctx()));
  // A port past the channels is a user's mistake the explicit engine reports; here it
  // would match no channel and the message would vanish, so a `holds` could hide it. The
  // encoding therefore needs every port a message can name to have a channel.
  if (port.lo() < 0 || port.hi() >= static_cast<std::int64_t>(out.size()))
    throw Unsupported(fmt::format(
        "{}'s messages can name ports {}..{} but it has {} channel(s): the Z3 engines route by "
        "port only when every port has one (the explicit engine reports the message that does "
        "not)",
        a.name, port.lo(), port.hi(), out.size()));
  bool ok = true;
  for (std::size_t k = 0; k < out.size(); ++k) {
    SymBool here = when && port == SymInt(static_cast<std::int64_t>(k));
    SymBool placed = push(out[k], m, here);
    ok = ok && (policy(out[k]).lossy || bool(placed || !here));
  }
  return ok;
}

// The lower layer's write of an upper message, by the codecs themselves. An upper layer
// writes messages it names by constants: their fields are concrete (else one path each).
SymMessage SystemEncoding::Step::write_of(std::size_t upper, const SymMessage& m) const {
  std::vector<std::int64_t> fields;
  for (const SymInt& f : m) fields.push_back(f.concrete());
  std::size_t lower = *e_.sys_.actors_[upper].lower;
  std::optional<Value> write =
      e_.sys_.actors_[lower].machine->codec().write_of(machine(upper).message_of(fields));
  if (!write)
    throw std::logic_error(e_.sys_.actors_[upper].name +
                           " sent a message its lower layer cannot carry");
  std::vector<std::int64_t> out = machine(lower).fields_of(*write);
  return {out.begin(), out.end()};
}

SymMessage SystemEncoding::Step::upper_message(std::size_t upper, Value message) const {
  std::vector<std::int64_t> fields = machine(upper).fields_of(message);
  return {fields.begin(), fields.end()};
}

}  // namespace synack::checker::smt
