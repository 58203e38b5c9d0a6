// The order templates (checker/smt/channel_order_mining) from hand-made samples of an
// ordered channel q of two positions to a receiver r: what is proposed, and what is not.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "candidate_texts.hpp"
#include "checker/smt/channel_order_mining.hpp"
#include "mining_helpers.hpp"

namespace {

namespace smt = synack::checker::smt;
using synack::testing::texts;

using synack::testing::kNoLimit;

using synack::testing::expired_deadline;

using synack::testing::has;

// Kinds 1 (SYN), 2 (ACK), 3 (RST); sequence numbers of a space of 32 (fewer values would make them
// kinds). The receiver r is in state 0 (waiting) or 1 (connected), with its next expected number.
const std::vector<smt::SmtVar> kVars = {
    {"q[0].present", 0, 1}, {"q[0].kind", 0, 3}, {"q[0].seq", 0, 31}, {"q[1].present", 0, 1},
    {"q[1].kind", 0, 3},    {"q[1].seq", 0, 31}, {"r.state", 0, 2},   {"r.next", 0, 31}};

// A run's states: the RST (kind 3) is only ever sent before the SYN, never behind it, and
// never seen by a connected receiver; the numbers along the channel grow by 0 or 1 (modulo
// 32: 31 then 0); a SYN's number at the head is the receiver's next or the one after.
const std::vector<std::vector<std::int64_t>> kSamples = {
    {0, 0, 0, 0, 0, 0, 0, 4},   {1, 1, 4, 0, 0, 0, 0, 4}, {1, 3, 9, 1, 1, 9, 0, 9},
    {1, 1, 31, 1, 2, 0, 0, 30}, {1, 2, 5, 1, 2, 5, 1, 5}, {1, 1, 7, 0, 0, 0, 0, 7},
    {1, 3, 2, 1, 1, 3, 0, 3},   {1, 2, 8, 0, 0, 0, 1, 8}, {1, 2, 11, 1, 2, 12, 1, 12},
};

}  // namespace

TEST_CASE("mining proposes facts about the order of an ordered channel") {
  auto cs =
      smt::propose_channel_order_candidates(kVars, kSamples, {{"q", "r", "p"}}, 1000, kNoLimit);
  for (const auto& c : cs)
    for (const auto& s : kSamples) CHECK(c.holds(s));  // only what every sample shows
  auto all = texts(cs, kVars);
  // Along the channel: the later number is the earlier one or the next, modulo 32.
  CHECK(has(all, "q[1].present = 1 -> q[1].seq - q[0].seq in 0..1 (mod 32)"));
  // Kinds by order: no RST ahead of an ACK.
  CHECK(has(all, "q[1].kind = 2 and q[1].present = 1 -> q[0].kind != 3"));
  // A RST is never in flight to a connected receiver.
  CHECK(has(all, "q[0].kind = 3 and q[0].present = 1 -> r.state != 1"));
  // A SYN's number against the receiver's, under the kind alone (not a constant).
  CHECK(has(all, "q[0].kind = 1 and q[0].present = 1 -> q[0].seq - r.next in 0..1 (mod 32)"));
  // Kind 0 is what an empty position shows: never a guard.
  for (const auto& t : all) CHECK(t.find("kind = 0 ") == std::string::npos);
  // No ordered channel: nothing.
  CHECK(smt::propose_channel_order_candidates(kVars, kSamples, {}, 1000, kNoLimit).empty());
  // Capped: the first ones, in the same order.
  auto capped =
      smt::propose_channel_order_candidates(kVars, kSamples, {{"q", "r", "p"}}, 2, kNoLimit);
  REQUIRE(capped.size() == 2);
  CHECK(texts(capped, kVars) == std::vector<std::string>(all.begin(), all.begin() + 2));
}

TEST_CASE("order facts need two samples in their scope and a narrow range") {
  // One sample with both positions present: nothing along the channel from it.
  std::vector<std::vector<std::int64_t>> one = {{1, 1, 4, 0, 0, 0, 0, 4},
                                                {1, 1, 5, 1, 2, 13, 0, 5}};
  auto all = texts(
      smt::propose_channel_order_candidates(kVars, one, {{"q", "r", "p"}}, 1000, kNoLimit), kVars);
  for (const auto& t : all) CHECK(t.rfind("q[1].", 0) != 0);
  // Differences spread over half the space say nothing.
  std::vector<std::vector<std::int64_t>> wide = {{1, 1, 0, 1, 2, 0, 0, 0},
                                                 {1, 1, 0, 1, 2, 12, 0, 0}};
  all = texts(smt::propose_channel_order_candidates(kVars, wide, {{"q", "r", "p"}}, 1000, kNoLimit),
              kVars);
  CHECK_FALSE(has(all, "q[1].present = 1 -> q[1].seq - q[0].seq in 0..12 (mod 32)"));
  CHECK(smt::propose_channel_order_candidates(kVars, kSamples, {{"q", "r", "p"}}, 1000,
                                              expired_deadline())
            .empty());
}

TEST_CASE("mining proposes the receiver's states a message never meets under the sender's") {
  // An ACK (kind 2) in flight from p to r: while p is connected (1) r is waiting (0) or
  // connected (1); once p was reset (0), r is never connected with p's ACK in flight.
  const std::vector<smt::SmtVar> vars = {{"q[0].present", 0, 1},
                                         {"q[0].kind", 0, 3},
                                         {"q[0].seq", 0, 31},
                                         {"p.state", 0, 2},
                                         {"r.state", 0, 2}};
  const std::vector<std::vector<std::int64_t>> samples = {
      {1, 2, 5, 1, 0}, {1, 2, 6, 1, 1}, {1, 2, 7, 0, 0}, {1, 2, 8, 0, 0}, {0, 0, 0, 0, 0}};
  auto cs = smt::propose_channel_order_candidates(vars, samples, {{"q", "r", "p"}}, 1000, kNoLimit);
  for (const auto& c : cs)
    for (const auto& s : samples) CHECK(c.holds(s));
  auto all = texts(cs, vars);
  CHECK(has(all, "q[0].kind = 2 and p.state = 0 -> r.state != 1"));
  // Under the kind alone r is seen in both states: nothing to exclude there.
  CHECK_FALSE(has(all, "q[0].kind = 2 and q[0].present = 1 -> r.state != 1"));
  // One sample (r connected) is no scope.
  CHECK_FALSE(has(all, "q[0].kind = 2 and r.state = 1 -> p.state != 0"));
}
