// Every local state a machine's declarations allow (each control state, each variable in
// 0..max), for the symmetry checks that compare machines state by state.
#pragma once

#include <cstddef>
#include <vector>

#include "checker/machine.hpp"

namespace synack::checker {

// How many local states the symmetry checks enumerate per machine at most.
inline constexpr double kMaxEnumeratedLocals = 1 << 20;

inline double local_state_count(const MachineType& m) {
  double count = static_cast<double>(m.state_names().size());
  for (const VariableSpec& v : m.variables()) count *= static_cast<double>(v.max) + 1;
  return count;
}

// Calls f(local) for each local state, in mixed-radix order. The caller checks
// local_state_count against kMaxEnumeratedLocals first.
template <class F>
void for_each_local(const MachineType& m, F&& f) {
  std::vector<Value> local(m.local_size(), 0);
  std::vector<Value> max(m.local_size());
  max[0] = static_cast<Value>(m.state_names().size()) - 1;
  for (std::size_t i = 0; i < m.variables().size(); ++i) max[i + 1] = m.variables()[i].max;
  while (true) {
    f(static_cast<const std::vector<Value>&>(local));
    std::size_t k = 0;
    while (k < local.size() && local[k] == max[k]) local[k++] = 0;
    if (k == local.size()) return;
    ++local[k];
  }
}

}  // namespace synack::checker
