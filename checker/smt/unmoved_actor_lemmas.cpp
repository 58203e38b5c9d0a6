#include "checker/smt/unmoved_actor_lemmas.hpp"

#include "checker/smt/control_state.hpp"

#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <utility>

namespace synack::checker::smt {
namespace {

// A channel among the system's variables: its presence flags ("s2r[0].present", ...) and,
// per field, that field's variable at each position ("bit": s2r[0].bit, s2r[1].bit), for
// the fields no position has as a constant.
struct ChannelVars {
  std::string name;
  std::vector<std::size_t> flags;
  std::map<std::string, std::vector<std::size_t>> fields;
};

std::vector<ChannelVars> channels_of(const std::vector<SmtVar>& vars, std::size_t n) {
  static const std::regex position(R"((.*)\[[0-9]+\]\.(.*))");
  std::map<std::string, ChannelVars> by_channel;
  std::smatch m;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::regex_match(vars[i].name, m, position)) continue;
    ChannelVars& c = by_channel[m[1].str()];
    if (m[2].str() == "present")
      c.flags.push_back(i);
    else
      c.fields[m[2].str()].push_back(i);
  }
  std::vector<ChannelVars> out;
  for (auto& [name, c] : by_channel) {
    c.name = name;
    std::erase_if(c.fields, [&](const auto& f) { return f.second.size() != c.flags.size(); });
    out.push_back(std::move(c));
  }
  return out;
}

// A field of a message in a channel position ("r2s[0].bit"), and the product's flag "the
// saved message at that position was delivered since the save" (fair links only).
struct SavedField {
  std::size_t field, delivered;
};

std::vector<SavedField> saved_message_fields(const std::vector<SmtVar>& vars, std::size_t n) {
  static const std::regex field(R"(((.*)\[[0-9]+\])\.(.*))");
  std::map<std::string, std::size_t> flags;
  for (std::size_t i = n; i < vars.size(); ++i) flags.emplace(vars[i].name, i);
  std::vector<SavedField> out;
  std::smatch m;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::regex_match(vars[i].name, m, field) || m[3].str() == "present") continue;
    auto flag = flags.find("fair.delivered(saved " + m[1].str() + ")");
    if (flag != flags.end()) out.push_back({i, flag->second});
  }
  return out;
}

// The product's flag "the saved message at this channel position was delivered since the
// save", for a presence flag ("s2r[0].present"); none for a link without fair loss.
std::optional<std::size_t> delivered_flag(const std::vector<SmtVar>& vars, std::size_t present,
                                          std::size_t n) {
  const std::string& name = vars[present].name;
  std::string position = name.substr(0, name.size() - std::string(".present").size());
  for (std::size_t i = n; i < vars.size(); ++i)
    if (vars[i].name == "fair.delivered(saved " + position + ")") return i;
  return std::nullopt;
}

// The system's variables by actor: the prefix before the first '.', channels left out.
std::map<std::string, std::vector<std::size_t>> variables_by_actor(const std::vector<SmtVar>& vars,
                                                                   std::size_t n) {
  std::map<std::string, std::vector<std::size_t>> out;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& name = vars[i].name;
    std::size_t dot = name.find('.');
    if (dot == std::string::npos || name.find('[') < dot) continue;
    out[name.substr(0, dot)].push_back(i);
  }
  return out;
}

}  // namespace

// Matching messages are proposed only where the unmoved variable, the field and the
// actor's variable each have at most this many values (a bit, a message counter): with
// TCP's sequence numbers (8 values and up) too, tcp/handshake-loss had 12,660 templates
// (capacity 1), and 4,740 with the fields and variables alone restricted.
constexpr std::int64_t kMatchingValues = 4;

