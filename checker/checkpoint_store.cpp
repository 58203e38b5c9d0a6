#include "checker/checkpoint_store.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "checker/errors.hpp"

namespace synack::checker {

void save_store(const StateStore& store, CheckpointData& data) {
  data.states.resize(store.size() * data.words);
  data.parents.reserve(store.size());
  for (std::uint32_t k = 0; k < store.size(); ++k) {
    store.state(k, &data.states[k * data.words]);
    data.parents.push_back(store.parent(k));
  }
}

PackedStateCheck::PackedStateCheck(const Layout& layout)
    : layout_(layout), values_(layout.size()), repacked_(layout.words()) {}

std::string PackedStateCheck::fault(const std::uint64_t* packed, std::size_t index,
                                    const std::string& where) {
  layout_.unpack(packed, values_.data());
  for (std::size_t i = 0; i < values_.size(); ++i)
    if (values_[i] < 0 || values_[i] > layout_.slot(i).max)
      return fmt::format(
          "{} is not a usable checkpoint: state {} holds {} = {}, outside its range 0..{} (a "
          "file made or edited by hand?); start afresh without --resume",
          where, index, layout_.slot(i).name, values_[i], layout_.slot(i).max);
  // Bits past the slots: the same state under another bit pattern, stored and counted
  // twice (a hand-made checkpoint of tcp/three-way-handshake said 192,932 states).
  layout_.pack(values_.data(), repacked_.data());
  for (std::size_t w = 0; w < repacked_.size(); ++w)
    if (repacked_[w] != packed[w])
      return fmt::format(
          "{} is not a usable checkpoint: state {} has bits set outside its slots (word {}) (a "
          "file made or edited by hand?); start afresh without --resume",
          where, index, w);
  return "";
}

namespace {

// What makes the search's position (next parent, level end, depth) one that a breadth-first
// search stands at, "" when it is: parents in the order they were expanded, every stored
// state found by one already expanded, the next parent within the level, and the level's
// end a boundary between the depth recorded and the next. A file edited by hand that moves
// them (a next parent at the end: every state expanded, a `holds` over a fraction of the
// space; a depth of 4,294,967,330) is refused. Parents already come before their children.
std::string search_position_fault(const CheckpointData& d) {
  const std::vector<std::uint32_t>& parents = d.parents;
  for (std::size_t k = 2; k < parents.size(); ++k)
    if (parents[k] < parents[k - 1]) return "its parents are not in the order they were expanded";
  if (parents.size() > 1 && parents.back() >= d.next_parent)
    return "it holds a state found by a parent not yet expanded";
  if (d.next_parent > d.level_end) return "its next parent is beyond its level's end";
  auto depth_of = [&](std::size_t k) {
    std::uint64_t depth = 0;
    for (; k != 0; k = parents[k]) ++depth;
    return depth;
  };
  if (d.level_end == 0 || depth_of(d.level_end - 1) != d.depth ||
      (d.level_end < parents.size() && depth_of(d.level_end) != d.depth + 1))
    return fmt::format("its depth {} is not that of its level", d.depth);
  return "";
}

}  // namespace

void restore_store(const CheckpointData& data, const Layout& layout, StateStore& store,
                   const std::string& where) {
  PackedStateCheck check(layout);
  for (std::size_t k = 0; k < data.parents.size(); ++k) {
    if (std::string why = check.fault(&data.states[k * data.words], k, where); !why.empty())
      throw InputError(why);
    std::uint32_t parent = data.parents[k];
    if ((k == 0) != (parent == StateStore::kNoParent) || (k > 0 && parent >= k))
      throw InputError(where +
                       " is not a usable checkpoint: a parent comes after its child (a file made "
                       "or edited by hand?); start afresh without --resume");
    auto inserted = store.insert(&data.states[k * data.words], parent);
    if (!inserted || !inserted.added() || inserted.index() != k)
      throw InputError(where +
                       " is not a usable checkpoint: it holds a state twice (a file made or "
                       "edited by hand?); start afresh without --resume");
  }
  if (std::string why = search_position_fault(data); !why.empty())
    throw InputError(fmt::format(
        "{} is not a usable checkpoint: {} (a file made or edited by hand?); start afresh "
        "without --resume",
        where, why));
  store.mark_restored(where);
}

void check_restored_successors(const Model& model, const StateStore& store,
                               std::uint32_t next_parent, const std::string& where,
                               std::uint32_t sample) {
  const Layout& layout = model.layout();
  std::vector<Value> from(layout.size()), to(layout.size());
  std::vector<std::uint64_t> packed(layout.words());
  auto check = [&](std::uint32_t parent) {
    store.unpack(parent, layout, from.data());
    for (std::size_t g = 0; g < model.group_count(); ++g) {
      try {
        if (!model.apply(g, from.data(), to.data())) continue;
      } catch (const InputError& e) {
        throw InputError(fmt::format(
            "{} was written by another model: its state {}'s step {} now fails: {}; start "
            "afresh without --resume",
            where, parent, model.group_name(g), e.what()));
      }
      layout.pack(to.data(), packed.data());
      if (store.find(packed.data(), store.hash(packed.data()))) continue;
      throw InputError(fmt::format(
          "{} was written by another model: state {} is expanded there, and its step {} "
          "leads to a state it does not hold (a machine changed since, or a parent an "
          "earlier synack saved half-expanded); start afresh without --resume",
          where, parent, model.group_name(g)));
    }
  };
  const std::uint32_t head = std::min(next_parent, sample);
  for (std::uint32_t p = 0; p < head; ++p) check(p);
  for (std::uint32_t p = std::max(head, next_parent - std::min(next_parent, sample));
       p < next_parent; ++p)
    check(p);
}

std::string checkpoint_identity(const std::string& caller, const Model& model,
                                const std::vector<const PropertySpec*>& specs) {
  std::string id = fmt::format("{}\nslots:", caller);
  for (const Slot& slot : model.layout().slots()) id += fmt::format(" {}<={}", slot.name, slot.max);
  id += "\ngroups:";
  for (std::size_t g = 0; g < model.group_count(); ++g)
    id += fmt::format(" {}", model.group_name(g));
  for (const PropertySpec* spec : specs)
    id += fmt::format("\nproperty {} {} {}", spec->name, static_cast<int>(spec->kind),
                      spec->expression);
  return id;
}

}  // namespace synack::checker
