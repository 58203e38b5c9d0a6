// `--engine prove` (checker/smt/portfolio.hpp) on stop-and-wait ARQ, built here from its
// two machines alone (no bundled scenario), so that this binary builds in minutes under
// ThreadSanitizer (scripts/sanitize.sh thread): k-induction in the calling thread and Spacer
// on its own, each in its own Z3 context, the loser interrupted and joined.
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "checker/smt/smt_check_within.hpp"
#include "checker/system.hpp"
#include "machines/arq/arq.hpp"

namespace {

using synack::checker::PropertyKind;
using synack::checker::PropertySpec;
using synack::checker::Result;
using synack::checker::Verdict;
namespace smt = synack::checker::smt;
namespace arq = synack::machines::arq;

// arq/stop-and-wait's composition (properties/arq.cpp) with `messages` payloads: lossy
// ordered channels of capacity 2, and the receiver's history as a monitor.
std::unique_ptr<synack::checker::System> stop_and_wait(int messages, bool seq_bit) {
  arq::Params p{messages, seq_bit};
  auto sys = std::make_unique<synack::checker::System>();
  std::size_t sender = sys->add_actor("sender", arq::make_sender(p), {"send", "timeout"});
  std::size_t receiver = sys->add_actor("receiver", arq::make_receiver(p), {});
  synack::checker::ChannelPolicy policy;
  policy.capacity = 2;
  policy.ordered = true;
  policy.max_duplicates = 0;
  sys->add_channel("s2r", sender, receiver, policy);
  sys->add_channel("r2s", receiver, sender, policy);
  std::string handed_over =
      "step.kind == deliver && step.actor == receiver && step.message.ack == 0";
  if (seq_bit) handed_over += " && receiver.expected' != receiver.expected";
  sys->add_monitor({"receiver_history",
                    {{"delivered", messages}, {"misdelivered"}},
                    {{handed_over + " && step.message.payload == receiver_history.delivered",
                      {{"delivered", "receiver_history.delivered + 1"}}},
                     {handed_over + " && step.message.payload != receiver_history.delivered",
                      {{"misdelivered", "1"}}}}});
  sys->finalize();
  return sys;
}

const PropertySpec kInOrder{"in-order-exactly-once", PropertyKind::kAlways,
                            "receiver_history.misdelivered == 0", "", Verdict::kHolds};

Result run(const synack::checker::System& sys, smt::Engine engine, smt::LemmaSource lemmas,
           std::size_t depth = 4) {
  smt::SmtLimits limits;
  limits.max_depth = depth;
  return smt::check_with_smt(sys, {kInOrder}, engine, limits, lemmas).at(0);
}

}  // namespace

// Both engines prove it with the mined lemmas (kind at k = 0); whichever answers first,
// the verdict is holds with a proof that passed its re-check, and the lemmas are listed.
TEST_CASE("prove: both engines race on one mining and the first proof is taken", "[smt-proof]") {
  auto sys = stop_and_wait(1, true);
  Result r = run(*sys, smt::Engine::kProve, smt::LemmaSource::kMine);
  INFO(r.engine << ": " << r.limit);
  REQUIRE(r.verdict == Verdict::kHolds);
  CHECK((r.engine == "prove (kind)" || r.engine == "prove (spacer)"));
  CHECK(r.lemma_count > 0);
  CHECK_FALSE(r.invariant.empty());
  CHECK(run(*sys, smt::Engine::kKind, smt::LemmaSource::kMine).verdict == Verdict::kHolds);
}

// Without the sequence bit a duplicate frame is handed over twice: both engines find it,
// and the trace is bmc's shortest, replayed through the machines.
TEST_CASE("prove: a violation is the shortest counterexample, as bmc's", "[smt-proof]") {
  auto sys = stop_and_wait(2, false);
  Result bmc = run(*sys, smt::Engine::kBmc, smt::LemmaSource::kNone, 12);
  REQUIRE(bmc.verdict == Verdict::kViolated);
  Result r = run(*sys, smt::Engine::kProve, smt::LemmaSource::kNone, 12);
  INFO(r.engine << ": " << r.limit);
  REQUIRE(r.verdict == Verdict::kViolated);
  REQUIRE(r.trace.has_value());
  CHECK(r.trace->steps.size() == bmc.trace->steps.size());
  CHECK(r.depth == bmc.depth);
}

// Ctrl-C in the middle of the race: both engines stop, the Spacer thread is joined, and
// the property says why as every engine does. Without lemmas neither engine answers
// stop-and-wait with three messages within seconds (kind is not k-inductive up to k = 12;
// Spacer needs 21 to 57 s), so the flag is set while they run, whatever the machine's load.
TEST_CASE("prove: an interrupt stops both engines", "[smt-proof]") {
  auto sys = stop_and_wait(3, true);
  std::atomic<bool> interrupted{false};
  const smt::Deadline budget(0, &interrupted);
  std::thread signal([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    interrupted.store(true);
  });
  smt::SmtLimits limits;
  limits.max_depth = 1000;
  Result r = smt::check_with_smt(*sys, {kInOrder}, smt::Engine::kProve, limits,
                                 smt::LemmaSource::kNone, budget)
                 .at(0);
  signal.join();
  INFO(r.engine << ": " << r.limit);
  CHECK(r.verdict == Verdict::kInconclusive);
  CHECK(r.limit == "interrupted");
  CHECK(r.engine == "prove");
}

// The whole run's budget, expired while both run: the property names both engines' reasons
// (k-induction's says where Z3 stopped, "z3 gave up on the base case at k = 7: timeout").
TEST_CASE("prove: the budget ends both engines and the result names both reasons", "[smt-proof]") {
  auto sys = stop_and_wait(3, true);
  smt::SmtLimits limits;
  limits.max_depth = 1000;
  limits.timeout_ms = 3000;
  Result r = smt::check_with_smt(*sys, {kInOrder}, smt::Engine::kProve, limits).at(0);
  INFO(r.engine << ": " << r.limit);
  CHECK(r.verdict == Verdict::kInconclusive);
  CHECK(r.engine == "prove");
  CHECK_THAT(r.limit, Catch::StartsWith("kind: ") && Catch::Contains("timeout; spacer: timeout"));
}

// Spacer's thread answers where k-induction gives up: without lemmas kind is not
// 1-inductive (an answer that is not definitive, so Spacer goes on), and Spacer's proof,
// made in its own context, is taken. Two properties in one run: the second is raced
// again on the run's context after the first race.
TEST_CASE("prove: Spacer's proof is taken where k-induction gives up, property after property",
          "[smt-proof]") {
  auto sys = stop_and_wait(1, true);
  const PropertySpec again{"in-order-exactly-once-again", PropertyKind::kAlways,
                           "receiver_history.misdelivered == 0", "", Verdict::kHolds};
  smt::SmtLimits limits;
  limits.max_depth = 1;
  Result kind = run(*sys, smt::Engine::kKind, smt::LemmaSource::kNone, 1);
  INFO(kind.limit);
  REQUIRE(kind.verdict == Verdict::kInconclusive);
  auto results = smt::check_with_smt(*sys, {kInOrder, again}, smt::Engine::kProve, limits,
                                     smt::LemmaSource::kNone);
  REQUIRE(results.size() == 2);
  for (const Result& r : results) {
    INFO(r.property << ": " << r.engine << ": " << r.limit);
    CHECK(r.verdict == Verdict::kHolds);
    CHECK(r.engine == "prove (spacer)");
    CHECK_FALSE(r.invariant.empty());
    CHECK(r.lemma_candidates == 0);
  }
}
