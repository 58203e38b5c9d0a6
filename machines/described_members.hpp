// Whether every data member of a struct is in its Boost.Describe list.
//
// Why: synack keeps in a machine's state exactly the described members of its Vars, and
// numbers exactly the described fields of its messages. A member left out of the list
// compiles, and is then silently not part of the state (the engines start it afresh on
// every step) or of the message (it arrives as 0): a wrong model whose verdicts look
// fine, or a replay that disagrees with the engines and reads as synack's own bug. So is
// a member inherited from a base class (synack reads a struct's own members). An
// aggregate (a plain struct: the usual Vars and message) can have its members counted,
// as the most initialisers a brace initialisation of it takes, and its bases found. A
// struct with constructors or private members cannot be counted that way; only the
// bases its describe list names are found there.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

#include <boost/describe.hpp>
#include <boost/mp11.hpp>

namespace synack::machines::detail {

// Stands for one initialiser of any member of T: converts to anything but T itself and
// its bases (so that a copy, or a base's brace, is not counted as a member). Only ever
// named in unevaluated contexts.
template <class T>
struct AnyMember {
  template <class U>
  requires(!std::is_base_of_v<std::remove_cvref_t<U>, T>) operator U() const;
};

// Converts to T's bases alone: `T{AnyBase<T>{}}` compiles only when T's first element is
// a base (an aggregate's bases come before its members).
template <class T>
struct AnyBase {
  template <class U>
  requires(std::is_base_of_v<std::remove_cvref_t<U>, T> &&
           !std::is_same_v<std::remove_cvref_t<U>, T>)
  operator U() const;
};

template <class T, std::size_t... I>
constexpr bool takes_initialisers(std::index_sequence<I...>) {
  return requires {
    T{(static_cast<void>(I), AnyMember<T>{})...};
  };
}

// Past this many members the count says nothing (and the check is skipped).
inline constexpr std::size_t kMaxCountedMembers = 128;

template <class T, std::size_t N = 0>
constexpr std::size_t counted_members() {
  if constexpr (N < kMaxCountedMembers && takes_initialisers<T>(std::make_index_sequence<N + 1>{}))
    return counted_members<T, N + 1>();
  else
    return N;
}

// Whether T has a base class: one its describe list names, or, for an aggregate, any.
template <class T>
constexpr bool has_base() {
  namespace bd = boost::describe;
  if constexpr (bd::has_describe_bases<T>::value)
    if constexpr (boost::mp11::mp_size<bd::describe_bases<T, bd::mod_any_access>>::value != 0)
      return true;
  if constexpr (std::is_aggregate_v<T>) return requires {
      T{AnyBase<T>{}};
    };
  else
    return false;
}

// False when T is a plain struct with more data members than its Boost.Describe list
// names, or when T has a base class: synack reads a struct's own listed members only, so
// a base's members would not be part of the state. True where neither can be told (a
// struct with constructors or private members).
template <class T>
constexpr bool every_member_described() {
  namespace bd = boost::describe;
  if constexpr (!bd::has_describe_members<T>::value) {
    return true;
  } else if constexpr (has_base<T>()) {
    return false;
  } else if constexpr (!std::is_aggregate_v<T>) {
    return true;
  } else {
    constexpr std::size_t counted = counted_members<T>();
    constexpr std::size_t described =
        boost::mp11::mp_size<bd::describe_members<T, bd::mod_public>>::value;
    return counted == kMaxCountedMembers || counted == described;
  }
}

// A Vars that describes nothing and keeps one member for `first_var()` alone: the way a
// machine with no variables tells value_of its value type (examples/two-phase-commit).
template <class T>
constexpr bool placeholder_only() {
  namespace bd = boost::describe;
  if constexpr (!std::is_aggregate_v<T> || !bd::has_describe_members<T>::value ||
                !requires(T & t) { t.first_var(); }) {
    return false;
  } else {
    return !has_base<T>() &&
           boost::mp11::mp_size<bd::describe_members<T, bd::mod_public>>::value == 0 &&
           counted_members<T>() == 1;
  }
}

}  // namespace synack::machines::detail
