// explicit_successors on states no run reaches (what Houdini's counterexamples to induction
// are): reachable states with one variable moved within its range. It must not throw, and
// on these models every successor it returns is one by the encoding's own relation, except
// on stop-and-wait: there the frame codec aliases a payload past arq.messages (DATA1 m3 is
// frame number 6, ACK0), so a sender moved to next = 3 puts an ACK0 on the data channel
// where the encoding has payload 3. This is why Houdini confirms each proposed step with Z3
// before it drops anything (checker/smt/houdini.cpp, drop_around).
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/smt/reachable_sample.hpp"
#include "checker/smt/system_encoding.hpp"
#include "checker/smt/unrolling.hpp"
#include "handshake_configs.hpp"
#include "helpers.hpp"

namespace {

namespace smt = synack::checker::smt;

struct Fuzzed {
  std::size_t starts = 0;      // moved states the explicit model could hold
  std::size_t successors = 0;  // successors checked against Z3's relation
  std::size_t wrong = 0;       // successors Z3's relation does not have
  std::string first_wrong;
};

Fuzzed fuzz(const std::string& scenario, const std::string& property,
            const std::vector<std::string>& sets, std::size_t count) {
  auto all = synack::properties::bundled_scenarios();
  const auto* spec = synack::properties::find_scenario(all, scenario).property(property);
  REQUIRE(spec != nullptr);
  auto model = synack::testing::build(scenario, sets);
  z3::context ctx;
  smt::SystemEncoding enc(ctx, dynamic_cast<const synack::checker::System&>(*model), *spec);
  smt::ReachableSample sample = smt::sample_reachable(enc, smt::SampleLimits{}, smt::Deadline(0));
  smt::Unrolling u(enc);
  z3::solver solver(ctx);
  solver.add(u.transition(0));
  z3::expr_vector s0 = u.state(0), s1 = u.state(1);
  const auto& vars = enc.state_vars();
  std::mt19937_64 random(7);
  Fuzzed out;
  for (std::size_t n = 0; n < count; ++n) {
    std::vector<std::int64_t> s = sample.states[random() % sample.states.size()];
    std::size_t v = random() % vars.size();
    std::int64_t span = vars[v].hi - vars[v].lo;
    s[v] = span > 64 ? std::clamp<std::int64_t>(s[v] + static_cast<std::int64_t>(random() % 5) - 2,
                                                vars[v].lo, vars[v].hi)
                     : vars[v].lo + static_cast<std::int64_t>(random() % (span + 1));
    std::vector<std::vector<std::int64_t>> next;
    REQUIRE_NOTHROW(next = enc.explicit_successors(s));
    if (enc.explicit_state(s)) ++out.starts;
    for (const auto& t : next) {
      ++out.successors;
      solver.push();
      for (std::size_t i = 0; i < s.size(); ++i) {
        solver.add(s0[static_cast<int>(i)] == ctx.int_val(s[i]));
        solver.add(s1[static_cast<int>(i)] == ctx.int_val(t[i]));
      }
      if (solver.check() != z3::sat) {
        if (out.wrong++ == 0)
          out.first_wrong =
              "moved " + vars[v].name + "\nfrom " + enc.print(s) + "\nto   " + enc.print(t);
      }
      solver.pop();
    }
  }
  return out;
}

}  // namespace

TEST_CASE("explicit successors of unreachable states are successors by the relation",
          "[cti-fuzz]") {
  struct Case {
    std::string scenario, property;
    std::vector<std::string> sets;
    bool aliases = false;  // the frame codec: some proposals are not successors
  };
  const Case cases[] = {
      {"arq/stop-and-wait", "in-order-exactly-once", {}, true},
      {"arq/stop-and-wait-reordering", "in-order-exactly-once", {}, true},
      {"tcp/three-way-handshake", "no-stale-connection",
       synack::testing::grown_together_32bit_handshake()},
      {"tcp/three-way-handshake", "no-stale-connection", {}},
      {"tcp/congestion", "cwnd-at-least-one", {}},
      {"tls12/handshake", "no-app-data-before-finished", {}},
  };
  for (const Case& c : cases) {
    Fuzzed f = fuzz(c.scenario, c.property, c.sets, 300);
    INFO(c.scenario << " " << c.property << ": " << f.starts << " starts, " << f.successors
                    << " successors, " << f.wrong << " wrong\n"
                    << f.first_wrong);
    CHECK(f.successors > 0);
    if (c.aliases) {
      CHECK(f.wrong > 0);
      CHECK_THAT(f.first_wrong, Catch::StartsWith("moved sender."));
    } else {
      CHECK(f.wrong == 0);
    }
  }
}
