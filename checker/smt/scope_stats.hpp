// What a scope of samples shows of one value, for the templates that propose facts under
// guards (checker/smt/message_slot_mining, checker/smt/equality_guard_mining).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace synack::checker::smt::scope {

// The values seen, lo..hi; empty until the first.
struct Interval {
  std::int64_t lo = 0, hi = -1;
  void add(std::int64_t v) {
    if (lo > hi) lo = hi = v;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool operator==(const Interval&) const = default;
};

// A difference across the scope's samples: constant, or not (nullopt once two samples
// disagree). One sample says nothing: at least two must agree.
struct Constant {
  std::size_t seen = 0;
  std::optional<std::int64_t> value;
  void add(std::int64_t d) {
    if (seen == 0)
      value = d;
    else if (value && *value != d)
      value.reset();
    ++seen;
  }
  bool constant() const { return seen >= 2 && value.has_value(); }
};

}  // namespace synack::checker::smt::scope
