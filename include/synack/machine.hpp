// synack's public API for writing a protocol machine: include this from the one .cpp file
// that instantiates your machine (Boost.MSM compiles slowly: one machine per file).
//
//   struct Msg { int kind = 0; int rm = 0; BOOST_DESCRIBE_CLASS(Msg, (), (kind, rm), (), ()) };
//   struct Tm_ : synack::protocol_machine<Tm_, Msg> {
//     struct Params { int rms = 3; };
//     struct Vars { int prepared = 0; BOOST_DESCRIBE_CLASS(Vars, (), (prepared), (), ()) };
//     static Vars var_bounds(const Params& p) { return {(1 << p.rms) - 1}; }
//     static Msg message_bounds(const Params& p) { return {3, p.rms - 1}; }
//     explicit Tm_(const Params& p) : params(p) {}
//     Params params;
//     Vars vars;
//     using initial_state = Init;
//     struct transition_table : boost::mpl::vector<
//     //                  Start  Event      Next       Action       Guard
//       boost::msm::front::Row<Init, RcvPrepared, ...>> {};
//   };
//   std::shared_ptr<const synack::Machine> make_tm(const Tm_::Params& p) {
//     return synack::make_machine<Tm_>("tm", p);
//   }
//
// What a machine declares (docs/library.md has the details):
//   - `Params` (its constructor's argument) and `Vars` (integer variables described with
//     BOOST_DESCRIBE_CLASS, every member listed) with `static Vars var_bounds(const Params&)`;
//   - its messages: `static Message message_bounds(const Params&)` (each field's largest
//     value; the codec is then derived), or a `Codec` of its own;
//   - a `static constexpr const char* name` on every state and event; events derive from
//     synack::app_call, synack::timer or synack::receive<Message>;
//   - optionally: `end_states`, `value_names(var)` (named values of a variable, for
//     properties and traces), `port(message)` (which of several outgoing channels a
//     message takes), and the value-generic `generic_vars`/`generic_message` that let the
//     Z3 engines run the machine;
//   - for symmetry reduction over an array of such machines (`check --symmetry`), when
//     its messages or variables name members: `static Message permute(const Message&,
//     const synack::Permutation&)` and `static Vars permute(const Vars&, const
//     synack::Permutation&)`, which rename them (p(i) is member i's new index; p.bits(s)
//     renames a bit set of members).
// Everything else (states, events, rows, diagrams) is read from the transition table.
// Tables up to 50 rows work as they are (the synack::synack target sets Boost.MPL's limits).
#pragma once

#include <memory>
#include <string>
#include <type_traits>

#include <boost/describe.hpp>
#include <boost/mpl/vector.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>

#include "checker/machine.hpp"
#include "checker/smt/sym.hpp"
#include "machines/combinators.hpp"
#include "machines/described_members.hpp"
#include "machines/functor_macros.hpp"
#include "machines/machine_base.hpp"
#include "machines/msm_machine.hpp"

