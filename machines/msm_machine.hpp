// The adapter from a Boost.MSM front-end to synack's type-erased MachineType.
//
// Everything is read from the declaration: states and their ids from the transition
// table (ids are Boost.MSM's own, via get_state_id, so the interpreter and the real
// back-end number states alike), events from the rows, variables from Boost.Describe.
//
// Two executions of one table:
//   - the interpreter (fire_env / fire_message) runs the rows' guard and action functors
//     on a front-end loaded from the state vector: stateless and fast, for the engines;
//   - the runner (make_runner) is the real msm::back::state_machine, stateful, used to
//     replay every trace. It dispatches with Boost.MSM's own tables, so a difference
//     between the two (row priority, a guard with side effects) shows as a failed replay.
// Boost.MSM tries rows with the same source and event bottom-up; the interpreter does too,
// jumping to the rows of the current state and event (a list worked out at compile time).
//
// Include this only from the one .cpp that instantiates a machine: it is slow to compile.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include <boost/core/demangle.hpp>
#include <boost/describe.hpp>
#include <boost/mp11.hpp>
#include <boost/mpl/empty.hpp>
#include <boost/mpl/fold.hpp>
#include <boost/mpl/is_sequence.hpp>
#include <boost/mpl/placeholders.hpp>
#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/row_tags.hpp>

#include "checker/errors.hpp"
#include "checker/machine.hpp"
#include "checker/machine_code_error.hpp"
#include "machines/described_codec.hpp"
#include "machines/machine_base.hpp"
#include "machines/msm_codec_adapter.hpp"
#include "machines/msm_symbolic.hpp"
#include "machines/msm_table.hpp"

namespace synack::machines {

template <class Front>
class MsmMachine final : public checker::MachineType {
  using Back = typename detail::Table<Front>::Back;
  using Rows = typename detail::Table<Front>::Rows;
  using None = boost::msm::front::none;
  using States = typename detail::Table<Front>::States;
  using Events = typename detail::Table<Front>::Events;
  using EnvEvents = typename detail::Table<Front>::EnvEvents;
  using MessageEvents = typename detail::Table<Front>::MessageEvents;
  using Params = typename Front::Params;
  using Vars = typename Front::Vars;
  using Codec = codec_of<Front>;
  using Value = checker::Value;

  template <class S>
  static constexpr int state_id = detail::Table<Front>::template state_id<S>;

  // The interpreter covers the Boost.MSM features synack machines use; anything else
  // would make it disagree with the back-end where replay cannot see (a `holds` verdict
  // has no trace to replay), so it is refused at compile time.
  template <class E1, class E2>
  using base_of_other = boost::mp11::mp_bool<!std::is_same_v<E1, E2> && std::is_base_of_v<E1, E2>>;
  template <class S>
  using state_is_plain =
      boost::mp11::mp_bool<sizeof(S) == sizeof(boost::msm::front::state<>) &&
                           boost::mpl::empty<typename S::internal_transition_table>::value>;
  static_assert(boost::mp11::mp_count<boost::mp11::mp_product<base_of_other, Events, Events>,
                                      boost::mp11::mp_true>::value == 0,
                "an event derives from another event of the table (Boost.MSM would dispatch it "
                "to the base event's rows too)");
  static_assert(!boost::mp11::mp_contains<Events, None>::value,
                "eventless (anonymous) transitions are not supported");
  static_assert(
      boost::mp11::mp_all_of<States, state_is_plain>::value,
      "states must add no data members (data belongs in Vars) and have no internal transitions");
  static_assert(boost::mpl::empty<typename Front::internal_transition_table>::value,
                "machine-level internal transition tables are not supported");
  static_assert(!boost::mpl::is_sequence<typename Front::initial_state>::value,
                "orthogonal regions are not supported");

