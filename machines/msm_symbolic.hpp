// The symbolic interpreter of a Boost.MSM front-end: the same rows, guards and actions
// the concrete interpreter runs, executed over checker::smt::SymInt under a Paths
// explorer. Each call follows one path: which row fires, and with what effect, is
// decided branch by branch, so the Z3 encoding is derived from the machine's own code.
//
// A front-end takes part when its variables and its message are templates over the
// value type:
//   template <class V> using generic_vars = ...;     // Vars == generic_vars<int>
//   template <class V> using generic_message = ...;  // message_type == generic_message<int>
//   static message_type message_bounds(const Params&);  // each field's largest value
// Both generic types are described with Boost.Describe, fields in the same order.
//
// What the user's code throws here is named with the row and the part of it that threw
// (checker/smt/symbolic_code_error.hpp). The part is followed as the code runs: the
// concrete interpreter finds it only after a throw, to spare the engines' steps, which
// this run, once per path while encoding, is not on.
#pragma once

#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include <boost/describe.hpp>
#include <boost/mp11.hpp>

#include "checker/errors.hpp"
#include "checker/machine.hpp"
#include "checker/machine_code_error.hpp"
#include "checker/smt/symbolic_code_error.hpp"
#include "checker/smt/symbolic_machine.hpp"
#include "machines/described_codec.hpp"
#include "machines/msm_table.hpp"

namespace synack::machines {

template <class Front>
concept ValueGeneric = requires(const typename Front::Params& p) {
  typename Front::template generic_vars<checker::smt::SymInt>;
  typename Front::template generic_message<checker::smt::SymInt>;
  { Front::message_bounds(p) } -> std::same_as<typename Front::message_type>;
};

template <class Front>
requires ValueGeneric<Front>
class MsmSymbolic final : public checker::smt::SymbolicMachine {
  using Table = detail::Table<Front>;
  using Rows = typename Table::Rows;
  using SymInt = checker::smt::SymInt;
  using SymVars = typename Front::template generic_vars<SymInt>;
  using SymMsg = typename Front::template generic_message<SymInt>;
  using Msg = typename Front::message_type;
  using Params = typename Front::Params;
  using Codec = codec_of<Front>;

  // What the functors see as `fsm`: the parameters, symbolic variables, what was sent.
  struct SymFront {
    const Params& params;
    SymVars vars{};
    std::vector<SymMsg> sent{};
    void send(const SymMsg& m) {
      if (sent.size() == checker::Outbox::kCapacity)
        throw InputError(
            "a transition sent more than 16 messages in one step (synack's limit); "
            "send fewer per step, or broadcast over several steps");
      sent.push_back(m);
    }
  };
  // What the functors see as `e` for a message: the message, symbolic.
  template <class E>
  struct Received {
    static constexpr const char* name = E::name;
    SymMsg msg;
  };

  template <class T, class F>
  static void for_each_field(F&& f) {
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(f);
  }

  static SymMsg symbolic_message(const checker::smt::SymMessage& fields) {
    SymMsg msg;
    std::size_t i = 0;
    for_each_field<SymMsg>([&](auto d) { msg.*d.pointer = fields.at(i++); });
    return msg;
  }

  // Calls f(mp_identity<E>) for the first receive-event E (in table order) whose matches()
  // accepts the message, as the concrete interpreter dispatches it. `at` follows which
  // matches() runs, for the error if it throws.
  template <class M, class F>
  static void with_matching_event(const M& msg, F&& f, checker::UserCode& at) {
    bool matched = false;
    using Events = typename Table::MessageEvents;
    boost::mp11::mp_for_each<boost::mp11::mp_transform<boost::mp11::mp_identity, Events>>(
        [&](auto id) {
          using E = typename decltype(id)::type;
          if (matched) return;
          at = {checker::UserCode::kMatches, -1, E::name};
          if (!E::matches(msg)) return;
          matched = true;
          f(id);
        });
  }
  // Runs the user's code in `run`, which follows the part that runs in `at`: what it
  // throws becomes the user's error, named with that part.
  template <class F>
  decltype(auto) naming_throws(checker::UserCode& at, F&& run) const {
    try {
      return run();
    } catch (...) {
      checker::smt::rethrow_from_symbolic_code(owner_, at);
    }
  }

 public:
  // `owner`, the machine this is the symbolic run of, names it when its code throws.
  MsmSymbolic(const checker::MachineType& owner, const Params& params, std::size_t local_size)
      : owner_(owner), params_(params), codec_(params), local_size_(local_size) {
    Msg bounds = Front::message_bounds(params);
    for_each_field<Msg>([&](auto d) {
      fields_.push_back({d.name, 0, static_cast<std::int64_t>(bounds.*d.pointer)});
    });
  }

  const std::vector<checker::smt::SmtVar>& message_fields() const override { return fields_; }

