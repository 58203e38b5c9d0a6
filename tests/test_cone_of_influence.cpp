// The reduction every Z3 engine sees first: constants folded, variables outside the
// property's cone of influence dropped. Exactness rests on what is kept, so the kept sets
// are pinned: on a hand-made system, and on the handshake the engines are measured on.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <catch2/catch.hpp>

#include "checker/smt/cone_of_influence.hpp"
#include "checker/smt/system_encoding.hpp"
#include "checker/system.hpp"
#include "helpers.hpp"
#include "mining_helpers.hpp"

namespace smt = synack::checker::smt;

namespace {

std::vector<std::string> kept_names(const smt::SystemEncoding& enc) {
  std::vector<std::string> out;
  for (const auto& v : enc.state_vars()) out.push_back(v.name);
  return out;
}

using synack::testing::has;

}  // namespace

// x: the target reads it, computed from y. y: read by a condition. c: only ever set back
// to its initial value 3 (a constant). w: written from x, read by nothing (dropped).
// u: read only by w's update (dropped with it).
TEST_CASE("cone of influence: constants, the target's cone, write-only variables", "[smt-cone]") {
  z3::context ctx;
  z3::expr x = ctx.int_const("x"), y = ctx.int_const("y"), c = ctx.int_const("c"),
           w = ctx.int_const("w"), u = ctx.int_const("u");
  z3::expr_vector vars(ctx);
  for (const auto& v : {x, y, c, w, u}) vars.push_back(v);
  std::vector<std::optional<std::int64_t>> initial = {0, 0, 3, 0, 0};
  std::vector<std::vector<smt::GuardedUpdate>> groups = {
      {{y > 0 && c == 3, {y + 1, y, ctx.int_val(3), x + u, u}}},
      {{y == 0, {x, y + 1, c, w, u + 1}}, {y == 5, {x, y, c, w + 1, u}}},
  };
  smt::Reduction r = smt::reduce(vars, initial, groups, x == 7);
  CHECK(r.kept == std::vector<bool>{true, true, false, false, false});
  REQUIRE(r.constant[2].has_value());
  CHECK(*r.constant[2] == 3);
  CHECK_FALSE(r.constant[0].has_value());
  CHECK_FALSE(r.constant[3].has_value());
  // c == 3 folds away: the condition reads y alone.
  CHECK(smt::substitute_constants(y > 0 && c == 3, vars, r).to_string() == "(not (<= y 0))");
}

// A comparison folded by w's declared range (SymInt, Paths::rely) left w out of every
// term, yet the relation is right only while w keeps its range: w is kept, so the
// engines check its range, and with it u, which w's update reads.
TEST_CASE("cone of influence: a variable whose range was relied on is kept", "[smt-cone]") {
  z3::context ctx;
  z3::expr x = ctx.int_const("x"), y = ctx.int_const("y"), c = ctx.int_const("c"),
           w = ctx.int_const("w"), u = ctx.int_const("u");
  z3::expr_vector vars(ctx);
  for (const auto& v : {x, y, c, w, u}) vars.push_back(v);
  std::vector<std::optional<std::int64_t>> initial = {0, 0, 3, 0, 0};
  std::vector<std::vector<smt::GuardedUpdate>> groups = {
      {{y > 0 && c == 3, {y + 1, y, ctx.int_val(3), x + u, u}}},
      {{y == 0, {x, y + 1, c, w, u + 1}}, {y == 5, {x, y, c, w + 1, u}}},
  };
  z3::expr_vector relied(ctx);
  relied.push_back(w + 1);
  smt::Reduction r = smt::reduce(vars, initial, groups, x == 7, &relied);
  CHECK(r.kept == std::vector<bool>{true, true, false, true, true});
}

// A variable read by nothing but its own update stays out: the cone grows from the target
// and the conditions, never from a variable alone.
TEST_CASE("cone of influence: a self-feeding counter nobody reads is dropped", "[smt-cone]") {
  z3::context ctx;
  z3::expr x = ctx.int_const("x"), n = ctx.int_const("n");
  z3::expr_vector vars(ctx);
  vars.push_back(x);
  vars.push_back(n);
  std::vector<std::vector<smt::GuardedUpdate>> groups = {{{x < 3, {x + 1, n + 1}}}};
  smt::Reduction r = smt::reduce(vars, {0, 0}, groups, x == 3);
  CHECK(r.kept == std::vector<bool>{true, false});
}

TEST_CASE("cone of influence: the three-way handshake's no-stale-connection question",
          "[smt-cone]") {
  auto checked = synack::testing::check("tcp/three-way-handshake");
  const auto& sys = dynamic_cast<const synack::checker::System&>(*checked.model);
  z3::context ctx;
  const auto& props = checked.properties;
  auto p = std::find_if(props.begin(), props.end(),
                        [](const auto& s) { return s.name == "no-stale-connection"; });
  REQUIRE(p != props.end());
  smt::SystemEncoding enc(ctx, sys, *p);
  std::vector<std::string> kept = kept_names(enc);
  INFO(fmt::format("{}", fmt::join(kept, " ")));
  CHECK(enc.all_variables() == 72);
  CHECK(kept.size() == 41);
  // What the handshake reads: control states, sequence variables, messages' flags and
  // numbers, the retry counts, the duplication budget.
  for (const char* name : {"client.state", "client.iss", "server.irs", "server.rcv_nxt",
                           "client.retries", "c2s[1].seq", "s2c[0].flags", "c2s.dups"})
    CHECK(has(kept, name));
  // Data, the close and Fast Open state, and the segments' incarnation labels (which only
  // monitors read): not read by this question.
  for (const char* name : {"client.tfo_cookie", "server.tw_timer", "c2s[0].tag", "server.conn_tag"})
    CHECK_FALSE(has(kept, name));
  // Every range is kept by every step (the retry counts' increments are guarded): the
  // engines check none, and their queries are what they were before ranges were checked.
  for (const auto& v : enc.state_vars()) {
    INFO(v.name);
    CHECK_FALSE(v.may_leave);
  }
}
