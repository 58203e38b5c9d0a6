// What swarm members found, carried between MPI ranks as words
// (checker/swarm/findings_words.hpp): everything a rank merges arrives as it was sent, a
// failure is thrown again as the same kind, and words that are not findings are refused.
#include <catch2/catch.hpp>

#include <new>

#include "checker/errors.hpp"
#include "checker/swarm/findings_words.hpp"

using namespace synack;
using namespace synack::checker;

namespace {

MemberFindings sample_findings(std::size_t index) {
  MemberFindings f;
  f.report.index = index;
  f.report.seed = 0xfedcba9876543210ull + index;
  f.report.depth_bound = 250;
  f.report.rotates = index % 2 == 1;
  f.report.states = 12345;
  f.report.expansions = 20000;
  f.report.transitions = 99999;
  f.report.max_depth = 249;
  f.report.stopped_by = "max-states";
  f.report.depth_cut = true;
  f.report.seconds = 0.125;
  f.report.first_find_seconds = -1;
  f.report.found_length = {0, 463};
  f.report.shortened_length = {0, 35};
  f.paths = {std::nullopt, std::vector<std::size_t>{3, 1, 4, 1, 5}};
  f.store_bytes = 1 << 20;
  return f;
}

}  // namespace

TEST_CASE("swarm findings cross ranks as they were") {
  std::vector<MemberFindings> sent{sample_findings(0), sample_findings(1), sample_findings(2)};
  sent[1].step_failure = StepFailure{{7, 7}, 2, "counter: variable count = 3 outside 0..2"};
  sent[2].error = std::make_exception_ptr(InputError("a bad expression: ünïcode and more"));
  std::vector<MemberFindings> got(3);
  findings_from_words(findings_to_words(sent, {1, 2}), 2, got);
  CHECK(got[0].report.seed == 0);  // not sent: left as it was
  for (std::size_t m : {1u, 2u}) {
    const MemberReport& a = sent[m].report;
    const MemberReport& b = got[m].report;
    CHECK(b.index == m);
    CHECK(b.seed == a.seed);
    CHECK(b.depth_bound == 250);
    CHECK(b.rotates == a.rotates);
    CHECK(b.states == 12345);
    CHECK(b.expansions == 20000);
    CHECK(b.transitions == 99999);
    CHECK(b.max_depth == 249);
    CHECK(b.stopped_by == "max-states");
    CHECK(b.depth_cut);
    CHECK(b.seconds == 0.125);
    CHECK(b.first_find_seconds == -1);
    CHECK(b.found_length == a.found_length);
    CHECK(b.shortened_length == a.shortened_length);
    CHECK(got[m].paths == sent[m].paths);
    CHECK(got[m].store_bytes == sent[m].store_bytes);
  }
  REQUIRE(got[1].step_failure);
  CHECK(got[1].step_failure->path == std::vector<std::size_t>{7, 7});
  CHECK(got[1].step_failure->group == 2);
  CHECK(got[1].step_failure->what == "counter: variable count = 3 outside 0..2");
  CHECK_FALSE(got[1].error);
  REQUIRE(got[2].error);
  CHECK_THROWS_MATCHES(std::rethrow_exception(got[2].error), InputError,
                       Catch::Message("a bad expression: ünïcode and more"));
}

TEST_CASE("a member's failure is thrown again as the same kind on another rank") {
  std::vector<MemberFindings> sent{sample_findings(0), sample_findings(1), sample_findings(2)};
  sent[0].error = std::make_exception_ptr(InternalError("a trace does not replay"));
  sent[1].error = std::make_exception_ptr(std::bad_alloc());
  sent[2].error = std::make_exception_ptr(std::runtime_error("surprise"));
  std::vector<MemberFindings> got(3);
  findings_from_words(findings_to_words(sent, {0, 1, 2}), 2, got);
  CHECK_THROWS_MATCHES(std::rethrow_exception(got[0].error), InternalError,
                       Catch::Message("a trace does not replay"));
  CHECK_THROWS_AS(std::rethrow_exception(got[1].error), std::bad_alloc);
  // Not a user's mistake: synack's own (exit 4), with what it said.
  CHECK_THROWS_MATCHES(std::rethrow_exception(got[2].error), InternalError,
                       Catch::Message("surprise"));
}

TEST_CASE("words that are not a swarm's findings are refused as an internal error") {
  std::vector<MemberFindings> sent{sample_findings(0)};
  std::vector<std::uint64_t> words = findings_to_words(sent, {0});
  std::vector<MemberFindings> got(1);
  SECTION("cut short") {
    words.pop_back();
    CHECK_THROWS_AS(findings_from_words(words, 2, got), InternalError);
  }
  SECTION("another number of properties") {
    CHECK_THROWS_MATCHES(
        findings_from_words(words, 3, got), InternalError,
        Catch::Message("swarm findings from another rank are for another set of properties"));
  }
  SECTION("a member past the swarm") {
    std::vector<MemberFindings> none(0);
    CHECK_THROWS_MATCHES(
        findings_from_words(words, 2, none), InternalError,
        Catch::Message("swarm findings from another rank name a member past the swarm"));
  }
  SECTION("an absurd length") {
    words[8] = ~std::uint64_t{0};  // the length of the text of why the member ended
    CHECK_THROWS_MATCHES(findings_from_words(words, 2, got), InternalError,
                         Catch::Message("swarm findings from another rank: a text past their end"));
  }
  SECTION("an unknown kind of failure") {
    words.back() = 99;
    CHECK_THROWS_MATCHES(
        findings_from_words(words, 2, got), InternalError,
        Catch::Message("swarm findings from another rank: an unknown kind of failure"));
  }
}
