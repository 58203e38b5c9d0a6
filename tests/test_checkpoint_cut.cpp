// Checkpoints that a resume must not trust: one written after a limit cut a parent's
// successors short (the resume skipped the rest and said holds on a violation), and one
// written by another model under the same question (a machine edited and built again, a
// learned model edited); and what killed runs leave beside a checkpoint.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "checker/checkpoint.hpp"
#include "checker/errors.hpp"
#include "checker/explicit_bfs.hpp"
#include "same_result.hpp"
#include "temp_dir.hpp"
#include "two_counter_model.hpp"

using namespace synack::checker;
using Catch::Matchers::Contains;
using synack::testing::TempDir;

namespace {

// x and y count up to 6; `jump` makes the first step from the start go to y = 5 (a row
// edited between the run that wrote a checkpoint and the one resuming it).
class CutGrid final : public synack::testing::TwoCounterModel {
 public:
  explicit CutGrid(bool jump = false)
      : TwoCounterModel("grid", 6, 6, {"right", "up"}), jump_(jump) {}
  bool apply(std::size_t g, const Value* from, Value* to) const override {
    to[0] = from[0] + (g == 0);
    to[1] = from[1] + (g == 1);
    if (jump_ && g == 0 && from[0] == 0 && from[1] == 0) to[1] = 5;
    return to[0] <= 6 && to[1] <= 6;
  }

 private:
  bool jump_;
};

Limits checkpointing(const CheckpointOptions& c, std::uint64_t max_states, unsigned threads) {
  Limits limits;
  limits.checkpoint = &c;
  limits.round_states = 1;  // a checkpoint after every parent
  limits.max_states = max_states;
  limits.threads = threads;
  return limits;
}

}  // namespace

TEST_CASE("a limit met among a parent's successors leaves that parent for the resume") {
  // Every state is reached "up" from the one to its left and "right" from the one below:
  // the second successor of a parent cut off is a state only that parent reaches at that
  // depth, so a resume that skipped it found other transitions and a longer trace.
  CutGrid model;
  const std::vector<PropertySpec> specs = {
      {"corner", PropertyKind::kAlways, "!(x == 3 && y == 3)", "", Verdict::kViolated},
      {"bounded", PropertyKind::kAlways, "x + y <= 12", "", Verdict::kHolds}};
  const auto whole = check_explicit(model, specs, Limits{});
  REQUIRE(whole[0].verdict == Verdict::kViolated);
  REQUIRE(whole[1].verdict == Verdict::kHolds);
  REQUIRE(whole[1].states == 49);
  REQUIRE(whole[1].transitions == 84);
  // Each limit from 2 to 48 states stops some parent after its first successor.
  int resumed_runs = 0;
  for (std::uint64_t max_states = 2; max_states < 49; ++max_states)
    for (unsigned threads : {1u, 2u}) {
      INFO("--max-states " << max_states << ", " << threads << " threads");
      TempDir dir("cut");
      CheckpointOptions write{dir.path, 0, false, "grid"};
      const auto stopped = check_explicit(model, specs, checkpointing(write, max_states, threads));
      CHECK(stopped[1].verdict == Verdict::kInconclusive);
      CHECK(stopped[1].limit == "max-states");
      // A limit met within the first parent leaves no round behind it to save.
      if (!std::filesystem::exists(dir.path / "checkpoint.synack")) continue;
      ++resumed_runs;
      CheckpointOptions resume{dir.path, 0, true, "grid"};
      const auto resumed = check_explicit(model, specs, checkpointing(resume, 1000, threads));
      for (std::size_t k = 0; k < specs.size(); ++k)
        synack::testing::require_same(whole[k], resumed[k]);
    }
  CHECK(resumed_runs >= 90);
}

