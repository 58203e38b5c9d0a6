// The value type a value-generic machine's functors compute in, read from the fsm they are
// given: int for the concrete engines and the Boost.MSM back-end, checker::smt::SymInt when
// the symbolic interpreter runs the same rows. The machine's Vars expose `V& first_var()`.
// (A function parameter of this type is not deduced: F comes from the fsm.)
#pragma once

#include <type_traits>
#include <utility>

namespace synack::machines {

template <class F>
using value_of = std::remove_cvref_t<decltype(std::declval<F&>().vars.first_var())>;

}  // namespace synack::machines
