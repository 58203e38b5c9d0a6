#include "checker/smt/system_encoding.hpp"

#include <algorithm>
#include <bit>
#include <numeric>
#include <optional>

#include <fmt/format.h>

#include "checker/expr.hpp"
#include "checker/smt/property_encoding.hpp"
#include "checker/smt/symbolic_machine.hpp"

namespace synack::checker::smt {

namespace {
// A coprime initial value over at most this many values is listed value by value.
constexpr std::int64_t kCoprimeByValue = 1024;
}  // namespace

// One step of the System over a symbolic state, written as System::apply_with is, with
// the channel operations of checker/channel.cpp on structured messages. Every `if` on a
// state-dependent value branches under Paths; a path either disables the group (apply
// returns false) or leaves the successor in `s`.
class SystemEncoding::Step {
 public:
  Step(const SystemEncoding& enc, std::vector<SymInt> state) : e_(enc), s_(std::move(state)) {}

  const std::vector<SymInt>& state() const { return s_; }

  bool apply(std::size_t g) {
    const System::Group& group = e_.sys_.groups_[g];
    switch (group.kind) {
      case System::Group::kEnv:
        return env(group.owner, group.index);
      case System::Group::kTick:
        return tick();
      case System::Group::kDeliver:
        return deliver(group.owner, static_cast<int>(group.index));
      case System::Group::kLose:
        if (!has(group.owner, static_cast<int>(group.index))) return false;
        remove(group.owner, static_cast<int>(group.index));
        return true;
      case System::Group::kDuplicate:
        return duplicate(group.owner, static_cast<int>(group.index));
    }
    return false;
  }

 private:
  const ChannelVars& ch(std::size_t link) const { return e_.channels_[link]; }
  const ChannelPolicy& policy(std::size_t link) const {
    return e_.sys_.links_[link].channel.policy();
  }
  std::size_t slot(std::size_t link, int k) const {
    return ch(link).base + static_cast<std::size_t>(k) * ch(link).stride();
  }
  std::size_t age(std::size_t link, int k) const {
    return ch(link).ages + static_cast<std::size_t>(k);
  }
  bool timed(std::size_t link) const { return policy(link).msl > 0; }
  SymBool has(std::size_t link, int k) const { return s_[slot(link, k)] == 1; }

  // Moves position `from` (message and age) to position `to`.
  void move(std::size_t link, int from, int to) {
    for (std::size_t f = 0; f < ch(link).stride(); ++f)
      s_[slot(link, to) + f] = s_[slot(link, from) + f];
    if (timed(link)) s_[age(link, to)] = s_[age(link, from)];
  }
  void clear(std::size_t link, int k) {
    for (std::size_t f = 0; f < ch(link).stride(); ++f) s_[slot(link, k) + f] = 0;
    if (timed(link)) s_[age(link, k)] = 0;
  }

  bool deliverable(std::size_t link, int k) const {
    const ChannelPolicy& p = policy(link);
    if (p.ordered && k != 0) return false;
    if (!has(link, k)) return false;
    return !timed(link) || bool(s_[age(link, k)] >= p.min_age);
  }

  // The message takes the first free position: a term per variable rather than a path
  // per position. A full channel drops it (lossy) or blocks the step (reliable).
  SymBool push(std::size_t link, const SymMessage& m) {
    SymBool placed = false;
    for (int k = 0; k < policy(link).capacity; ++k) {
      SymBool here = !placed && !has(link, k);
      s_[slot(link, k)] = ite(here, 1, s_[slot(link, k)]);
      for (std::size_t f = 0; f < m.size(); ++f)
        s_[slot(link, k) + 1 + f] = ite(here, m[f], s_[slot(link, k) + 1 + f]);
      if (timed(link)) s_[age(link, k)] = ite(here, 0, s_[age(link, k)]);
      placed = placed || here;
    }
    return placed;
  }

  void remove(std::size_t link, int k) {
    int cap = policy(link).capacity;
    for (int j = k; j + 1 < cap; ++j) move(link, j + 1, j);
    clear(link, cap - 1);
  }

