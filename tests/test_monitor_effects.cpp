// The history monitors observe what a machine did, not the guard that decided it. Each test
// feeds a monitor single steps, including one whose effect contradicts the machine's guard
// (a machine with a wrong guard): a monitor that copied the guard would report what the
// guard says; these report what happened.
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/layout.hpp"
#include "checker/monitor.hpp"
#include "machines/tls/tls.hpp"
#include "properties/history_monitors.hpp"
#include "properties/tls_history.hpp"

namespace checker = synack::checker;
using checker::Monitor;
using checker::Value;

namespace {

checker::Slot var(std::string name, Value max, std::vector<std::string> values = {}) {
  return {std::move(name), max, std::move(values), nullptr};
}

// A monitor bound to a layout of just the machine slots its rules read.
class Harness {
 public:
  Harness(checker::MonitorSpec spec, const std::vector<checker::Slot>& slots,
          Monitor::StepNames names)
      : monitor_(std::move(spec)), names_(std::move(names)) {
    for (const checker::Slot& s : slots) layout_.add(s);
    monitor_.add_slots(layout_);
    monitor_.bind(layout_, names_);
    state_.assign(layout_.size(), 0);
    monitor_.set_initial(state_.data());
  }

  // One step: the machine slots before and after (by name), the step's kind and actor,
  // and the message's fields in the order of StepNames::message_fields.
  void step(const std::vector<std::pair<std::string, Value>>& before,
            const std::vector<std::pair<std::string, Value>>& after, Monitor::StepKind kind,
            const std::string& actor, std::vector<Value> message, Value event = 0) {
    std::vector<Value> from = state_;
    for (const auto& [name, v] : before) from[slot(name)] = v;
    std::vector<Value> to = from;
    for (const auto& [name, v] : after) to[slot(name)] = v;
    Monitor::StepId id{kind, actor_index(actor), event, std::move(message)};
    monitor_.observe(from.data(), to.data(), id);
    state_ = to;
  }
  Value operator[](const std::string& name) const { return state_.at(slot(name)); }

 private:
  std::size_t slot(const std::string& name) const { return layout_.find(name).value(); }
  Value actor_index(const std::string& actor) const {
    for (std::size_t i = 0; i < names_.actors.size(); ++i)
      if (names_.actors[i] == actor) return static_cast<Value>(i);
    FAIL("no actor " << actor);
    return 0;
  }

  checker::Layout layout_;
  Monitor monitor_;
  Monitor::StepNames names_;
  std::vector<Value> state_;
};

constexpr auto kDeliver = Monitor::kDeliver;
constexpr auto kEnv = Monitor::kEnv;

}  // namespace

// NewFrame: a data frame with the receiver's expected bit is new. The monitor counts a
// frame handed over when the receiver flips the bit it expects, whatever the frame's bit.
TEST_CASE("the ARQ receiver's monitor counts what the receiver took not the frame's bit") {
  Harness h(synack::properties::receiver_history({3, true}), {var("receiver.expected", 1)},
            {{"sender", "receiver"}, {"none"}, {{"ack", 1}, {"bit", 1}, {"payload", 3}}});
  // The frame carries the expected bit, but this receiver left it (a wrong guard): nothing
  // was handed over, and the monitor does not count it.
  h.step({{"receiver.expected", 0}}, {}, kDeliver, "receiver", {0, 0, 0});
  CHECK(h["receiver_history.delivered"] == 0);
  // The right frame, taken: counted.
  h.step({{"receiver.expected", 0}}, {{"receiver.expected", 1}}, kDeliver, "receiver", {0, 0, 0});
  CHECK(h["receiver_history.delivered"] == 1);
  CHECK(h["receiver_history.misdelivered"] == 0);
  // A duplicate of frame 0 (bit 0, the receiver expects 1) that this receiver takes
  // anyway: its application gets payload 0 twice, and the monitor says so.
  h.step({}, {{"receiver.expected", 0}}, kDeliver, "receiver", {0, 0, 0});
  CHECK(h["receiver_history.delivered"] == 1);
  CHECK(h["receiver_history.misdelivered"] == 1);
  // An ACK delivered to the receiver is no data frame.
  h.step({}, {{"receiver.expected", 1}}, kDeliver, "receiver", {1, 0, 0});
  CHECK(h["receiver_history.delivered"] == 1);
}

// DropSyn: the listener drops the client's SYN when its backlog is full. The monitor sees
// a drop when the client has neither an entry nor a connection after its SYN.
TEST_CASE("the SYN-flood monitor sees the client's SYN dropped by the listener's effect") {
  synack::machines::tcp::ListenerParams lp;
  lp.backlog = 1;
  auto make = [&] {
    return Harness(
        synack::properties::listener_history(lp),
        {var("server.half_open", 4), var("server.legit_pending", 1), var("server.established", 1)},
        {{"attacker", "client", "server"}, {"none"}, {{"flags", 15}, {"tag", 3}}});
  };
  {
    // A listener with a backlog of one and no entry (not full) that drops the SYN anyway.
    Harness h = make();
    h.step({{"server.half_open", 0}}, {}, kDeliver, "server", {1, 1});
    CHECK(h["server_history.legit_dropped"] == 1);
  }
  {
    // A full backlog that queues the client all the same: not a drop.
    Harness h = make();
    h.step({{"server.half_open", 1}}, {{"server.half_open", 2}, {"server.legit_pending", 1}},
           kDeliver, "server", {1, 1});
    CHECK(h["server_history.legit_dropped"] == 0);
    // Its SYN again, answered from the entry: not a drop either.
    h.step({}, {}, kDeliver, "server", {1, 1});
    CHECK(h["server_history.legit_dropped"] == 0);
  }
  {
    // A spoofed SYN (tag 0) dropped is not the client's.
    Harness h = make();
    h.step({{"server.half_open", 1}}, {}, kDeliver, "server", {1, 0});
    CHECK(h["server_history.legit_dropped"] == 0);
  }
}

