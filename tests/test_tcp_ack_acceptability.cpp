// RFC 9293 section 3.10.7.4's ACK check, segment by segment, on one TCP endpoint driven
// through the real Boost.MSM back-end (the runner replay uses) and, in step, through the
// engines' interpreter. No bundled scenario delivers an ACK beyond SND.NXT (that needs a
// peer that received more than was sent), so the scenarios' verdicts cannot tell an
// acceptability test that is off by one from the right one; these tests can.
//
// The endpoint listens with ISS 0 (SND.UNA 0, SND.NXT 1 once its SYN-ACK is out) and takes
// the peer's SYN at sequence 5, so RCV.NXT is 6; in a sequence space of 16, SND.UNA - 1 is
// 15 in SYN-RECEIVED.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "checker/machine.hpp"
#include "machines/tcp/segment.hpp"
#include "machines/tcp/tcp.hpp"

namespace {

using synack::checker::Outbox;
using synack::checker::Value;
namespace tcp = synack::machines::tcp;
using Sent = std::vector<std::string>;

constexpr std::int64_t kPeerIss = 5;

// One endpoint, fed input by input to the real back-end and to the interpreter; every
// input must be taken (or discarded) alike by both, send the same segments and leave the
// same state.
class Endpoint {
 public:
  explicit Endpoint(const tcp::Params& p)
      : params_(p),
        type_(tcp::make_endpoint("server", params_)),
        codec_(params_),
        runner_(type_->make_runner()),
        local_(type_->initial_local()) {}

  Sent call(const std::string& event) {
    const auto& events = type_->env_events();
    auto it =
        std::find_if(events.begin(), events.end(), [&](const auto& e) { return e.name == event; });
    REQUIRE(it != events.end());
    auto index = static_cast<std::size_t>(it - events.begin());
    Outbox real, interpreted;
    std::vector<Value> next(local_.size());
    bool fired = runner_->fire_env(index, real).fired;
    REQUIRE(type_->fire_env(index, local_.data(), next.data(), interpreted).fired == fired);
    return agree(fired, real, interpreted, next);
  }

  // A wire segment from the peer (its first incarnation).
  Sent receive(std::uint8_t flags, std::int64_t seq, std::int64_t ack, std::int64_t data = 0) {
    Value m = codec_.encode(tcp::Segment{flags, seq, ack, data, 1});
    Outbox real, interpreted;
    std::vector<Value> next(local_.size());
    bool fired = runner_->fire_message(m, real).fired;
    REQUIRE(type_->fire_message(m, local_.data(), next.data(), interpreted).fired == fired);
    return agree(fired, real, interpreted, next);
  }

  std::string state() const { return type_->state_names().at(static_cast<std::size_t>(local_[0])); }

  Value var(const std::string& name) const {
    const auto& vars = type_->variables();
    for (std::size_t i = 0; i < vars.size(); ++i)
      if (vars[i].name == name) return local_[i + 1];
    FAIL("no variable " << name);
    return 0;
  }

 private:
  Sent agree(bool fired, const Outbox& real, const Outbox& interpreted, std::vector<Value>& next) {
    if (!fired) next = local_;  // discarded: nothing changes
    std::vector<Value> back(local_.size());
    runner_->read_local(back.data());
    CHECK(back == next);
    Sent sent, also;
    for (std::size_t i = 0; i < real.count; ++i)
      sent.push_back(type_->codec().print(real.messages[i]));
    for (std::size_t i = 0; i < interpreted.count; ++i)
      also.push_back(type_->codec().print(interpreted.messages[i]));
    CHECK(sent == also);
    local_ = next;
    return sent;
  }

  tcp::Params params_;
  std::shared_ptr<const synack::checker::MachineType> type_;
  tcp::SegmentCodec codec_;
  std::unique_ptr<synack::checker::MachineRunner> runner_;
  std::vector<Value> local_;
};

// LISTEN, then the peer's SYN: SYN-RECEIVED with SND.UNA 0 and SND.NXT 1.
Endpoint syn_received(tcp::Params p = {}) {
  Endpoint e(p);
  CHECK(e.call("listen").empty());
  CHECK(e.receive(tcp::kSyn, kPeerIss, 0) == Sent{"SYN-ACK seq=0 ack=6"});
  REQUIRE(e.state() == "SYN-RECEIVED");
  REQUIRE(e.var("snd_una") == 0);
  REQUIRE(e.var("snd_nxt") == 1);
  return e;
}

}  // namespace

