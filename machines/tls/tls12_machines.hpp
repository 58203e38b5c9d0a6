// The TLS 1.2 client and server (RFC 5246) as Boost.MSM front-ends: the full handshake
// with RSA or ECDHE key exchange (section 7.3, figure 1), the abbreviated handshake that
// resumes a cached session (figure 2), and the early ChangeCipherSpec of CVE-2014-0224.
// RFC 5246 names no states; these are named after the message each side waits for.
// Read the two transition tables first.
//
// Abstractions: keys and extensions are not modelled, only which messages flow and in
// what order; a cached session is one bit of state on each side; the server answers the
// first request of a connection once. A server that is sent application data before the
// client's Finished, or ChangeCipherSpec before the key exchange, answers with an alert
// and stops (unless it has the OpenSSL < 1.0.1h bug, which accepts the early CCS).
//
// Include only from tls12_client.cpp and tls12_server.cpp.
#pragma once

#include <boost/describe.hpp>
#include <boost/mpl/vector.hpp>

#include "machines/combinators.hpp"
#include "machines/functor_macros.hpp"
#include "machines/machine_base.hpp"
#include "machines/tls/record.hpp"
#include "machines/tls/tls.hpp"

namespace synack::machines::tls::v12 {

namespace msmf = boost::msm::front;

#define SYNACK_TLS12_RECEIVE(Event, Type)                \
  struct Event : receive<Record> {                       \
    static constexpr const char* name = "rcv " #Type;    \
    template <class R>                                   \
    static auto matches(const R& r) {                    \
      return r.type == static_cast<int>(Tls12::k##Type); \
    }                                                    \
  };
SYNACK_TLS12_RECEIVE(RcvClientHello, ClientHello)
SYNACK_TLS12_RECEIVE(RcvClientHelloResume, ClientHelloResume)
SYNACK_TLS12_RECEIVE(RcvServerHello, ServerHello)
SYNACK_TLS12_RECEIVE(RcvCertificate, Certificate)
SYNACK_TLS12_RECEIVE(RcvServerKeyExchange, ServerKeyExchange)
SYNACK_TLS12_RECEIVE(RcvServerHelloDone, ServerHelloDone)
SYNACK_TLS12_RECEIVE(RcvClientKeyExchange, ClientKeyExchange)
SYNACK_TLS12_RECEIVE(RcvChangeCipherSpec, ChangeCipherSpec)
SYNACK_TLS12_RECEIVE(RcvFinished, Finished)
SYNACK_TLS12_RECEIVE(RcvAppData, AppData)
SYNACK_TLS12_RECEIVE(RcvAlert, Alert)
#undef SYNACK_TLS12_RECEIVE
struct TransportClosed : receive<Record> {
  static constexpr const char* name = "transport closed";
  template <class R>
  static auto matches(const R& r) {
    return r.type == static_cast<int>(Tls12::kCount);
  }
};

struct Begin : app_call {
  static constexpr const char* name = "start";
};
struct InjectCcs : app_call {
  static constexpr const char* name = "early ChangeCipherSpec";
};

template <class F>
void write(F& fsm, Tls12 type) {
  fsm.send(RecordT<value_of<F>>{static_cast<int>(type)});
}

// The key exchange is a policy of both sides; only ECDHE has a ServerKeyExchange.
SYNACK_GUARD(Ecdhe, "ECDHE", fsm.params.key_exchange == Tls12Params::KeyExchange::kEcdhe)
SYNACK_GUARD(Rsa, "RSA", fsm.params.key_exchange == Tls12Params::KeyExchange::kRsa)

// ---- client ---------------------------------------------------------------------------

struct Start : msmf::state<> {
  static constexpr const char* name = "START";
};
struct WaitSh : msmf::state<> {
  static constexpr const char* name = "WAIT_SH";
};
struct WaitCert : msmf::state<> {
  static constexpr const char* name = "WAIT_CERT";
};
struct WaitSke : msmf::state<> {
  static constexpr const char* name = "WAIT_SKE";
};
struct WaitShd : msmf::state<> {
  static constexpr const char* name = "WAIT_SHD";
};
struct WaitCcs : msmf::state<> {
  static constexpr const char* name = "WAIT_CCS";
};
struct WaitFinished : msmf::state<> {
  static constexpr const char* name = "WAIT_FINISHED";
};
struct Connected : msmf::state<> {
  static constexpr const char* name = "CONNECTED";
};
struct Closed : msmf::state<> {
  static constexpr const char* name = "CLOSED";
};

SYNACK_GUARD(SessionOffered, "session offered", fsm.vars.resumed_offered == 1)
SYNACK_GUARD(Resumed, "resumed", fsm.vars.resumed == 1)
// One injected CCS is the attack; sending more would only add states.
SYNACK_GUARD(MayInjectCcs, "misbehaving client",
             fsm.params.early_ccs&& fsm.vars.early_ccs_sent == 0)

template <class F>
void client_hello(F& fsm) {
  fsm.vars.resumed_offered = fsm.params.resume ? 1 : 0;
  write(fsm, fsm.params.resume ? Tls12::kClientHelloResume : Tls12::kClientHello);
}

// The client's request goes as soon as its side of the handshake is complete.
template <class F>
void send_request(F& fsm) {
  write(fsm, Tls12::kAppData);
}

SYNACK_ACTION(SendClientHello, "send ClientHello", client_hello(fsm))
SYNACK_ACTION(SendEarlyCcs, "send ChangeCipherSpec", write(fsm, Tls12::kChangeCipherSpec);
              fsm.vars.early_ccs_sent = 1)
SYNACK_ACTION(NoteResumed, "session resumed", fsm.vars.resumed = 1)
SYNACK_ACTION(SendKeyExchange, "send ClientKeyExchange, ChangeCipherSpec, Finished",
              write(fsm, Tls12::kClientKeyExchange);
              write(fsm, Tls12::kChangeCipherSpec); write(fsm, Tls12::kFinished))
SYNACK_ACTION(SendRequest, "send request", send_request(fsm))
SYNACK_ACTION(SendFinishedRequest, "send ChangeCipherSpec, Finished, request",
              write(fsm, Tls12::kChangeCipherSpec);
              write(fsm, Tls12::kFinished); send_request(fsm))
// The response goes to the client's application (properties/tls_history.cpp watches it).
SYNACK_ACTION(TakeResponse, "response received", (void)fsm)

// Generic over the value type, as the record is (int, or SymInt for the Z3 engines).
template <class V>
struct ClientVarsT {
  V resumed_offered = 0;  // the ClientHello offered a cached session
  V resumed = 0;          // the server took it: ChangeCipherSpec came after ServerHello
  V early_ccs_sent = 0;   // the misbehaving client sent its CCS right after ClientHello
  V& first_var() { return resumed_offered; }
  BOOST_DESCRIBE_CLASS(ClientVarsT, (), (resumed_offered, resumed, early_ccs_sent), (), ())
};

struct Client_ : protocol_machine<Client_, Record> {
  using Params = Tls12Params;
  template <class V>
  using generic_vars = ClientVarsT<V>;
  template <class V>
  using generic_message = RecordT<V>;
  using Vars = ClientVarsT<int>;
  struct Codec : RecordCodec {
    explicit Codec(const Params&) : RecordCodec(tls12_messages()) {}
  };
  explicit Client_(const Params& p) : params(p) {}
  static Vars var_bounds(const Params&) { return {1, 1, 1}; }
  static Record message_bounds(const Params&) { return record_bounds(tls12_messages()); }
  Params params;
  Vars vars;
  using initial_state = Start;
  using end_states = boost::mpl::vector<Connected, Closed>;
  using none = msmf::none;
  template <class... G>
  using all = All<G...>;
  template <class G>
  using no = Not<G>;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start          Event                  Next           Action                Guard
  msmf::Row < Start        , Begin                , WaitSh       , SendClientHello     , none           >,
  msmf::Row < WaitSh       , InjectCcs            , none         , SendEarlyCcs        , MayInjectCcs   >,
  msmf::Row < WaitSh       , RcvServerHello       , WaitCert     , none                , none           >,
  // ---- full handshake: only ECDHE signs its key share in a ServerKeyExchange --------------------------
  msmf::Row < WaitCert     , RcvCertificate       , WaitSke      , none                , Ecdhe          >,
  msmf::Row < WaitCert     , RcvCertificate       , WaitShd      , none                , Rsa            >,
  msmf::Row < WaitSke      , RcvServerKeyExchange , WaitShd      , none                , none           >,
  msmf::Row < WaitShd      , RcvServerHelloDone   , WaitCcs      , SendKeyExchange     , none           >,
  msmf::Row < WaitCcs      , RcvChangeCipherSpec  , WaitFinished , none                , none           >,
  msmf::Row < WaitFinished , RcvFinished          , Connected    , SendRequest         , no<Resumed>    >,
  // ---- abbreviated handshake: the server resumed the session, its CCS follows ServerHello -------------
  msmf::Row < WaitCert     , RcvChangeCipherSpec  , WaitFinished , NoteResumed         , SessionOffered >,
  msmf::Row < WaitFinished , RcvFinished          , Connected    , SendFinishedRequest , Resumed        >,
  msmf::Row < Connected    , RcvAppData           , none         , TakeResponse        , none           >,
  // ---- an alert or the end of the TCP connection ends the handshake -----------------------------------
  msmf::Row < WaitSh       , RcvAlert             , Closed       , none                , none           >,
  msmf::Row < WaitCert     , RcvAlert             , Closed       , none                , none           >,
  msmf::Row < WaitSke      , RcvAlert             , Closed       , none                , none           >,
  msmf::Row < WaitShd      , RcvAlert             , Closed       , none                , none           >,
  msmf::Row < WaitCcs      , RcvAlert             , Closed       , none                , none           >,
  msmf::Row < WaitFinished , RcvAlert             , Closed       , none                , none           >,
  msmf::Row < Connected    , RcvAlert             , Closed       , none                , none           >,
  msmf::Row < Start        , TransportClosed      , Closed       , none                , none           >,
  msmf::Row < WaitSh       , TransportClosed      , Closed       , none                , none           >,
  msmf::Row < WaitCert     , TransportClosed      , Closed       , none                , none           >,
  msmf::Row < WaitSke      , TransportClosed      , Closed       , none                , none           >,
  msmf::Row < WaitShd      , TransportClosed      , Closed       , none                , none           >,
  msmf::Row < WaitCcs      , TransportClosed      , Closed       , none                , none           >,
  msmf::Row < WaitFinished , TransportClosed      , Closed       , none                , none           >,
  msmf::Row < Connected    , TransportClosed      , Closed       , none                , none           >
  > {};
  // clang-format on
};

// ---- server ---------------------------------------------------------------------------

struct Listening : msmf::state<> {
  static constexpr const char* name = "START";
};
struct WaitCke : msmf::state<> {
  static constexpr const char* name = "WAIT_CKE";
};
struct WaitClientCcs : msmf::state<> {
  static constexpr const char* name = "WAIT_CCS";
};
struct WaitClientFinished : msmf::state<> {
  static constexpr const char* name = "WAIT_FINISHED";
};
struct ServerConnected : msmf::state<> {
  static constexpr const char* name = "CONNECTED";
};
struct Failed : msmf::state<> {
  static constexpr const char* name = "FAILED";
};

SYNACK_GUARD(SessionCached, "session cached", fsm.params.session_cached)
SYNACK_GUARD(ResumedHere, "resumed", fsm.vars.resumed == 1)
// The OpenSSL < 1.0.1h bug (CVE-2014-0224): one policy, two rows (accept or alert).
SYNACK_GUARD(AcceptsEarlyCcs, "accepts early CCS", fsm.params.accept_early_ccs)

template <class F>
void full_flight(F& fsm, bool key_exchange) {
  write(fsm, Tls12::kServerHello);
  write(fsm, Tls12::kCertificate);
  if (key_exchange) write(fsm, Tls12::kServerKeyExchange);
  write(fsm, Tls12::kServerHelloDone);
}

// Resumption: the master secret is the cached session's, so keys are agreed at once.
template <class F>
void abbreviated_flight(F& fsm) {
  write(fsm, Tls12::kServerHello);
  write(fsm, Tls12::kChangeCipherSpec);
  write(fsm, Tls12::kFinished);
  fsm.vars.resumed = 1;
}

template <class F>
void respond(F& fsm) {
  if (fsm.vars.responded == 1) return;
  write(fsm, Tls12::kAppData);
  fsm.vars.responded = 1;
}

// A new TCP connection: a fresh handshake; the session cache stays.
template <class F>
void new_connection(F& fsm) {
  auto& v = fsm.vars;
  v.responded = v.resumed = 0;
}

SYNACK_ACTION(SendEcdheFlight, "send ServerHello, Certificate, ServerKeyExchange, ServerHelloDone",
              full_flight(fsm, true))
SYNACK_ACTION(SendRsaFlight, "send ServerHello, Certificate, ServerHelloDone",
              full_flight(fsm, false))
SYNACK_ACTION(SendAbbreviatedFlight, "send ServerHello, ChangeCipherSpec, Finished",
              abbreviated_flight(fsm))
// Keys are not modelled: the state says how far the key exchange got.
SYNACK_ACTION(AgreeKeys, "keys agreed", (void)fsm)
// The bug: the record layer switches to keys from an empty master secret, and the
// handshake goes on where it was (properties/tls_history.cpp notices).
SYNACK_ACTION(AcceptEarlyCcs, "accept early CCS", (void)fsm)
SYNACK_ACTION(FinishFull, "send ChangeCipherSpec, Finished", write(fsm, Tls12::kChangeCipherSpec);
              write(fsm, Tls12::kFinished))
SYNACK_ACTION(FinishAbbreviated, "handshake done", (void)fsm)
SYNACK_ACTION(TakeRequest, "take request, respond", respond(fsm))
SYNACK_ACTION(SendAlert, "send alert", write(fsm, Tls12::kAlert))
SYNACK_ACTION(NewConnection, "await a new handshake", new_connection(fsm))

template <class V>
struct ServerVarsT {
  V responded = 0;  // the application answered this connection's request (once)
  V resumed = 0;    // this connection resumed a cached session
  V& first_var() { return responded; }
  BOOST_DESCRIBE_CLASS(ServerVarsT, (), (responded, resumed), (), ())
};

struct Server_ : protocol_machine<Server_, Record> {
  using Params = Tls12Params;
  template <class V>
  using generic_vars = ServerVarsT<V>;
  template <class V>
  using generic_message = RecordT<V>;
  using Vars = ServerVarsT<int>;
  struct Codec : RecordCodec {
    explicit Codec(const Params&) : RecordCodec(tls12_messages()) {}
  };
  explicit Server_(const Params& p) : params(p) {}
  static Vars var_bounds(const Params&) { return {1, 1}; }
  static Record message_bounds(const Params&) { return record_bounds(tls12_messages()); }
  Params params;
  Vars vars;
  using initial_state = Listening;
  using end_states = boost::mpl::vector<Listening, ServerConnected, Failed>;
  using none = msmf::none;
  template <class... G>
  using all = All<G...>;
  template <class G>
  using no = Not<G>;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //          Start                Event                  Next                 Action                  Guard
  msmf::Row < Listening          , RcvClientHello       , WaitCke            , SendEcdheFlight       , Ecdhe                         >,
  msmf::Row < Listening          , RcvClientHello       , WaitCke            , SendRsaFlight         , Rsa                           >,
  // ---- a resuming client: the abbreviated handshake if the session is still cached -------------------------------------------------
  msmf::Row < Listening          , RcvClientHelloResume , WaitClientCcs      , SendAbbreviatedFlight , SessionCached                 >,
  msmf::Row < Listening          , RcvClientHelloResume , WaitCke            , SendEcdheFlight       , all<no<SessionCached>, Ecdhe> >,
  msmf::Row < Listening          , RcvClientHelloResume , WaitCke            , SendRsaFlight         , all<no<SessionCached>, Rsa>   >,
  msmf::Row < WaitCke            , RcvClientKeyExchange , WaitClientCcs      , AgreeKeys             , none                          >,
  msmf::Row < WaitClientCcs      , RcvChangeCipherSpec  , WaitClientFinished , none                  , none                          >,
  // In the abbreviated handshake the server's CCS and Finished went first: nothing left to send.
  msmf::Row < WaitClientFinished , RcvFinished          , ServerConnected    , FinishFull            , no<ResumedHere>               >,
  msmf::Row < WaitClientFinished , RcvFinished          , ServerConnected    , FinishAbbreviated     , ResumedHere                   >,
  msmf::Row < ServerConnected    , RcvAppData           , none               , TakeRequest           , none                          >,
  // ---- out of order: ChangeCipherSpec before the key exchange (CVE-2014-0224) ------------------------------------------------------
  msmf::Row < Listening          , RcvChangeCipherSpec  , none               , AcceptEarlyCcs        , AcceptsEarlyCcs               >,
  msmf::Row < Listening          , RcvChangeCipherSpec  , Failed             , SendAlert             , no<AcceptsEarlyCcs>           >,
  msmf::Row < WaitCke            , RcvChangeCipherSpec  , none               , AcceptEarlyCcs        , AcceptsEarlyCcs               >,
  msmf::Row < WaitCke            , RcvChangeCipherSpec  , Failed             , SendAlert             , no<AcceptsEarlyCcs>           >,
  // ---- out of order: application data before the client's Finished draws an alert --------------------------------------------------
  msmf::Row < Listening          , RcvAppData           , Failed             , SendAlert             , none                          >,
  msmf::Row < WaitCke            , RcvAppData           , Failed             , SendAlert             , none                          >,
  msmf::Row < WaitClientCcs      , RcvAppData           , Failed             , SendAlert             , none                          >,
  msmf::Row < WaitClientFinished , RcvAppData           , Failed             , SendAlert             , none                          >,
  // ---- an alert ends the handshake; a new TCP connection starts a new one ----------------------------------------------------------
  msmf::Row < WaitCke            , RcvAlert             , Failed             , none                  , none                          >,
  msmf::Row < WaitClientCcs      , RcvAlert             , Failed             , none                  , none                          >,
  msmf::Row < WaitClientFinished , RcvAlert             , Failed             , none                  , none                          >,
  msmf::Row < ServerConnected    , RcvAlert             , Failed             , none                  , none                          >,
  msmf::Row < Listening          , TransportClosed      , Listening          , NewConnection         , none                          >,
  msmf::Row < WaitCke            , TransportClosed      , Listening          , NewConnection         , none                          >,
  msmf::Row < WaitClientCcs      , TransportClosed      , Listening          , NewConnection         , none                          >,
  msmf::Row < WaitClientFinished , TransportClosed      , Listening          , NewConnection         , none                          >,
  msmf::Row < ServerConnected    , TransportClosed      , Listening          , NewConnection         , none                          >,
  msmf::Row < Failed             , TransportClosed      , Listening          , NewConnection         , none                          >
  > {};
  // clang-format on
};

}  // namespace synack::machines::tls::v12
