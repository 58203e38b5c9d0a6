// The messages one machine step sent, as System routes them.
#pragma once

#include <array>
#include <cstddef>

#include "checker/layout.hpp"
#include "checker/machine.hpp"

namespace synack::checker {

// Unlike Outbox, its array is not zeroed on construction (16 values on every step): only
// the first `count` are ever written or read.
struct SentMessages {
  std::array<Value, Outbox::kCapacity> messages;
  std::size_t count = 0;
};

}  // namespace synack::checker
