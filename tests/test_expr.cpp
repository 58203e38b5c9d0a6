#include <catch2/catch.hpp>

#include "checker/errors.hpp"
#include "checker/expr.hpp"

using namespace synack::checker;
using synack::InputError;

namespace {
Layout sample_layout() {
  Layout layout;
  layout.add({"client.state", 2, {"CLOSED", "SYN-SENT", "ESTABLISHED"}, nullptr});
  layout.add({"client.iss", 15, {}, nullptr});
  layout.add({"server.irs", 15, {}, nullptr});
  return layout;
}
}  // namespace

TEST_CASE("expressions compare slots with named values and numbers") {
  Layout layout = sample_layout();
  auto e = Expr::parse("client.state == SYN_SENT && client.iss + 1 == server.irs", layout);
  Value yes[] = {1, 3, 4};
  Value no[] = {1, 3, 5};
  Value other[] = {2, 3, 4};
  CHECK(e.holds(yes));
  CHECK_FALSE(e.holds(no));
  CHECK_FALSE(e.holds(other));
  CHECK(e.slots_read() == std::vector<std::size_t>{0, 1, 2});
}

TEST_CASE("implication is right-associative and looser than ||") {
  Layout layout = sample_layout();
  auto e = Expr::parse("client.state == ESTABLISHED -> client.iss == 1 || server.irs == 1", layout);
  Value closed[] = {0, 7, 7};
  Value est_ok[] = {2, 7, 1};
  Value est_bad[] = {2, 7, 7};
  CHECK(e.holds(closed));
  CHECK(e.holds(est_ok));
  CHECK_FALSE(e.holds(est_bad));
  auto chain = Expr::parse("false -> false -> false", layout);  // false -> (false -> false)
  CHECK(chain.holds(closed));
}

TEST_CASE("negation, ordering and parentheses") {
  Layout layout = sample_layout();
  Value s[] = {0, 4, 9};
  CHECK(Expr::parse("!(client.iss >= 5) && server.irs > client.iss", layout).holds(s));
  CHECK(Expr::parse("client.iss - server.irs < 0", layout).holds(s));
  CHECK_FALSE(Expr::parse("client.iss <= 3", layout).holds(s));
}

TEST_CASE("bad expressions name what is wrong and what is valid") {
  Layout layout = sample_layout();
  REQUIRE_THROWS_WITH(Expr::parse("client.stat == CLOSED", layout),
                      "property 'client.stat == CLOSED': unknown slot 'client.stat'; slots: "
                      "client.state, client.iss, server.irs");
  REQUIRE_THROWS_WITH(Expr::parse("client.state == OPEN", layout),
                      "property 'client.state == OPEN': 'OPEN' is not a value of client.state; "
                      "its values: CLOSED, SYN-SENT, ESTABLISHED");
  REQUIRE_THROWS_WITH(Expr::parse("client.iss == ", layout),
                      Catch::Contains("expected a slot name, a value, a number or '('"));
  REQUIRE_THROWS_WITH(Expr::parse("client.iss == 1 )", layout),
                      Catch::Contains("expected an operator or the end at column 17"));
  REQUIRE_THROWS_WITH(Expr::parse("client.iss = 1", layout),
                      Catch::Contains("unexpected character '=' at column 12"));
  REQUIRE_THROWS_AS(Expr::parse("(client.iss == 1", layout), InputError);
}

TEST_CASE("arithmetic binds tighter than comparison; max, min, / and % are integer") {
  Layout layout = sample_layout();
  Value s[] = {0, 7, 4};  // client.iss = 7, server.irs = 4
  CHECK(Expr::parse("client.iss / 2 == 3 && client.iss % 4 == 3", layout).holds(s));
  CHECK(Expr::parse("1 + client.iss * 2 == 15", layout).holds(s));
  CHECK(Expr::parse("max(client.iss / 2, 2) == 3 && max(server.irs / 4, 2) == 2", layout).holds(s));
  CHECK(Expr::parse("min(client.iss, server.irs) + 1 == 5", layout).holds(s));
  Value zero[] = {0, 7, 0};
  CHECK(Expr::parse("client.iss / server.irs == 0 && client.iss % server.irs == 0", layout)
            .holds(zero));
  REQUIRE_THROWS_WITH(Expr::parse("client.iss / 0 == 1", layout),
                      Catch::Contains("division by zero at column 14 (near '0')"));
  REQUIRE_THROWS_WITH(Expr::parse("max(client.iss) == 1", layout), Catch::Contains("expected ','"));
}