  checker::smt::SymFiring fire_env(std::size_t event,
                                   const std::vector<SymInt>& local) const override {
    using EnvEvents = typename Table::EnvEvents;
    if constexpr (boost::mp11::mp_empty<EnvEvents>::value) {
      throw std::logic_error("the machine has no environment events");
    } else {
      checker::UserCode at;
      return naming_throws(at, [&] {
        return boost::mp11::mp_with_index<boost::mp11::mp_size<EnvEvents>::value>(
            event, [&](auto i) {
              using E = boost::mp11::mp_at_c<EnvEvents, decltype(i)::value>;
              return interpret<E>(E{}, local, at);
            });
      });
    }
  }

  // The first receive-event (in table order) whose matches() accepts the message.
  checker::smt::SymFiring fire_message(const checker::smt::SymMessage& fields,
                                       const std::vector<SymInt>& local) const override {
    SymMsg msg = symbolic_message(fields);
    checker::smt::SymFiring result;
    checker::UserCode at;
    naming_throws(at, [&] {
      with_matching_event(
          msg,
          [&](auto id) {
            using E = typename decltype(id)::type;
            result = interpret<E>(Received<E>{msg}, local, at);
          },
          at);
    });
    return result;
  }

  std::vector<std::int64_t> fields_of(checker::Value message) const override {
    Msg m = codec_.decode(message);
    std::vector<std::int64_t> out;
    for_each_field<Msg>([&](auto d) { out.push_back(static_cast<std::int64_t>(m.*d.pointer)); });
    return out;
  }

  checker::Value message_of(const std::vector<std::int64_t>& fields) const override {
    return codec_.encode(concrete_message(fields));
  }

  // A message type that carries a socket says how, by a `socket_handover` found beside it
  // (machines/tcp/segment.hpp); others hand nothing up.
  Handover handover(const checker::smt::SymMessage& fields) const override {
    if constexpr (requires(const SymMsg& m) { socket_handover(m); }) {
      auto [kind, messages] = socket_handover(symbolic_message(fields));
      return {kind, messages};
    } else {
      return {};
    }
  }

  // A front with several outgoing channels names each message's port with a `port`
  // generic over the message's value type (machine_base.hpp).
  checker::smt::SymInt port(const checker::smt::SymMessage& fields) const override {
    if constexpr (requires(const SymMsg& m) { Front::port(m); }) {
      checker::UserCode at{checker::UserCode::kPort};
      return naming_throws(at, [&] { return SymInt(Front::port(symbolic_message(fields))); });
    } else {
      // A port the Z3 engines cannot run would send every message to port 0 there.
      static_assert(
          !requires(const Msg& m) { Front::port(m); },
          "a value-generic machine's port must be generic too: write "
          "`template <class M> static auto port(const M& m)` so that the Z3 engines "
          "route each message as the explicit engine does");
      return 0;
    }
  }

  bool has_row(const std::vector<std::int64_t>& fields, std::int64_t state) const override {
    bool found = false;
    checker::UserCode at;
    naming_throws(at, [&] {
      with_matching_event(
          concrete_message(fields),
          [&](auto id) {
            using E = typename decltype(id)::type;
            boost::mp11::mp_for_each<boost::mp11::mp_transform<boost::mp11::mp_identity, Rows>>(
                [&](auto row) {
                  using R = typename decltype(row)::type;
                  if constexpr (std::is_same_v<detail::row_event<R>, E>)
                    if (state == state_id<detail::row_source<R>>) found = true;
                });
          },
          at);
    });
    return found;
  }

  // Every row of the message's event runs on its own copy of the variables; the rows are
  // chosen among bottom-up, as interpret does: the first whose source state and guard hold.
  checker::smt::SymMerged fire_merged(const checker::smt::SymMessage& fields,
                                      const std::vector<SymInt>& local,
                                      const checker::smt::SymBool& when) const override {
    SymMsg msg = symbolic_message(fields);
    checker::smt::SymMerged out;
    out.next = local;
    checker::UserCode at;
    naming_throws(at, [&] { merge_rows(msg, local, when, out, at); });
    return out;
  }

 private:
  template <class S>
  static constexpr int state_id = Table::template state_id<S>;

