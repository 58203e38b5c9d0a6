// Guard combinators for functor rows, so a table can say `All<AckIsOurs, ThreeWay>`
// instead of hiding the policy inside a guard's body. Each describes itself by name
// for listings and diagrams.
#pragma once

#include <string>

namespace synack::machines {

template <class G>
std::string guard_name() {
  if constexpr (requires { G::describe(); })
    return G::describe();
  else
    return G::name;
}

template <class... G>
struct All {
  template <class E, class F, class S, class T>
  auto operator()(const E& e, F& fsm, S& src, T& tgt) const {
    return (G{}(e, fsm, src, tgt) && ...);
  }
  static std::string describe() {
    std::string out;
    ((out += (out.empty() ? "" : " && ") + guard_name<G>()), ...);
    return out;
  }
};

template <class G>
struct Not {
  template <class E, class F, class S, class T>
  auto operator()(const E& e, F& fsm, S& src, T& tgt) const {
    return !G{}(e, fsm, src, tgt);
  }
  static std::string describe() {
    std::string inner = guard_name<G>();
    return inner.find(' ') == std::string::npos ? "!" + inner : "!(" + inner + ")";
  }
};

}  // namespace synack::machines
