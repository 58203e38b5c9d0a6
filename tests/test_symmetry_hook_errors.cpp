// A user's permute hook that throws is the user's mistake, named like any other throw from
// a machine's code: one line, exit 2 (it escaped as synack's own bug, exit 4).
#include <catch2/catch.hpp>

#include "library/pointing_member.hpp"
#include "tool_run.hpp"

namespace {

synack::Scenario pointing_scenario(bool nobody) {
  return synack::ScenarioBuilder("test/pointing", "members that point at themselves")
      .model([nobody](synack::Composition& c) {
        c.actors("m", 2, [=](int i) { return pointing::make_member({2, i, nobody}); }, {"forget"});
      })
      .always("someone-points", "(count x in m: x.state == FORGOT) <= 2", "")
      .symmetric("m")
      .build();
}

}  // namespace

TEST_CASE("symmetry: a permute hook that throws is the user's mistake, exit 2") {
  synack::Catalog catalog{pointing_scenario(true)};
  // Without --symmetry the hook never runs: 4 states.
  auto plain = synack::testing::run_tool(catalog, {"check", "test/pointing"});
  CHECK(plain.code == 0);
  CHECK_THAT(plain.out, Catch::Contains("test/pointing  someone-points  always  holds    4"));
  // The soundness checks ask the hook of every value peer's bound allows: 2 (nobody) throws.
  auto reduced = synack::testing::run_tool(catalog, {"check", "test/pointing", "--symmetry"});
  CHECK(reduced.code == 2);
  CHECK(reduced.out.empty());
  CHECK(reduced.err ==
        "mytool: --symmetry: test/pointing: member: its permute() (renaming members for "
        "--symmetry) threw std::out_of_range \"vector::_M_range_check: __n (which is 2) >= "
        "this->size() (which is 2)\" in state POINTING (peer=2); a permute hook must rename "
        "every value its machine's bounds allow\n");
}

TEST_CASE("symmetry: a permute hook is asked only of renamings of the array's size") {
  // Without nobody, the hook's at() is right for every value: the check once probed it with
  // a renaming of one member, which threw for member 1, and refused a correct machine.
  synack::Catalog catalog{pointing_scenario(false)};
  auto reduced = synack::testing::run_tool(catalog, {"check", "test/pointing", "--symmetry"});
  CHECK(reduced.err.empty());
  CHECK(reduced.code == 0);
  // Both pointing, one forgot (either), both forgot: 3 classes of the 4 states.
  CHECK_THAT(reduced.out, Catch::Contains("test/pointing  someone-points  always  holds    3"));
}