  bool duplicate(std::size_t link, int k) {
    const ChannelPolicy& p = policy(link);
    if (!has(link, k)) return false;
    SymInt& used = s_[ch(link).dups];
    if (used >= p.max_duplicates || has(link, p.capacity - 1)) return false;
    for (int j = p.capacity - 1; j > k; --j) move(link, j - 1, j);
    used = used + 1;
    return true;
  }

  // Each message ages; one older than MSL vanishes. Timers count down; a due one stops time.
  bool tick() {
    bool changed = false;
    for (std::size_t a = 0; a < e_.sys_.actors_.size(); ++a)
      for (std::size_t t : e_.sys_.actors_[a].timers)
        if (s_[t] == 1) return false;
    for (std::size_t a = 0; a < e_.sys_.actors_.size(); ++a)
      for (std::size_t t : e_.sys_.actors_[a].timers)
        if (s_[t] > 1) {
          s_[t] = s_[t] - 1;
          changed = true;
        }
    for (std::size_t link = 0; link < e_.channels_.size(); ++link) {
      if (!timed(link)) continue;
      for (int k = policy(link).capacity - 1; k >= 0; --k) {
        if (!has(link, k)) continue;
        changed = true;
        s_[age(link, k)] = s_[age(link, k)] + 1;
        if (s_[age(link, k)] > policy(link).msl) remove(link, k);
      }
    }
    return changed;
  }

  std::vector<SymInt> local(std::size_t actor) const {
    std::size_t base = e_.actor_base_[actor];
    std::size_t n = e_.sys_.actors_[actor].machine->local_size();
    return {s_.begin() + static_cast<std::ptrdiff_t>(base),
            s_.begin() + static_cast<std::ptrdiff_t>(base + n)};
  }

  // What a firing sent goes onto the actor's channel; a full reliable channel blocks.
  bool take(std::size_t actor, const SymFiring& f) {
    std::copy(f.next.begin(), f.next.end(),
              s_.begin() + static_cast<std::ptrdiff_t>(e_.actor_base_[actor]));
    const auto& out = e_.sys_.actors_[actor].outgoing;
    for (const SymMessage& m : f.sent) {
      if (!out) throw std::logic_error("an actor sends but has no channel");
      SymBool placed = push(*out, m);
      if (!policy(*out).lossy && !placed) return false;
    }
    return true;
  }

  bool env(std::size_t actor, std::size_t event) {
    const auto& a = e_.sys_.actors_[actor];
    SymFiring f = a.machine->symbolic()->fire_env(event, local(actor));
    return f.fired && take(actor, f);
  }

  bool deliver(std::size_t link, int k) {
    if (!deliverable(link, k)) return false;
    SymMessage m(s_.begin() + static_cast<std::ptrdiff_t>(slot(link, k) + 1),
                 s_.begin() + static_cast<std::ptrdiff_t>(slot(link, k) + ch(link).stride()));
    remove(link, k);
    std::size_t to = e_.sys_.links_[link].to;
    SymFiring f = e_.sys_.actors_[to].machine->symbolic()->fire_message(m, local(to));
    // As the explicit engine folds it: on a lossy channel, a discarded delivery is the
    // loss of the message (the lose group); on a reliable one, a step of its own.
    if (!f.fired) return !policy(link).lossy;
    return take(to, f);
  }

