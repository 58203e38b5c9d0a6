// Invariant mining's candidates from hand-made samples: what is proposed, and what is not.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/smt/invariant_mining.hpp"

namespace {

namespace smt = synack::checker::smt;

std::vector<std::string> texts(const std::vector<smt::Candidate>& cs,
                               const std::vector<smt::SmtVar>& vars) {
  std::vector<std::string> out;
  for (const auto& c : cs)
    out.push_back(c.text(vars, [](std::size_t, std::int64_t v) { return std::to_string(v); }));
  return out;
}

bool has(const std::vector<std::string>& all, const std::string& s) {
  return std::find(all.begin(), all.end(), s) != all.end();
}

}  // namespace

TEST_CASE("mining proposes ranges, order, modular differences and guarded facts") {
  // p.state in 0..3; a flight and a window; two sequence numbers of a space of 16.
  std::vector<smt::SmtVar> vars = {
      {"p.state", 0, 3}, {"flight", 0, 9}, {"window", 0, 9}, {"p.una", 0, 15}, {"p.nxt", 0, 15}};
  std::vector<std::vector<std::int64_t>> samples = {
      {0, 0, 1, 0, 0}, {1, 1, 2, 15, 0}, {1, 2, 4, 7, 8}, {2, 4, 4, 14, 15}};
  auto cs = smt::propose_candidates(vars, samples, 1000);
  for (const auto& c : cs)
    for (const auto& s : samples) CHECK(c.holds(s));  // only what every sample shows
  auto all = texts(cs, vars);
  CHECK(has(all, "p.state in 0..2"));
  CHECK(has(all, "p.state = 1 -> p.una - p.nxt = -1 (mod 16)"));
  CHECK(has(all, "flight <= window"));
  CHECK(has(all, "p.una - p.nxt in -1..0 (mod 16)"));
  CHECK(has(all, "p.state = 0 -> flight = 0"));
  // The guard's own range under itself says nothing.
  CHECK_FALSE(has(all, "p.state = 1 -> p.state = 1"));
  // The cap keeps the unguarded facts first.
  auto few = smt::propose_candidates(vars, samples, 3);
  REQUIRE(few.size() == 3);
  for (const auto& c : few) CHECK_FALSE(c.guarded);
}

TEST_CASE("mining proposes nothing from no samples") {
  std::vector<smt::SmtVar> vars = {{"x", 0, 3}};
  CHECK(smt::propose_candidates(vars, {}, 100).empty());
}
