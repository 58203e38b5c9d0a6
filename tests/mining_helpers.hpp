// What the invariant-mining and Houdini tests share: a deadline that never expires, one
// that already has, and whether a text is among the candidates' texts.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "checker/smt/deadline.hpp"

namespace synack::testing {

inline const checker::smt::Deadline kNoLimit(0);

// A deadline that has passed (one millisecond, waited out).
inline checker::smt::Deadline expired_deadline() {
  checker::smt::Deadline d(1);
  while (!d.expired()) {
  }
  return d;
}

inline bool has(const std::vector<std::string>& all, const std::string& s) {
  return std::find(all.begin(), all.end(), s) != all.end();
}

}  // namespace synack::testing
