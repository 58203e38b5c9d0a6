// The equality-guarded templates (checker/smt/equality_guard_mining) from hand-made samples
// of a channel q to a receiver r, sent by s, with a monitor m counting deliveries: what is
// proposed where the implication holds in every sample, and what is not where it does not.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "candidate_texts.hpp"
#include "checker/smt/equality_guard_mining.hpp"
#include "mining_helpers.hpp"

namespace {

namespace smt = synack::checker::smt;
using synack::testing::texts;

using synack::testing::kNoLimit;

using synack::testing::has;

// Kinds 1 (SYN) and 2 (ACK); numbers of a space of 32. r.state 1 is "connected".
const std::vector<smt::SmtVar> kGuardVars = {
    {"q[0].present", 0, 1}, {"q[0].kind", 0, 3}, {"q[0].ack", 0, 31}, {"r.state", 0, 2},
    {"r.nxt", 0, 31},       {"m.count", 0, 1},   {"s.state", 0, 2},   {"s.una", 0, 31}};
const std::vector<smt::ChannelReceiver> kReceivers = {{"q", "r"}};

// An ACK that acknowledges the receiver's current number comes after a delivery (m.count
// 1), and the sender is then one behind; a stale ACK (another number) comes either way.
const std::vector<std::vector<std::int64_t>> kGuardSamples = {
    {0, 0, 0, 0, 0, 0, 0, 0}, {1, 2, 5, 1, 5, 1, 1, 4},  {1, 2, 9, 1, 9, 1, 2, 8},
    {1, 2, 3, 1, 6, 0, 1, 2}, {1, 2, 7, 1, 12, 1, 1, 6}, {1, 1, 0, 0, 0, 0, 1, 3},
    {1, 1, 0, 0, 0, 0, 2, 4},
};

}  // namespace

TEST_CASE("mining proposes facts under an equality of a message's number and its receiver's") {
  auto cs = smt::propose_equality_guarded_candidates(kGuardVars, kGuardSamples, kReceivers, 1000,
                                                     kNoLimit);
  for (const auto& c : cs)
    for (const auto& s : kGuardSamples) CHECK(c.holds(s));  // only what every sample shows
  auto all = texts(cs, kGuardVars);
  // What the ACK's kind alone does not say: the delivery, and the sender one behind.
  CHECK(has(all, "q[0].kind = 2 and q[0].ack = r.nxt -> m.count = 1"));
  CHECK(has(all, "q[0].kind = 2 and q[0].ack = r.nxt -> r.nxt - s.una = 1 (mod 32)"));
  // The receiver's control state selects the same samples: no second copy under it.
  for (const auto& t : all) CHECK(t.find("r.state = 1 and") == std::string::npos);
  // A SYN's number is 0 whenever the receiver's is: an equality in every sample of its
  // scope is no condition. And the sender's numbers are not compared with a message.
  for (const auto& t : all) {
    CHECK(t.find("q[0].kind = 1") == std::string::npos);
    CHECK(t.find("q[0].ack = s.una") == std::string::npos);
  }
  // With no receiver known, no message is compared with anyone.
  for (const auto& t : texts(
           smt::propose_equality_guarded_candidates(kGuardVars, kGuardSamples, {}, 1000, kNoLimit),
           kGuardVars))
    CHECK(t.find("q[0].ack =") == std::string::npos);
  // Capped: the first ones, in the same order.
  auto capped =
      smt::propose_equality_guarded_candidates(kGuardVars, kGuardSamples, kReceivers, 1, kNoLimit);
  REQUIRE(capped.size() == 1);
  CHECK(texts(capped, kGuardVars).front() == all.front());
}

TEST_CASE("an implication some sample refutes is not proposed") {
  // An ACK of the receiver's current number with nothing delivered, the sender two behind.
  auto samples = kGuardSamples;
  samples.push_back({1, 2, 20, 1, 20, 0, 1, 18});
  auto all = texts(
      smt::propose_equality_guarded_candidates(kGuardVars, samples, kReceivers, 1000, kNoLimit),
      kGuardVars);
  for (const auto& t : all) {
    CHECK(t.find("-> m.count") == std::string::npos);
    CHECK(t.find("-> r.nxt - s.una") == std::string::npos);
  }
  // One sample of the equality says nothing: without the second, nothing under it at all.
  std::vector<std::vector<std::int64_t>> one(kGuardSamples.begin(), kGuardSamples.begin() + 2);
  one.push_back(kGuardSamples[3]);
  CHECK(smt::propose_equality_guarded_candidates(kGuardVars, one, kReceivers, 1000, kNoLimit)
            .empty());
}

TEST_CASE("mining proposes facts under an equality of two actors' numbers") {
  // r.nxt = s.una: while r is connected, only before a delivery (m.count 0); r's other
  // numbers never equal s's. Each actor's control state guards.
  std::vector<smt::SmtVar> vars = {
      {"r.state", 0, 2}, {"r.nxt", 0, 31}, {"m.count", 0, 1}, {"s.state", 0, 2}, {"s.una", 0, 31}};
  std::vector<std::vector<std::int64_t>> samples = {
      {1, 4, 0, 1, 4}, {1, 7, 0, 1, 7}, {1, 8, 1, 1, 7}, {1, 12, 1, 2, 11}, {0, 3, 1, 0, 9}};
  auto cs = smt::propose_equality_guarded_candidates(vars, samples, {}, 1000, kNoLimit);
  for (const auto& c : cs)
    for (const auto& s : samples) CHECK(c.holds(s));
  auto all = texts(cs, vars);
  CHECK(has(all, "r.state = 1 and r.nxt = s.una -> m.count = 0"));
  CHECK(has(all, "r.state = 1 and r.nxt = s.una -> s.state = 1"));
  // Past the deadline: nothing.
  smt::Deadline spent(1);
  while (!spent.expired()) {
  }
  CHECK(smt::propose_equality_guarded_candidates(vars, samples, {}, 1000, spent).empty());
}
