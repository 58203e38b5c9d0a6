// Checkpoints: a search that dies goes on from its last checkpoint to exactly the result
// of a search never stopped, and a checkpoint that is not exactly what this question
// would have written is refused with one line.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "checker/checkpoint.hpp"
#include "checker/errors.hpp"
#include "checker/explicit_bfs.hpp"
#include "same_result.hpp"
#include "two_counter_model.hpp"

using namespace synack::checker;
using Catch::Matchers::Contains;

namespace {

// x and y count up to 30; `crash_at` makes expanding a state with x == crash_at throw,
// as a run that dies there (the checkpoint before it is what survives).
class Counters final : public synack::testing::TwoCounterModel {
 public:
  explicit Counters(Value crash_at = -1)
      : TwoCounterModel("counters", 30, 30, {"x", "y"}), crash_at_(crash_at) {}
  bool apply(std::size_t g, const Value* from, Value* to) const override {
    if (from[0] == crash_at_) throw std::runtime_error("the machine died");
    to[0] = from[0] + (g == 0);
    to[1] = from[1] + (g == 1);
    return to[0] <= 30 && to[1] <= 30;
  }

 private:
  Value crash_at_;
};

std::vector<PropertySpec> properties() {
  return {{"early", PropertyKind::kAlways, "x + y != 4", "", Verdict::kHolds},
          {"never", PropertyKind::kAlways, "x + y <= 60", "", Verdict::kHolds},
          {"late", PropertyKind::kSometimes, "x == 30 && y == 29", "", Verdict::kHolds}};
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("synack_cp_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  static inline int counter = 0;
};

Limits with_checkpoint(const CheckpointOptions& c, unsigned threads = 1) {
  Limits limits;
  limits.checkpoint = &c;
  limits.round_states = 16;
  limits.threads = threads;
  return limits;
}

}  // namespace

TEST_CASE("a search that died resumes to the result of one never stopped") {
  Counters model;
  const auto specs = properties();
  auto uninterrupted = check_explicit(model, specs, Limits{});
  REQUIRE(uninterrupted[0].verdict == Verdict::kViolated);
  REQUIRE(uninterrupted[1].verdict == Verdict::kHolds);
  REQUIRE(uninterrupted[2].verdict == Verdict::kHolds);
  CHECK(uninterrupted[1].states == 961);

  for (Value crash_at : {3, 17, 29}) {
    for (unsigned threads : {1u, 3u}) {
      INFO("dies at x == " << crash_at << ", " << threads << " threads");
      TempDir dir;
      CheckpointOptions write{dir.path, 0, false, "counters"};
      Counters dying(crash_at);
      CHECK_THROWS_WITH(check_explicit(dying, specs, with_checkpoint(write, threads)),
                        "the machine died");
      CheckpointOptions resume{dir.path, 0, true, "counters"};
      auto resumed = check_explicit(model, specs, with_checkpoint(resume, threads));
      for (std::size_t k = 0; k < specs.size(); ++k)
        synack::testing::require_same(uninterrupted[k], resumed[k]);
    }
  }
}

// A checkpoint holds packed states, not the store's form: one written with either store
// resumes with the other, to the result of a search never stopped.
TEST_CASE("a checkpoint written with one store resumes with the other") {
  Counters model;
  const auto specs = properties();
  auto uninterrupted = check_explicit(model, specs, Limits{});
  for (auto [written, resumed_with] :
       {std::pair{StoreKind::kPlain, StoreKind::kTree}, {StoreKind::kTree, StoreKind::kPlain}}) {
    INFO("written with " << store_name(written) << ", resumed with " << store_name(resumed_with));
    TempDir dir;
    CheckpointOptions write{dir.path, 0, false, "counters"};
    Limits dying_limits = with_checkpoint(write);
    dying_limits.store = written;
    Counters dying(17);
    CHECK_THROWS_WITH(check_explicit(dying, specs, dying_limits), "the machine died");
    CheckpointOptions resume{dir.path, 0, true, "counters"};
    Limits resume_limits = with_checkpoint(resume);
    resume_limits.store = resumed_with;
    auto resumed = check_explicit(model, specs, resume_limits);
    for (std::size_t k = 0; k < specs.size(); ++k) {
      synack::testing::require_same(uninterrupted[k], resumed[k]);
      CHECK(resumed[k].store == store_name(resumed_with));
    }
  }
}

TEST_CASE("a checkpoint of another question, or a damaged one, is refused with one line") {
  Counters model;
  auto specs = properties();
  TempDir dir;
  CheckpointOptions write{dir.path, 0, false, "counters"};
  Counters dying(20);
  CHECK_THROWS(check_explicit(dying, specs, with_checkpoint(write)));
  const auto file = dir.path / "checkpoint.synack";
  REQUIRE(std::filesystem::exists(file));
  CheckpointOptions resume{dir.path, 0, true, "counters"};

  SECTION("another property") {
    specs[1].expression = "x + y <= 59";
    CHECK_THROWS_WITH(check_explicit(model, specs, with_checkpoint(resume)),
                      Contains("a checkpoint of another question"));
  }
  SECTION("another identity (scenario, parameters)") {
    CheckpointOptions other{dir.path, 0, true, "counters with other parameters"};
    CHECK_THROWS_WITH(check_explicit(model, specs, with_checkpoint(other)),
                      Contains("a checkpoint of another question"));
  }
  SECTION("truncated") {
    std::filesystem::resize_file(file, std::filesystem::file_size(file) / 2);
    CHECK_THROWS_WITH(check_explicit(model, specs, with_checkpoint(resume)),
                      Contains("is not a usable checkpoint: its checksum does not match"));
  }
  SECTION("one byte changed") {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(200);
    f.put('\x7f');
    f.close();
    CHECK_THROWS_WITH(check_explicit(model, specs, with_checkpoint(resume)),
                      Contains("its checksum does not match"));
  }
  SECTION("not a checkpoint at all") {
    std::ofstream(file, std::ios::trunc) << "[[[[[[[[[[[[[[[[";
    CHECK_THROWS_WITH(check_explicit(model, specs, with_checkpoint(resume)),
                      Contains("is not a usable checkpoint"));
  }
  SECTION("missing") {
    std::filesystem::remove(file);
    CHECK_THROWS_WITH(check_explicit(model, specs, with_checkpoint(resume)),
                      Contains("no checkpoint to resume"));
  }
}

TEST_CASE("a checkpoint that cannot be written is an input error naming the path") {
  Counters model;
  CheckpointOptions write{"/proc/synack-no-such-dir", 0, false, "counters"};
  CHECK_THROWS_AS(check_explicit(model, properties(), with_checkpoint(write)), synack::InputError);
}
