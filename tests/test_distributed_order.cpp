// The distributed search's ordering rules, without MPI: positions in the one-process
// search's order, the partition of states and keys across ranks, and which event of a
// round ends the search (checker/distributed/position.hpp, round_outcome.hpp).
#include <catch2/catch.hpp>

#include <vector>

#include "checker/distributed/position.hpp"
#include "checker/distributed/round_outcome.hpp"

using namespace synack::checker::distributed;

TEST_CASE("distributed positions follow the one-process order of parents and successors") {
  // Parent 7's successors come after parent 6's last and before parent 8's first.
  CHECK(position(6, kAfterSuccessors) < successor_position(7, 0));
  CHECK(successor_position(7, 0) < successor_position(7, 1));
  CHECK(successor_position(7, 65535) < position(7, kAfterSuccessors));
  CHECK(position(7, kAfterSuccessors) < position(8, kBeforeSuccessors));
  // A machine that throws on parent 7 does so before any of its successors is taken.
  CHECK(position(7, kBeforeSuccessors) < successor_position(7, 0));
  CHECK(parent_of(successor_position(123456789, 41)) == 123456789);
  CHECK(slot_of(successor_position(123456789, 41)) == 42);
  CHECK(parent_of(position(kMaxIndex, kAfterSuccessors)) == kMaxIndex);
  CHECK(position(kMaxIndex, kAfterSuccessors) < kNowhere);
}

TEST_CASE("distributed transitions up to a position: whole parents before it, part of its own") {
  const Position third_of_5 = successor_position(5, 2);
  CHECK(transitions_up_to(4, 9, third_of_5) == 9);
  CHECK(transitions_up_to(5, 9, third_of_5) == 3);
  CHECK(transitions_up_to(5, 2, third_of_5) == 2);
  CHECK(transitions_up_to(6, 9, third_of_5) == 0);
  CHECK(transitions_up_to(5, 9, position(5, kBeforeSuccessors)) == 0);
  CHECK(transitions_up_to(5, 9, position(5, kAfterSuccessors)) == 9);
  CHECK(transitions_up_to(5, 9, kNowhere) == 9);
}

TEST_CASE("distributed owners spread hashes over every rank, and stay in range") {
  for (std::uint32_t ranks : {1u, 2u, 3u, 4u, 7u, 64u}) {
    std::vector<int> seen(ranks, 0);
    std::uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (int i = 0; i < 4096; ++i) {
      h = h * 6364136223846793005ULL + 1442695040888963407ULL;  // a stand-in for hashes
      std::uint32_t owner = owner_of(h, ranks);
      REQUIRE(owner < ranks);
      ++seen[owner];
    }
    for (std::uint32_t r = 0; r < ranks; ++r) CHECK(seen[r] > 4096 / static_cast<int>(ranks) / 2);
  }
  CHECK(owner_of(0, 4) == 0);
  CHECK(owner_of(~std::uint64_t{0}, 4) == 3);
}

TEST_CASE("distributed slices cut a round's parents into ranks' ranges in order") {
  // Parents 100..109 over 4 ranks: slices of 2 or 3, in parent order, none empty.
  std::vector<std::uint32_t> slices;
  for (std::uint64_t p = 100; p < 110; ++p) slices.push_back(slice_of(p, 100, 110, 4));
  CHECK(slices == std::vector<std::uint32_t>{0, 0, 0, 1, 1, 2, 2, 2, 3, 3});
  // More ranks than parents: some slices hold none, the order still holds.
  CHECK(slice_of(0, 0, 2, 4) == 0);
  CHECK(slice_of(1, 0, 2, 4) == 2);
}

namespace {

// Without --max-errors a property wants its first event, and nothing once decided.
RoundEvents events(std::vector<Position> first, std::vector<bool> undecided) {
  RoundEvents e;
  e.first_event = first;
  e.undecided = undecided;
  e.satisfied = std::move(first);
  e.wanting = std::move(undecided);
  return e;
}

}  // namespace

TEST_CASE("distributed round: nothing decided goes on and a limit of one rank stops after it") {
  RoundEvents e = events({kNowhere, kNowhere}, {true, true});
  RoundOutcome out = settle_round(e);
  CHECK(out.kind == RoundOutcome::Kind::kGoOn);
  e.other_limit = "max-seconds";
  out = settle_round(e);
  CHECK(out.kind == RoundOutcome::Kind::kStop);
  CHECK(out.stop == kNowhere);
  CHECK(out.limit == "max-seconds");
  CHECK(out.decides == std::vector<bool>{false, false});
}