TEST_CASE("a checkpoint written by another model of the same question is refused") {
  const std::vector<PropertySpec> specs = {
      {"bounded", PropertyKind::kAlways, "x + y <= 12", "", Verdict::kHolds}};
  TempDir dir("edited");
  CheckpointOptions write{dir.path, 0, false, "grid"};
  REQUIRE(check_explicit(CutGrid(), specs, checkpointing(write, 20, 1))[0].limit == "max-states");
  // The edited step leads from the start to (1, 5), which the first model had not reached
  // by then: the checkpoint's states are not this model's.
  CheckpointOptions resume{dir.path, 0, true, "grid"};
  CHECK_THROWS_AS(check_explicit(CutGrid(true), specs, checkpointing(resume, 1000, 1)),
                  synack::InputError);
  CHECK_THROWS_WITH(check_explicit(CutGrid(true), specs, checkpointing(resume, 1000, 1)),
                    (dir.path / "checkpoint.synack").string() +
                        " was written by another model: state 0 is expanded there, and its "
                        "step right leads to a state it does not hold (a machine changed "
                        "since, or a parent an earlier synack saved half-expanded); start "
                        "afresh without --resume");
  // The model that wrote it resumes it.
  CHECK(check_explicit(CutGrid(), specs, checkpointing(resume, 1000, 1))[0].verdict ==
        Verdict::kHolds);
}

// Resumed with the same --max-states, a checkpoint written at a level's end stopped at once
// and reported one level less than the run never stopped (which steps into the next level
// before it checks the limit there).
TEST_CASE("a resume stopped by its limit at once reports the depth of a run never stopped") {
  CutGrid model;
  const std::vector<PropertySpec> specs = {
      {"bounded", PropertyKind::kAlways, "x + y <= 12", "", Verdict::kHolds}};
  int resumed_runs = 0;
  for (std::uint64_t max_states = 2; max_states < 49; ++max_states)
    for (unsigned threads : {1u, 2u}) {
      INFO("--max-states " << max_states << ", " << threads << " threads");
      Limits plain;
      plain.max_states = max_states;
      plain.threads = threads;
      const auto once = check_explicit(model, specs, plain);
      TempDir dir("limit");
      CheckpointOptions write{dir.path, 0, false, "grid"};
      check_explicit(model, specs, checkpointing(write, max_states, threads));
      if (!std::filesystem::exists(dir.path / "checkpoint.synack")) continue;
      ++resumed_runs;
      CheckpointOptions resume{dir.path, 0, true, "grid"};
      const auto resumed = check_explicit(model, specs, checkpointing(resume, max_states, threads));
      CHECK(resumed[0].verdict == once[0].verdict);
      CHECK(resumed[0].limit == once[0].limit);
      CHECK(resumed[0].states == once[0].states);
      CHECK(resumed[0].transitions == once[0].transitions);
      CHECK(resumed[0].depth == once[0].depth);
    }
  CHECK(resumed_runs >= 90);
}

// A run killed while writing leaves checkpoint.synack.tmp-PID, as large as a checkpoint;
// each kill left one more, for good. A process still alive may be writing its own.
TEST_CASE("a checkpoint written removes the temporaries of dead processes beside it") {
  const pid_t dead = ::fork();
  if (dead == 0) ::_exit(0);
  REQUIRE(dead > 0);
  REQUIRE(::waitpid(dead, nullptr, 0) == dead);
  TempDir dir("temporaries");
  const auto left = [&](const std::string& suffix) {
    return dir.path / ("checkpoint.synack.tmp-" + suffix);
  };
  for (const std::string& suffix :
       {std::to_string(dead), std::to_string(::getppid()), std::string("x1")})
    std::ofstream(left(suffix)) << "left\n";
  std::ofstream(dir.path / ("other.tmp-" + std::to_string(dead))) << "not ours\n";
  const std::vector<PropertySpec> specs = {
      {"bounded", PropertyKind::kAlways, "x + y <= 12", "", Verdict::kHolds}};
  CheckpointOptions write{dir.path, 0, false, "grid"};
  REQUIRE(check_explicit(CutGrid(), specs, checkpointing(write, 20, 1))[0].limit == "max-states");
  CHECK(std::filesystem::exists(dir.path / "checkpoint.synack"));
  CHECK_FALSE(std::filesystem::exists(left(std::to_string(dead))));
  CHECK(std::filesystem::exists(left(std::to_string(::getppid()))));  // alive
  CHECK(std::filesystem::exists(left("x1")));                         // no process's
  CHECK(std::filesystem::exists(dir.path / ("other.tmp-" + std::to_string(dead))));
}
