// Composition: actors (protocol machines) joined by channels, plus the environment
// (application calls and timer expiries), as one Model.
//
// One step is exactly one of:
//   - an environment event taken by one actor (a row of its table accepts it);
//   - a channel delivering one message to its receiver, which may discard it when no
//     row accepts it (as a real stack drops a segment it has no use for; on a lossy
//     channel that step is reported as the loss it is indistinguishable from);
//   - a lossy channel losing one message;
//   - a duplicating channel copying one message (within its duplication budget);
//   - with timed channels, a clock tick: messages age (those older than MSL vanish)
//     and armed timers count down. Time cannot pass a due timer: the tick waits until
//     the machine has taken its expiry (timers are urgent).
// Messages an actor sends in a step go to its outgoing channel. An actor may have several
// (a coordinator talking to N participants): its channels are its ports 0, 1, ... in the
// order they were added, and its codec names the port each message takes
// (MessageCodec::port). A full lossy channel drops a message (indistinguishable from a
// loss); a full reliable channel disables the step.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "checker/channel.hpp"
#include "checker/machine.hpp"
#include "checker/model.hpp"
#include "checker/monitor.hpp"
#include "checker/sent_messages.hpp"

namespace synack::checker {

namespace smt {
class SystemEncoding;
}

class MemberSymmetry;
class ReplayReference;
struct ReplayExec;

class System final : public Model {
 public:
  // `env_events` names the environment events this actor is offered (a client may
  // connect, a server listen); every name must be one of the machine's. A user's mistake
  // here or in add_channel/stack (an unknown event, a duplicate name, an unknown actor)
  // is an InputError naming it.
  std::size_t add_actor(std::string name, std::shared_ptr<const MachineType> machine,
                        const std::vector<std::string>& env_events);
  // The channel becomes `from`'s next port (0 for its first channel, 1 for the next...).
  void add_channel(std::string name, std::size_t from, std::size_t to, ChannelPolicy policy);
  // Puts actor `upper` on top of actor `lower` on one host (TLS over TCP): what the upper
  // machine sends is written into the lower one, and what the lower one hands up (its
  // codec's handover) is received by the upper one, within the same step. The upper
  // actor has no channel of its own; the lower one's codec must offer a socket.
  void stack(std::size_t upper, std::size_t lower);
  // A spec monitor (checker/monitor.hpp): its variables follow the actors' and channels'
  // slots; its rules are parsed by finalize.
  void add_monitor(MonitorSpec spec);
  // Lays out the state and the groups; call once, after the last add_*. Refuses an actor
  // with several channels whose codec does not name ports.
  void finalize();

  const Layout& layout() const override { return layout_; }
  std::vector<Value> initial_state() const override;
  std::size_t group_count() const override { return groups_.size(); }
  std::string group_name(std::size_t group) const override { return groups_[group].name; }
  bool apply(std::size_t group, const Value* from, Value* to) const override;
  StepInfo describe(std::size_t group, const Value* from) const override;
  bool never_enabled(std::size_t group) const override { return groups_.at(group).never; }
  std::size_t row_count() const override { return row_count_; }
  bool apply_counting(std::size_t group, const Value* from, Value* to,
                      std::uint64_t* row_counts) const override;
  GroupRole group_role(std::size_t group) const override;
  bool liveness_only_step(std::size_t group, const Value* from, Value* to) const override;
  bool proper_end(const Value* state) const override;
  bool numbers_messages_on_first_use() const override;
  std::string proper_end_text() const override;
  std::string summary(const Value* state) const override;
  std::vector<std::string> actor_names() const override;
  const MachineType& actor_machine(std::size_t actor) const { return *actors_.at(actor).machine; }
  std::shared_ptr<const MachineType> actor_machine_ptr(std::size_t actor) const {
    return actors_.at(actor).machine;
  }
  std::vector<std::string> control_states(const Value* state) const override;
  std::vector<ChannelEnds> channel_ends() const override;
  // `state` is the initial state but for variables whose initial value is left to the Z3
  // engines (VariableSpec::Initial).
  bool may_start(const std::vector<Value>& state) const;
  std::vector<std::size_t> open_initial_slots() const override;
  // What replay() runs, for the line above a trace. Whoever builds the system knows: the
  // Boost.MSM machines unless it says otherwise (a learned model, learned/).
  std::string replayed_through() const override { return replayed_through_; }
  void set_replayed_through(std::string what) { replayed_through_ = std::move(what); }
  // Replays through the real machines and checks each step against the reference
  // semantics (checker/replay_reference.hpp); a disagreement with the reference is
  // synack's own bug and throws InternalError naming the step.
  std::optional<std::string> replay(const std::vector<std::size_t>& groups,
                                    const std::vector<std::vector<Value>>& states) const override;
  // Tests only: breaks one channel's code, so that the tests can show the reference in
  // replay catching what the engines and replay's own composition would both take.
  void inject_channel_fault_for_testing(const std::string& channel, ChannelFault fault);
  // Tests only: the monitors try every rule on every step, not only their plan's
  // (Monitor::plan_groups), so that a test can compare the two over a whole model.
  void try_every_monitor_rule_for_testing() {
    for (Monitor& m : monitors_) m.try_every_rule_for_testing();
    every_monitor_rule_ = true;
    remember_monitor_writes_ = false;  // the reference path runs every rule
  }
  // Tests only: run the machines' interpreter on every step, not through the cache of
  // machine steps (checker/firing_cache.hpp), so that a test can compare the two.
  void cache_machine_steps_for_testing(bool on) { cache_steps_ = on; }
  // Tests only: run the monitors on every step, never recalling their writes from the
  // cache of machine steps, so that a test can compare the two.
  // (Never after try_every_monitor_rule_for_testing, whose reference path has no plan.)
  void remember_monitor_writes_for_testing(bool on) {
    remember_monitor_writes_ = on && !every_monitor_rule_;
  }
  // Whether group g's monitor writes are remembered beside its machine steps (finalize).
  bool remembers_monitor_writes(std::size_t g) const {
    return groups_.at(g).monitor_writes_remembered;
  }
  // Whether group g is disabled in `from` as one slot shows: a channel's group with no
  // message at its position, or a FIFO channel's delivery past its head. apply() answers
  // these before any step is set up (most groups are disabled in most states); false
  // says nothing.
  bool disabled(std::size_t g, const Value* from) const {
    const Group& group = groups_[g];
    return group.never || (group.needs_slot >= 0 && from[group.needs_slot] == 0);
  }
  // Tests only: apply() without that early answer, so that a test can compare the two.
  void exit_disabled_early_for_testing(bool on) { exit_disabled_early_ = on; }
  // Where the monitors' variables start: they follow every actor's and channel's slots.
  std::size_t first_monitor_slot() const {
    return monitors_.empty() ? layout_.size() : monitors_.front().base();
  }