  // fire_merged's rows, `at` following the part of the user's code that runs.
  void merge_rows(const SymMsg& msg, const std::vector<SymInt>& local,
                  const checker::smt::SymBool& when, checker::smt::SymMerged& out,
                  checker::UserCode& at) const {
    using checker::smt::SymBool;
    with_matching_event(
        msg,
        [&](auto id) {
          using E = typename decltype(id)::type;
          SymBool taken = !when;  // a row fires only where none below it did
          using Reversed =
              boost::mp11::mp_reverse<boost::mp11::mp_iota<boost::mp11::mp_size<Rows>>>;
          boost::mp11::mp_for_each<Reversed>([&](auto index) {
            using R = boost::mp11::mp_at_c<Rows, decltype(index)::value>;
            if constexpr (std::is_same_v<detail::row_event<R>, E>) {
              using S = detail::row_source<R>;
              using T = detail::row_target<R>;
              constexpr int r = static_cast<int>(decltype(index)::value);
              Received<E> e{msg};
              SymFront fsm{params_};
              std::size_t v = 1;
              for_each_field<SymVars>([&](auto d) { fsm.vars.*d.pointer = local.at(v++); });
              at = {checker::UserCode::kConstruct, r, E::name};
              S src;
              T tgt;
              at.part = checker::UserCode::kGuard;
              SymBool fires = !taken && local.at(0) == SymInt(state_id<S>) &&
                              SymBool(detail::call_guard<typename R::Guard>(e, fsm, src, tgt));
              taken = taken || fires;
              if (fires.is_concrete() && !fires.value()) return;
              at.part = checker::UserCode::kExit;
              if constexpr (!detail::is_internal_row<R>) src.on_exit(e, fsm);
              at.part = checker::UserCode::kAction;
              detail::call_action<typename R::Action>(e, fsm, src, tgt);
              at.part = checker::UserCode::kEntry;
              if constexpr (!detail::is_internal_row<R>) tgt.on_entry(e, fsm);
              out.next[0] = checker::smt::ite(fires, SymInt(state_id<T>), out.next[0]);
              std::size_t w = 1;
              for_each_field<SymVars>([&](auto d) {
                out.next[w] = checker::smt::ite(fires, fsm.vars.*d.pointer, out.next[w]);
                ++w;
              });
              for (const SymMsg& m : fsm.sent) {
                checker::smt::SymMessage f;
                for_each_field<SymMsg>([&](auto d) { f.push_back(m.*d.pointer); });
                out.sent.emplace_back(fires, std::move(f));
              }
            }
          });
        },
        at);
  }

  static Msg concrete_message(const std::vector<std::int64_t>& fields) {
    Msg m{};
    std::size_t i = 0;
    for_each_field<Msg>([&](auto d) {
      using Field = std::remove_reference_t<decltype(m.*d.pointer)>;
      m.*d.pointer = static_cast<Field>(fields.at(i++));
    });
    return m;
  }

  // The concrete interpreter's loop, over symbolic values: rows with the same source and
  // event are tried bottom-up, as Boost.MSM does. `at` follows the part of the user's code
  // that runs.
  template <class E, class Ev>
  checker::smt::SymFiring interpret(const Ev& e, const std::vector<SymInt>& local,
                                    checker::UserCode& at) const {
    SymFront fsm{params_};
    std::size_t v = 1;
    for_each_field<SymVars>([&](auto d) { fsm.vars.*d.pointer = local.at(v++); });
    // The control state is enumerated once, so that row selection is concrete.
    std::int64_t state = local.at(0).concrete();
    bool fired = false;
    int row = -1;
    using Reversed = boost::mp11::mp_reverse<boost::mp11::mp_iota<boost::mp11::mp_size<Rows>>>;
    boost::mp11::mp_for_each<Reversed>([&](auto index) {
      using R = boost::mp11::mp_at_c<Rows, decltype(index)::value>;
      using S = detail::row_source<R>;
      using T = detail::row_target<R>;
      if constexpr (std::is_same_v<detail::row_event<R>, E>) {
        if (fired) return;
        if (state != state_id<S>) return;
        at = {checker::UserCode::kConstruct, static_cast<int>(decltype(index)::value), E::name};
        S src;
        T tgt;
        at.part = checker::UserCode::kGuard;
        if (!detail::call_guard<typename R::Guard>(e, fsm, src, tgt)) return;
        at.part = checker::UserCode::kExit;
        if constexpr (!detail::is_internal_row<R>) src.on_exit(e, fsm);
        at.part = checker::UserCode::kAction;
        detail::call_action<typename R::Action>(e, fsm, src, tgt);
        at.part = checker::UserCode::kEntry;
        if constexpr (!detail::is_internal_row<R>) tgt.on_entry(e, fsm);
        state = state_id<T>;
        fired = true;
        row = static_cast<int>(decltype(index)::value);
      }
    });
    checker::smt::SymFiring out;
    out.event = E::name;
    if (!fired) return out;
    out.fired = true;
    out.row = row;
    out.next.reserve(local_size_);
    out.next.push_back(state);
    for_each_field<SymVars>([&](auto d) { out.next.push_back(fsm.vars.*d.pointer); });
    for (const SymMsg& m : fsm.sent) {
      checker::smt::SymMessage f;
      for_each_field<SymMsg>([&](auto d) { f.push_back(m.*d.pointer); });
      out.sent.push_back(std::move(f));
    }
    return out;
  }

  const checker::MachineType& owner_;
  Params params_;
  Codec codec_;
  std::size_t local_size_;
  std::vector<checker::smt::SmtVar> fields_;
};

}  // namespace synack::machines
