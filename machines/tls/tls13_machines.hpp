// The TLS 1.3 client and server (RFC 8446) as Boost.MSM front-ends: the 1-RTT handshake,
// HelloRetryRequest, resumption with a ticket (PSK), 0-RTT early data with
// EndOfEarlyData, and optional single-use tickets against replay. State names follow
// RFC 8446 appendix A. Read the two transition tables first.
//
// Abstractions: keys and extensions are not modelled, only which messages flow and in
// what order; a ticket is one bit of state on each side; the server answers the first
// request of a connection once. A server that rejects early data skips it (section
// 4.2.10); one that is sent a message out of order answers with an alert and stops.
//
// Include only from tls13_client.cpp and tls13_server.cpp.
#pragma once

#include <boost/describe.hpp>
#include <boost/mpl/vector.hpp>

#include "machines/combinators.hpp"
#include "machines/functor_macros.hpp"
#include "machines/machine_base.hpp"
#include "machines/tls/record.hpp"
#include "machines/tls/tls.hpp"

namespace synack::machines::tls::v13 {

namespace msmf = boost::msm::front;

#define SYNACK_TLS13_RECEIVE(Event, Type)                \
  struct Event : receive<Record> {                       \
    static constexpr const char* name = "rcv " #Type;    \
    template <class R>                                   \
    static auto matches(const R& r) {                    \
      return r.type == static_cast<int>(Tls13::k##Type); \
    }                                                    \
  };
SYNACK_TLS13_RECEIVE(RcvClientHello, ClientHello)
SYNACK_TLS13_RECEIVE(RcvClientHelloPsk, ClientHelloPsk)
SYNACK_TLS13_RECEIVE(RcvClientHelloEarly, ClientHelloEarly)
SYNACK_TLS13_RECEIVE(RcvHelloRetryRequest, HelloRetryRequest)
SYNACK_TLS13_RECEIVE(RcvServerHello, ServerHello)
SYNACK_TLS13_RECEIVE(RcvEncryptedExtensions, EncryptedExtensions)
SYNACK_TLS13_RECEIVE(RcvEncryptedExtensionsEarly, EncryptedExtensionsEarly)
SYNACK_TLS13_RECEIVE(RcvCertificate, Certificate)
SYNACK_TLS13_RECEIVE(RcvCertificateVerify, CertificateVerify)
SYNACK_TLS13_RECEIVE(RcvEarlyData, EarlyData)
SYNACK_TLS13_RECEIVE(RcvEndOfEarlyData, EndOfEarlyData)
SYNACK_TLS13_RECEIVE(RcvFinished, Finished)
SYNACK_TLS13_RECEIVE(RcvNewSessionTicket, NewSessionTicket)
SYNACK_TLS13_RECEIVE(RcvAppData, AppData)
SYNACK_TLS13_RECEIVE(RcvAlert, Alert)
#undef SYNACK_TLS13_RECEIVE
struct TransportClosed : receive<Record> {
  static constexpr const char* name = "transport closed";
  template <class R>
  static auto matches(const R& r) {
    return r.type == static_cast<int>(Tls13::kCount);
  }
};

struct Begin : app_call {
  static constexpr const char* name = "start";
};
struct RequestNow : app_call {
  static constexpr const char* name = "premature request";
};

template <class F>
void write(F& fsm, Tls13 type) {
  fsm.send(RecordT<value_of<F>>{static_cast<int>(type)});
}

// ---- client ---------------------------------------------------------------------------

struct Start : msmf::state<> {
  static constexpr const char* name = "START";
};
struct WaitSh : msmf::state<> {
  static constexpr const char* name = "WAIT_SH";
};
struct WaitEe : msmf::state<> {
  static constexpr const char* name = "WAIT_EE";
};
struct WaitCertCr : msmf::state<> {
  static constexpr const char* name = "WAIT_CERT_CR";
};
struct WaitCv : msmf::state<> {
  static constexpr const char* name = "WAIT_CV";
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

SYNACK_GUARD(PskOffered, "PSK offered", fsm.vars.psk_offered == 1)
SYNACK_GUARD(EarlySent, "early data sent", fsm.vars.early_sent == 1)
SYNACK_GUARD(FirstRetry, "no HelloRetryRequest yet", fsm.vars.hrr_seen == 0)
SYNACK_GUARD(MayMisbehave, "misbehaving client", fsm.params.premature_request)

template <class F>
void client_hello(F& fsm) {
  const auto& p = fsm.params;
  fsm.vars.psk_offered = p.resume ? 1 : 0;
  // Which hello goes decides what is sent: a branch, symbolically.
  const bool early = static_cast<bool>(p.resume && p.early_data && fsm.vars.hrr_seen == 0);
  write(fsm, early      ? Tls13::kClientHelloEarly
             : p.resume ? Tls13::kClientHelloPsk
                        : Tls13::kClientHello);
  if (early) {
    write(fsm, Tls13::kEarlyData);
    fsm.vars.early_sent = 1;
  }
}

// The client's second flight. The request goes now unless the server took it as early data.
template <class F>
void client_finished(F& fsm) {
  const bool early = static_cast<bool>(fsm.vars.early_accepted == 1);
  if (early) write(fsm, Tls13::kEndOfEarlyData);
  write(fsm, Tls13::kFinished);
  if (!early) write(fsm, Tls13::kAppData);
}

SYNACK_ACTION(SendClientHello, "send ClientHello", client_hello(fsm))
SYNACK_ACTION(SendSecondHello, "send ClientHello again", fsm.vars.hrr_seen = 1; client_hello(fsm))
SYNACK_ACTION(NoteEarlyAccepted, "early data accepted", fsm.vars.early_accepted = 1)
SYNACK_ACTION(SendFinished, "send Finished, request", client_finished(fsm))
SYNACK_ACTION(SendRequestNow, "send request", write(fsm, Tls13::kAppData))
// The response goes to the client's application (properties/tls_history.cpp watches it).
SYNACK_ACTION(TakeResponse, "response received", (void)fsm)
// Tickets are not modelled: a resuming client is one given a ticket (Tls13Params::resume).
SYNACK_ACTION(KeepTicket, "keep ticket", (void)fsm)

// Generic over the value type, as the record is (int, or SymInt for the Z3 engines).
template <class V>
struct ClientVarsT {
  V psk_offered = 0;
  V early_sent = 0;
  V early_accepted = 0;
  V hrr_seen = 0;
  V& first_var() { return psk_offered; }
  BOOST_DESCRIBE_CLASS(ClientVarsT, (), (psk_offered, early_sent, early_accepted, hrr_seen), (), ())
};

struct Client_ : protocol_machine<Client_, Record> {
  using Params = Tls13Params;
  template <class V>
  using generic_vars = ClientVarsT<V>;
  template <class V>
  using generic_message = RecordT<V>;
  using Vars = ClientVarsT<int>;
  struct Codec : RecordCodec {
    explicit Codec(const Params&) : RecordCodec(tls13_messages()) {}
  };
  explicit Client_(const Params& p) : params(p) {}
  static Vars var_bounds(const Params&) { return {1, 1, 1, 1}; }
  static Record message_bounds(const Params&) { return record_bounds(tls13_messages()); }
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
  //          Start         Event                        Next          Action             Guard
  msmf::Row < Start       , Begin                      , WaitSh      , SendClientHello  , none          >,
  msmf::Row < WaitSh      , RequestNow                 , none        , SendRequestNow   , MayMisbehave  >,
  msmf::Row < WaitSh      , RcvHelloRetryRequest       , none        , SendSecondHello  , FirstRetry    >,
  msmf::Row < WaitSh      , RcvServerHello             , WaitEe      , none             , none          >,
  msmf::Row < WaitEe      , RcvEncryptedExtensions     , WaitCertCr  , none             , none          >,
  msmf::Row < WaitEe      , RcvEncryptedExtensionsEarly, WaitCertCr  , NoteEarlyAccepted, EarlySent     >,
  msmf::Row < WaitCertCr  , RcvCertificate             , WaitCv      , none             , none          >,
  msmf::Row < WaitCertCr  , RcvFinished                , Connected   , SendFinished     , PskOffered    >,
  msmf::Row < WaitCv      , RcvCertificateVerify       , WaitFinished, none             , none          >,
  msmf::Row < WaitFinished, RcvFinished                , Connected   , SendFinished     , none          >,
  msmf::Row < Connected   , RcvAppData                 , none        , TakeResponse     , none          >,
  msmf::Row < Connected   , RcvNewSessionTicket        , none        , KeepTicket       , none          >,
  // ---- an alert or the end of the TCP connection ends the handshake -----------------------
  msmf::Row < WaitSh      , RcvAlert                   , Closed      , none             , none          >,
  msmf::Row < WaitEe      , RcvAlert                   , Closed      , none             , none          >,
  msmf::Row < WaitCertCr  , RcvAlert                   , Closed      , none             , none          >,
  msmf::Row < WaitCv      , RcvAlert                   , Closed      , none             , none          >,
  msmf::Row < WaitFinished, RcvAlert                   , Closed      , none             , none          >,
  msmf::Row < Connected   , RcvAlert                   , Closed      , none             , none          >,
  msmf::Row < Start       , TransportClosed            , Closed      , none             , none          >,
  msmf::Row < WaitSh      , TransportClosed            , Closed      , none             , none          >,
  msmf::Row < WaitEe      , TransportClosed            , Closed      , none             , none          >,
  msmf::Row < WaitCertCr  , TransportClosed            , Closed      , none             , none          >,
  msmf::Row < WaitCv      , TransportClosed            , Closed      , none             , none          >,
  msmf::Row < WaitFinished, TransportClosed            , Closed      , none             , none          >,
  msmf::Row < Connected   , TransportClosed            , Closed      , none             , none          >
  > {};
  // clang-format on
};

// ---- server ---------------------------------------------------------------------------

struct Listening : msmf::state<> {
  static constexpr const char* name = "START";
};
struct WaitEoed : msmf::state<> {
  static constexpr const char* name = "WAIT_EOED";
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

SYNACK_GUARD(WantsRetry, "wants another key share", fsm.params.hello_retry&& fsm.vars.hrr_sent == 0)
SYNACK_GUARD(RetrySent, "HelloRetryRequest sent", fsm.vars.hrr_sent == 1)
SYNACK_GUARD(TicketUsable, "ticket usable",
             !fsm.params.single_use_tickets || fsm.vars.ticket_used == 0)
SYNACK_GUARD(EarlyAllowed, "accepts early data", fsm.params.accept_early_data)

template <class F>
void respond(F& fsm) {
  if (fsm.vars.responded == 1) return;
  write(fsm, Tls13::kAppData);
  fsm.vars.responded = 1;
}

template <class F>
void server_flight(F& fsm, bool resumed, bool early) {
  write(fsm, Tls13::kServerHello);
  write(fsm, early ? Tls13::kEncryptedExtensionsEarly : Tls13::kEncryptedExtensions);
  if (!resumed) {
    write(fsm, Tls13::kCertificate);
    write(fsm, Tls13::kCertificateVerify);
  }
  write(fsm, Tls13::kFinished);
  if (resumed && fsm.params.single_use_tickets) fsm.vars.ticket_used = 1;
}

// A new TCP connection: a fresh handshake; the ticket store stays.
template <class F>
void new_connection(F& fsm) {
  auto& v = fsm.vars;
  v.hrr_sent = v.responded = 0;
}

SYNACK_ACTION(SendRetry, "send HelloRetryRequest", write(fsm, Tls13::kHelloRetryRequest);
              fsm.vars.hrr_sent = 1)
SYNACK_ACTION(SendFullFlight, "send ServerHello..Finished", server_flight(fsm, false, false))
SYNACK_ACTION(SendResumedFlight, "send ServerHello, EE, Finished", server_flight(fsm, true, false))
SYNACK_ACTION(AcceptEarly, "send ServerHello, EE(early_data), Finished",
              server_flight(fsm, true, true))
// 0-RTT data is answered at once: the response rides with the server's flight (0.5-RTT).
SYNACK_ACTION(TakeEarlyRequest, "take early request, respond", respond(fsm))
SYNACK_ACTION(SkipEarlyData, "skip rejected early data", (void)fsm)
SYNACK_ACTION(FinishHandshake, "handshake done",
              if (fsm.params.send_ticket) write(fsm, Tls13::kNewSessionTicket))
SYNACK_ACTION(TakeRequest, "take request, respond", respond(fsm))
SYNACK_ACTION(SendAlert, "send alert", write(fsm, Tls13::kAlert))
SYNACK_ACTION(NewConnection, "await a new handshake", new_connection(fsm))

template <class V>
struct ServerVarsT {
  V hrr_sent = 0;
  V responded = 0;    // the application answered this connection's request (once)
  V ticket_used = 0;  // host state: the client's ticket was redeemed (single-use tickets)
  V& first_var() { return hrr_sent; }
  BOOST_DESCRIBE_CLASS(ServerVarsT, (), (hrr_sent, responded, ticket_used), (), ())
};

struct Server_ : protocol_machine<Server_, Record> {
  using Params = Tls13Params;
  template <class V>
  using generic_vars = ServerVarsT<V>;
  template <class V>
  using generic_message = RecordT<V>;
  using Vars = ServerVarsT<int>;
  struct Codec : RecordCodec {
    explicit Codec(const Params&) : RecordCodec(tls13_messages()) {}
  };
  explicit Server_(const Params& p) : params(p) {}
  static Vars var_bounds(const Params&) { return {1, 1, 1}; }
  static Record message_bounds(const Params&) { return record_bounds(tls13_messages()); }
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
  //          Start              Event                Next                Action             Guard
  msmf::Row < Listening        , RcvClientHello     , none              , SendRetry        , WantsRetry                                      >,
  msmf::Row < Listening        , RcvClientHello     , WaitClientFinished, SendFullFlight   , no<WantsRetry>                                  >,
  msmf::Row < Listening        , RcvClientHelloPsk  , none              , SendRetry        , WantsRetry                                      >,
  msmf::Row < Listening        , RcvClientHelloPsk  , WaitClientFinished, SendResumedFlight, all<no<WantsRetry>, TicketUsable>               >,
  msmf::Row < Listening        , RcvClientHelloPsk  , WaitClientFinished, SendFullFlight   , all<no<WantsRetry>, no<TicketUsable>>           >,
  msmf::Row < Listening        , RcvClientHelloEarly, none              , SendRetry        , WantsRetry                                      >,
  msmf::Row < Listening        , RcvClientHelloEarly, WaitEoed          , AcceptEarly      , all<no<WantsRetry>, TicketUsable, EarlyAllowed> >,
  msmf::Row < Listening        , RcvClientHelloEarly, WaitClientFinished, SendResumedFlight, all<no<WantsRetry>, TicketUsable, no<EarlyAllowed>> >,
  msmf::Row < Listening        , RcvClientHelloEarly, WaitClientFinished, SendFullFlight   , all<no<WantsRetry>, no<TicketUsable>>           >,
  msmf::Row < Listening        , RcvEarlyData       , none              , SkipEarlyData    , RetrySent                                       >,
  msmf::Row < WaitEoed         , RcvEarlyData       , none              , TakeEarlyRequest , none                                            >,
  msmf::Row < WaitEoed         , RcvEndOfEarlyData  , WaitClientFinished, none             , none                                            >,
  msmf::Row < WaitClientFinished, RcvEarlyData      , none              , SkipEarlyData    , none                                            >,
  msmf::Row < WaitClientFinished, RcvFinished       , ServerConnected   , FinishHandshake  , none                                            >,
  msmf::Row < ServerConnected  , RcvAppData         , none              , TakeRequest      , none                                            >,
  // ---- out of order: application data before the client's Finished draws an alert ------------------------
  msmf::Row < Listening        , RcvAppData         , Failed            , SendAlert        , none                                            >,
  msmf::Row < WaitEoed         , RcvAppData         , Failed            , SendAlert        , none                                            >,
  msmf::Row < WaitClientFinished, RcvAppData        , Failed            , SendAlert        , none                                            >,
  msmf::Row < WaitClientFinished, RcvEndOfEarlyData , Failed            , SendAlert        , none                                            >,
  // ---- an alert ends the handshake; a new TCP connection starts a new one -----------------------------------
  msmf::Row < WaitEoed         , RcvAlert           , Failed            , none             , none                                            >,
  msmf::Row < WaitClientFinished, RcvAlert          , Failed            , none             , none                                            >,
  msmf::Row < ServerConnected  , RcvAlert           , Failed            , none             , none                                            >,
  msmf::Row < Listening        , TransportClosed    , Listening         , NewConnection    , none                                            >,
  msmf::Row < WaitEoed         , TransportClosed    , Listening         , NewConnection    , none                                            >,
  msmf::Row < WaitClientFinished, TransportClosed   , Listening         , NewConnection    , none                                            >,
  msmf::Row < ServerConnected  , TransportClosed    , Listening         , NewConnection    , none                                            >,
  msmf::Row < Failed           , TransportClosed    , Listening         , NewConnection    , none                                            >
  > {};
  // clang-format on
};

}  // namespace synack::machines::tls::v13