 public:
  MsmMachine(std::string name, const Params& params)
      : name_(std::move(name)), params_(params), codec_(params, this) {
    state_names_.resize(boost::mp11::mp_size<States>::value);
    boost::mp11::mp_for_each<boost::mp11::mp_transform<boost::mp11::mp_identity, States>>(
        [&](auto id) {
          using S = typename decltype(id)::type;
          state_names_.at(static_cast<std::size_t>(state_id<S>)) = S::name;
        });
    Vars bounds = Front::var_bounds(params);
    detail::for_each_var<Vars>([&](auto d) {
      std::string var = d.name;
      variables_.push_back({var, static_cast<Value>(bounds.*d.pointer), var.ends_with("_timer")});
      // A front may leave some initial values to the Z3 engines (an ISN clock).
      if constexpr (requires { Front::initial_choice(params, var); })
        variables_.back().initial = Front::initial_choice(params, var);
      // A front may name a variable's values (machine_base.hpp).
      if constexpr (requires { Front::value_names(var); }) {
        std::vector<std::string> names = Front::value_names(var);
        // value_names sees no Params: a variable whose largest value varies with them
        // cannot be named for every scenario, so the count must match exactly, now.
        const std::size_t values = static_cast<std::size_t>(variables_.back().max) + 1;
        if (!names.empty() && names.size() != values)
          throw InputError(name_ + ": value_names(\"" + var + "\") gives " +
                           std::to_string(names.size()) + " names for the values 0.." +
                           std::to_string(variables_.back().max) + ": give exactly " +
                           std::to_string(values) +
                           ", one per value, or none (value_names cannot see Params: a "
                           "variable whose largest value depends on them takes no names)");
        variables_.back().value_names = std::move(names);
      }
    });
    for (const checker::VariableSpec& v : variables_) maxima_.push_back(v.max);
    boost::mp11::mp_for_each<boost::mp11::mp_transform<boost::mp11::mp_identity, EnvEvents>>(
        [&](auto id) {
          using E = typename decltype(id)::type;
          env_events_.push_back({E::name, std::is_base_of_v<timer, E>});
        });
    if constexpr (requires { typename Front::end_states; }) {
      using Ends = detail::to_mp_list<typename Front::end_states>;
      boost::mp11::mp_for_each<boost::mp11::mp_transform<boost::mp11::mp_identity, Ends>>(
          [&](auto id) {
            using S = typename decltype(id)::type;
            static_assert(boost::mp11::mp_contains<States, S>::value,
                          "an end state is not a state of the transition table");
            end_states_.push_back(state_id<S>);
          });
    }
    boost::mp11::mp_for_each<boost::mp11::mp_transform<boost::mp11::mp_identity, Rows>>(
        [&](auto id) {
          using R = typename decltype(id)::type;
          rows_.push_back({detail::row_source<R>::name, detail::row_event<R>::name,
                           detail::is_internal_row<R> ? std::string()
                                                      : std::string(detail::row_target<R>::name),
                           detail::functor_name<typename R::Action>(),
                           detail::functor_name<typename R::Guard>()});
        });
    if constexpr (ValueGeneric<Front>)
      symbolic_ = std::make_unique<MsmSymbolic<Front>>(*this, params, local_size());
  }

  std::string machine_name() const override { return name_; }
  const std::vector<std::string>& state_names() const override { return state_names_; }
  const std::vector<checker::VariableSpec>& variables() const override { return variables_; }
  const std::vector<checker::EventSpec>& env_events() const override { return env_events_; }
  const std::vector<checker::RowSpec>& rows() const override { return rows_; }
  const checker::MessageCodec& codec() const override { return codec_; }
  const std::vector<Value>& end_states() const override { return end_states_; }

  // Boost.MSM's own start(), entry actions included, decides where a machine begins.
  std::vector<Value> initial_local() const override {
    std::vector<Value> local(local_size());
    Runner(*this).read_local(local.data());  // the user's code it runs is named if it throws
    check_bounds(local.data());
    return local;
  }