namespace synack {

using Machine = checker::MachineType;
using Permutation = checker::MemberPermutation;

using machines::app_call;
using machines::protocol_machine;
using machines::receive;
using machines::timer;
using machines::value_of;
// Guard combinators: All<G1, G2> holds when every guard does, Not<G> when G does not;
// both read so in diagrams.
template <class... G>
using All = machines::All<G...>;
template <class G>
using Not = machines::Not<G>;
// In value-generic machines, `ite(c, a, b)` chooses a value as one term for the Z3 engines;
// `c ? a : b` is right too, but splits the symbolic run into two paths, one for each side.
using checker::smt::ite;

namespace detail {

// One requirement per concept: each static_assert below names exactly what is missing.
template <class Front>
concept HasParams = requires {
  typename Front::Params;
};
template <class Front>
concept HasVarsType = requires {
  typename Front::Vars;
};
template <class T>
concept Described = boost::describe::has_describe_members<T>::value;
template <class Front>
concept HasVars = HasVarsType<Front> && Described<typename Front::Vars>;
template <class Front>
concept HasVarBounds = requires(const typename Front::Params& p) {
  { Front::var_bounds(p) } -> std::same_as<typename Front::Vars>;
};
template <class Front>
concept HasCodec = requires {
  typename Front::Codec;
};
template <class Front>
concept HasMessageBounds = requires(const typename Front::Params& p) {
  { Front::message_bounds(p) } -> std::same_as<typename Front::message_type>;
};
template <class Front>
concept HasMessages = HasCodec<Front> || HasMessageBounds<Front>;
template <class Front>
concept DescribedMessage = HasCodec<Front> || Described<typename Front::message_type>;
template <class Front>
concept HasInitialState = requires {
  typename Front::initial_state;
};
template <class Front>
concept HasTable = requires {
  typename Front::transition_table;
};
template <class Front>
concept VarsAllDescribed = machines::detail::every_member_described<typename Front::Vars>() ||
    machines::detail::placeholder_only<typename Front::Vars>();
template <class Front>
concept MessageAllDescribed = HasCodec<Front> ||
    machines::detail::every_member_described<typename Front::message_type>();

// The table's states and events, read from its rows alone (not through Boost.MSM's
// back-end, whose errors for the mistakes below are pages long).
namespace mp = boost::mp11;
template <class Front>
using Rows = machines::detail::to_mp_list<typename Front::transition_table>;
template <class Front>
using States = mp::mp_remove<
    mp::mp_unique<mp::mp_append<mp::mp_transform<machines::detail::row_source, Rows<Front>>,
                                mp::mp_transform<machines::detail::row_target, Rows<Front>>,
                                mp::mp_list<typename Front::initial_state>>>,
    boost::msm::front::none>;
// The events (an eventless row's `none` aside: MsmMachine refuses it in its own words).
template <class Front>
using Events =
    mp::mp_remove<mp::mp_unique<mp::mp_transform<machines::detail::row_event, Rows<Front>>>,
                  boost::msm::front::none>;
// Orthogonal regions (an initial state per region): MsmMachine refuses them.
template <class Front>
concept SingleRegion = !boost::mpl::is_sequence<typename Front::initial_state>::value;

template <class T>
concept Named = requires {
  { T::name } -> std::convertible_to<const char*>;
};
// What Boost.MSM asks of a state (boost::msm::front::state<> gives it).
template <class S>
concept MsmState = requires {
  typename S::internal_transition_table;
  typename S::flag_list;
  typename S::deferred_events;
};
template <class E, class Message>
concept EventWithSource = std::is_base_of_v<app_call, E> || std::is_base_of_v<timer, E> ||
    std::is_base_of_v<receive<Message>, E>;
template <class E, class Message>
concept ReceiveMatches = !std::is_base_of_v<receive<Message>, E> || requires(const Message& m) {
  { E::matches(m) } -> std::convertible_to<bool>;
};

template <class T>
using is_named = mp::mp_bool<Named<T>>;
template <class S>
using is_msm_state = mp::mp_bool<MsmState<S>>;
template <class Front>
struct EventTests {
  using Message = typename Front::message_type;
  template <class E>
  using sourced = mp::mp_bool<EventWithSource<E, Message>>;
  template <class E>
  using matches = mp::mp_bool<ReceiveMatches<E, Message>>;
};
template <class Front>
concept TableDeclared = mp::mp_all_of<States<Front>, is_named>::value &&
    mp::mp_all_of<States<Front>, is_msm_state>::value &&
    mp::mp_all_of<Events<Front>, is_named>::value &&
    mp::mp_all_of<Events<Front>, EventTests<Front>::template sourced>::value&&
        mp::mp_all_of<Events<Front>, EventTests<Front>::template matches>::value;

template <class Front>
concept Eventful = !mp::mp_contains<mp::mp_transform<machines::detail::row_event, Rows<Front>>,
                                    boost::msm::front::none>::value;

// One static_assert per state and event, so that the compiler's note names the type.
template <class Front>
constexpr bool check_table() {
  using Message = typename Front::message_type;
  static_assert(SingleRegion<Front>, "orthogonal regions are not supported");
  static_assert(Eventful<Front>, "eventless (anonymous) transitions are not supported");
  if constexpr (!SingleRegion<Front>) {
    return false;
  } else {
    mp::mp_for_each<mp::mp_transform<mp::mp_identity, States<Front>>>([](auto id) {
      using S = typename decltype(id)::type;
      static_assert(Named<S>,
                    "every state declares its name: `static constexpr const char* "
                    "name = \"...\";`");
      static_assert(MsmState<S>, "every state derives from boost::msm::front::state<>");
    });
    mp::mp_for_each<mp::mp_transform<mp::mp_identity, Events<Front>>>([](auto id) {
      using E = typename decltype(id)::type;
      static_assert(Named<E>,
                    "every event declares its name: `static constexpr const char* "
                    "name = \"...\";`");
      static_assert(EventWithSource<E, Message>,
                    "every event derives from synack::app_call (offered by the environment), "
                    "synack::timer (a timer's expiry) or synack::receive<Message> (a message "
                    "arriving; Message is the machine's message type)");
      static_assert(ReceiveMatches<E, Message>,
                    "a receive event says which messages it stands for: `template <class M> "
                    "static auto matches(const M& m) { return m.kind == ...; }`");
    });
    return Eventful<Front> && TableDeclared<Front>;
  }
}

}  // namespace detail

// The machine `Front` as synack runs it, named `name` in traces, diagrams and slot names
// (`name` is the machine's name; actors built from it are named by the scenario).
// Every declaration a front lacks is a compile error that says what to add.
template <class Front>
std::shared_ptr<const Machine> make_machine(
    std::string name, const typename Front::Params& params) requires detail::HasParams<Front> {
  static_assert(std::is_base_of_v<protocol_machine<Front, typename Front::message_type>, Front>,
                "a synack machine derives from synack::protocol_machine<Self, Message>");
  static_assert(detail::HasVars<Front>,
                "declare the machine's variables: `struct Vars { int x = 0; "
                "BOOST_DESCRIBE_CLASS(Vars, (), (x), (), ()) }; Vars vars;` (with no "
                "members if it has none: BOOST_DESCRIBE_CLASS(Vars, (), (), (), ()))");
  static_assert(detail::HasVarBounds<Front>,
                "declare each variable's largest value: `static Vars var_bounds(const Params&)`");
  static_assert(detail::HasMessages<Front>,
                "declare each message field's largest value: `static Message "
                "message_bounds(const Params&)` (or a `Codec` class of your own)");
  static_assert(detail::DescribedMessage<Front>,
                "describe the message struct's fields so synack can number them: "
                "BOOST_DESCRIBE_CLASS(Msg, (), (field, ...), (), ()) inside it, or "
                "BOOST_DESCRIBE_STRUCT(Msg, (), (field, ...)) after it (or declare a `Codec` "
                "class of your own)");
  static_assert(detail::HasInitialState<Front>, "declare `using initial_state = YourFirstState;`");
  static_assert(detail::HasTable<Front>,
                "declare `struct transition_table : boost::mpl::vector<Row<...>, ...> {};`");
  if constexpr (detail::HasVars<Front>)
    static_assert(detail::VarsAllDescribed<Front>,
                  "list every data member of Vars in its BOOST_DESCRIBE_CLASS (or "
                  "BOOST_DESCRIBE_STRUCT), and give Vars no base class: a member left out, or "
                  "inherited, is not part of the machine's state, and the engines would "
                  "start it afresh on every step (a machine with no variables describes none "
                  "and keeps one placeholder for first_var())");
  if constexpr (detail::DescribedMessage<Front>)
    static_assert(detail::MessageAllDescribed<Front>,
                  "list every field of the message struct in its BOOST_DESCRIBE_CLASS (or "
                  "BOOST_DESCRIBE_STRUCT), and give it no base class: a field left out, or "
                  "inherited, is not numbered (or not seen by monitors and the Z3 engines)");
  constexpr bool table_declared = [] {
    if constexpr (detail::HasInitialState<Front> && detail::HasTable<Front>)
      return detail::check_table<Front>();
    else
      return false;
  }();
  if constexpr (detail::HasVars<Front> && detail::HasVarBounds<Front> &&
                detail::HasMessages<Front> && detail::DescribedMessage<Front> &&
                detail::HasInitialState<Front> && detail::HasTable<Front> &&
                detail::VarsAllDescribed<Front> && detail::MessageAllDescribed<Front> &&
                table_declared) {
    return std::make_shared<machines::MsmMachine<Front>>(std::move(name), params);
  } else {
    return nullptr;  // unreachable: a static_assert above has failed
  }
}

}  // namespace synack
