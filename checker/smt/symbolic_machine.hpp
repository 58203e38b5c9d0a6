// A protocol machine as the symbolic encoder sees it: its guards and actions run over
// SymInt values under a Paths explorer (one call per path), plus its messages as
// vectors of named fields. machines/msm_symbolic.hpp implements it for any Boost.MSM
// front-end whose variables and message are generic over the value type.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
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

// Offering an input only when a condition holds, as terms rather than paths: the local
// state after (each variable the choice among what the rows that may fire make of it, or
// its old value) and every message some row sends, with the condition under which it is sent.
struct SymMerged {
  std::vector<SymInt> next;
  std::vector<std::pair<SymBool, SymMessage>> sent;
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
  // A concrete message between its fields and the codec's value (for replay, and for the
  // socket between layers, whose messages the codecs number).
  virtual std::vector<std::int64_t> fields_of(Value message) const = 0;
  virtual Value message_of(const std::vector<std::int64_t>& fields) const = 0;

  // What one of this machine's own messages hands the layer above, as the codec's
  // MessageCodec::handover says: its kind (a Handover::Kind) and, for kDeliver, the upper
  // messages as a bitset. A machine whose messages carry no socket hands up nothing.
  struct Handover {
    SymInt kind = 0;
    SymInt messages = 0;
  };
  virtual Handover handover(const SymMessage&) const { return {}; }
  // The port a message takes, for a machine with several outgoing channels
  // (MessageCodec::port); 0 for the others.
  virtual SymInt port(const SymMessage&) const { return 0; }
  // Whether some row of control state `state` takes the concrete message `fields` (guards
  // aside). Where no state has one, handing the message up changes nothing, whatever the
  // variables: the layered step skips it.
  virtual bool has_row(const std::vector<std::int64_t>& fields, std::int64_t state) const = 0;
  // fire_message when `when` holds, without a path per control state or per row: for a
  // message handed up within a step, where paths would multiply message by message.
  virtual SymMerged fire_merged(const SymMessage& message, const std::vector<SymInt>& local,
                                const SymBool& when) const = 0;
};

}  // namespace synack::checker::smt
