// Candidates as the user reads them, with every value printed as a number: what the mining
// and Houdini tests compare.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "checker/smt/invariant_mining.hpp"

namespace synack::testing {

// In the candidates' order.
inline std::vector<std::string> texts(const std::vector<checker::smt::Candidate>& cs,
                                      const std::vector<checker::smt::SmtVar>& vars) {
  std::vector<std::string> out;
  for (const auto& c : cs)
    out.push_back(c.text(vars, [](std::size_t, std::int64_t v) { return std::to_string(v); }));
  return out;
}

// Sorted: for comparing sets of lemmas whose order depends on how they were found.
inline std::vector<std::string> sorted_texts(const std::vector<checker::smt::Candidate>& cs,
                                             const std::vector<checker::smt::SmtVar>& vars) {
  std::vector<std::string> out = texts(cs, vars);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace synack::testing
