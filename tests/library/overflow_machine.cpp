#include "overflow_machine.hpp"

#include "synack/machine.hpp"

namespace overflow::machine {

namespace msmf = boost::msm::front;

template <class V>
struct NumT {
  V value = 0;
  BOOST_DESCRIBE_CLASS(NumT, (), (value), (), ())
};
using Num = NumT<int>;

struct Counting : msmf::state<> {
  static constexpr const char* name = "COUNTING";
};
struct Tick : synack::app_call {
  static constexpr const char* name = "tick";
};
struct RcvNum : synack::receive<Num> {
  static constexpr const char* name = "rcv Num";
  template <class M>
  static bool matches(const M&) {
    return true;
  }
};

SYNACK_GUARD(BelowLimit, "count < limit", fsm.vars.count < fsm.params.limit)
SYNACK_ACTION(Count, "count, send Num", fsm.vars.count = fsm.vars.count + 1;
              fsm.send(NumT<synack::value_of<F>>{fsm.vars.count}))
SYNACK_ACTION(Keep, "remember it", fsm.vars.got = e.msg.value)

template <class V>
struct CounterVarsT {
  V count = 0;
  V& first_var() { return count; }
  BOOST_DESCRIBE_CLASS(CounterVarsT, (), (count), (), ())
};

template <class V>
struct SinkVarsT {
  V got = 0;
  V& first_var() { return got; }
  BOOST_DESCRIBE_CLASS(SinkVarsT, (), (got), (), ())
};

struct Counter_ : synack::protocol_machine<Counter_, Num> {
  using Params = overflow::Params;
  template <class V>
  using generic_vars = CounterVarsT<V>;
  template <class V>
  using generic_message = NumT<V>;
  using Vars = CounterVarsT<int>;
  static Vars var_bounds(const Params& p) { return {p.count_bound}; }
  static Num message_bounds(const Params& p) { return {p.value_bound}; }
  explicit Counter_(const Params& p) : params(p) {}
  Params params;
  Vars vars;
  using initial_state = Counting;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start     Event  Next        Action  Guard
  msmf::Row < Counting, Tick , msmf::none, Count , BelowLimit >
  > {};
  // clang-format on
};

struct Sink_ : synack::protocol_machine<Sink_, Num> {
  using Params = overflow::Params;
  template <class V>
  using generic_vars = SinkVarsT<V>;
  template <class V>
  using generic_message = NumT<V>;
  using Vars = SinkVarsT<int>;
  static Vars var_bounds(const Params&) { return {5}; }
  static Num message_bounds(const Params& p) { return {p.value_bound}; }
  explicit Sink_(const Params& p) : params(p) {}
  Params params;
  Vars vars;
  using initial_state = Counting;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start     Event   Next        Action  Guard
  msmf::Row < Counting, RcvNum, msmf::none, Keep  , msmf::none >
  > {};
  // clang-format on
};

}  // namespace overflow::machine

std::shared_ptr<const synack::Machine> overflow::make_counter(const Params& p) {
  return synack::make_machine<machine::Counter_>("counter", p);
}

std::shared_ptr<const synack::Machine> overflow::make_sink(const Params& p) {
  return synack::make_machine<machine::Sink_>("sink", p);
}
