#include "checker/smt/channel_order_mining.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "checker/smt/control_state.hpp"

namespace synack::checker::smt {
namespace {

// A scope says something only with at least this many samples in it.
constexpr std::size_t kMinSamples = 2;
// A range of differences is proposed only where it is at most this share of the space
// (modular) or of what the two declared ranges allow (plain): wider says too little.
constexpr std::int64_t kWidthShare = 4;

// The variables of one position of a channel: its presence flag, its kinds (discrete
// fields) and its numbers, by field name.
struct ChannelPosition {
  std::optional<std::size_t> present;
  std::map<std::string, std::size_t> kinds, numbers;
};

// Positions 0, 1, ... of the channel `name`, from the variables "<name>[<k>].<field>".
std::vector<ChannelPosition> positions_of(const std::vector<SmtVar>& vars,
                                          const std::string& name) {
  std::map<std::size_t, ChannelPosition> by_index;
  const std::string prefix = name + "[";
  for (std::size_t v = 0; v < vars.size(); ++v) {
    const std::string& n = vars[v].name;
    if (n.rfind(prefix, 0) != 0) continue;
    std::size_t close = n.find("].", prefix.size());
    if (close == std::string::npos || close == prefix.size()) continue;
    std::string index = n.substr(prefix.size(), close - prefix.size());
    if (!std::all_of(index.begin(), index.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    ChannelPosition& p = by_index[std::stoul(index)];
    std::string field = n.substr(close + 2);
    if (field == "present")
      p.present = v;
    else
      (is_discrete(vars[v]) ? p.kinds : p.numbers)[field] = v;
  }
  std::vector<ChannelPosition> out;
  for (auto& [k, p] : by_index) {
    if (k != out.size()) break;  // a position folded away entirely: stop at the gap
    out.push_back(std::move(p));
  }
  return out;
}

// An end's (the receiver's or the sender's) control state and numbers ("<actor>.<name>",
// no channel field).
struct End {
  std::optional<std::size_t> control;
  std::vector<std::size_t> numbers;
};

End end_of(const std::vector<SmtVar>& vars, const std::string& name) {
  End r;
  const std::string prefix = name + ".";
  for (std::size_t v = 0; v < vars.size(); ++v) {
    if (vars[v].name.rfind(prefix, 0) != 0 || vars[v].name.find('[') != std::string::npos) continue;
    if (is_control_state(vars[v]))
      r.control = v;
    else if (!is_discrete(vars[v]))
      r.numbers.push_back(v);
  }
  return r;
}

struct Span {
  std::int64_t lo = std::numeric_limits<std::int64_t>::max();
  std::int64_t hi = std::numeric_limits<std::int64_t>::min();
  std::size_t seen = 0;
  void add(std::int64_t v) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    ++seen;
  }
};

// The space a difference a - b is taken modulo: both look like sequence numbers of one
// space, else 0 (a plain difference).
std::int64_t space_of(const std::vector<SmtVar>& vars, std::size_t a, std::size_t b) {
  std::int64_t m = sequence_space(vars[a]);
  return m != 0 && vars[b].hi == vars[a].hi && vars[b].lo == vars[a].lo ? m : 0;
}

std::int64_t difference_mod(const std::vector<std::int64_t>& s, std::size_t a, std::size_t b,
                            std::int64_t m) {
  return m != 0 ? signed_mod(s[a] - s[b], m) : s[a] - s[b];
}

// a - b within `span`, if the span is narrow enough to say something.
std::optional<Candidate> difference_fact(const std::vector<SmtVar>& vars, std::size_t a,
                                         std::size_t b, const Span& span) {
  if (span.seen < kMinSamples) return std::nullopt;
  std::int64_t m = space_of(vars, a, b);
  std::int64_t allowed = m != 0 ? m : (vars[a].hi - vars[a].lo) + (vars[b].hi - vars[b].lo);
  if ((span.hi - span.lo) * kWidthShare > allowed) return std::nullopt;
  Candidate c{};
  c.kind = span.lo == 0 && span.hi == 0 ? Candidate::kEqual
           : m != 0                     ? Candidate::kModularDifference
                                        : Candidate::kDifference;
  c.a = a;
  c.b = b;
  c.lo = span.lo;
  c.hi = span.hi;
  c.modulus = m;
  return c;
}

Candidate excluded(std::size_t var, std::int64_t value) {
  Candidate c{};
  c.kind = Candidate::kExcluded;
  c.a = var;
  c.lo = value;
  return c;
}

// `fact` only where g1 = v1 and g2 = v2.
Candidate when(Candidate fact, std::size_t g1, std::int64_t v1, std::size_t g2, std::int64_t v2) {
  fact.guarded = fact.guarded2 = true;
  fact.guard = g1;
  fact.guard_value = v1;
  fact.guard2 = g2;
  fact.guard2_value = v2;
  return fact;
}

using Samples = std::vector<std::vector<std::int64_t>>;

// Positions i < j: numbers along the channel, and kinds by order.
void propose_along(const std::vector<SmtVar>& vars, const Samples& samples,
                   const std::vector<ChannelPosition>& ps, std::vector<Candidate>& out) {
  for (std::size_t j = 1; j < ps.size(); ++j) {
    if (!ps[j].present) continue;
    std::size_t pj = *ps[j].present;
    for (std::size_t i = 0; i < j; ++i) {
      for (const auto& [field, xj] : ps[j].numbers) {
        auto xi = ps[i].numbers.find(field);
        if (xi == ps[i].numbers.end()) continue;
        std::int64_t m = space_of(vars, xj, xi->second);
        Span span;
        for (const auto& s : samples)
          if (s[pj] == 1) span.add(difference_mod(s, xj, xi->second, m));
        if (auto fact = difference_fact(vars, xj, xi->second, span)) {
          fact->guarded = true;
          fact->guard = pj;
          fact->guard_value = 1;
          out.push_back(*fact);
        }
      }
      for (const auto& [field, kj] : ps[j].kinds) {
        auto ki = ps[i].kinds.find(field);
        if (ki == ps[i].kinds.end()) continue;
        std::set<std::int64_t> anywhere;  // the kinds position i holds at all
        std::map<std::int64_t, std::pair<std::size_t, std::set<std::int64_t>>> behind;
        for (const auto& s : samples) {
          if (ps[i].present && s[*ps[i].present] == 0) continue;
          anywhere.insert(s[ki->second]);
          if (s[pj] != 1) continue;
          auto& [count, kinds] = behind[s[kj]];
          ++count;
          kinds.insert(s[ki->second]);
        }
        for (const auto& [kind, seen] : behind) {
          if (seen.first < kMinSamples) continue;
          for (std::int64_t other : anywhere)
            if (seen.second.count(other) == 0)
              out.push_back(when(excluded(ki->second, other), kj, kind, pj, 1));
        }
      }
    }
  }
}

// What the samples with a kind K at one position show about one end of the channel.
struct KindScope {
  std::size_t count = 0;
  std::set<std::int64_t> controls;
  std::vector<Span> pairs;                               // per (number, the end's number)
  std::map<std::int64_t, std::vector<Span>> by_control;  // the same, per control state
};

// A message at position k against one end: its control states never seen with a kind
// there, and a number of the message against each of its numbers.
void propose_against_end(const std::vector<SmtVar>& vars, const Samples& samples,
                         const ChannelPosition& p, const End& r, std::vector<Candidate>& out) {
  if (!p.present) return;
  std::size_t present = *p.present;
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (const auto& [field, x] : p.numbers)
    for (std::size_t y : r.numbers) pairs.emplace_back(x, y);
  std::set<std::int64_t> controls;
  if (r.control)
    for (const auto& s : samples) controls.insert(s[*r.control]);
  for (const auto& [field, kind] : p.kinds) {
    std::map<std::int64_t, KindScope> scopes;
    std::set<std::int64_t> empty;  // the kinds an empty position shows (its fields 0)
    for (const auto& s : samples) {
      if (s[present] != 1) {
        empty.insert(s[kind]);
        continue;
      }
      KindScope& scope = scopes[s[kind]];
      if (scope.pairs.empty()) scope.pairs.resize(pairs.size());
      ++scope.count;
      std::vector<Span>* per_control = nullptr;
      if (r.control) {
        scope.controls.insert(s[*r.control]);
        per_control = &scope.by_control[s[*r.control]];
        if (per_control->empty()) per_control->resize(pairs.size());
      }
      for (std::size_t i = 0; i < pairs.size(); ++i) {
        std::int64_t d = difference_mod(s, pairs[i].first, pairs[i].second,
                                        space_of(vars, pairs[i].first, pairs[i].second));
        scope.pairs[i].add(d);
        if (per_control) (*per_control)[i].add(d);
      }
    }
    for (const auto& [value, scope] : scopes) {
      if (scope.count < kMinSamples) continue;
      for (std::int64_t c : controls)
        if (scope.controls.count(c) == 0)
          out.push_back(when(excluded(*r.control, c), kind, value, present, 1));
      for (std::size_t i = 0; i < pairs.size(); ++i) {
        const Span& all = scope.pairs[i];
        if (all.lo == all.hi) continue;  // a constant: message_slot_mining's
        if (auto fact = difference_fact(vars, pairs[i].first, pairs[i].second, all))
          out.push_back(when(*fact, kind, value, present, 1));
        // Under a control state and a kind (no room for the presence flag): not for a kind
        // an empty position shows, where the guard would hold without a message.
        if (empty.count(value) != 0) continue;
        for (const auto& [control, spans] : scope.by_control) {
          const Span& here = spans[i];
          if (here.lo == here.hi || (here.lo == all.lo && here.hi == all.hi)) continue;
          if (auto fact = difference_fact(vars, pairs[i].first, pairs[i].second, here))
            out.push_back(when(*fact, kind, value, *r.control, control));
        }
      }
    }
  }
}

// A message at position k, one end in a control state: the other end's control states never
// seen there (a client's ACK in flight after the client was reset: the server is no longer
// waiting for it), each only where the kind alone does not exclude it.
void propose_between_ends(const Samples& samples, const ChannelPosition& p, const End& first,
                          const End& second, std::vector<Candidate>& out) {
  if (!p.present || !first.control || !second.control) return;
  std::size_t present = *p.present, a = *first.control, b = *second.control;
  std::set<std::int64_t> controls;
  for (const auto& s : samples) controls.insert(s[b]);
  for (const auto& [field, kind] : p.kinds) {
    std::set<std::int64_t> empty;
    std::map<std::int64_t, std::set<std::int64_t>> alone;  // per kind: b's values
    std::map<std::pair<std::int64_t, std::int64_t>, std::pair<std::size_t, std::set<std::int64_t>>>
        both;  // per kind and a's value: how many samples, b's values
    for (const auto& s : samples) {
      if (s[present] != 1) {
        empty.insert(s[kind]);
        continue;
      }
      alone[s[kind]].insert(s[b]);
      auto& [count, seen] = both[{s[kind], s[a]}];
      ++count;
      seen.insert(s[b]);
    }
    for (const auto& [guards, scope] : both) {
      // The presence flag has no room here: not for a kind an empty position shows.
      if (scope.first < kMinSamples || empty.count(guards.first) != 0) continue;
      const std::set<std::int64_t>& by_kind = alone.at(guards.first);
      for (std::int64_t c : controls)
        if (scope.second.count(c) == 0 && by_kind.count(c) != 0)
          out.push_back(when(excluded(b, c), kind, guards.first, a, guards.second));
    }
  }
}

}  // namespace

std::vector<Candidate> propose_channel_order_candidates(const std::vector<SmtVar>& vars,
                                                        const Samples& samples,
                                                        const std::vector<OrderedChannel>& channels,
                                                        std::size_t max_candidates,
                                                        const Deadline& deadline) {
  std::vector<Candidate> out;
  for (const OrderedChannel& ch : channels) {
    if (deadline.expired()) return {};
    std::vector<ChannelPosition> ps = positions_of(vars, ch.name);
    propose_along(vars, samples, ps, out);
    // What the receiver has seen, and what the sender has done since it sent the message
    // (a CLOSED server's RST-ACK in flight while the server is ESTABLISHED again).
    for (const std::string& actor : {ch.receiver, ch.sender}) {
      End end = end_of(vars, actor);
      for (const ChannelPosition& p : ps) propose_against_end(vars, samples, p, end, out);
    }
    End receiver = end_of(vars, ch.receiver), sender = end_of(vars, ch.sender);
    for (const ChannelPosition& p : ps) {
      propose_between_ends(samples, p, sender, receiver, out);
      propose_between_ends(samples, p, receiver, sender, out);
    }
  }
  if (deadline.expired()) return {};
  // A scope may add several at once past the cap.
  if (out.size() > max_candidates) out.resize(max_candidates);
  return out;
}

}  // namespace synack::checker::smt