  checker::Firing fire_env(std::size_t event, const Value* local, Value* next,
                           checker::Outbox& out) const override {
    // A machine driven by messages alone (a receiver) has no environment events to offer.
    if constexpr (boost::mp11::mp_empty<EnvEvents>::value) {
      throw std::logic_error(name_ + " has no environment events");
    } else {
      return boost::mp11::mp_with_index<boost::mp11::mp_size<EnvEvents>::value>(event, [&](auto i) {
        using E = boost::mp11::mp_at_c<EnvEvents, decltype(i)::value>;
        return interpret(E{}, local, next, out);
      });
    }
  }

  checker::Firing fire_message(Value message, const Value* local, Value* next,
                               checker::Outbox& out) const override {
    checker::UserCode at{checker::UserCode::kDecode};
    try {
      return with_message_event(
          codec_.decode(message), [&](const auto& e) { return interpret(e, local, next, out); },
          &at);
    } catch (...) {
      checker::rethrow_from_machine_code(*this, at, local);
    }
  }

  std::unique_ptr<checker::MachineRunner> make_runner() const override {
    return std::make_unique<Runner>(*this);
  }

  const checker::smt::SymbolicMachine* symbolic() const override { return symbolic_.get(); }

  bool permute_local(const Value* local, Value* out,
                     const checker::MemberPermutation& p) const override {
    if constexpr (requires(const Vars& v) {
                    { Front::permute(v, p) } -> std::same_as<Vars>;
                  }) {
      Vars vars;
      load(vars, local + 1);
      out[0] = local[0];
      try {
        store(Front::permute(vars, p), out + 1);
      } catch (...) {
        checker::rethrow_from_machine_code(*this, {checker::UserCode::kPermute}, local);
      }
      return true;
    } else {
      return checker::MachineType::permute_local(local, out, p);
    }
  }

 private:
  // Boost.MSM's back-end, fed one input at a time.
  class Runner final : public checker::MachineRunner {
   public:
    explicit Runner(const MsmMachine& owner) try : owner_(owner), back_(owner.params_) {
      back_.start();
    } catch (...) {
      checker::rethrow_from_machine_code(owner, {checker::UserCode::kStart}, nullptr);
    }

    checker::Firing fire_env(std::size_t event, checker::Outbox& out) override {
      if constexpr (boost::mp11::mp_empty<EnvEvents>::value) {
        throw std::logic_error(owner_.name_ + " has no environment events");
      } else {
        return boost::mp11::mp_with_index<boost::mp11::mp_size<EnvEvents>::value>(
            event, [&](auto i) {
              using E = boost::mp11::mp_at_c<EnvEvents, decltype(i)::value>;
              return feed(E{}, out);
            });
      }
    }
    checker::Firing fire_message(Value message, checker::Outbox& out) override {
      checker::UserCode at{checker::UserCode::kDecode};
      try {
        return owner_.with_message_event(
            owner_.codec_.decode(message), [&](const auto& e) { return feed(e, out); }, &at);
      } catch (...) {
        checker::rethrow_from_machine_code(owner_, at, here().data());
      }
    }
    void read_local(Value* local) const override {
      local[0] = back_.current_state()[0];
      store(back_.vars, local + 1);
    }
    void start_from(const Value* local) override {
      if (local[0] != back_.current_state()[0])
        throw std::logic_error(owner_.name_ + ": a run must start in the initial control state");
      load(back_.vars, local + 1);
    }
    // A copy whose front-end is newly constructed (data members outside Vars as they start),
    // in this one's control state with its Vars: replay's test for state kept outside Vars.
    std::unique_ptr<checker::MachineRunner> fresh_copy() const override {
      if constexpr (std::is_copy_constructible_v<Front> && std::is_copy_assignable_v<Front>) {
        auto copy = std::make_unique<Runner>(*this);
        static_cast<Front&>(copy->back_) = Front(owner_.params_);
        copy->back_.vars = back_.vars;
        return copy;
      } else {
        return nullptr;
      }
    }
    void advance_clock() override {
      std::size_t i = 0;
      detail::for_each_var<Vars>([&](auto d) {
        auto& v = back_.vars.*d.pointer;
        if (owner_.variables_[i++].timer && v > 1) --v;
      });
    }

