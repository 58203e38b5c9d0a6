// Exploring the composition: the state variables (actor slots by name, channels as arrays
// of structured messages) and, per transition group, every feasible path through the
// System's own step, run over symbolic values.
#include <algorithm>
#include <bit>
#include <numeric>
#include <optional>

#include <fmt/format.h>

#include "checker/smt/symbolic_machine.hpp"
#include "checker/smt/system_encoding.hpp"
#include "checker/smt/system_encoding_step.hpp"

namespace synack::checker::smt {

bool SystemEncoding::Step::apply(std::size_t g) {
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

// Moves position `from` (message and age) to position `to`.
void SystemEncoding::Step::move(std::size_t link, int from, int to) {
  for (std::size_t f = 0; f < ch(link).stride(); ++f)
    s_[slot(link, to) + f] = s_[slot(link, from) + f];
  if (timed(link)) s_[age(link, to)] = s_[age(link, from)];
}

void SystemEncoding::Step::clear(std::size_t link, int k) {
  for (std::size_t f = 0; f < ch(link).stride(); ++f) s_[slot(link, k) + f] = 0;
  if (timed(link)) s_[age(link, k)] = 0;
}

bool SystemEncoding::Step::deliverable(std::size_t link, int k) const {
  const ChannelPolicy& p = policy(link);
  if (p.ordered && k != 0) return false;
  if (!has(link, k)) return false;
  return !timed(link) || bool(s_[age(link, k)] >= p.min_age);
}

// The message takes the first free position: a term per variable rather than a path
// per position. A full channel drops it (lossy) or blocks the step (reliable).
SymBool SystemEncoding::Step::push(std::size_t link, const SymMessage& m, const SymBool& when) {
  SymBool placed = false;
  for (int k = 0; k < policy(link).capacity; ++k) {
    SymBool here = when && !placed && !has(link, k);
    s_[slot(link, k)] = ite(here, 1, s_[slot(link, k)]);
    for (std::size_t f = 0; f < m.size(); ++f)
      s_[slot(link, k) + 1 + f] = ite(here, m[f], s_[slot(link, k) + 1 + f]);
    if (timed(link)) s_[age(link, k)] = ite(here, 0, s_[age(link, k)]);
    placed = placed || here;
  }
  return placed;
}

void SystemEncoding::Step::remove(std::size_t link, int k) {
  int cap = policy(link).capacity;
  for (int j = k; j + 1 < cap; ++j) move(link, j + 1, j);
  clear(link, cap - 1);
}

bool SystemEncoding::Step::duplicate(std::size_t link, int k) {
  const ChannelPolicy& p = policy(link);
  if (!has(link, k)) return false;
  SymInt& used = s_[ch(link).dups];
  if (used >= p.max_duplicates || has(link, p.capacity - 1)) return false;
  for (int j = p.capacity - 1; j > k; --j) move(link, j - 1, j);
  used = used + 1;
  return true;
}

// Each message ages; one older than MSL vanishes. Timers count down; a due one stops time.
bool SystemEncoding::Step::tick() {
  bool changed = false;
  for (std::size_t a = 0; a < e_.sys_.actors_.size(); ++a)
    for (std::size_t t : e_.sys_.actors_[a].timers)
      if (s_[t] == 1) return e_.sys_.timer_events_unoffered_ && stopped_clock();
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
  // A tick that changes nothing is a step only for liveness (System::apply_tick).
  idle_ = !changed;
  return changed || e_.liveness_steps_;
}

// System::blame_stopped_clock's condition, on this path: a due timer that some actor's
// machine would take through a timer event the scenario does not offer it, and through
// none it does. The explicit interpreter refuses that tick as the scenario's mistake; here
// it is a step that takes the timer out of its range, so that every engine looks for it
// as for any range left (transition_system.hpp), and the run it finds is followed through
// the interpreter, which names the mistake (smt_check.cpp, follow_path).
bool SystemEncoding::Step::stopped_clock() {
  for (std::size_t a = 0; a < e_.sys_.actors_.size(); ++a) {
    const System::Actor& actor = e_.sys_.actors_[a];
    const std::vector<std::size_t> unoffered = e_.sys_.timer_events(a, false);
    if (actor.timers.empty() || unoffered.empty()) continue;
    const std::vector<std::size_t> offered = e_.sys_.timer_events(a, true);
    auto fires = [&](std::size_t event) { return machine(a).fire_env(event, local(a)).fired; };
    for (std::size_t t : actor.timers) {
      if (!(s_[t] == 1)) continue;
      if (std::any_of(offered.begin(), offered.end(), fires)) break;
      if (std::none_of(unoffered.begin(), unoffered.end(), fires)) break;
      s_[t] = -1;
      idle_ = false;
      return true;
    }
  }
  return false;
}

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
  for (const Monitor& m : sys_.monitors_) {
    monitor_base_.push_back(all_vars_.size());
    for (std::size_t i = 0; i < m.spec().vars.size(); ++i) {
      const Slot& slot = layout.slot(m.base() + i);
      all_vars_.push_back({slot.name, 0, slot.max});
      initial_.emplace_back(initial[m.base() + i]);
      choice_.push_back(VariableSpec::Initial::kFixed);
    }
  }
  input_vars_.push_back({"group", 0, static_cast<std::int64_t>(sys_.groups_.size()) - 1});
  for (const SmtVar& v : all_vars_) {
    cur_.push_back(ctx_.int_const(v.name.c_str()));
    next_.push_back(ctx_.int_const((v.name + "'").c_str()));
  }
  in_.push_back(ctx_.int_const("group"));
}

void SystemEncoding::explore_groups(const Deadline* deadline) {
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
  // Which variables a step may take out of range. A new value whose range, computed from
  // in-range operands, lies within the declared one cannot; one whose range does not
  // (a guarded `retries + 1`) is asked of Z3 under its path's condition. Monitors' rules
  // are terms without ranges (observe): their variables are always checked.
  std::size_t monitors = monitor_base_.empty() ? all_vars_.size() : monitor_base_.front();
  std::vector<bool> may_leave(all_vars_.size(), false);
  std::fill(may_leave.begin() + static_cast<std::ptrdiff_t>(monitors), may_leave.end(), true);
  z3::solver leaving(ctx_);
  leave_signals_to_synack(leaving);
  leaving.add(ranges);
  std::vector<std::size_t> wide;  // this path's new values whose range exceeds the declared one
  for (std::size_t g = 0; g < sys_.groups_.size(); ++g) {
    std::optional<std::vector<z3::expr>> successor;
    paths.explore(
        ranges,
        [&] {
          // Once per run of the code, feasible or not: a group can have thousands.
          check_budget(deadline, "exploring the transition groups' paths");
          Step step(*this, start);
          if (!step.apply(g)) return;
          successor.emplace();
          wide.clear();
          for (std::size_t i = 0; i < monitors; ++i) {
            const SymInt& v = step.state()[i];
            if (v.lo() < all_vars_[i].lo || v.hi() > all_vars_[i].hi) wide.push_back(i);
          }
          for (const SymInt& v : step.state()) successor->push_back(v.expr(ctx_));
          if (!step.idle()) observe(*successor, g);
        },
        [&](const z3::expr& condition) {
          if (!successor) return;
          for (std::size_t i : wide) {
            if (may_leave[i]) continue;
            const z3::expr& next = (*successor)[i];
            if (deadline) deadline->apply(leaving);
            leaving.push();
            leaving.add(condition && (next < ctx_.int_val(all_vars_[i].lo) ||
                                      next > ctx_.int_val(all_vars_[i].hi)));
            // `unknown` counts as leaving: the variable is then checked, which is safe.
            may_leave[i] = leaving.check() != z3::unsat;
            leaving.pop();
          }
          groups_[g].push_back({condition, std::move(*successor)});
          successor.reset();
        });
  }
  paths_ = paths.paths_explored();
  relied_ = paths.relied();
  for (std::size_t i = 0; i < all_vars_.size(); ++i) all_vars_[i].may_leave = may_leave[i];
}

}  // namespace synack::checker::smt