namespace {

bool small(const SmtVar& v) {
  return v.hi - v.lo < kMatchingValues;
}

// Under "position (g = v), y and x unmoved" (both the actor's small variables): per field
// name F of y's declared range (as for the matching messages), the messages of every channel with a
// field F that differ from y (or equal it) are no more than in the copy, all channels together;
// and, per fair link L, no more once one counts "a message was delivered on L since the save". A
// message the unmoved actor answers without moving is one it did not send (a stale ACK to a waiting
// sender): what is in flight may turn into it across channels (a stale frame into a stale ACK), but
// not grow, and a delivery on L used one up. So a loop whose only deliveries would move the actor
// (ARQ's sender waiting for its ACK, with nothing stale at the save) cannot meet L's fairness.
// An actor with a control state is unmoved only if it was in the same position at the save
// too. Without it, stop-and-wait with three messages was not k-inductive (k <= 8): the
// counterexample to induction was a loop saved with the sender waiting, nothing stale in
// flight and the delivered flag of r2s met, which this count rules out, but Houdini had
// dropped it; the likely reason (inferred, not read off Houdini's model) is a READY sender
// that discards a leftover ACK of message n - 2 (its bit is the current one, so it is not
// counted as stale), then sends and waits with the saved bit and number. With the
// condition, k-induction proves it at k = 3.
std::vector<Candidate> stale_across_channels(const LivenessToSafety& product,
                                             const std::vector<ChannelVars>& channels,
                                             const std::vector<std::size_t>& members,
                                             std::optional<std::size_t> control, std::size_t g,
                                             std::int64_t v) {
  const auto& vars = product.state_vars();
  const std::size_t n = static_cast<std::size_t>(product.system_state_count());
  auto copy = [&](std::size_t i) { return product.copy_index(i); };
  std::map<std::string, std::size_t> flags;  // the product's flags by name
  for (std::size_t i = n; i < vars.size(); ++i) flags.emplace(vars[i].name, i);
  std::set<std::string> names;
  for (const ChannelVars& channel : channels)
    for (const auto& [name, at] : channel.fields) names.insert(name);
  std::vector<Candidate> out;
  for (std::size_t y : members) {
    if (y == control || !small(vars[y])) continue;
    for (std::size_t x : members) {
      // A second condition only with a counter (more than two values: ARQ's message
      // number), not a flag: tcp/handshake-loss had 7,176 templates at capacity 1 with
      // every small variable.
      if (x == control || !small(vars[x]) || (x != y && vars[x].hi - vars[x].lo < 2)) continue;
      std::vector<std::pair<std::size_t, std::size_t>> equal{{y, copy(y)}};
      if (x != y) equal.emplace_back(x, copy(x));
      if (control) equal.emplace_back(*control, copy(*control));
      for (const std::string& name : names) {
        Candidate stale{};
        stale.kind = Candidate::kFlightCount;
        bool with_field = false;
        for (const ChannelVars& channel : channels) {
          auto field = channel.fields.find(name);
          if (field == channel.fields.end()) continue;
          const SmtVar& f = vars[field->second.front()];
          if (f.lo != vars[y].lo || f.hi != vars[y].hi) continue;
          with_field = true;
          for (std::size_t p = 0; p < field->second.size(); ++p) {
            stale.sum.push_back(channel.flags[p]);
            stale.sum_if_differ.emplace_back(field->second[p], y);
            stale.minus.push_back(copy(channel.flags[p]));
            stale.minus_if_differ.emplace_back(copy(field->second[p]), copy(y));
          }
        }
        if (!with_field) continue;
        stale.lo = -static_cast<std::int64_t>(stale.minus.size());
        stale.hi = 0;
        for (bool if_equal : {false, true}) {
          stale.if_equal = if_equal;
          out.push_back(guarded_by(stale, g, v, equal));
          for (const ChannelVars& channel : channels) {
            auto delivered = flags.find("fair.delivered(" + channel.name + ")");
            if (delivered == flags.end()) continue;
            Candidate used = stale;
            used.sum.push_back(delivered->second);  // past the pairs: counted as it is
            out.push_back(guarded_by(std::move(used), g, v, equal));
          }
        }
      }
    }
  }
  return out;
}

}  // namespace

std::vector<Candidate> unmoved_actor_candidates(const LivenessToSafety& product) {
  const auto& vars = product.state_vars();
  const std::size_t n = static_cast<std::size_t>(product.system_state_count());
  const auto channels = channels_of(vars, n);
  const auto saved_fields = saved_message_fields(vars, n);
  auto copy = [&](std::size_t i) { return product.copy_index(i); };
  std::vector<Candidate> out;
  const auto by_actor = variables_by_actor(vars, n);
  for (const auto& [actor, members] : by_actor) {
    // The actor's positions: each value of its control state, or just "saved".
    std::optional<std::size_t> control;
    for (std::size_t i : members)
      if (is_control_state(vars[i])) control = i;
    std::vector<std::pair<std::size_t, std::int64_t>> positions;
    if (control)
      for (std::int64_t v = vars[*control].lo; v <= vars[*control].hi; ++v)
        positions.emplace_back(*control, v);
    else
      positions.emplace_back(product.saved_index(), 1);
    for (const auto& [g, v] : positions) {
      for (Candidate& c : stale_across_channels(product, channels, members, control, g, v))
        out.push_back(std::move(c));
    }
    for (std::size_t x : members) {
      if (x == control) continue;
      for (const auto& [g, v] : positions) {
        const std::pair<std::size_t, std::size_t> unmoved{x, copy(x)};
        if (control) out.push_back(guarded_by(exactly(copy(g), v), g, v, {unmoved}));
        for (const ChannelVars& channel : channels) {
          const std::vector<std::size_t>& flags = channel.flags;
          Candidate fewer{};
          fewer.kind = Candidate::kFlightCount;
          fewer.sum = flags;
          for (std::size_t f : flags) fewer.minus.push_back(copy(f));
          fewer.lo = -static_cast<std::int64_t>(flags.size());
          fewer.hi = 0;
          out.push_back(guarded_by(fewer, g, v, {unmoved}));
          // One fewer again once the saved message at p is delivered.
          for (std::size_t p = 0; p < flags.size(); ++p) {
            auto delivered = delivered_flag(vars, flags[p], n);
            if (!delivered) continue;
            Candidate gone = fewer;
            gone.sum.push_back(*delivered);
            out.push_back(guarded_by(std::move(gone), g, v, {unmoved}));
          }
        }
        if (vars[x].hi - vars[x].lo >= kMatchingValues) continue;
        for (const SavedField& m : saved_fields)
          for (std::size_t y : members)
            if (y != control && vars[y].lo == vars[m.field].lo && vars[y].hi == vars[m.field].hi &&
                vars[y].hi - vars[y].lo < kMatchingValues)
              out.push_back(
                  guarded_by(exactly(m.delivered, 0), g, v, {unmoved, {copy(m.field), copy(y)}}));
      }
    }
  }
  return out;
}

}  // namespace synack::checker::smt
