// The Z3 engines end within their budget: building the encoding checks the run's deadline
// between paths and groups, and the watchdog interrupts a Z3 call still running when the
// run is interrupted. No clock: a deadline that expires after a number of checks stands for
// a budget that runs out in the middle of some work, and an interrupt flag set beforehand
// for a signal.
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "checker/smt/bmc_first.hpp"
#include "checker/smt/deadline.hpp"
#include "checker/smt/smt_check_within.hpp"
#include "checker/smt/system_encoding.hpp"
#include "checker/smt/z3_watchdog.hpp"
#include "checker/system.hpp"
#include "cli_run.hpp"
#include "helpers.hpp"

using namespace synack::checker;

namespace {

std::vector<PropertySpec> properties_of(const std::string& scenario) {
  auto all = synack::properties::bundled_scenarios();
  return synack::properties::find_scenario(all, scenario).properties;
}

// Every property stopped for `why`, but those the engine refuses whatever the budget.
void check_all_stopped(const std::vector<Result>& results, smt::Engine engine,
                       const std::string& why) {
  for (const Result& r : results) {
    INFO(smt::engine_name(engine) << " " << r.property << ": " << r.limit);
    if (engine != smt::Engine::kBmc && r.kind != PropertyKind::kAlways && !is_liveness(r.kind)) {
      CHECK(r.verdict == Verdict::kUnsupported);
      continue;
    }
    CHECK(r.verdict == Verdict::kInconclusive);
    CHECK(r.limit == why);
    CHECK_FALSE(r.trace.has_value());
  }
}

// 13 pigeons in 12 holes: unsatisfiable, and far beyond what Z3 decides in a test's time.
void add_pigeonhole(z3::solver& solver) {
  z3::context& ctx = solver.ctx();
  constexpr int kPigeons = 13, kHoles = 12;
  std::vector<std::vector<z3::expr>> in;
  for (int p = 0; p < kPigeons; ++p) {
    in.emplace_back();
    z3::expr_vector somewhere(ctx);
    for (int h = 0; h < kHoles; ++h) {
      // fmt, not "p" + std::to_string(p): GCC 12 warns falsely (-Wrestrict) on the latter.
      in[p].push_back(ctx.bool_const(fmt::format("p{}h{}", p, h).c_str()));
      somewhere.push_back(in[p].back());
    }
    solver.add(z3::mk_or(somewhere));
  }
  for (int h = 0; h < kHoles; ++h)
    for (int p = 0; p < kPigeons; ++p)
      for (int q = p + 1; q < kPigeons; ++q) solver.add(!in[p][h] || !in[q][h]);
}

}  // namespace

TEST_CASE("a deadline expires at its check or at once on an interrupt", "[smt-budget]") {
  smt::Deadline counted = smt::Deadline::after_checks(3);
  CHECK_FALSE(counted.expired());
  CHECK_FALSE(counted.expired());
  CHECK(counted.expired());
  CHECK(std::string(counted.why()) == "timeout");
  CHECK_FALSE(counted.watchable());
  std::atomic<bool> flag{false};
  smt::Deadline signalled(0, &flag);
  CHECK(signalled.watchable());
  CHECK_FALSE(signalled.expired());
  flag = true;
  CHECK(signalled.expired());
  CHECK(std::string(signalled.why()) == "interrupted");
  CHECK(signalled.reason("canceled") == "interrupted");
  CHECK(signalled.reason("incomplete quantifiers") == "incomplete quantifiers");
  CHECK_FALSE(smt::Deadline(0).watchable());
}