   private:
    template <class E>
    checker::Firing feed(const E& e, checker::Outbox& out) {
      back_.outbox.count = 0;
      const std::vector<Value> before = here();
      try {
        // protocol_machine::exception_caught lets what the user's code throws through.
        bool fired = back_.process_event(e) == boost::msm::back::HANDLED_TRUE;
        owner_.encode_outbox(back_.outbox, out);
        return {fired, E::name, -1};
      } catch (...) {
        checker::rethrow_from_machine_code(owner_, {checker::UserCode::kReal, -1, E::name},
                                           before.data());
      }
    }
    std::vector<Value> here() const {
      std::vector<Value> local(owner_.local_size());
      read_local(local.data());
      return local;
    }

    const MsmMachine& owner_;
    Back back_;
  };

  static void load(Vars& vars, const Value* values) {
    std::size_t i = 0;
    detail::for_each_var<Vars>([&](auto d) {
      using Field = std::remove_reference_t<decltype(vars.*d.pointer)>;
      vars.*d.pointer = static_cast<Field>(values[i++]);
    });
  }
  static void store(const Vars& vars, Value* values) {
    std::size_t i = 0;
    detail::for_each_var<Vars>([&](auto d) { values[i++] = static_cast<Value>(vars.*d.pointer); });
  }

  // A value beyond its declared maximum would be truncated when the state is packed,
  // merging distinct states: a wrong var_bounds is a mistake in the machine, said loudly
  // (an input error: the machine is the user's input, not synack's own code).
  void check_bounds(const Value* local) const {
    for (std::size_t i = 0; i < maxima_.size(); ++i)
      if (local[i + 1] < 0 || local[i + 1] > maxima_[i]) out_of_bounds(local, i);
  }
  [[noreturn]] void out_of_bounds(const Value* local, std::size_t i) const {
    throw checker::OutOfDeclaredRange(
        name_, "variable " + variables_[i].name + " = " + std::to_string(local[i + 1]) +
                   " outside its declared range 0.." + std::to_string(variables_[i].max) +
                   " (widen it in var_bounds, or find the row that took it there)");
  }

  void encode_outbox(const Outbox<typename Front::message_type>& from, checker::Outbox& to) const {
    to.count = from.count;
    for (std::size_t i = 0; i < from.count; ++i) {
      Value code = codec_.encode(from.messages[i]);
      // A code past the codec's count would not fit the channel's slot when packed.
      if (code < 0 || code >= codec_.count()) {
        if constexpr (requires { codec_.codec.out_of_range(from.messages[i]); })
          throw checker::OutOfDeclaredRange(
              name_, "sent message " + codec_.codec.out_of_range(from.messages[i]) +
                         " (widen it in message_bounds, or find the row that sent it)");
        throw checker::OutOfDeclaredRange(name_, "a message encodes as " + std::to_string(code) +
                                                     ", outside its codec's range 0.." +
                                                     std::to_string(codec_.count() - 1));
      }
      to.messages[i] = code;
    }
  }

  // Calls f with the event the message stands for: the first receive-event of the table
  // whose matches() accepts it. No such event: the message means nothing to this machine.
  // `at` follows which matches() runs, for the error if it throws.
  template <class F>
  checker::Firing with_message_event(const typename Front::message_type& msg, F&& f,
                                     checker::UserCode* at) const {
    checker::Firing result;
    bool matched = false;
    boost::mp11::mp_for_each<boost::mp11::mp_transform<boost::mp11::mp_identity, MessageEvents>>(
        [&](auto id) {
          using E = typename decltype(id)::type;
          if (matched) return;
          *at = {checker::UserCode::kMatches, -1, E::name};
          if (!E::matches(msg)) return;
          matched = true;
          E e;
          e.msg = msg;
          result = f(e);
        });
    return result;
  }

  static constexpr std::size_t kStates = boost::mp11::mp_size<States>::value;

