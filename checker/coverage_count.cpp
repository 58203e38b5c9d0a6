#include "checker/coverage_count.hpp"

#include <algorithm>
#include <vector>

namespace synack::checker {

void add_block_rows(const Model& model, const StateStore& store, const ExpandedBlock& block,
                    std::size_t committed, Coverage& coverage) {
  if (block.row_counts.empty()) return;
  if (committed == block.successors.size()) {
    for (std::size_t r = 0; r < block.row_counts.size(); ++r)
      coverage.row_fired[r] += block.row_counts[r];
    return;
  }
  const Layout& layout = model.layout();
  std::vector<Value> parent(layout.size()), next(layout.size());
  for (std::uint32_t k = 0, p = 0; k < committed; ++k) {
    while (block.end[p] <= k) ++p;
    store.unpack(block.first_parent + p, layout, parent.data());
    model.apply_counting(block.successors[k].group, parent.data(), next.data(),
                         coverage.row_fired.data());
  }
}

void recount_coverage(const Model& model, const StateStore& store, std::uint32_t expanded,
                      Coverage& coverage) {
  const Layout& layout = model.layout();
  std::vector<Value> state(layout.size()), next(layout.size());
  std::vector<std::uint64_t> packed(layout.words());
  std::vector<std::uint32_t> inserted;
  for (std::uint32_t parent = 0; parent < expanded; ++parent) {
    store.unpack(parent, layout, state.data());
    inserted.clear();
    for (std::size_t g = 0; g < model.group_count(); ++g) {
      if (!model.apply_counting(g, state.data(), next.data(), coverage.row_fired.data())) continue;
      ++coverage.group_transitions[g];
      layout.pack(next.data(), packed.data());
      auto index = store.find(packed.data(), store.hash(packed.data()));
      if (!index || store.parent(*index) != parent ||
          std::find(inserted.begin(), inserted.end(), *index) != inserted.end())
        continue;
      inserted.push_back(*index);
      ++coverage.group_new_states[g];
    }
  }
}

}  // namespace synack::checker
