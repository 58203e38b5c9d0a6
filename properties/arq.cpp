// Stop-and-wait ARQ (seed 002 section 12): the alternating-bit protocol over a lossy
// channel, and the two ways to break it (no sequence bit; a channel that reorders).
#include <string>

#include "checker/system.hpp"
#include "machines/arq/arq.hpp"
#include "properties/channel_params.hpp"
#include "properties/history_monitors.hpp"
#include "properties/registry.hpp"

namespace synack::properties {

namespace {

namespace arq = machines::arq;
using checker::PropertyKind;
using checker::Verdict;

}  // namespace

// What the receiver's application got, kept beside the receiver rather than inside it:
// `delivered` counts the payloads handed over in order (0, 1, 2, ...), `misdelivered`
// records one handed over out of order or twice. The monitor sees a frame handed over by
// what the receiver did with it: taking a new frame flips the bit it expects next, a
// duplicate leaves it (both are acknowledged). Without the sequence bit the receiver has
// no bit and one row for data: every data frame it is delivered is handed over.
checker::MonitorSpec receiver_history(const arq::Params& p) {
  std::string handed_over =
      "step.kind == deliver && step.actor == receiver && step.message.ack == 0";
  if (p.seq_bit) handed_over += " && receiver.expected' != receiver.expected";
  return {"receiver_history",
          {{"delivered", p.messages}, {"misdelivered"}},
          {{handed_over + " && step.message.payload == receiver_history.delivered",
            {{"delivered", "receiver_history.delivered + 1"}}},
           {handed_over + " && step.message.payload != receiver_history.delivered",
            {{"misdelivered", "1"}}}}};
}

namespace {

std::unique_ptr<checker::Model> build_arq(const ParamValues& v) {
  arq::Params p{v.at("arq.messages"), v.at("arq.seq_bit") != 0};
  auto sys = std::make_unique<checker::System>();
  std::size_t sender = sys->add_actor("sender", arq::make_sender(p), {"send", "timeout"});
  std::size_t receiver = sys->add_actor("receiver", arq::make_receiver(p), {});
  checker::ChannelPolicy policy = channel_policy(v);
  sys->add_channel("s2r", sender, receiver, policy);
  sys->add_channel("r2s", receiver, sender, policy);
  sys->add_monitor(receiver_history(p));
  sys->finalize();
  return sys;
}

std::vector<ParamSpec> arq_params(bool seq_bit, bool ordered) {
  std::vector<ParamSpec> params = channel_params(2, 0);
  for (ParamSpec& p : params)
    if (p.key == "channel.ordered") p.default_value = ordered ? 1 : 0;
  params.push_back({"arq.messages", 3, 1, 4, false, "messages the sender's application sends"});
  params.push_back(
      {"arq.seq_bit", seq_bit ? 1 : 0, 0, 1, true, "frames and ACKs carry the alternating bit"});
  return params;
}

checker::PropertySpec in_order(Verdict expected) {
  return {"in-order-exactly-once", PropertyKind::kAlways, "receiver_history.misdelivered == 0",
          "the receiver's application gets payloads 0, 1, 2, ... in order, none twice", expected};
}

checker::PropertySpec every_delivered(Verdict expected) {
  return checker::leads_to(
      "every-message-delivered", "sender.state == WAIT_ACK",
      "receiver_history.delivered > sender.next", {"fair-loss"},
      "a message the sender has sent is eventually delivered, if the channels do not lose a "
      "message resent forever every time",
      expected);
}

}  // namespace

void add_arq_scenarios(std::vector<Scenario>& out) {
  out.push_back(
      {"arq/stop-and-wait",
       "the alternating-bit protocol over lossy FIFO channels: data, ACKs and late ACKs may be "
       "lost or arrive after a timeout (seed 002 section 12)",
       arq_params(true, true),
       {in_order(Verdict::kHolds),
        every_delivered(Verdict::kHolds),
        checker::liveness("completes", PropertyKind::kEventually, "sender.state == DONE",
                          {"fair-loss"}, "every fair run ends with every message acknowledged",
                          Verdict::kHolds),
        {"deadlock-free", PropertyKind::kDeadlockFree, "",
         "every run that stops has the sender DONE (the machines' declared ends)",
         Verdict::kHolds}},
       build_arq,
       {{"sequence bit", "the alternating bit on frames and ACKs", {"arq.seq_bit=false"}}}});
  out.push_back({"arq/stop-and-wait-no-seq",
                 "stop-and-wait without a sequence bit: a retransmission after a lost ACK "
                 "looks like a new message",
                 arq_params(false, true),
                 {in_order(Verdict::kViolated)},
                 build_arq,
                 {}});
  out.push_back({"arq/stop-and-wait-reordering",
                 "the alternating-bit protocol over channels that may reorder: an old copy of "
                 "a frame overtakes and is taken for the next one with the same bit",
                 arq_params(true, false),
                 {in_order(Verdict::kViolated)},
                 build_arq,
                 {}});
}

}  // namespace synack::properties
