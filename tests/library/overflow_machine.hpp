// A counter and a sink whose declared bounds are deliberately too small, as a user's
// mistake: the real machines leave the declared ranges in a few steps. The Z3 engines
// once assumed the bounds and proved what the machines violate (tests/test_bound_exceeded.cpp).
#pragma once

#include <memory>

#include "synack/scenario.hpp"

namespace overflow {

struct Params {
  int limit = 5;        // the counter counts up while count < limit
  int count_bound = 5;  // var_bounds of the counter's `count` (too small when < limit)
  int value_bound = 5;  // message_bounds of `value` (too small when < limit)
};

// `tick` counts and sends Num{value = count}; the sink remembers the last value received
// in `got` (declared 0..5).
std::shared_ptr<const synack::Machine> make_counter(const Params& p);
std::shared_ptr<const synack::Machine> make_sink(const Params& p);

}  // namespace overflow
