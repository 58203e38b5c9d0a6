// From a state of the encoding back to an explicit state, and its successors by the
// explicit interpreter: what Houdini uses to drop, without a solver call, every candidate
// that the neighbourhood of a counterexample to induction falsifies (checker/smt/houdini).
// Nothing here needs to be complete; what it returns must be exact.
#include <algorithm>
#include <exception>
#include <stdexcept>

#include "checker/errors.hpp"
#include "checker/refused_step.hpp"
#include "checker/smt/symbolic_machine.hpp"
#include "checker/smt/system_encoding.hpp"

namespace synack::checker::smt {

std::optional<std::vector<Value>> SystemEncoding::explicit_state(
    const std::vector<std::int64_t>& state) const {
  // Every variable: kept ones from `state`, constants as folded, the rest (outside the cone:
  // no kept variable reads them) as in the initial state, or the lowest value of their range.
  std::vector<std::int64_t> full = project(sys_.initial_state());
  for (std::size_t v = 0; v < all_vars_.size(); ++v) {
    if (reduction_.constant[v]) full[v] = *reduction_.constant[v];
    full[v] = std::clamp(full[v], all_vars_[v].lo, all_vars_[v].hi);
  }
  for (std::size_t i = 0; i < kept_.size(); ++i) full[kept_[i]] = state[i];

  std::vector<Value> ex = sys_.initial_state();
  for (std::size_t a = 0; a < sys_.actors_.size(); ++a)
    for (std::size_t i = 0; i < sys_.actors_[a].machine->local_size(); ++i)
      ex[sys_.actors_[a].base + i] = static_cast<Value>(full[actor_base_[a] + i]);
  for (std::size_t m = 0; m < sys_.monitors_.size(); ++m)
    for (std::size_t i = 0; i < sys_.monitors_[m].spec().vars.size(); ++i)
      ex[sys_.monitors_[m].base() + i] = static_cast<Value>(full[monitor_base_[m] + i]);
  for (const ChannelVars& cv : channels_) {
    const System::Link& link = sys_.links_[cv.link];
    const Channel& channel = link.channel;
    const ChannelPolicy& p = channel.policy();
    const SymbolicMachine& sender = *sys_.actors_[link.from].machine->symbolic();
    bool gap = false;
    for (int k = 0; k < p.capacity; ++k) {
      std::size_t at = cv.base + static_cast<std::size_t>(k) * cv.stride();
      std::size_t slot = channel.base() + static_cast<std::size_t>(k);
      ex[slot] = 0;
      if (channel.timed()) ex[channel.age_base() + static_cast<std::size_t>(k)] = 0;
      if (full[at] == 0) {
        gap = true;  // an empty position: `agrees` below checks its fields are cleared
        continue;
      }
      if (gap) return std::nullopt;  // the explicit channel is a prefix of its slots
      std::vector<std::int64_t> fields(
          full.begin() + static_cast<std::ptrdiff_t>(at + 1),
          full.begin() + static_cast<std::ptrdiff_t>(at + cv.stride()));
      try {
        ex[slot] = sender.message_of(fields) + 1;
      } catch (const std::exception&) {
        return std::nullopt;  // fields no message has (a segment table that is full)
      }
      if (channel.timed())
        ex[channel.age_base() + static_cast<std::size_t>(k)] =
            static_cast<Value>(full[cv.ages + static_cast<std::size_t>(k)]);
    }
    if (p.max_duplicates > 0) ex[channel.dups_slot()] = static_cast<Value>(full[cv.dups]);
    channel.canonicalize(ex.data());
  }
  // Whatever did not survive the round trip (a field outside what the codec keeps, a
  // value left in an empty position) makes this a state the explicit model cannot hold.
  if (!agrees(state, ex)) return std::nullopt;
  return ex;
}

std::vector<std::vector<std::int64_t>> SystemEncoding::explicit_successors(
    const std::vector<std::int64_t>& state) const {
  std::vector<std::vector<std::int64_t>> out;
  std::optional<std::vector<Value>> from = explicit_state(state);
  if (!from) return out;
  // Where this encoding's positions of an unordered channel may be in another order than
  // the explicit engine's sorted ones: two present positions with different contents.
  auto ambiguous = [&](const std::vector<std::int64_t>& s) {
    for (const ChannelVars& cv : channels_) {
      const ChannelPolicy& p = sys_.links_[cv.link].channel.policy();
      if (p.ordered) continue;
      std::vector<std::int64_t> first;
      for (int k = 0; k < p.capacity; ++k) {
        // A presence flag folded to a constant: a channel nothing is ever sent on.
        if (!reduction_.kept[cv.base + static_cast<std::size_t>(k) * cv.stride()]) continue;
        std::vector<std::int64_t> here = position(cv, k, s, false);
        if (here.front() == 0) continue;  // absent
        if (first.empty())
          first = here;
        else if (here != first)
          return true;
      }
    }
    return false;
  };
  std::vector<Value> next(from->size(), 0);
  for (std::size_t g = 0; g < sys_.group_count(); ++g) {
    try {
      if (!sys_.apply(g, from->data(), next.data())) continue;
    } catch (const InputError&) {
      continue;  // a variable leaving its range: the encoding's step is not followed here
    } catch (const RefusedStep&) {
      // A machine or a layer refusing a state no run reaches (a TLS machine sending what
      // its socket cannot carry): `state` is a counterexample to induction, not a
      // reachable state, and a successor here is only a proposal, so none is proposed.
      // Any other error (synack's own bug) still ends the run.
      continue;
    }
    std::vector<std::int64_t> s = kept_values(next);
    if (ambiguous(s)) continue;
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  }
  return out;
}

std::vector<SystemEncoding::Variable> SystemEncoding::variables() const {
  std::vector<Variable> out(all_vars_.size());
  for (std::size_t v = 0; v < all_vars_.size(); ++v) {
    out[v].var = &all_vars_[v];
    // Before a property's reduction (the exploration alone) nothing is known constant.
    if (v < reduction_.constant.size()) out[v].constant = reduction_.constant[v];
  }
  for (std::size_t k = 0; k < kept_.size(); ++k) out[kept_[k]].kept = k;
  return out;
}

bool SystemEncoding::channel_ordered(std::size_t link) const {
  return sys_.links_.at(link).channel.policy().ordered;
}

}  // namespace synack::checker::smt
