// What a Boost.MSM front-end declares so that synack can drive it.
//
// A protocol machine is an ordinary functor-row front-end that derives from
// `protocol_machine<Self, Message>`. In addition it declares:
//   - `Params`, taken by its constructor (policies and sizes: the two-way handshake, the
//     sequence space...), kept in a member `params`;
//   - `Vars`, a struct of integer variables described with BOOST_DESCRIBE_STRUCT, kept
//     in a member `vars`, and `static Vars var_bounds(const Params&)` with their maxima;
//   - `Codec`, constructible from Params, encoding Message as 0..count()-1;
//   - a `static constexpr const char* name` on every state and every event;
//   - optionally `using end_states = boost::mpl::vector<...>`: the states where it may
//     rest for good, so that `deadlock-free` tells a finished run from a stuck one;
//   - optionally, to run under the Z3 engines, `template <class V> generic_vars` and
//     `generic_message` (the variables and the message over a value type V, the Vars
//     struct exposing `V& first_var()`) and `static Message message_bounds(const Params&)`
//     (machines/msm_symbolic.hpp).
// Events say where they come from by deriving from one of the tags below. Everything
// synack knows about the machine is then read from these declarations and the table.
#pragma once

#include <array>
#include <cstddef>
#include <exception>

#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>

#include "checker/errors.hpp"
#include "machines/value_of.hpp"

namespace synack::machines {

// An application call (connect, listen, close): the environment may offer it any time.
struct app_call {};
// A timer expiry: in an untimed model a timer may expire at any moment it is armed,
// which covers every real timing including premature timeouts on a slow network.
struct timer {};
// A message arriving. The event type says which messages it stands for with
// `static bool matches(const Message&)`; the first event in table order that matches
// a delivered message is the one the machine receives.
template <class Message>
struct receive {
  Message msg{};
};

template <class Message>
struct Outbox {
  static constexpr std::size_t kCapacity = 16;  // as checker::Outbox
  std::array<Message, kCapacity> messages{};
  std::size_t count = 0;
};

template <class Self, class Message>
struct protocol_machine : boost::msm::front::state_machine_def<Self> {
  using message_type = Message;

  Outbox<Message> outbox;

  void send(const Message& m) {
    // A broadcast is one send per port; more than the outbox holds is the user's model
    // asking for more than synack offers, said as such.
    if (outbox.count == Outbox<Message>::kCapacity)
      throw InputError(
          "a transition sent more than 16 messages in one step (synack's limit); "
          "send fewer per step, or broadcast over several steps");
    outbox.messages[outbox.count++] = m;
  }

  // An input no row accepts is not an error in a protocol model: the machine ignores it
  // (and synack reports the delivery as discarded).
  template <class FSM, class Event>
  void no_transition(Event const&, FSM&, int) {}

  // Boost.MSM catches what a guard or an action throws and by default goes on as if the
  // event had been handled; synack's interpreter lets it through, and so does the real
  // machine, so that replay reports the user's exception rather than a divergence.
  template <class FSM, class Event>
  void exception_caught(Event const&, FSM&, std::exception&) {
    throw;
  }
};

}  // namespace synack::machines
