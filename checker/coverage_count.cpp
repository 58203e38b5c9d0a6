#include "checker/coverage_count.hpp"

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

}  // namespace synack::checker