TEST_CASE("distributed round: the search ends after the parent deciding the last property") {
  // Property 0 decided at parent 20, property 1 at parent 35: done after parent 35.
  RoundEvents e =
      events({successor_position(20, 1), successor_position(35, 0), kNowhere}, {true, true, false});
  RoundOutcome out = settle_round(e);
  CHECK(out.kind == RoundOutcome::Kind::kStop);
  CHECK(out.stop == position(35, kAfterSuccessors));
  CHECK(out.limit.empty());
  CHECK(out.decides == std::vector<bool>{true, true, false});
  // One property still open: both decisions stand and the search goes on.
  e.first_event[1] = e.satisfied[1] = kNowhere;
  out = settle_round(e);
  CHECK(out.kind == RoundOutcome::Kind::kGoOn);
  CHECK(out.decides == std::vector<bool>{true, false, false});
}

TEST_CASE("distributed round: --max-states cuts inside a parent, before later decisions") {
  RoundEvents e = events({successor_position(20, 1), successor_position(35, 0)}, {true, true});
  e.cut = successor_position(30, 4);
  RoundOutcome out = settle_round(e);
  CHECK(out.kind == RoundOutcome::Kind::kStop);
  CHECK(out.stop == e.cut);
  CHECK(out.limit == "max-states");
  CHECK(out.decides == std::vector<bool>{true, false});
  // The state that reaches the limit decides the last property: done, not limited.
  e.cut = successor_position(35, 0);
  out = settle_round(e);
  CHECK(out.stop == e.cut);
  CHECK(out.limit.empty());
  CHECK(out.decides == std::vector<bool>{true, true});
  // A cut after the deciding parent's end comes too late to matter.
  e.cut = successor_position(36, 0);
  out = settle_round(e);
  CHECK(out.stop == position(35, kAfterSuccessors));
  CHECK(out.limit.empty());
}

TEST_CASE("distributed round: under --max-errors the search goes on to the last violation wanted") {
  // Property 0 is decided at parent 20 but wants violations up to parent 40; property 1,
  // decided in an earlier round, wants one more, found at parent 30.
  RoundEvents e = events({successor_position(20, 1), kNowhere}, {true, false});
  e.wanting = {true, true};
  e.satisfied = {successor_position(40, 0), successor_position(30, 2)};
  RoundOutcome out = settle_round(e);
  CHECK(out.kind == RoundOutcome::Kind::kStop);
  CHECK(out.stop == position(40, kAfterSuccessors));
  CHECK(out.decides == std::vector<bool>{true, false});
  CHECK(out.limit.empty());
  // --max-states before the last one wanted: the verdict stands, the search is limited.
  e.cut = successor_position(35, 0);
  out = settle_round(e);
  CHECK(out.stop == e.cut);
  CHECK(out.decides == std::vector<bool>{true, false});
  CHECK(out.limit == "max-states");
  // Property 1 short of what it wants in this round: the search goes on.
  e.cut = kNowhere;
  e.satisfied[1] = kNowhere;
  out = settle_round(e);
  CHECK(out.kind == RoundOutcome::Kind::kGoOn);
  CHECK(out.decides == std::vector<bool>{true, false});
}

TEST_CASE("distributed round: a machine error counts only if the search gets to it") {
  RoundEvents e = events({successor_position(20, 1)}, {true});
  e.error = position(25, kBeforeSuccessors);
  RoundOutcome out = settle_round(e);
  CHECK(out.kind == RoundOutcome::Kind::kStop);  // decided at parent 20, done before 25
  e.error = position(20, kBeforeSuccessors);
  e.first_event[0] = e.satisfied[0] = successor_position(21, 0);
  out = settle_round(e);
  CHECK(out.kind == RoundOutcome::Kind::kError);
  CHECK(out.stop == e.error);
  // --max-states reached before the parent that throws: a limit, no error.
  e.cut = successor_position(19, 3);
  out = settle_round(e);
  CHECK(out.kind == RoundOutcome::Kind::kStop);
  CHECK(out.limit == "max-states");
}
