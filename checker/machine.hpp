// A protocol machine as the composition sees it: type-erased, free of Boost.MSM.
//
// A machine's local state is `[control state, variable...]`. Its inputs are
// environment events (application calls and timer expiries, offered in every state and
// taken when a row accepts them) and messages (encoded as integers by the machine's
// codec). machines/msm_machine.hpp implements this for any Boost.MSM front-end, reading
// states, events and rows from its transition table.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checker/layout.hpp"
#include "checker/permutation.hpp"

namespace synack::checker {

namespace smt {
class SymbolicMachine;
}

// Messages one step emits, encoded; a step never sends more than a few.
struct Outbox {
  static constexpr std::size_t kCapacity = 16;
  std::array<Value, kCapacity> messages{};
  std::size_t count = 0;
};

// The outcome of offering an input to a machine.
struct Firing {
  bool fired = false;           // a row accepted the input
  const char* event = nullptr;  // the event the input became ("rcv SYN"); null if none
  int row = -1;                 // index into MachineType::rows() of the row that fired
};

struct VariableSpec {
  std::string name;
  Value max = 0;
  // A countdown timer (its name ends in "_timer"): 0 is disarmed, k >= 1 expires after
  // k - 1 more clock ticks. The clock, not the machine's rows, counts it down.
  bool timer = false;
  // What the Z3 engines may assume of the variable's initial value: the machine's own
  // (fixed), any value in 0..max, or any value coprime with max + 1 (a clock step that
  // visits every value before it repeats one). The explicit engine runs fixed ones only.
  enum class Initial { kFixed, kAny, kCoprime };
  Initial initial = Initial::kFixed;
  // Optional names of its values (an enum: "WORKING", "PREPARED"), so that properties
  // and traces say the name; empty: the values print as numbers.
  std::vector<std::string> value_names = {};
};

struct EventSpec {
  std::string name;  // "connect", "timeout"
  bool timer = false;
};

// One row of a machine's transition table, by name: for listings and diagrams.
struct RowSpec {
  std::string source, event, target;  // target empty: an internal transition
  std::string action, guard;          // empty: none
};

// How a machine's messages are encoded: values 0..count-1.
class MessageCodec {
 public:
  virtual ~MessageCodec() = default;
  virtual Value count() const = 0;
  virtual std::string print(Value message) const = 0;

  // A transport that carries an upper layer (a TCP endpoint under TLS) answers these two;
  // other codecs carry nothing. Upper-layer messages are numbered 0..n-1 by the upper
  // machine's codec, whose value n means "the connection beneath is gone".
  struct Handover {
    enum Kind { kNone, kDeliver, kClosed } kind = kNone;
    std::uint32_t messages = 0;  // kDeliver: the upper messages handed up, as a bitset
  };
  // What one of this machine's own messages hands up; kNone: it goes on the wire.
  virtual Handover handover(Value) const { return {}; }
  // The message by which the upper layer writes `upper_message` down; none: no socket.
  virtual std::optional<Value> write_of(Value) const { return std::nullopt; }

  // For a machine with several outgoing channels (a coordinator): the port a message
  // takes, 0 for the actor's first channel. Codecs without ports send on their only one.
  virtual bool has_ports() const { return false; }
  // Numbers are handed out in the order messages are first met (not computed from their
  // fields), so they depend on the order states are explored in.
  virtual bool numbers_on_first_use() const { return false; }
  // How the codec numbers messages, for checking that both ends of a channel agree
  // ("Msg{kind<=2 rm<=2}"); empty when the codec cannot say (the check is skipped).
  virtual std::string signature() const { return {}; }
  virtual std::optional<std::size_t> port(Value) const { return std::nullopt; }
  // The message's fields by name, with each one's largest value, for monitors that read
  // the message a step delivers (step.message.FIELD); empty when the codec cannot say.
  struct Field {
    std::string name;
    Value max = 0;
  };
  virtual std::vector<Field> fields() const { return {}; }
  // A message's field values, in the order of fields().
  virtual std::vector<Value> field_values(Value) const { return {}; }
  // Symmetry reduction: the message with the members it names renamed by `p` (a
  // participant's index in it); none when the codec has no such hook, which symmetry
  // takes to mean its messages name no member and then checks (checker/symmetry/).
  virtual std::optional<Value> permute(Value, const MemberPermutation&) const {
    return std::nullopt;
  }
};

// The real machine, stateful, used to replay traces: it keeps its own state and is fed
// the same inputs the trace claims, one after another.
class MachineRunner {
 public:
  virtual ~MachineRunner() = default;
  virtual Firing fire_env(std::size_t event, Outbox& out) = 0;
  virtual Firing fire_message(Value message, Outbox& out) = 0;
  virtual void read_local(Value* local) const = 0;
  // One clock tick: every armed timer that is not yet due counts down by one.
  virtual void advance_clock() = 0;
  // Before the first input: take the variables of `local` (in the initial control state),
  // for a trace whose initial values a Z3 engine chose (VariableSpec::Initial).
  virtual void start_from(const Value* local) = 0;
  // A runner in this one's control state with its variables, whose machine is otherwise
  // newly made: data kept outside the declared variables starts afresh. Replay runs a step
  // it diverged at on such a copy, to tell a user's machine that keeps state outside its
  // Vars from a bug of synack's. Null when the machine cannot be copied so.
  virtual std::unique_ptr<MachineRunner> fresh_copy() const { return nullptr; }
};

class MachineType {
 public:
  virtual ~MachineType() = default;

  virtual std::string machine_name() const = 0;
  virtual const std::vector<std::string>& state_names() const = 0;
  virtual const std::vector<VariableSpec>& variables() const = 0;
  virtual const std::vector<EventSpec>& env_events() const = 0;
  virtual const std::vector<RowSpec>& rows() const = 0;
  virtual const MessageCodec& codec() const = 0;
  virtual std::vector<Value> initial_local() const = 0;
  // Control states where the machine may rest for good (a finished exchange, a
  // listener waiting), as indices into state_names(); empty when none are declared.
  virtual const std::vector<Value>& end_states() const = 0;

  // The engine's interpreter: stateless, reads the local state from `local`.
  virtual Firing fire_env(std::size_t event, const Value* local, Value* next_local,
                          Outbox& out) const = 0;
  virtual Firing fire_message(Value message, const Value* local, Value* next_local,
                              Outbox& out) const = 0;

  virtual std::unique_ptr<MachineRunner> make_runner() const = 0;

  // The same rows run over symbolic values, for the Z3 engines; null when the machine's
  // variables or messages are not generic over the value type (`why_not_symbolic` says).
  virtual const smt::SymbolicMachine* symbolic() const { return nullptr; }
  virtual std::string why_not_symbolic() const {
    return "machine " + machine_name() + " is not generic over its value type";
  }

  // Symmetry reduction: writes to `out` the local state with the members its variables
  // name renamed by `p` (a set of participants heard from). False, with `out` a copy, when
  // the machine has no such hook: its variables name no member (which symmetry checks).
  virtual bool permute_local(const Value* local, Value* out, const MemberPermutation&) const {
    for (std::size_t i = 0; i < local_size(); ++i) out[i] = local[i];
    return false;
  }

  std::size_t local_size() const { return 1 + variables().size(); }
};

}  // namespace synack::checker
