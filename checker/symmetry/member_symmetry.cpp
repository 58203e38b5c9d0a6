#include "checker/symmetry/member_symmetry.hpp"

#include <algorithm>
#include <map>
#include <numeric>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "checker/errors.hpp"
#include "checker/symmetry/local_states.hpp"

namespace synack::checker {

namespace {

// Messages a codec's hook is probed with at most; a codec with more cannot be checked.
constexpr Value kMaxProbedMessages = 1 << 20;

std::vector<MemberPermutation> make_generators(std::size_t n) {
  if (n < 2) return {};
  std::vector<int> swap(n), cycle(n);
  std::iota(swap.begin(), swap.end(), 0);
  std::swap(swap[0], swap[1]);
  for (std::size_t i = 0; i < n; ++i) cycle[i] = static_cast<int>((i + 1) % n);
  if (n == 2) return {MemberPermutation(swap)};
  return {MemberPermutation(swap), MemberPermutation(cycle)};
}

// Whether the codec renames members: any message it answers for (check_codec_hook refuses
// a codec with more messages than the probe reaches, before any use of this).
// A hook must answer for every message; check_codec_hook refuses one that answers for
// some only, so a message the hook forgot is never taken to name no member. The probe is
// the identity on the array's own members: a hook may rely on the renamings it is given
// being of that size.
bool has_hook(const MessageCodec& codec, std::size_t members) {
  const MemberPermutation identity = MemberPermutation::identity(members);
  for (Value m = 0; m < std::min(codec.count(), kMaxProbedMessages); ++m)
    if (codec.permute(m, identity).has_value()) return true;
  return false;
}

}  // namespace

MemberSymmetry::MemberSymmetry(const System& system, std::string array)
    : system_(system), array_(std::move(array)) {
  const std::string what = "symmetry over " + array_ + ": ";
  std::map<std::string, std::size_t> by_name;
  for (std::size_t a = 0; a < system.actors_.size(); ++a) {
    const System::Actor& actor = system.actors_[a];
    actors_.push_back(
        {actor.name, actor.machine.get(), actor.env_events, actor.base, -1, false, {}});
    by_name[actor.name] = a;
    if (actor.upper || actor.lower)
      throw InputError(what + "actor " + actor.name +
                       " is stacked on another (layers are not renamed yet); check without "
                       "--symmetry");
  }
  for (std::size_t i = 0;; ++i) {
    auto it = by_name.find(fmt::format("{}[{}]", array_, i));
    if (it == by_name.end()) break;
    members_.push_back(it->second);
    actors_[it->second].member = static_cast<int>(i);
  }
  if (members_.empty()) {
    std::vector<std::string> arrays;
    for (const ActorInfo& a : actors_)
      if (a.name.ends_with("[0]")) arrays.push_back(a.name.substr(0, a.name.size() - 3));
    throw InputError(
        fmt::format("{}the scenario has no actor array {} (arrays: {})", what, array_,
                    arrays.empty() ? "none" : fmt::format("{}", fmt::join(arrays, ", "))));
  }
  if (members_.size() > kMaxMembers)
    throw InputError(fmt::format(
        "{}{} members; canonical forms try up to members! renamings, so at most {} members", what,
        members_.size(), kMaxMembers));
  // Which machines rename their variables, probed with the identity on the array's members.
  const MemberPermutation identity = MemberPermutation::identity(members_.size());
  for (ActorInfo& a : actors_)
    if (!a.machine->state_names().empty()) {
      std::vector<Value> initial = a.machine->initial_local(), out(initial.size());
      a.local_hook = a.machine->permute_local(initial.data(), out.data(), identity);
    }
  local_size_ = actors_[members_[0]].machine->local_size();
  for (std::size_t m : members_) {
    member_hook_ = member_hook_ || actors_[m].local_hook;
    if (actors_[m].machine->local_size() != local_size_)
      throw InputError(what + actors_[m].name + " has a local state of another size than " +
                       actors_[members_[0]].name + "'s: the members must run the same machine");
  }
  for (std::size_t a = 0; a < actors_.size(); ++a)
    if (actors_[a].member < 0 && actors_[a].local_hook) hooked_non_members_.push_back(a);
  generators_ = make_generators(members_.size());
  for (const ActorInfo& a : actors_)
    if (a.local_hook) check_local_hook_composes(a);
  classify_links();
  build_relative_forms();
  assign_slot_roles();
  check_monitors();
}

// A monitor's rules must not tell members apart: they may read the slots no renaming
// changes (the monitor's own, other actors') and step.kind, but not a member's slots
// (the monitor would remember which member did something) nor step.actor or
// step.message (a message may name a member).
void MemberSymmetry::check_monitors() const {
  const std::size_t size = system_.layout().size();
  for (const Monitor& monitor : system_.monitors_) {
    std::vector<const Expr*> exprs;
    for (const Monitor::CompiledRule& rule : monitor.rules()) {
      exprs.push_back(&rule.when);
      for (const Monitor::Assign& a : rule.set) exprs.push_back(&a.value);
    }
    for (const Expr* e : exprs)
      for (std::size_t slot : e->slots_read()) {
        if (slot == monitor.step_kind_slot() || slot == monitor.step_event_slot()) continue;
        // A message's fields may name a member (a participant's index): refused outright.
        bool step_slot = slot == monitor.step_actor_slot() || monitor.is_message_slot(slot);
        std::string read = slot == monitor.step_actor_slot() ? std::string("step.actor")
                           : monitor.is_message_slot(slot)
                               ? std::string("step.message")
                               : system_.layout().slot(slot % size).name;
        if (step_slot || slot_roles_[slot % size] != SlotRole::kFixed)
          throw InputError(fmt::format(
              "symmetry over {}: monitor {} reads {}, which tells the members apart; monitors "
              "may read only slots no renaming of {} changes",
              array_, monitor.spec().name, read, array_));
      }
  }
}

void MemberSymmetry::check_codec_hook(const MessageCodec& codec, const std::string& sender) const {
  // Before has_hook, which probes only the first kMaxProbedMessages: a hook that answered
  // only past them would be taken for none, and its messages for naming no member.
  if (codec.count() > kMaxProbedMessages)
    throw InputError(fmt::format(
        "symmetry over {}: {}'s codec has {} messages, too many to check whether and how its "
        "permute hook renames them (at most {}); run without --symmetry",
        array_, sender, codec.count(), kMaxProbedMessages));
  if (!has_hook(codec, members_.size())) return;
  for (const MemberPermutation& p : generators_)
    for (Value m = 0; m < codec.count(); ++m) {
      std::optional<Value> r = codec.permute(m, p);
      if (!r)
        throw InputError(
            fmt::format("symmetry over {}: {}'s permute hook gives no renaming for {} (a hook must "
                        "rename every message, leaving alone those that name no member)",
                        array_, sender, codec.print(m)));
      if (*r < 0 || *r >= codec.count())
        throw InputError(fmt::format(
            "symmetry over {}: {}'s permute hook renames {} to code {}, outside its codec's "
            "0..{}",
            array_, sender, codec.print(m), *r, codec.count() - 1));
    }
  check_hook_composes(codec, sender);
}

// The channel holds what the sender encoded and the receiver decodes: both must rename
// every message alike (a codec without a hook renames nothing).
void MemberSymmetry::check_ends_agree(const System::Link& link) const {
  const MessageCodec& from = actors_[link.from].machine->codec();
  const MessageCodec& to = actors_[link.to].machine->codec();
  bool hooks = has_hook(from, members_.size()) || has_hook(to, members_.size());
  if (!hooks) return;
  for (const MemberPermutation& p : generators_)
    for (Value m = 0; m < std::min(from.count(), to.count()); ++m)
      if (from.permute(m, p).value_or(m) != to.permute(m, p).value_or(m))
        throw InputError(fmt::format(
            "symmetry over {}: on channel {}, {} and {} rename {} differently (give both "
            "machines the same permute hook for their messages)",
            array_, link.channel.name(), actors_[link.from].name, actors_[link.to].name,
            from.print(m)));
}

void MemberSymmetry::classify_links() {
  const std::string what = "symmetry over " + array_ + ": ";
  // Family key: the other end, and whether it sends (true) or receives.
  std::map<std::pair<std::size_t, bool>, std::vector<long>> families;
  for (std::size_t l = 0; l < system_.links_.size(); ++l) {
    const System::Link& link = system_.links_[l];
    int from = actors_[link.from].member, to = actors_[link.to].member;
    if (from >= 0 && to >= 0)
      throw InputError(what + "channel " + link.channel.name() + " joins two members (" +
                       actors_[link.from].name + " to " + actors_[link.to].name +
                       "); only channels between a member and another actor are renamed");
    const MessageCodec& codec = actors_[link.from].machine->codec();
    check_codec_hook(codec, actors_[link.from].name);
    check_codec_hook(actors_[link.to].machine->codec(), actors_[link.to].name);
    check_ends_agree(link);
    if (from < 0 && to < 0) {
      fixed_channels_.push_back({l, &codec});
      continue;
    }
    auto& family = families[{from < 0 ? link.from : link.to, from < 0}];
    family.resize(members_.size(), -1);
    int member = from >= 0 ? from : to;
    if (family[member] >= 0)
      throw InputError(what + actors_[members_[member]].name + " has two channels with " +
                       actors_[from < 0 ? link.from : link.to].name + " (" +
                       system_.links_[family[member]].channel.name() + ", " + link.channel.name() +
                       "); each member needs exactly one each way");
    family[member] = static_cast<long>(l);
  }
  for (const auto& [key, links] : families) {
    const std::string& other = actors_[key.first].name;
    Family f;
    for (std::size_t i = 0; i < links.size(); ++i) {
      if (links[i] < 0)
        throw InputError(fmt::format(
            "{}{} has no channel {} {} while other members have one: the channels must be alike",
            what, actors_[members_[i]].name, key.second ? "from" : "to", other));
      f.links.push_back(static_cast<std::size_t>(links[i]));
    }
    const ChannelPolicy& p0 = system_.links_[f.links[0]].channel.policy();
    for (std::size_t l : f.links) {
      const ChannelPolicy& p = system_.links_[l].channel.policy();
      if (p.capacity != p0.capacity || p.ordered != p0.ordered || p.lossy != p0.lossy ||
          p.max_duplicates != p0.max_duplicates || p.msl != p0.msl || p.min_age != p0.min_age)
        throw InputError(what + "channel " + system_.links_[l].channel.name() +
                         " has another policy than " + system_.links_[f.links[0]].channel.name() +
                         ": the channels must be alike");
    }
    f.codec = &actors_[system_.links_[f.links[0]].from].machine->codec();
    f.in_signature =
        !has_hook(*f.codec, members_.size());  // build_relative_forms decides for hooked ones
    families_.push_back(std::move(f));
  }
  // Which member each port of every actor reaches: the soundness checks compare a
  // message's port with its renamed message's.
  for (std::size_t a = 0; a < actors_.size(); ++a)
    for (std::size_t l : system_.actors_[a].outgoing)
      actors_[a].ports.push_back(actors_[system_.links_[l].to].member);
  // A member's port k must reach the same actor as every other member's port k.
  auto receivers = [&](std::size_t member) {
    std::vector<std::size_t> to;
    for (std::size_t l : system_.actors_[members_[member]].outgoing)
      to.push_back(system_.links_[l].to);
    return to;
  };
  for (std::size_t i = 1; i < members_.size(); ++i)
    if (receivers(i) != receivers(0))
      throw InputError(what + actors_[members_[i]].name + "'s ports lead to other actors than " +
                       actors_[members_[0]].name +
                       "'s, or in another order: add each member's "
                       "channels alike");
}

void MemberSymmetry::assign_slot_roles() {
  const Layout& layout = system_.layout();
  slot_roles_.assign(layout.size(), SlotRole::kFixed);
  // A variable is changed if the hook changes it in some local state (probed with every
  // local state the declarations allow, when there are not too many; else all of them).
  auto mark_hooked = [&](const ActorInfo& a, SlotRole unchanged) {
    const MachineType& m = *a.machine;
    std::vector<bool> changed(m.local_size(), a.local_hook);
    if (a.local_hook && local_state_count(m) <= kMaxEnumeratedLocals) {
      std::fill(changed.begin(), changed.end(), false);
      std::vector<Value> out(m.local_size());
      for_each_local(m, [&](const std::vector<Value>& local) {
        for (const MemberPermutation& p : generators_) {
          m.permute_local(local.data(), out.data(), p);
          for (std::size_t k = 0; k < out.size(); ++k)
            changed[k] = changed[k] || out[k] != local[k];
        }
      });
    }
    for (std::size_t k = 0; k < m.local_size(); ++k)
      slot_roles_[a.base + k] = changed[k] ? SlotRole::kChanged : unchanged;
  };
  for (std::size_t m : members_) mark_hooked(actors_[m], SlotRole::kRenamed);
  for (std::size_t a : hooked_non_members_) mark_hooked(actors_[a], SlotRole::kFixed);
  auto mark_channel = [&](const Channel& ch) {
    for (std::size_t k = 0; k < ch.slot_count(); ++k)
      slot_roles_[ch.base() + k] = SlotRole::kChanged;
  };
  for (const Family& f : families_)
    for (std::size_t l : f.links) mark_channel(system_.links_[l].channel);
  for (const FixedChannel& c : fixed_channels_) {
    bool renames = false;
    if (has_hook(*c.codec, members_.size()))
      for (const MemberPermutation& p : generators_)
        for (Value m = 0; m < c.codec->count() && !renames; ++m)
          renames = *c.codec->permute(m, p) != m;
    if (renames) mark_channel(system_.links_[c.link].channel);
  }
}

std::size_t MemberSymmetry::renamed_slot(std::size_t slot, const MemberPermutation& p) const {
  if (slot_roles_[slot] != SlotRole::kRenamed) return slot;
  for (std::size_t i = 0; i < members_.size(); ++i) {
    std::size_t base = actors_[members_[i]].base;
    if (slot >= base && slot < base + local_size_)
      return actors_[members_[p(static_cast<int>(i))]].base + (slot - base);
  }
  return slot;
}

void MemberSymmetry::permute_channel(const Channel& from, const Channel& to,
                                     const MessageCodec& codec, const MemberPermutation& p,
                                     const Value* in, Value* out) const {
  std::copy_n(in + from.base(), from.slot_count(), out + to.base());
  for (int k = 0; k < from.policy().capacity; ++k) {
    Value& v = out[to.base() + k];
    if (v == 0) break;  // messages occupy a prefix
    if (std::optional<Value> renamed = codec.permute(v - 1, p)) v = *renamed + 1;
  }
  to.canonicalize(out);
}

// The same pieces as apply(), each compared with the state as soon as it is made: most
// renamings canonicalize() tries change the state, and this says so at the first piece
// that differs instead of after renaming every channel.
bool MemberSymmetry::fixes(const MemberPermutation& p, const Value* state, Value* scratch) const {
  auto same = [&](std::size_t base, std::size_t count) {
    return std::equal(scratch + base, scratch + base + count, state + base);
  };
  for (std::size_t i = 0; i < members_.size(); ++i) {
    const ActorInfo& from = actors_[members_[i]];
    const ActorInfo& to = actors_[members_[p(static_cast<int>(i))]];
    if (from.local_hook) {
      from.machine->permute_local(state + from.base, scratch + to.base, p);
      if (!same(to.base, local_size_)) return false;
    } else if (!std::equal(state + from.base, state + from.base + local_size_, state + to.base)) {
      return false;
    }
  }
  for (std::size_t a : hooked_non_members_) {
    const ActorInfo& actor = actors_[a];
    actor.machine->permute_local(state + actor.base, scratch + actor.base, p);
    if (!same(actor.base, actor.machine->local_size())) return false;
  }
  for (const Family& f : families_)
    for (std::size_t i = 0; i < members_.size(); ++i) {
      const Channel& to = system_.links_[f.links[p(static_cast<int>(i))]].channel;
      permute_channel(system_.links_[f.links[i]].channel, to, *f.codec, p, state, scratch);
      if (!same(to.base(), to.slot_count())) return false;
    }
  for (const FixedChannel& c : fixed_channels_) {
    const Channel& ch = system_.links_[c.link].channel;
    permute_channel(ch, ch, *c.codec, p, state, scratch);
    if (!same(ch.base(), ch.slot_count())) return false;
  }
  return true;
}

void MemberSymmetry::apply(const MemberPermutation& p, const Value* in, Value* out) const {
  std::copy_n(in, system_.layout().size(), out);
  for (std::size_t i = 0; i < members_.size(); ++i) {
    const ActorInfo& from = actors_[members_[i]];
    const ActorInfo& to = actors_[members_[p(static_cast<int>(i))]];
    if (from.local_hook)
      from.machine->permute_local(in + from.base, out + to.base, p);
    else
      std::copy_n(in + from.base, local_size_, out + to.base);
  }
  for (std::size_t a : hooked_non_members_)
    actors_[a].machine->permute_local(in + actors_[a].base, out + actors_[a].base, p);
  for (const Family& f : families_)
    for (std::size_t i = 0; i < members_.size(); ++i)
      permute_channel(system_.links_[f.links[i]].channel,
                      system_.links_[f.links[p(static_cast<int>(i))]].channel, *f.codec, p, in,
                      out);
  for (const FixedChannel& c : fixed_channels_) {
    const Channel& ch = system_.links_[c.link].channel;
    permute_channel(ch, ch, *c.codec, p, in, out);
  }
}

}  // namespace synack::checker
