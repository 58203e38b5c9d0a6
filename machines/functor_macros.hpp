// Declaring a guard or an action as a functor with a name, in one line each, so that
// transition tables and their functor files stay readable:
//   SYNACK_GUARD(CanRetry, "retries left", fsm.vars.retries < fsm.params.max_retries)
//   SYNACK_ACTION(SendAck, "send ACK", ack_now(fsm))
// Inside, `e` is the event (its message is `e.msg`) and `fsm` the machine.
#pragma once

#define SYNACK_GUARD(Name, Label, ...)                  \
  struct Name {                                         \
    static constexpr const char* name = Label;          \
    template <class E, class F, class S, class T>       \
    auto operator()(const E& e, F& fsm, S&, T&) const { \
      (void)e;                                          \
      return __VA_ARGS__;                               \
    }                                                   \
  };

#define SYNACK_ACTION(Name, Label, ...)                 \
  struct Name {                                         \
    static constexpr const char* name = Label;          \
    template <class E, class F, class S, class T>       \
    void operator()(const E& e, F& fsm, S&, T&) const { \
      (void)e;                                          \
      __VA_ARGS__;                                      \
    }                                                   \
  };
