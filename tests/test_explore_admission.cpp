// Which requests `synack explore` answers (explore/admission.hpp): its own page's, and no
// other page's, even though every page the user has open can reach 127.0.0.1.
#include <catch2/catch.hpp>

#include "explore/admission.hpp"

namespace {

using synack::explore::refusal;
using synack::explore::RequestHeaders;

constexpr int kPort = 8421;

}  // namespace

TEST_CASE("explore admission: the page's own requests are answered", "[explore]") {
  CHECK_FALSE(refusal({"GET", "127.0.0.1:8421", "", ""}, kPort));
  CHECK_FALSE(refusal({"GET", "localhost:8421", "", ""}, kPort));
  CHECK_FALSE(
      refusal({"POST", "127.0.0.1:8421", "http://127.0.0.1:8421", "application/json"}, kPort));
  CHECK_FALSE(refusal(
      {"POST", "localhost:8421", "http://localhost:8421", "Application/JSON; charset=utf-8"},
      kPort));
  // A client that sends no Origin (curl, the tests) is no other page.
  CHECK_FALSE(refusal({"POST", "127.0.0.1:8421", "", "application/json"}, kPort));
}

TEST_CASE("explore admission: another host name is turned away (DNS rebinding)", "[explore]") {
  for (const char* host : {"evil.example:8421", "127.0.0.1:8422", "127.0.0.1", ""}) {
    auto refused = refusal({"GET", host, "", ""}, kPort);
    REQUIRE(refused);
    CHECK(refused->status == 403);
    CHECK(refused->reason == "only for 127.0.0.1:8421 and localhost:8421");
  }
}

TEST_CASE("explore admission: a POST from another page is refused", "[explore]") {
  // What a form or fetch on any other page can send to 127.0.0.1 without a preflight.
  auto from_elsewhere =
      refusal({"POST", "127.0.0.1:8421", "http://evil.example", "text/plain"}, kPort);
  REQUIRE(from_elsewhere);
  CHECK(from_elsewhere->status == 403);
  CHECK(from_elsewhere->reason ==
        "a POST from http://evil.example is refused; only the explorer's own page at "
        "http://127.0.0.1:8421 may make one");
  for (const char* origin : {"null", "http://127.0.0.1:8422", "https://127.0.0.1:8421",
                             "http://127.0.0.1:8421.evil.example"}) {
    auto refused = refusal({"POST", "127.0.0.1:8421", origin, "application/json"}, kPort);
    REQUIRE(refused);
    CHECK(refused->status == 403);
  }
  // Without an Origin, a body that is not JSON is still refused: no simple request passes.
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded", ""}) {
    auto refused = refusal({"POST", "127.0.0.1:8421", "", type}, kPort);
    REQUIRE(refused);
    CHECK(refused->status == 415);
    CHECK(refused->reason == std::string("a POST must be application/json, not '") + type + "'");
  }
}