  const SystemEncoding& e_;
  std::vector<SymInt> s_;
};

SystemEncoding::SystemEncoding(z3::context& ctx, const System& system)
    : ctx_(ctx),
      sys_(system),
      cur_(ctx),
      next_(ctx),
      in_(ctx),
      trans_(ctx.bool_val(false)),
      target_(ctx.bool_val(false)) {
  for (const System::Actor& a : sys_.actors_) {
    if (!a.machine->symbolic()) throw Unsupported(a.machine->why_not_symbolic());
    if (a.upper || a.lower || a.socket)
      throw Unsupported("actor " + a.name +
                        " is part of a layered host (a socket between "
                        "layers), which the symbolic encoding does not cover yet");
  }
  declare_state();
  explore_groups();
}

SystemEncoding::SystemEncoding(const SystemEncoding& explored, const PropertySpec& property)
    : ctx_(explored.ctx_),
      sys_(explored.sys_),
      all_vars_(explored.all_vars_),
      input_vars_(explored.input_vars_),
      channels_(explored.channels_),
      actor_base_(explored.actor_base_),
      cur_(explored.cur_),
      next_(explored.next_),
      in_(explored.in_),
      initial_(explored.initial_),
      choice_(explored.choice_),
      groups_(explored.groups_),
      trans_(ctx_.bool_val(false)),
      target_(ctx_.bool_val(false)),
      paths_(explored.paths_) {
  if (property.kind != PropertyKind::kAlways && property.kind != PropertyKind::kSometimes)
    throw Unsupported(fmt::format("{} properties: the SMT engines decide always and sometimes",
                                  to_string(property.kind)));
  Expr expr = Expr::parse(property.expression, sys_.layout());
  z3::expr holds = encode_property(expr, ctx_, [&](std::size_t slot) -> z3::expr {
    for (std::size_t i = 0; i < all_vars_.size(); ++i)
      if (all_vars_[i].name == sys_.layout().slot(slot).name) return cur_[static_cast<unsigned>(i)];
    throw Unsupported("the property reads " + sys_.layout().slot(slot).name +
                      ", a channel slot (the SMT engines see messages as fields)");
  });
  target_ = property.kind == PropertyKind::kAlways ? !holds : holds;
  reduce_and_relate();
}

SystemEncoding::SystemEncoding(z3::context& ctx, const System& system, const PropertySpec& property)
    : SystemEncoding(SystemEncoding(ctx, system), property) {}

void SystemEncoding::declare_state() {
  const Layout& layout = sys_.layout();
  std::vector<Value> initial = sys_.initial_state();
  for (const System::Actor& a : sys_.actors_) {
    actor_base_.push_back(all_vars_.size());
    for (std::size_t i = 0; i < a.machine->local_size(); ++i) {
      const Slot& slot = layout.slot(a.base + i);
      all_vars_.push_back({slot.name, 0, slot.max});
      auto choice = i == 0 ? VariableSpec::Initial::kFixed : a.machine->variables()[i - 1].initial;
      choice_.push_back(choice);
      if (choice == VariableSpec::Initial::kFixed)
        initial_.emplace_back(initial[a.base + i]);
      else
        initial_.emplace_back(std::nullopt);
      std::int64_t values = slot.max + 1;
      if (choice == VariableSpec::Initial::kCoprime && values > kCoprimeByValue &&
          !std::has_single_bit(static_cast<std::uint64_t>(values)))
        throw Unsupported(
            fmt::format("{} starts coprime with {}, which is neither a power of two nor at most {}",
                        slot.name, values, kCoprimeByValue));
    }
  }
  for (std::size_t l = 0; l < sys_.links_.size(); ++l) {
    const System::Link& link = sys_.links_[l];
    const auto& fields = sys_.actors_[link.from].machine->symbolic()->message_fields();
    const ChannelPolicy& p = link.channel.policy();
    ChannelVars cv{l, fields.size(), all_vars_.size(), 0, 0};
    for (int k = 0; k < p.capacity; ++k) {
      all_vars_.push_back({fmt::format("{}[{}].present", link.channel.name(), k), 0, 1});
      for (const SmtVar& f : fields)
        all_vars_.push_back({fmt::format("{}[{}].{}", link.channel.name(), k, f.name), f.lo, f.hi});
    }
    cv.ages = all_vars_.size();
    for (int k = 0; p.msl > 0 && k < p.capacity; ++k)
      all_vars_.push_back({fmt::format("{}.age[{}]", link.channel.name(), k), 0, p.msl});
    cv.dups = all_vars_.size();
    if (p.max_duplicates > 0)
      all_vars_.push_back({link.channel.name() + ".dups", 0, p.max_duplicates});
    channels_.push_back(cv);
  }
  initial_.resize(all_vars_.size(), std::int64_t{0});
  choice_.resize(all_vars_.size(), VariableSpec::Initial::kFixed);
  input_vars_.push_back({"group", 0, static_cast<std::int64_t>(sys_.groups_.size()) - 1});
  for (const SmtVar& v : all_vars_) {
    cur_.push_back(ctx_.int_const(v.name.c_str()));
    next_.push_back(ctx_.int_const((v.name + "'").c_str()));
  }
  in_.push_back(ctx_.int_const("group"));
}

void SystemEncoding::explore_groups() {
  Paths paths(ctx_);
  z3::expr ranges = ctx_.bool_val(true);
  std::vector<SymInt> start;
  for (std::size_t i = 0; i < all_vars_.size(); ++i) {
    const SmtVar& v = all_vars_[i];
    z3::expr x = cur_[static_cast<unsigned>(i)];
    ranges = ranges && x >= ctx_.int_val(v.lo) && x <= ctx_.int_val(v.hi);
    start.emplace_back(paths, x, v.lo, v.hi);
  }
  groups_.assign(sys_.groups_.size(), {});
  for (std::size_t g = 0; g < sys_.groups_.size(); ++g) {
    std::optional<std::vector<z3::expr>> successor;
    paths.explore(
        ranges,
        [&] {
          Step step(*this, start);
          if (!step.apply(g)) return;
          successor.emplace();
          for (const SymInt& v : step.state()) successor->push_back(v.expr(ctx_));
        },
        [&](const z3::expr& condition) {
          if (successor) groups_[g].push_back({condition, std::move(*successor)});
          successor.reset();
        });
  }
  paths_ = paths.paths_explored();
}

void SystemEncoding::reduce_and_relate() {
  reduction_ = reduce(cur_, initial_, groups_, target_);
  for (std::size_t i = 0; i < all_vars_.size(); ++i)
    if (reduction_.kept[i]) {
      kept_.push_back(i);
      state_vars_.push_back(all_vars_[i]);
    }
  target_ = substitute_constants(target_, cur_, reduction_);
  z3::expr_vector cases(ctx_);
  for (std::size_t g = 0; g < groups_.size(); ++g)
    if (!groups_[g].empty())
      cases.push_back(in_[0] == ctx_.int_val(static_cast<std::int64_t>(g)) && relation(groups_[g]));
  trans_ = z3::mk_or(cases);
}

// The group's paths over the kept variables, as one formula. Variables no path changes
// (the other actors, the other channel) are stated once, outside the disjunction, rather
// than once per path.
z3::expr SystemEncoding::relation(const std::vector<GuardedUpdate>& paths) const {
  std::vector<bool> changed(all_vars_.size(), false);
  for (const GuardedUpdate& p : paths)
    for (std::size_t i : kept_)
      if (!z3::eq(p.next[i], cur_[static_cast<unsigned>(i)])) changed[i] = true;
  z3::expr_vector frame(ctx_), alternatives(ctx_);
  for (std::size_t i : kept_)
    if (!changed[i])
      frame.push_back(next_[static_cast<unsigned>(i)] == cur_[static_cast<unsigned>(i)]);
  // Paths with the same effect on the kept variables differ only in what the property
  // cannot see: one disjunct, their conditions joined.
  std::vector<std::pair<z3::expr_vector, z3::expr_vector>> effects;  // updates, conditions
  for (const GuardedUpdate& p : paths) {
    z3::expr_vector updates(ctx_);
    for (std::size_t i : kept_)
      if (changed[i])
        updates.push_back(next_[static_cast<unsigned>(i)] ==
                          substitute_constants(p.next[i], cur_, reduction_));
    z3::expr condition = substitute_constants(p.condition, cur_, reduction_);
    auto same = std::find_if(effects.begin(), effects.end(), [&](const auto& e) {
      for (unsigned j = 0; j < updates.size(); ++j)
        if (!z3::eq(e.first[j], updates[j])) return false;
      return true;
    });
    if (same == effects.end()) {
      effects.emplace_back(updates, z3::expr_vector(ctx_));
      same = effects.end() - 1;
    }
    same->second.push_back(condition);
  }
  for (auto& [updates, conditions] : effects) {
    updates.push_back(z3::mk_or(conditions));
    alternatives.push_back(z3::mk_and(updates));
  }
  frame.push_back(z3::mk_or(alternatives));
  return z3::mk_and(frame);
}

z3::expr SystemEncoding::init(const z3::expr_vector& s) const {
  z3::expr_vector eqs(ctx_);
  for (std::size_t i = 0; i < kept_.size(); ++i) {
    z3::expr x = s[static_cast<unsigned>(i)];
    std::size_t v = kept_[i];
    switch (choice_[v]) {
      case VariableSpec::Initial::kFixed:
        eqs.push_back(x == ctx_.int_val(*initial_[v]));
        break;
      case VariableSpec::Initial::kAny:  // its range, which the engines add
        break;
      case VariableSpec::Initial::kCoprime: {
        // Coprime with a power of two is odd; a small space lists its units.
        std::int64_t values = all_vars_[v].hi + 1;
        if (values > kCoprimeByValue) {
          eqs.push_back(z3::mod(x, ctx_.int_val(2)) == 1);
          break;
        }
        z3::expr_vector units(ctx_);
        for (std::int64_t u = 1; u < values; ++u)
          if (std::gcd(u, values) == 1) units.push_back(x == ctx_.int_val(u));
        eqs.push_back(z3::mk_or(units));
        break;
      }
    }
  }
  return z3::mk_and(eqs);
}

// Substitution pairs from the kept variables' current and next copies (and the inputs)
// to the engines' copies.
std::pair<z3::expr_vector, z3::expr_vector> SystemEncoding::renaming(
    const z3::expr_vector& s, const z3::expr_vector& in, const z3::expr_vector& next) const {
  z3::expr_vector from(ctx_), to(ctx_);
  for (std::size_t i = 0; i < kept_.size(); ++i) {
    from.push_back(cur_[static_cast<unsigned>(kept_[i])]);
    to.push_back(s[static_cast<unsigned>(i)]);
    from.push_back(next_[static_cast<unsigned>(kept_[i])]);
    to.push_back(next[static_cast<unsigned>(i)]);
  }
  for (unsigned i = 0; i < in_.size(); ++i) {
    from.push_back(in_[i]);
    to.push_back(in[i]);
  }
  return {from, to};
}

z3::expr SystemEncoding::trans(const z3::expr_vector& s, const z3::expr_vector& in,
                               const z3::expr_vector& next) const {
  auto [from, to] = renaming(s, in, next);
  z3::expr t = trans_;
  return t.substitute(from, to);
}

z3::expr SystemEncoding::target(const z3::expr_vector& s) const {
  z3::expr_vector from(ctx_);
  for (std::size_t i : kept_) from.push_back(cur_[static_cast<unsigned>(i)]);
  z3::expr t = target_;
  return t.substitute(from, s);
}

// ---- back to the explicit model -------------------------------------------------------

std::vector<std::int64_t> SystemEncoding::project(const std::vector<Value>& ex) const {
  std::vector<std::int64_t> full(all_vars_.size(), 0);
  for (std::size_t a = 0; a < sys_.actors_.size(); ++a)
    for (std::size_t i = 0; i < sys_.actors_[a].machine->local_size(); ++i)
      full[actor_base_[a] + i] = ex[sys_.actors_[a].base + i];
  for (const ChannelVars& cv : channels_) {
    const System::Link& link = sys_.links_[cv.link];
    const ChannelPolicy& p = link.channel.policy();
    const SymbolicMachine& sender = *sys_.actors_[link.from].machine->symbolic();
    for (int k = 0; k < p.capacity; ++k) {
      if (!link.channel.has(ex.data(), k)) continue;
      std::size_t at = cv.base + static_cast<std::size_t>(k) * cv.stride();
      full[at] = 1;
      std::vector<std::int64_t> fields = sender.fields_of(link.channel.message(ex.data(), k));
      std::copy(fields.begin(), fields.end(), full.begin() + static_cast<std::ptrdiff_t>(at + 1));
      if (p.msl > 0)
        full[cv.ages + static_cast<std::size_t>(k)] =
            ex[link.channel.age_base() + static_cast<std::size_t>(k)];
    }
    if (p.max_duplicates > 0) full[cv.dups] = ex[link.channel.dups_slot()];
  }
  return full;
}

// Position k of a channel as the kept variables see it: presence, fields, age.
std::vector<std::int64_t> SystemEncoding::position(const ChannelVars& cv, int k,
                                                   const std::vector<std::int64_t>& state,
                                                   bool full) const {
  std::vector<std::size_t> vars;
  std::size_t at = cv.base + static_cast<std::size_t>(k) * cv.stride();
  for (std::size_t f = 0; f < cv.stride(); ++f) vars.push_back(at + f);
  if (sys_.links_[cv.link].channel.timed()) vars.push_back(cv.ages + static_cast<std::size_t>(k));
  std::vector<std::int64_t> out;
  for (std::size_t v : vars) {
    if (!reduction_.kept[v]) continue;
    if (full) {
      out.push_back(state[v]);
    } else {
      auto it = std::find(kept_.begin(), kept_.end(), v);
      out.push_back(state[static_cast<std::size_t>(it - kept_.begin())]);
    }
  }
  return out;
}

bool SystemEncoding::agrees(const std::vector<std::int64_t>& state,
                            const std::vector<Value>& ex) const {
  std::vector<std::int64_t> full = project(ex);
  std::vector<bool> in_channel(all_vars_.size(), false);
  for (const ChannelVars& cv : channels_) {
    // A channel is a multiset here, however each side orders it.
    std::vector<std::vector<std::int64_t>> mine, theirs;
    int cap = sys_.links_[cv.link].channel.policy().capacity;
    for (int k = 0; k < cap; ++k) {
      mine.push_back(position(cv, k, state, false));
      theirs.push_back(position(cv, k, full, true));
    }
    std::sort(mine.begin(), mine.end());
    std::sort(theirs.begin(), theirs.end());
    if (mine != theirs) return false;
    for (std::size_t v = cv.base; v < cv.dups; ++v) in_channel[v] = true;
  }
  for (std::size_t i = 0; i < kept_.size(); ++i)
    if (!in_channel[kept_[i]] && state[i] != full[kept_[i]]) return false;
  return true;
}

std::vector<Value> SystemEncoding::explicit_initial(const std::vector<std::int64_t>& state) const {
  std::vector<Value> out = sys_.initial_state();
  for (std::size_t a = 0; a < sys_.actors_.size(); ++a)
    for (std::size_t i = 0; i < sys_.actors_[a].machine->local_size(); ++i) {
      std::size_t v = actor_base_[a] + i;
      if (choice_[v] == VariableSpec::Initial::kFixed || !reduction_.kept[v]) continue;
      auto at = std::find(kept_.begin(), kept_.end(), v) - kept_.begin();
      out[sys_.actors_[a].base + i] = static_cast<Value>(state[static_cast<std::size_t>(at)]);
    }
  return out;
}

std::string SystemEncoding::print(const std::vector<std::int64_t>& state) const {
  std::string out;
  for (std::size_t i = 0; i < kept_.size(); ++i)
    out += fmt::format("{}{}={}", i == 0 ? "" : " ", state_vars_[i].name, state[i]);
  return out;
}

std::optional<std::size_t> SystemEncoding::explicit_group(std::size_t group,
                                                          const std::vector<std::int64_t>& state,
                                                          const std::vector<Value>& from) const {
  const System::Group& g = sys_.groups_.at(group);
  if (g.kind == System::Group::kEnv || g.kind == System::Group::kTick) return group;
  // The message at position k of this encoding's channel sits, in the explicit channel
  // (sorted, when unordered), at some position holding a message that agrees on every
  // kept field and age: the first such.
  const ChannelVars& cv = channels_[g.owner];
  std::vector<std::int64_t> wanted = position(cv, static_cast<int>(g.index), state, false);
  std::vector<std::int64_t> full = project(from);
  for (int k = 0; k < sys_.links_[g.owner].channel.policy().capacity; ++k) {
    if (position(cv, k, full, true) != wanted) continue;
    for (std::size_t i = 0; i < sys_.groups_.size(); ++i) {
      const System::Group& h = sys_.groups_[i];
      if (h.kind == g.kind && h.owner == g.owner && h.index == static_cast<std::size_t>(k))
        return i;
    }
  }
  return std::nullopt;
}

}  // namespace synack::checker::smt