 private:
  struct Actor {
    std::string name;
    std::shared_ptr<const MachineType> machine;
    std::vector<std::size_t> env_events;      // indices into machine->env_events()
    std::size_t base = 0;                     // first slot of the local state
    std::vector<std::size_t> outgoing;        // channel indices, by port
    std::optional<std::size_t> upper, lower;  // stacked actors on the same host
    bool socket = false;  // its codec has socket messages (set by finalize; skips a lookup)
    bool ports = false;   // its codec names ports (set by finalize: link_of asks per message)
    std::vector<std::size_t> timers;  // global slots of its countdown timers
    std::uint32_t first_row = 0;      // coverage: its rows' numbers start here (row_count)
    std::size_t local_size = 0;       // machine->local_size(), without the virtual calls
  };
  struct Link {
    Channel channel;
    std::size_t from, to;
  };
  struct Group {
    enum Kind { kEnv, kDeliver, kLose, kDuplicate, kTick } kind;
    std::size_t owner;  // actor (kEnv) or channel
    std::size_t index;  // event (kEnv) or channel position
    std::string name;
    // What a step needs before any of it is worked out (finalize; disabled()): a channel's
    // group, a message at its position (this slot nonzero); a FIFO channel delivers only
    // its head, so its other deliveries never happen. -1: nothing known.
    std::int64_t needs_slot = -1;
    bool never = false;
    // Its step is one firing of one machine (an environment event, or a delivery to an
    // actor on no layer), and the monitors that watch it read no slot but that actor's:
    // what they write is remembered beside the firing in the cache of machine steps
    // (observe_remembered; finalize).
    bool monitor_writes_remembered = false;
  };

  friend struct InterpreterExec;
  friend struct CountingExec;
  friend struct ReplayExec;
  friend class smt::SystemEncoding;  // reads the actors, links and groups
  friend class MemberSymmetry;       // reads the actors, links and monitors (symmetry/)

