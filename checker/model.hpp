// The seam between protocol machines and engines.
//
// A model is a fixed state layout, one initial state, and a list of transition groups.
// A group is one kind of step (a channel delivering its k-th message, the client's
// `connect` call, ...); applied to a state it yields at most one successor, so a trace
// is a list of group indices and engines enumerate successors in a fixed order.
// Nothing here knows about Boost.MSM.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker/errors.hpp"
#include "checker/layout.hpp"

namespace synack::checker {

// What one step did, in words, for traces and charts.
struct StepInfo {
  std::string actor;              // who acted: "client", or the channel "c2s" for a loss
  std::string event;              // "connect", "rcv SYN-ACK", "lose", "duplicate", "timeout"
  std::string message;            // the message involved, if any: "SYN seq=0"
  std::string outcome;            // what became of it: "" normally, "discarded" when no row fired
  std::vector<std::string> sent;  // messages the step put on channels, in order
  std::string channel;            // the channel delivered from, lost from or duplicated in
  std::vector<std::string> sent_on;  // the channel each message of `sent` went to
  // The actor each message went to, when the sender has several channels; else empty.
  std::vector<std::string> sent_to;
  // What passed between the layers of a host in this step, in order: "client-tls rcv
  // ServerHello", "client-tcp write [Finished]".
  std::vector<std::string> layered;
  int row = -1;  // index of the table row that fired, if one did
};

// What a transition group is, for fairness: whose step it is, and for a channel's
// groups which channel and where the message it moves sits in the state.
struct GroupRole {
  enum Kind { kEnv, kDeliver, kLose, kDuplicate, kTick } kind = kEnv;
  std::string actor;             // kEnv: the actor; kTick: "clock"; else the receiving actor
  std::string channel;           // channel groups: the channel's name
  std::size_t message_slot = 0;  // channel groups: the slot holding the message (value + 1)
};

// Model::real_run found no step from the representative at step - 1 to the one at step:
// synack's bug, unless that link was read from a checkpoint (reconstruct_trace tells).
struct NoRealStep : InternalError {
  NoRealStep(std::size_t at, const std::string& what) : InternalError(what), step(at) {}
  std::size_t step;
};

class Model {
 public:
  virtual ~Model() = default;

  virtual const Layout& layout() const = 0;
  virtual std::vector<Value> initial_state() const = 0;

  virtual std::size_t group_count() const = 0;
  virtual std::string group_name(std::size_t group) const = 0;

  // Applies `group` to `from`. Returns false when the group is not enabled there;
  // otherwise writes the successor to `to` (which may not alias `from`).
  virtual bool apply(std::size_t group, const Value* from, Value* to) const = 0;

  virtual StepInfo describe(std::size_t group, const Value* from) const = 0;

  // True for a group no state enables (a FIFO channel's delivery past its head), which the
  // engines then need not try in every state; false says nothing.
  virtual bool never_enabled(std::size_t) const { return false; }

  // Coverage: the machines' rows numbered actor by actor (the first actor's rows 0..n-1,
  // the next actor's from n, ...); 0 for a model without machines.
  virtual std::size_t row_count() const { return 0; }
  // apply(), also adding one to row_counts[r] for every row r that fired in the step
  // (several when layers on one host pass messages within it); nothing when the group is
  // not enabled.
  virtual bool apply_counting(std::size_t group, const Value* from, Value* to,
                              std::uint64_t* row_counts) const {
    (void)row_counts;
    return apply(group, from, to);
  }

  // For fairness constraints; models without actors or channels keep the default.
  virtual GroupRole group_role(std::size_t) const { return {}; }

  // A step the safety search folds away but runs need, as liveness sees them: writes its
  // successor and returns true for such a step, false otherwise. Two kinds:
  // - a delivery the receiver would discard on a lossy channel: apply() leaves it to the
  //   lose group (the same successor), but fair loss must see the message reach the
  //   receiver;
  // - a clock tick that changes nothing (no timer armed, nothing in flight that ages):
  //   apply() reports it disabled, as it adds no state, but it is time passing while
  //   nothing else happens, a run liveness must not miss. Its successor is the state
  //   itself, a self-loop of the clock.
  virtual bool liveness_only_step(std::size_t, const Value*, Value*) const { return false; }

  // A proper end state: every actor is where its machine declares it may rest, so a
  // state without successors there is a finished run, not a deadlock.
  virtual bool proper_end(const Value*) const { return false; }

  // Some codecs number messages in the order they first meet them (a 32-bit TCP segment
  // does not fit a slot otherwise). Such a model is expanded by one thread, so that the
  // numbers, and so the order of states, are the same on every run.
  virtual bool numbers_messages_on_first_use() const { return false; }
  // The declared ends in words, for listings: "sender in DONE, receiver in any state".
  virtual std::string proper_end_text() const { return "none declared"; }

  // A one-line summary of the actors' control states: "client=SYN-SENT server=LISTEN".
  virtual std::string summary(const Value* state) const = 0;

  // For charts: the actors (lifelines), their control states, and who each channel joins.
  struct ChannelEnds {
    std::string name, from, to;
  };
  virtual std::vector<std::string> actor_names() const { return {}; }
  virtual std::vector<std::string> control_states(const Value*) const { return {}; }
  // Slots whose initial value the model leaves open for the Z3 engines (an ISN clock): the
  // explicit engines start from one initial state and refuse such a model.
  virtual std::vector<std::size_t> open_initial_slots() const { return {}; }
  virtual std::vector<ChannelEnds> channel_ends() const { return {}; }

  // A model that stores one representative per class of equivalent states (symmetry
  // reduction, checker/symmetry/) turns a path of representatives into the real run it
  // stands for, of the same length: it rewrites `states` (states[0] the initial state) and
  // returns the group of each step. Other models return nothing: their paths are runs.
  // NoRealStep when no step leads from states[k - 1]'s class to states[k]'s.
  virtual std::optional<std::vector<std::size_t>> real_run(std::vector<std::vector<Value>>&) const {
    return std::nullopt;
  }

  // Re-executes a path with the real machines (not the engine's interpreter) and returns
  // a description of the first divergence, or nothing when every step agrees.
  // states[0] is the initial state; states[i+1] is groups[i] applied to states[i].
  // What replay() runs, for the line above a trace: "the Boost.MSM machines".
  virtual std::string replayed_through() const { return "the Boost.MSM machines"; }

  virtual std::optional<std::string> replay(
      const std::vector<std::size_t>& groups,
      const std::vector<std::vector<Value>>& states) const = 0;
};

}  // namespace synack::checker
