// The parts of a Boost.MSM front-end's transition table that synack's interpreters read:
// rows, states, events, functor names, and how guards and actions are called. Shared by
// the concrete adapter (msm_machine.hpp) and the symbolic one (msm_symbolic.hpp).
//
// Include only from a machine's own translation unit, through those two headers.
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

#include "machines/machine_base.hpp"

namespace synack::machines {

namespace detail {

namespace mp = boost::mp11;

template <class List, class T>
struct push_back_meta {
  using type = mp::mp_push_back<List, T>;
};
// An MPL sequence (the transition table) as an mp11 list.
template <class Seq>
using to_mp_list = typename boost::mpl::fold<Seq, mp::mp_list<>,
                                             push_back_meta<boost::mpl::_1, boost::mpl::_2>>::type;

template <class Row>
using row_source = typename Row::Source;
template <class Row>
using row_target = typename Row::Target;
template <class Row>
using row_event = typename Row::Evt;

template <class E>
using is_env_event = mp::mp_bool<std::is_base_of_v<app_call, E> || std::is_base_of_v<timer, E>>;

// Rows with `none` as target are internal transitions: Boost.MSM gives them
// Target = Source and one of these tags, and runs no exit or entry action.
template <class Row>
constexpr bool is_internal_row =
    boost::mp11::mp_contains<boost::mp11::mp_list<boost::msm::a_irow_tag, boost::msm::g_irow_tag,
                                                  boost::msm::_irow_tag, boost::msm::irow_tag>,
                             typename Row::row_type_tag>::value;

// A guard's verdict: bool on concrete values, a SymBool on symbolic ones.
template <class Functor, class E, class F, class S, class T>
auto call_guard(const E& e, F& fsm, S& src, T& tgt) {
  if constexpr (std::is_same_v<Functor, boost::msm::front::none>)
    return true;
  else
    return Functor{}(e, fsm, src, tgt);
}

template <class Functor, class E, class F, class S, class T>
void call_action(const E& e, F& fsm, S& src, T& tgt) {
  if constexpr (!std::is_same_v<Functor, boost::msm::front::none>) Functor{}(e, fsm, src, tgt);
}

template <class Vars, class F>
void for_each_var(F&& f) {
  boost::mp11::mp_for_each<boost::describe::describe_members<Vars, boost::describe::mod_public>>(f);
}

template <class T>
std::string short_type_name() {
  std::string full = boost::core::demangle(typeid(T).name());
  std::size_t cut = full.rfind("::", full.find('<'));
  return cut == std::string::npos ? full : full.substr(cut + 2);
}

template <class T>
std::string functor_name() {
  if constexpr (std::is_same_v<T, boost::msm::front::none>)
    return "";
  else if constexpr (requires { T::describe(); })
    return T::describe();
  else if constexpr (requires { T::name; })
    return T::name;
  else
    return short_type_name<T>();
}

// What the interpreters read from a front-end's transition table.
template <class Front>
struct Table {
  using Back = boost::msm::back::state_machine<Front>;
  using Stt = typename Back::stt;
  using Rows = to_mp_list<typename Front::transition_table>;
  using States = mp::mp_unique<
      mp::mp_append<mp::mp_transform<row_source, Rows>, mp::mp_transform<row_target, Rows>>>;
  using Events = mp::mp_unique<mp::mp_transform<row_event, Rows>>;
  using EnvEvents = mp::mp_copy_if<Events, is_env_event>;
  using MessageEvents = mp::mp_remove_if<Events, is_env_event>;
  template <class S>
  static constexpr int state_id = boost::msm::back::get_state_id<Stt, S>::value;

  // The rows of event E whose source is the state numbered S, as indices into Rows in
  // table order: worked out at compile time, so that the concrete interpreter jumps
  // straight to a state's few rows for an event.
  template <class E>
  struct HasEvent {
    template <class I>
    using fn = mp::mp_bool<std::is_same_v<row_event<mp::mp_at<Rows, I>>, E>>;
  };
  template <int S>
  struct HasSource {
    template <class I>
    using fn = mp::mp_bool<state_id<row_source<mp::mp_at<Rows, I>>> == S>;
  };
  template <class E, int S>
  using rows_from =
      mp::mp_copy_if_q<mp::mp_copy_if_q<mp::mp_iota<mp::mp_size<Rows>>, HasEvent<E>>, HasSource<S>>;
};

}  // namespace detail

}  // namespace synack::machines