  template <class Exec>
  // fold: a delivery the receiver discards on a lossy channel is left to the lose group,
  // and a tick that changes nothing is no step (apply); otherwise each is a step of its
  // own (replay, liveness: Model::liveness_only_step). The monitors observe every step
  // taken except such an idle tick: time passing while nothing happens is no event.
  bool apply_with(std::size_t group, const Value* from, Value* to, Exec& exec, StepInfo* info,
                  bool fold = true) const;
  // The monitors' part of a step of group g (Group::monitor_writes_remembered) whose
  // machine step was just recalled from or remembered in this thread's cache: their
  // writes as the entry remembers them for g, or, the first time, the monitors run and
  // their writes remembered. False when the step has no entry (it was not remembered):
  // the monitors are then run as usual.
  bool observe_remembered(std::size_t g, const Value* from, Value* to) const;
  // apply() and apply_counting() past their early answer (System::disabled).
  bool apply_step_only(std::size_t group, const Value* from, Value* to) const;
  bool apply_counting_step(std::size_t group, const Value* from, Value* to,
                           std::uint64_t* row_counts) const;
  template <class Exec>
  bool apply_step(std::size_t group, const Value* from, Value* to, Exec& exec, StepInfo* info,
                  bool fold) const;
  // Everything one firing emitted: onto the channel, down to the layer below, up to the
  // layer above. False when the step cannot happen (a full reliable channel).
  template <class Exec>
  bool route(std::size_t actor, const SentMessages& out, Value* to, Exec& exec,
             StepInfo* info) const;
  template <class Exec>
  bool pass(std::size_t actor, Value message, Value* to, Exec& exec, StepInfo* info) const;
  bool push(const Actor& actor, Value message, Value* to, StepInfo* info) const;
  // Actor a's machine on one input, an environment event or a message (system.cpp):
  // recalled from this thread's cache of machine steps (checker/firing_cache.hpp) when it
  // holds the step, else run and remembered.
  Firing fire(std::size_t a, bool env, Value input, const Value* local, Value* next,
              SentMessages& sent) const;
  ReplayReference make_reference() const;
  // replay()'s halves (system.cpp): the steps replayed, and a divergence explained.
  std::optional<std::string> replay_steps(ReplayExec& exec, const std::vector<std::size_t>& groups,
                                          const std::vector<std::vector<Value>>& states,
                                          std::size_t steps, std::size_t& failed) const;
  void blame_state_outside_vars(const std::vector<std::size_t>& groups,
                                const std::vector<std::vector<Value>>& states,
                                std::size_t step) const;
  // What group g is, as monitors' step.kind, step.actor and step.event read it.
  Monitor::StepId step_id(std::size_t g) const;
  // The same, with step.message.* read from the message the step takes in `from`.
  Monitor::StepId step_id(std::size_t g, const Value* from) const;
  // The names monitors' step views range over (finalize; system_build.cpp).
  void name_steps();
  // Group g's monitor_writes_remembered (finalize; system_build.cpp).
  void plan_monitor_writes(std::size_t g);
  // Per group, which slots its steps may change, for the monitors' plan: a lost or
  // duplicated message changes only its channel's slots; empty: any slot.
  std::vector<std::vector<bool>> group_writes() const;
  // The channel a message of `actor` takes: its only one, or the one its codec names.
  std::size_t link_of(const Actor& actor, Value message) const;
  template <class Exec>
  bool apply_tick(const Value* from, Value* to, Exec& exec, StepInfo* info, bool fold) const;
  // Called when a due timer stops the tick (system_clock.cpp): throws an InputError when
  // some actor's due timer would be taken by a timer event of its machine that the
  // scenario does not offer it, and by none it does. Time would stop there for good, and
  // the states beyond go unexplored without a word: the scenario's mistake, not a model.
  void blame_stopped_clock(const Value* from) const;
  // Actor a's machine's timer events (indices into its env_events()) that the scenario
  // offers it (`offered`), or those it does not (system_clock.cpp).
  std::vector<std::size_t> timer_events(std::size_t a, bool offered) const;
  void describe_channel_step(StepInfo& info, const Link& link, const char* what,
                             Value message) const;

  std::vector<Actor> actors_;
  std::vector<Link> links_;
  std::vector<Group> groups_;
  std::vector<Monitor> monitors_;
  Monitor::StepNames step_names_;
  std::vector<Monitor::StepId> group_steps_;  // step_id(g) of every group, worked out once
  // Per link: where each of its sender's message fields sits in step_names_.message_fields.
  std::vector<std::vector<std::size_t>> link_fields_;
  // Per actor, per environment event of its machine: its place in step_names_.events (the
  // events the scenario does not offer it have none and are never a group's).
  std::vector<std::vector<Value>> env_event_numbers_;
  bool monitors_read_messages_ = false;
  Layout layout_;
  std::size_t row_count_ = 0;
  bool finalized_ = false;
  // Some actor with countdown timers is not offered every timer event of its machine
  // (finalize): only then may a stopped tick be the scenario's mistake.
  bool timer_events_unoffered_ = false;
  // The cache of machine steps: whose it is (FiringCache::new_owner, set by finalize),
  // the steps its threads' caches still run twice from the first, the largest local state
  // of an actor, and whether it is used.
  std::uint64_t cache_owner_ = 0;
  std::shared_ptr<std::atomic<std::int64_t>> check_window_;  // a FiringCache::CheckWindow
  std::size_t max_local_ = 0;
  bool cache_steps_ = true;
  bool remember_monitor_writes_ = true;
  bool every_monitor_rule_ = false;  // try_every_monitor_rule_for_testing was called
  bool exit_disabled_early_ = true;
  std::string replayed_through_ = "the Boost.MSM machines";
};

}  // namespace synack::checker