TEST_CASE("SYN-RECEIVED takes only SND.UNA < SEG.ACK =< SND.NXT and resets the rest") {
  auto e = syn_received();
  SECTION("SEG.ACK = SND.NXT acknowledges our SYN") {
    CHECK(e.receive(tcp::kAck, kPeerIss + 1, 1).empty());
    CHECK(e.state() == "ESTABLISHED");
    CHECK(e.var("snd_una") == 1);
  }
  // <SEQ=SEG.ACK><CTL=RST>, and the half-open connection stays as it was.
  SECTION("SEG.ACK = SND.NXT + 1 acknowledges what was never sent") {
    CHECK(e.receive(tcp::kAck, kPeerIss + 1, 2) == Sent{"RST seq=2"});
    CHECK(e.state() == "SYN-RECEIVED");
    CHECK(e.var("snd_una") == 0);
  }
  SECTION("SEG.ACK = SND.UNA acknowledges nothing of the SYN") {
    CHECK(e.receive(tcp::kAck, kPeerIss + 1, 0) == Sent{"RST seq=0"});
    CHECK(e.state() == "SYN-RECEIVED");
  }
  SECTION("SEG.ACK = SND.UNA - 1") {
    CHECK(e.receive(tcp::kAck, kPeerIss + 1, 15) == Sent{"RST seq=15"});
    CHECK(e.state() == "SYN-RECEIVED");
    CHECK(e.var("snd_una") == 0);
  }
}

TEST_CASE("ESTABLISHED answers an ACK of data not yet sent with an ACK and keeps its state") {
  // One unit of data in flight: SND.UNA 1, SND.NXT 2.
  tcp::Params p;
  p.app_data = 1;
  auto e = syn_received(p);
  CHECK(e.receive(tcp::kAck, kPeerIss + 1, 1).empty());
  REQUIRE(e.state() == "ESTABLISHED");
  CHECK(e.call("send") == Sent{"ACK seq=1 ack=6 len=1"});
  REQUIRE(e.var("snd_una") == 1);
  REQUIRE(e.var("snd_nxt") == 2);
  SECTION("SEG.ACK = SND.NXT acknowledges the data") {
    CHECK(e.receive(tcp::kAck, kPeerIss + 1, 2).empty());
    CHECK(e.var("snd_una") == 2);
    CHECK(e.var("retries") == 0);
  }
  // RFC 9293: "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an
  // ACK, drop the segment, and return." SND.UNA must not pass SND.NXT.
  SECTION("SEG.ACK = SND.NXT + 1 draws <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>") {
    CHECK(e.receive(tcp::kAck, kPeerIss + 1, 3) == Sent{"ACK seq=2 ack=6"});
    CHECK(e.state() == "ESTABLISHED");
    CHECK(e.var("snd_una") == 1);
    CHECK(e.var("snd_nxt") == 2);
  }
  SECTION("data in sequence with SEG.ACK = SND.NXT + 1 is dropped, not delivered") {
    CHECK(e.receive(tcp::kAck, kPeerIss + 1, 3, 1) == Sent{"ACK seq=2 ack=6"});
    CHECK(e.var("rcv_nxt") == kPeerIss + 1);
    CHECK(e.var("snd_una") == 1);
  }
  SECTION("SEG.ACK = SND.UNA is a duplicate: ignored") {
    CHECK(e.receive(tcp::kAck, kPeerIss + 1, 1).empty());
    CHECK(e.var("snd_una") == 1);
  }
  // In a space of 16 the endpoint reads every SEG.ACK outside SND.UNA..SND.NXT as one of
  // data not yet sent: SND.UNA - 1 too draws an ACK, where RFC 5961 (section 5.2) would
  // accept it as a duplicate within MAX.SND.WND of SND.UNA and ignore it.
  SECTION("SEG.ACK = SND.UNA - 1 draws an ACK as well") {
    CHECK(e.receive(tcp::kAck, kPeerIss + 1, 0) == Sent{"ACK seq=2 ack=6"});
    CHECK(e.var("snd_una") == 1);
  }
}
