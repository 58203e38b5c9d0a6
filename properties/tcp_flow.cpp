// Progress in an established connection (seed 002 sections 14 and 15): a zero window
// that only the persist timer reopens, and RFC 5681 congestion control.
#include <string>

#include <fmt/format.h>

#include "checker/system.hpp"
#include "machines/tcp/flow/flow.hpp"
#include "properties/channel_params.hpp"
#include "properties/history_monitors.hpp"
#include "properties/registry.hpp"

namespace synack::properties {

namespace {

namespace flow = machines::tcp::flow;
using checker::PropertyKind;
using checker::Verdict;

std::unique_ptr<checker::Model> build_zero_window(const ParamValues& v) {
  flow::WindowParams p{v.at("tcp.segments"), v.at("tcp.buffer"), v.at("tcp.persist_timer") != 0};
  auto sys = std::make_unique<checker::System>();
  std::size_t sender =
      sys->add_actor("sender", flow::make_window_sender(p), {"send", "RTO", "persist timeout"});
  std::size_t receiver = sys->add_actor("receiver", flow::make_window_receiver(p), {"read"});
  // Data, probes and ACKs travel in order. Data is not lost (retransmission is not
  // what this scenario is about); ACKs, window updates among them, may be.
  checker::ChannelPolicy data{v.at("channel.capacity"), true, false, 0, 0};
  checker::ChannelPolicy acks{v.at("channel.capacity"), true, true, 0, 0};
  sys->add_channel("s2r", sender, receiver, data);
  sys->add_channel("r2s", receiver, sender, acks);
  sys->finalize();
  return sys;
}

std::unique_ptr<checker::Model> build_congestion(const ParamValues& v) {
  flow::CongestionParams p{v.at("tcp.window")};
  auto sys = std::make_unique<checker::System>();
  std::size_t sender = sys->add_actor("sender", flow::make_congestion_sender(p), {"send", "RTO"});
  std::size_t receiver = sys->add_actor("receiver", flow::make_cumulative_receiver(p), {});
  checker::ChannelPolicy policy = channel_policy(v);
  sys->add_channel("s2r", sender, receiver, policy);
  sys->add_channel("r2s", receiver, sender, policy);
  sys->add_monitor(sender_history(p));
  sys->finalize();
  return sys;
}

// FIFO channels only: with segment numbers modulo 2 * window, a reordered late ACK
// could pass for a new one once the numbers wrap, which no real sequence space allows.
ParamValues fifo(ParamValues v) {
  v["channel.ordered"] = 1;
  return v;
}

}  // namespace

// What RFC 5681's rules are about, kept beside the sender rather than inside it: which of
// the sender's steps came last (`last`: a timeout, a timeout that repeats the timer's
// retransmission of the same segment, fast retransmit, the new ACK that ends fast
// recovery, or NONE: another step that changed the sender), the FlightSize the last loss
// event found (`loss_flight`: the first timeout on a segment, or fast retransmit) and
// ssthresh before the last timeout (`prev_ssthresh`). The rules tell the steps apart by
// what the sender did, never by its guards: the timer's event, the sender entering or
// leaving FAST-RECOVERY; the properties then check the sender's window against the RFC's
// formulas over these values. A step after which the sender is as it was (an old ACK
// no row takes) is no step of the sender's.
checker::MonitorSpec sender_history(const machines::tcp::flow::CongestionParams& p) {
  // Every variable of the sender's, read from the machine so that none is missed.
  std::string changed = "sender.state' != sender.state";
  auto machine = flow::make_congestion_sender(p);
  for (const auto& var : machine->variables())
    changed += fmt::format(" || sender.{0}' != sender.{0}", var.name);
  const std::string flight =
      fmt::format("(sender.snd_nxt - sender.snd_una + {0}) % {0}", p.seq_space());
  const std::string timeout = "step.kind == env && step.actor == sender && step.event == RTO";
  const std::string ack = "step.kind == deliver && step.actor == sender";
  using Rule = checker::MonitorSpec::Rule;
  return {
      "sender_history",
      {{"last", 4, 0, {"NONE", "TIMEOUT", "REPEATED_TIMEOUT", "FAST_RETRANSMIT", "RECOVERY_END"}},
       {"loss_flight", p.window},
       {"prev_ssthresh", p.window}},
      {Rule{"step.actor == sender && (" + changed + ")", {{"last", "0"}}},
       // RFC 5681 3.1: the timer had resent SND.UNA's segment already, or not.
       Rule{timeout + " && sender.timer_resent == 1",
            {{"last", "2"}, {"prev_ssthresh", "sender.ssthresh"}}},
       Rule{timeout + " && sender.timer_resent == 0",
            {{"last", "1"}, {"prev_ssthresh", "sender.ssthresh"}, {"loss_flight", flight}}},
       // Only the third duplicate ACK takes the sender into fast recovery.
       Rule{ack + " && sender.state != FAST_RECOVERY && sender.state' == FAST_RECOVERY",
            {{"last", "3"}, {"loss_flight", flight}}},
       Rule{ack + " && sender.state == FAST_RECOVERY && sender.state' == CONGESTION_AVOIDANCE",
            {{"last", "4"}}}}};
}

void add_tcp_flow_scenarios(std::vector<Scenario>& out) {
  out.push_back(
      {"tcp/zero-window",
       "flow control: the receiver's buffer fills, its window closes; the application reads "
       "and the receiver sends one window update, which may be lost (seed 002 section 14; "
       "data travels reliably, ACKs may be lost)",
       {{"channel.capacity", 2, 1, 4, false, "segments each direction can hold in flight"},
        {"tcp.segments", 2, 1, 4, false, "segments the sender's application has queued"},
        {"tcp.buffer", 1, 1, 3, false, "the receiver's buffer, in segments"},
        {"tcp.persist_timer", 0, 0, 1, true,
         "the sender probes a zero window when its persist timer expires"}},
       {checker::leads_to(
            "sender-progress", "sender.queued > 0", "sender.queued == 0",
            {"wf(sender)", "wf(receiver)", "fair-loss"},
            "data the application queued is eventually sent, if both sides keep acting and "
            "ACKs resent forever get through",
            Verdict::kViolated),
        {"deadlock-free", PropertyKind::kDeadlockFree, "",
         "every run that stops has the sender ALL-ACKED (the machines' declared ends)",
         Verdict::kViolated}},
       build_zero_window,
       {}});

  std::vector<ParamSpec> params;
  for (const ParamSpec& p : channel_params(2, 0))
    if (p.key != "channel.ordered") params.push_back(p);
  params.push_back({"tcp.window", 4, 4, 6, false,
                    "the receiver's window in segments (fast retransmit needs 4 in flight)"});
  auto after = [](const char* name, const char* expr, const char* what) {
    return checker::PropertySpec{name, PropertyKind::kAlways, expr, what, Verdict::kHolds};
  };
  out.push_back(
      {"tcp/congestion",
       "RFC 5681 congestion control: slow start, congestion avoidance, fast retransmit on the "
       "third duplicate ACK, fast recovery, retransmission timeout; a cumulative-ACK receiver; "
       "lossy FIFO channels (seed 002 section 15)",
       params,
       {after("cwnd-at-least-one", "sender.cwnd >= 1",
              "the congestion window never drops below one segment"),
        after("timeout-resets-window",
              "(sender_history.last == TIMEOUT -> sender.cwnd == 1 && sender.ssthresh == "
              "max(sender_history.loss_flight / 2, 2)) && (sender_history.last == "
              "REPEATED_TIMEOUT -> sender.cwnd == 1 && sender.ssthresh == "
              "sender_history.prev_ssthresh)",
              "right after a timeout: cwnd = 1 and ssthresh = max(FlightSize / 2, 2), or "
              "ssthresh unchanged when the timer had resent that segment already"),
        after("fast-retransmit-halves",
              "sender_history.last == FAST_RETRANSMIT -> sender.state == FAST_RECOVERY && "
              "sender.ssthresh == max(sender_history.loss_flight / 2, 2) && sender.cwnd == "
              "sender.ssthresh + 3",
              "right after the third duplicate ACK: ssthresh = max(FlightSize / 2, 2), cwnd = "
              "ssthresh + 3, in fast recovery"),
        after("recovery-ends-at-ssthresh",
              "sender_history.last == RECOVERY_END -> sender.state == CONGESTION_AVOIDANCE && "
              "sender.cwnd == sender.ssthresh",
              "a new ACK ends fast recovery with cwnd = ssthresh"),
        {"fast-recovery-reached", PropertyKind::kSometimes, "sender.state == FAST_RECOVERY",
         "three duplicate ACKs do happen (the invariants above are not vacuous)", Verdict::kHolds},
        checker::leads_to("fast-recovery-left", "sender.state == FAST_RECOVERY",
                          "sender.state != FAST_RECOVERY", {"fair-loss"},
                          "fast recovery is always eventually left, under fair delivery",
                          Verdict::kHolds)},
       [](const ParamValues& v) { return build_congestion(fifo(v)); },
       {}});
}

}  // namespace synack::properties
