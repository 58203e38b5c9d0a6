#include "checker/checkpoint_store.hpp"

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

void restore_store(const CheckpointData& data, const Layout& layout, StateStore& store,
                   const std::string& where) {
  PackedStateCheck check(layout);
  for (std::size_t k = 0; k < data.parents.size(); ++k) {
    if (std::string why = check.fault(&data.states[k * data.words], k, where); !why.empty())
      throw InputError(why);
    std::uint32_t parent = data.parents[k];
    if ((k == 0) != (parent == StateStore::kNoParent) || (k > 0 && parent >= k))
      throw InputError(where + " is not a usable checkpoint: a parent comes after its child");
    auto inserted = store.insert(&data.states[k * data.words], parent);
    if (!inserted || !inserted->second || inserted->first != k)
      throw InputError(where + " is not a usable checkpoint: it holds a state twice");
  }
  store.mark_restored(where);
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
