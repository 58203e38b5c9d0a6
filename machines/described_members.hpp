// Whether every data member of a struct is in its Boost.Describe list.
//
// Why: synack keeps in a machine's state exactly the described members of its Vars, and
// numbers exactly the described fields of its messages. A member left out of the list
// compiles, and is then silently not part of the state (the engines start it afresh on
// every step) or of the message (it arrives as 0): a wrong model whose verdicts look
// fine, or a replay that disagrees with the engines and reads as synack's own bug. An
// aggregate (a plain struct: the usual Vars and message) can have its members counted,
// as the most initialisers a brace initialisation of it takes. Anything else (a struct
// with constructors, private members or base classes) cannot be counted that way and is
// not checked.
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

// False only when T is a plain struct with more data members than its Boost.Describe
// list names; true where that cannot be told (see above).
template <class T>
constexpr bool every_member_described() {
  namespace bd = boost::describe;
  if constexpr (!std::is_aggregate_v<T> || !bd::has_describe_members<T>::value) {
    return true;
  } else if constexpr (boost::mp11::mp_size<bd::describe_bases<T, bd::mod_any_access>>::value !=
                       0) {
    return true;
  } else {
    constexpr std::size_t counted = counted_members<T>();
    constexpr std::size_t described =
        boost::mp11::mp_size<bd::describe_members<T, bd::mod_public>>::value;
    // 0: the struct has a base the list does not name (nothing converts to it).
    return counted == 0 || counted == kMaxCountedMembers || counted == described;
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
    return boost::mp11::mp_size<bd::describe_members<T, bd::mod_public>>::value == 0 &&
           counted_members<T>() == 1;
  }
}

}  // namespace synack::machines::detail