// TLS 1.2 Finished: only the client's Finished takes the server to CONNECTED. The monitor
// sees a request answered before the handshake ended when the server responds in a step
// that neither starts nor ends CONNECTED, whatever the segment holds.
TEST_CASE("the TLS server's monitor sees a response before Finished by the server's state") {
  namespace tls = synack::machines::tls;
  const Value finished = Value{1} << static_cast<int>(tls::Tls12::kFinished);
  const Value app_data = Value{1} << static_cast<int>(tls::Tls12::kAppData);
  auto make = [] {
    return Harness(synack::properties::tls_server_history(synack::properties::TlsVersion::k12),
                   {var("server.rcv_nxt", 7),
                    var("tls_server.state", 5,
                        {"START", "WAIT_CKE", "WAIT_CCS", "WAIT_FINISHED", "CONNECTED", "FAILED"}),
                    var("tls_server.responded", 1)},
                   {{"client", "server", "tls_client", "tls_server"}, {"none"}, {{"data", 2047}}});
  };
  const Value kWaitFinished = 3, kConnected = 4;
  {
    // The segment holds Finished and the request; this server answered the request but
    // did not take the Finished (it stays in WAIT_FINISHED): flagged, though the segment
    // carried a Finished.
    Harness h = make();
    h.step({{"server.rcv_nxt", 1}, {"tls_server.state", kWaitFinished}},
           {{"server.rcv_nxt", 2}, {"tls_server.responded", 1}}, kDeliver, "server",
           {finished | app_data});
    CHECK(h["tls_server_history.request_before_finished"] == 1);
  }
  {
    // The same segment taken as the spec server takes it: CONNECTED, then the answer.
    Harness h = make();
    h.step({{"server.rcv_nxt", 1}, {"tls_server.state", kWaitFinished}},
           {{"server.rcv_nxt", 2}, {"tls_server.state", kConnected}, {"tls_server.responded", 1}},
           kDeliver, "server", {finished | app_data});
    CHECK(h["tls_server_history.request_before_finished"] == 0);
    // A segment the endpoint did not take in (RCV.NXT stays) is no request.
    h.step({{"tls_server.state", kWaitFinished}, {"tls_server.responded", 0}},
           {{"tls_server.responded", 1}}, kDeliver, "server", {app_data});
    CHECK(h["tls_server_history.request_before_finished"] == 0);
  }
}

// The congestion sender's monitor: a timeout is told by the timer's event, fast retransmit
// and the end of recovery by the sender entering and leaving FAST-RECOVERY; a step that
// leaves the sender as it was is none of its.
TEST_CASE("the congestion sender's monitor records the last event and the flight it found") {
  synack::machines::tcp::flow::CongestionParams p;  // window 4, segments modulo 8
  std::vector<checker::Slot> slots{
      var("sender.state", 2, {"SLOW-START", "CONGESTION-AVOIDANCE", "FAST-RECOVERY"})};
  for (const char* v :
       {"snd_una", "snd_nxt", "snd_max", "cwnd", "ssthresh", "dupacks", "acked", "timer_resent"})
    slots.push_back(var(std::string("sender.") + v, 7));
  Harness h(synack::properties::sender_history(p), slots,
            {{"sender", "receiver"}, {"none", "send", "RTO"}, {{"seq", 7}, {"ack", 15}}});
  const Value kRto = 2, kFastRecovery = 2, kAvoidance = 1;
  // The first timeout with three segments in flight: TIMEOUT, FlightSize 3, ssthresh 4.
  h.step({{"sender.snd_nxt", 3}, {"sender.snd_max", 3}, {"sender.ssthresh", 4}},
         {{"sender.snd_nxt", 1}, {"sender.timer_resent", 1}, {"sender.ssthresh", 2}}, kEnv,
         "sender", {}, kRto);
  CHECK(h["sender_history.last"] == 1);
  CHECK(h["sender_history.loss_flight"] == 3);
  CHECK(h["sender_history.prev_ssthresh"] == 4);
  // The timer again on the same segment, changing nothing: REPEATED_TIMEOUT, flight kept.
  h.step({}, {}, kEnv, "sender", {}, kRto);
  CHECK(h["sender_history.last"] == 2);
  CHECK(h["sender_history.loss_flight"] == 3);
  CHECK(h["sender_history.prev_ssthresh"] == 2);
  // An old ACK no row takes: the sender is unchanged, and so is the monitor.
  h.step({}, {}, kDeliver, "sender", {0, 9});
  CHECK(h["sender_history.last"] == 2);
  // Into fast recovery with two in flight, then out of it.
  h.step({{"sender.snd_nxt", 3}, {"sender.snd_una", 1}, {"sender.dupacks", 2}},
         {{"sender.state", kFastRecovery}, {"sender.dupacks", 0}}, kDeliver, "sender", {0, 10});
  CHECK(h["sender_history.last"] == 3);
  CHECK(h["sender_history.loss_flight"] == 2);
  h.step({}, {{"sender.state", kAvoidance}, {"sender.snd_una", 3}}, kDeliver, "sender", {0, 12});
  CHECK(h["sender_history.last"] == 4);
  // Any other step that changes the sender: NONE.
  h.step({}, {{"sender.snd_nxt", 4}}, kEnv, "sender", {}, 1);
  CHECK(h["sender_history.last"] == 0);
}