  template <class E>
  checker::Firing interpret(const E& e, const Value* local, Value* next,
                            checker::Outbox& out) const {
    // A number that is no state of the table has no rows, as before the jump table.
    if (local[0] < 0 || local[0] >= static_cast<Value>(kStates)) return {false, E::name, -1};
    return boost::mp11::mp_with_index<kStates>(
        static_cast<std::size_t>(local[0]), [&](auto s) -> checker::Firing {
          using Here = typename detail::Table<Front>::template rows_from<E, decltype(s)::value>;
          if constexpr (boost::mp11::mp_empty<Here>::value)
            return {false, E::name, -1};
          else
            return fire_rows<Here>(e, local, next, out);
        });
  }

  // Tries `Indices` (rows of one source state and event) bottom-up, as Boost.MSM does.
  // What the user's code throws is named with the row and the part of it that threw
  // (locate_throw, off the path of every step that does not throw).
  template <class Indices, class E>
  checker::Firing fire_rows(const E& e, const Value* local, Value* next,
                            checker::Outbox& out) const {
    try {
      return run_rows<Indices>(e, local, next, out, nullptr);
    } catch (...) {
      checker::rethrow_from_machine_code(*this, locate_throw<Indices>(e, local), local);
    }
  }

  // The same rows run again, following which part of them runs: machines are
  // deterministic, so the part that threw throws again (else it cannot be told).
  template <class Indices, class E>
  checker::UserCode locate_throw(const E& e, const Value* local) const {
    checker::UserCode at{checker::UserCode::kConstruct, -1, E::name};
    std::vector<Value> next(local_size());
    checker::Outbox out;
    try {
      run_rows<Indices>(e, local, next.data(), out, &at);
    } catch (...) {
      return at;
    }
    return {checker::UserCode::kConstruct, -1, nullptr};
  }

  // `at`, when given, follows the part of the user's code that runs.
  template <class Indices, class E>
  checker::Firing run_rows(const E& e, const Value* local, Value* next, checker::Outbox& out,
                           checker::UserCode* at) const {
    using Part = checker::UserCode;
    auto now = [at](Part::Part part, int row) {
      if (at) *at = {part, row, E::name};
    };
    Front fsm(params_);
    load(fsm.vars, local + 1);
    int state = -1;
    int row = -1;
    boost::mp11::mp_for_each<boost::mp11::mp_reverse<Indices>>([&](auto index) {
      if (row >= 0) return;
      using R = boost::mp11::mp_at_c<Rows, decltype(index)::value>;
      using S = detail::row_source<R>;
      using T = detail::row_target<R>;
      constexpr int r = static_cast<int>(decltype(index)::value);
      // Internal rows (target `none`) have Target = Source: the state stays.
      S src;
      T tgt;
      now(Part::kGuard, r);
      if (!detail::call_guard<typename R::Guard>(e, fsm, src, tgt)) return;
      // Boost.MSM's order: exit the source, run the action, enter the target; an
      // internal row does neither exit nor entry.
      now(Part::kExit, r);
      if constexpr (!detail::is_internal_row<R>) src.on_exit(e, fsm);
      now(Part::kAction, r);
      detail::call_action<typename R::Action>(e, fsm, src, tgt);
      now(Part::kEntry, r);
      if constexpr (!detail::is_internal_row<R>) tgt.on_entry(e, fsm);
      state = state_id<T>;
      row = r;
    });
    if (row < 0) return {false, E::name, -1};
    next[0] = state;
    store(fsm.vars, next + 1);
    check_bounds(next);
    now(Part::kEncode, row);
    encode_outbox(fsm.outbox, out);
    return {true, E::name, row};
  }

  std::string name_;
  Params params_;
  MsmCodecAdapter<Front> codec_;
  std::vector<std::string> state_names_;
  std::vector<checker::VariableSpec> variables_;
  std::vector<Value> maxima_;  // variables_[i].max, packed tight for check_bounds
  std::vector<checker::EventSpec> env_events_;
  std::vector<checker::RowSpec> rows_;
  std::vector<Value> end_states_;
  std::unique_ptr<checker::smt::SymbolicMachine> symbolic_;
};

}  // namespace synack::machines
