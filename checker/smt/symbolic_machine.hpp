// A protocol machine as the symbolic encoder sees it: its guards and actions run over
// SymInt values under a Paths explorer (one call per path), plus its messages as
// vectors of named fields. machines/msm_symbolic.hpp implements it for any Boost.MSM
// front-end whose variables and message are generic over the value type.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checker/layout.hpp"
#include "checker/smt/sym.hpp"
#include "checker/smt/transition_system.hpp"

namespace synack::checker::smt {

using SymMessage = std::vector<SymInt>;

// What offering an input did on the current path.
struct SymFiring {
  bool fired = false;
  const char* event = nullptr;  // the event the input became; null if none matched
  int row = -1;
  std::vector<SymInt> next;      // the local state after the step (when fired)
  std::vector<SymMessage> sent;  // the messages the step emitted, in order
};

class SymbolicMachine {
 public:
  virtual ~SymbolicMachine() = default;
  // The message's fields in order, with the range of each ("seq", 0, 15).
  virtual const std::vector<SmtVar>& message_fields() const = 0;
  // Run within Paths::explore: each call follows the current path.
  virtual SymFiring fire_env(std::size_t event, const std::vector<SymInt>& local) const = 0;
  virtual SymFiring fire_message(const SymMessage& message,
                                 const std::vector<SymInt>& local) const = 0;
  // A concrete message between its fields and the codec's value (for replay).
  virtual std::vector<std::int64_t> fields_of(Value message) const = 0;
  virtual Value message_of(const std::vector<std::int64_t>& fields) const = 0;
};

}  // namespace synack::checker::smt
