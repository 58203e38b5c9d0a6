// SystemEncoding::same_state, where a liveness run closes its loop: the explicit engine
// stores an unordered channel's messages sorted, so two states whose channel holds the same
// messages in other positions are one state. Up to capacity 3 every order was spelled out;
// from 4 the positions were compared one by one, so bmc missed lassos that came back in
// another order and said "holds up to depth K" past one of K steps.
#include <memory>
#include <string>
#include <vector>

#include <z3++.h>
#include <catch2/catch.hpp>

#include "checker/smt/system_encoding.hpp"
#include "checker/system.hpp"
#include "helpers.hpp"

namespace smt = synack::checker::smt;

namespace {

// The position of `name` in channel s2r ("s2r[2].frame": 2), or -1.
int position_of(const std::string& name) {
  if (name.rfind("s2r[", 0) != 0) return -1;
  return std::stoi(name.substr(4));
}

// The same variable at another position: "s2r[0].frame" at 1 is "s2r[1].frame".
std::string at_position(const std::string& name, int k) {
  return "s2r[" + std::to_string(k) + name.substr(name.find(']'));
}

struct SystemPair {
  z3::context ctx;
  std::unique_ptr<synack::checker::Model> model;
  std::unique_ptr<smt::SystemEncoding> explored, enc;
  z3::expr_vector s{ctx}, t{ctx};
  std::vector<std::string> names;

  explicit SystemPair(int capacity) {
    model = synack::testing::build(
        "arq/stop-and-wait",
        {"channel.ordered=false", "channel.capacity=" + std::to_string(capacity)});
    auto all = synack::properties::bundled_scenarios();
    const auto* spec =
        synack::properties::find_scenario(all, "arq/stop-and-wait").property("completes");
    explored = std::make_unique<smt::SystemEncoding>(
        ctx, dynamic_cast<const synack::checker::System&>(*model), true);
    enc = std::make_unique<smt::SystemEncoding>(*explored, *spec);
    for (const auto& v : enc->state_vars()) {
      names.push_back(v.name);
      s.push_back(ctx.int_const(("s." + v.name).c_str()));
      t.push_back(ctx.int_const(("t." + v.name).c_str()));
    }
  }
  int index(const std::string& name) const {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return static_cast<int>(i);
    return -1;
  }
  // Positions j and k of s differ in some kept variable.
  z3::expr differ(int j, int k) {
    z3::expr_vector any(ctx);
    for (std::size_t i = 0; i < names.size(); ++i)
      if (position_of(names[i]) == j)
        any.push_back(s[static_cast<unsigned>(i)] !=
                      s[static_cast<unsigned>(index(at_position(names[i], k)))]);
    return z3::mk_or(any);
  }
};

}  // namespace

TEST_CASE("same_state: an unordered channel's positions are a multiset at every capacity",
          "[smt-liveness]") {
  for (int capacity : {3, 4, 6}) {
    INFO("capacity " << capacity);
    SystemPair p(capacity);
    int positions = 0;
    for (const std::string& n : p.names) positions += position_of(n) == 0;
    INFO(p.names.size() << " kept variables");
    REQUIRE(positions > 0);
    // t is s with positions 0 and 1 swapped, both holding different messages.
    z3::solver swapped(p.ctx);
    for (std::size_t i = 0; i < p.names.size(); ++i) {
      const int k = position_of(p.names[i]);
      const std::string from = k == 0   ? at_position(p.names[i], 1)
                               : k == 1 ? at_position(p.names[i], 0)
                                        : p.names[i];
      swapped.add(p.t[static_cast<unsigned>(i)] == p.s[static_cast<unsigned>(p.index(from))]);
    }
    swapped.add(p.differ(0, 1));
    swapped.add(p.enc->same_state(p.s, p.t));
    CHECK(swapped.check() == z3::sat);

    // t is s with position 0 changed into a message s holds nowhere: another state.
    z3::solver changed(p.ctx);
    z3::expr_vector other(p.ctx);
    for (std::size_t i = 0; i < p.names.size(); ++i) {
      if (position_of(p.names[i]) == 0) {
        other.push_back(p.t[static_cast<unsigned>(i)] != p.s[static_cast<unsigned>(i)]);
        continue;
      }
      changed.add(p.t[static_cast<unsigned>(i)] == p.s[static_cast<unsigned>(i)]);
    }
    changed.add(z3::mk_or(other));
    for (int j = 1; j < capacity; ++j) {
      z3::expr_vector differs(p.ctx);
      for (std::size_t i = 0; i < p.names.size(); ++i)
        if (position_of(p.names[i]) == 0)
          differs.push_back(p.t[static_cast<unsigned>(i)] !=
                            p.s[static_cast<unsigned>(p.index(at_position(p.names[i], j)))]);
      changed.add(z3::mk_or(differs));
    }
    changed.add(p.enc->same_state(p.s, p.t));
    CHECK(changed.check() == z3::unsat);
  }
}