// The short bmc before mining runs within a share of the run's budget: the share ends on its
// own clock, or with the whole budget (its clock, its checks or an interrupt), never later.
TEST_CASE("a share of a deadline ends on its own clock or with the whole", "[smt-budget]") {
  std::atomic<bool> flag{false};
  smt::Deadline whole(0, &flag);
  smt::Deadline share = whole.share(60'000);
  CHECK_FALSE(share.expired());
  CHECK(share.remaining_ms() > 59'000);
  CHECK(share.remaining_ms() <= 60'000);
  flag = true;
  CHECK(share.expired());
  CHECK(std::string(share.why()) == "interrupted");
  smt::Deadline counted = smt::Deadline::after_checks(2);
  smt::Deadline counted_share = counted.share(60'000);
  CHECK_FALSE(counted_share.expired());  // the whole's first check
  CHECK(counted_share.expired());        // its second: the whole has expired
  smt::Deadline short_of_long(60'000);
  CHECK(short_of_long.share(1).remaining_ms() <= 1);
  smt::Deadline long_of_short(5);
  CHECK(long_of_short.share(60'000).remaining_ms() <= 5);
  // A share of 0 ms is no unlimited share: it has 1 ms.
  CHECK(smt::Deadline(0).share(0).remaining_ms() == 1);
}

// The short bmc before mining looks no deeper than `--depth` (limits.max_depth) nor than its
// own 6 steps: the two-way handshake's stale SYN is 4 steps deep, so a depth of 3 (or a
// search of 3 steps) finds nothing and leaves the question to the engine, and 4 finds the
// path. It reports a path only: none that short is no verdict.
TEST_CASE("the bmc before mining stops at the smaller of its depth and the run's", "[smt-budget]") {
  auto model = synack::testing::build(
      "tcp/two-way-handshake", {"channel.capacity=1", "channel.ordered=true",
                                "channel.duplicates=0", "tcp.max_retries=1", "tcp.incarnations=2"});
  PropertySpec spec;
  for (const PropertySpec& p : properties_of("tcp/two-way-handshake"))
    if (p.name == "no-stale-connection") spec = p;
  REQUIRE(spec.name == "no-stale-connection");
  z3::context ctx;
  smt::SystemEncoding enc(ctx, dynamic_cast<const System&>(*model), spec);
  const smt::Deadline none(0);
  auto at_depth = [&](std::size_t depth, std::size_t search_depth) {
    smt::SmtLimits limits;
    limits.max_depth = depth;
    smt::ShallowSearch search;
    search.depth = search_depth;
    return smt::shallow_violation(enc, limits, none, search);
  };
  CHECK_FALSE(at_depth(3, 6).has_value());
  CHECK_FALSE(at_depth(20, 3).has_value());
  CHECK_FALSE(at_depth(0, 6).has_value());
  auto found = at_depth(4, 6);
  REQUIRE(found.has_value());
  CHECK(found->kind == smt::SmtOutcome::kReached);
  CHECK(found->depth == 4);
  REQUIRE(found->trace.has_value());
  CHECK(found->trace->states.size() == 5);
}

// tcp/tfo-invalid-cookie's exploration runs its groups' code once per path: a budget that
// runs out after 50 checks stops it among the first paths, long before all of them.
TEST_CASE("a budget spent while the encoding is built stops the encoding there", "[smt-budget]") {
  auto model = synack::testing::build("tcp/tfo-invalid-cookie");
  const auto& sys = dynamic_cast<const synack::checker::System&>(*model);
  z3::context whole_ctx;
  smt::SystemEncoding whole(whole_ctx, sys);
  CHECK(whole.paths() == 1006);
  z3::context ctx;
  smt::Deadline spent = smt::Deadline::after_checks(50);
  CHECK_THROWS_WITH(smt::SystemEncoding(ctx, sys, false, &spent),
                    "timeout while exploring the transition groups' paths");
}

TEST_CASE("every Z3 engine stops with the encoding when its budget is spent there",
          "[smt-budget]") {
  auto model = synack::testing::build("tcp/tfo-invalid-cookie");
  const std::vector<PropertySpec> properties = properties_of("tcp/tfo-invalid-cookie");
  for (smt::Engine engine : {smt::Engine::kBmc, smt::Engine::kKind, smt::Engine::kSpacer})
    for (smt::LemmaSource lemmas : {smt::LemmaSource::kNone, smt::LemmaSource::kMine}) {
      if (engine == smt::Engine::kBmc && lemmas == smt::LemmaSource::kMine) continue;
      smt::Deadline spent = smt::Deadline::after_checks(50);
      auto results = smt::check_with_smt(*model, properties, engine, {}, lemmas, spent);
      REQUIRE(results.size() == properties.size());
      check_all_stopped(results, engine, "timeout");
    }
}

// SIGINT or SIGTERM before or during a run: every property, safety or liveness, is
// `inconclusive (interrupted)`, as with the explicit engine.
TEST_CASE("an interrupted Z3 run leaves every property inconclusive (interrupted)",
          "[smt-budget]") {
  std::atomic<bool> interrupted{true};
  for (const char* scenario : {"tcp/tfo-invalid-cookie", "tcp/zero-window"}) {
    auto model = synack::testing::build(scenario);
    const std::vector<PropertySpec> properties = properties_of(scenario);
    for (smt::Engine engine : {smt::Engine::kBmc, smt::Engine::kKind, smt::Engine::kSpacer}) {
      smt::Deadline signalled(0, &interrupted);
      auto results =
          smt::check_with_smt(*model, properties, engine, {}, smt::LemmaSource::kNone, signalled);
      REQUIRE(results.size() == properties.size());
      check_all_stopped(results, engine, "interrupted");
    }
  }
}

// Z3 4.8 forgets an interrupt when a solver call begins, so the watchdog repeats it while
// the run is interrupted: this call starts after the flag is set, and still ends.
TEST_CASE("the watchdog interrupts a solver call running when the run is interrupted",
          "[smt-budget]") {
  z3::context ctx;
  z3::solver solver(ctx);
  add_pigeonhole(solver);
  std::atomic<bool> interrupted{false};
  smt::Deadline deadline(0, &interrupted);
  smt::Z3Watchdog watchdog(deadline, {&ctx});
  std::thread signal([&] { interrupted = true; });
  z3::check_result answer = solver.check();
  signal.join();
  CHECK(answer == z3::unknown);
  CHECK(deadline.reason(solver.reason_unknown()) == "interrupted");
}

namespace {

// Whether simplifying `e` throws Z3's "canceled": an interrupt is pending in its context.
bool simplify_canceled(const z3::expr& e) {
  try {
    (void)e.simplify();
    return false;
  } catch (const z3::exception& ex) {
    CHECK(std::string(ex.msg()) == "canceled");
    return true;
  }
}

// Until simplifying `e` is canceled, or ten seconds (a watchdog that never interrupts).
bool canceled_soon(const z3::expr& e) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!simplify_canceled(e))
    if (std::chrono::steady_clock::now() > until) return false;
  return true;
}

}  // namespace

// A watchdog whose deadline ends while the run goes on in its context (--engine prove's
// k-induction, stopped by Spacer's answer, on the run's context): Z3 4.8 keeps an interrupt
// sent between solver calls, and every simplification there throws "canceled" until the
// next solver call begins. The next property's encoding simplifies first, so it failed
// (an InternalError, exit 4). The watchdog takes back what it sent when it ends.
TEST_CASE("an interrupt the watchdog sent does not outlive it", "[smt-budget]") {
  z3::context ctx;
  z3::expr x = ctx.int_const("x");
  z3::expr e = x + 1 > ctx.int_val(2) + ctx.int_val(3);
  std::atomic<bool> stop{true};
  {
    smt::Deadline stopped(0, &stop);
    smt::Z3Watchdog watchdog(stopped, {&ctx});
    // Until the watchdog's first poll has interrupted the context (no solver call runs).
    REQUIRE(canceled_soon(e));
  }
  CHECK_FALSE(simplify_canceled(e));
  CHECK(e.simplify().to_string() == "(not (<= x 4))");
}

// A Spacer fixedpoint's destructor simplifies terms; interrupted there, Z3 throws out of a
// destructor and the process aborts ("terminate called after throwing an instance of
// 'rewriter_exception'"): `--engine spacer` stopped at its deadline sometimes ended so,
// since the watchdog interrupts at every poll once the deadline has passed. A quiet spell,
// made under a share of the watched budget as the engines are, takes back the interrupt
// and holds the next ones; only for the context it names.
TEST_CASE("a quiet spell takes back the watchdog's interrupt and holds the next ones",
          "[smt-budget]") {
  z3::context ctx, other;
  z3::expr e = ctx.int_const("x") + 1 > ctx.int_val(2) + ctx.int_val(3);
  std::atomic<bool> stop{true};
  smt::Deadline stopped(0, &stop);
  const smt::Deadline share = stopped.or_when(nullptr);
  {
    smt::Z3Watchdog watchdog(stopped, {&ctx});
    CHECK(stopped.watchdog() == &watchdog);
    CHECK(smt::Deadline(stopped).watchdog() == nullptr);  // a copy is watched by none
    REQUIRE(canceled_soon(e));
    {
      smt::Z3Quiet quiet(share, ctx);
      CHECK_FALSE(simplify_canceled(e));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));  // ten of its polls
      CHECK_FALSE(simplify_canceled(e));
    }
    CHECK(canceled_soon(e));  // the spell over, the watchdog interrupts again
    {
      smt::Z3Quiet elsewhere(share, other);  // a context the watchdog does not watch
      CHECK(canceled_soon(e));
    }
  }
  CHECK(stopped.watchdog() == nullptr);
}

// On the command line: SIGINT one second into a k-induction run of many minutes. Z3 used to
// take the signal for itself during a solver call (and the run went on); `timeout -k` ends
// a run that does not stop with a kill, which fails the test.
TEST_CASE("SIGINT stops a Z3 run: every property inconclusive (interrupted) and exit 3",
          "[smt-budget]") {
  auto out = std::filesystem::temp_directory_path() /
             ("synack_z3_interrupted_" + std::to_string(getpid()) + ".out");
  std::string cmd = "timeout -k 60 -s INT --preserve-status 1 " + std::string(SYNACK_BINARY) +
                    " check tcp/time-wait --engine kind --quiet >" + out.string() + " 2>&1";
  int status = std::system(cmd.c_str());
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 3);
  std::string text = synack::testing::slurp(out);
  CHECK_THAT(text,
             Catch::Contains("no-reset-on-normal-close   always  inconclusive (interrupted)"));
  std::filesystem::remove(out);
}
