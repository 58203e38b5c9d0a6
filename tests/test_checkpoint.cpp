// Checkpoints: a search that dies goes on from its last checkpoint to exactly the result
// of a search never stopped, and a checkpoint that is not exactly what this question
// would have written is refused with one line.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "checker/checkpoint.hpp"
#include "checker/checkpoint_io.hpp"
#include "checker/errors.hpp"
#include "checker/explicit_bfs.hpp"
#include "checkpoint_parts.hpp"
#include "same_result.hpp"
#include "temp_dir.hpp"
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

using synack::testing::TempDir;

Limits with_checkpoint(const CheckpointOptions& c, unsigned threads = 1) {
  Limits limits;
  limits.checkpoint = &c;
  limits.round_states = 16;
  limits.threads = threads;
  return limits;
}

// The checkpoint file a search of Counters left in `dir` when it died at x = 20.
std::filesystem::path checkpoint_of_a_dying_run(const TempDir& dir,
                                                const std::vector<PropertySpec>& specs) {
  CheckpointOptions write{dir.path, 0, false, "counters"};
  Counters dying(20);
  CHECK_THROWS(check_explicit(dying, specs, with_checkpoint(write)));
  const auto file = dir.path / "checkpoint.synack";
  REQUIRE(std::filesystem::exists(file));
  return file;
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

TEST_CASE("a resume whose store is already past --max-memory stops there, not holds") {
  // The limits were checked every 1024 parents, which a short resumed run never reached:
  // it said holds with the store over the limit.
  Counters model;
  const auto specs = properties();
  TempDir dir;
  CheckpointOptions write{dir.path, 0, false, "counters"};
  Counters dying(20);
  REQUIRE_THROWS(check_explicit(dying, specs, with_checkpoint(write)));
  CheckpointOptions resume{dir.path, 0, true, "counters"};
  Limits limits = with_checkpoint(resume);
  limits.max_memory_bytes = 1;
  auto stopped = check_explicit(model, specs, limits);
  CHECK(stopped[1].verdict == Verdict::kInconclusive);
  CHECK(stopped[1].limit == "max-memory");
  // The checkpoint is still there to go on from, to the uninterrupted result.
  auto resumed = check_explicit(model, specs, with_checkpoint(resume));
  CHECK(resumed[1].verdict == Verdict::kHolds);
  CHECK(resumed[1].states == 961);
}

// The vacuity of an invariant is decided over the whole store after the search: the
// states a resume restored count as the ones it stored itself.
TEST_CASE("a resumed search marks vacuous invariants as one never stopped") {
  Counters model;
  const std::vector<PropertySpec> specs = {
      {"never", PropertyKind::kAlways, "x + y > 60 -> x == 0", "", Verdict::kHolds},
      {"restored", PropertyKind::kAlways, "x == 1 && y == 0 -> x + y == 1", "", Verdict::kHolds},
      {"last", PropertyKind::kAlways, "x == 30 && y == 30 -> x + y == 60", "", Verdict::kHolds}};
  auto uninterrupted = check_explicit(model, specs, Limits{});
  CHECK(uninterrupted[0].vacuous);
  CHECK(uninterrupted[0].premise == "x + y > 60");
  CHECK_FALSE(uninterrupted[1].vacuous);
  CHECK_FALSE(uninterrupted[2].vacuous);
  TempDir dir;
  checkpoint_of_a_dying_run(dir, specs);
  CheckpointOptions resume{dir.path, 0, true, "counters"};
  auto resumed = check_explicit(model, specs, with_checkpoint(resume));
  for (std::size_t k = 0; k < specs.size(); ++k)
    synack::testing::require_same(uninterrupted[k], resumed[k]);
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
  const auto file = checkpoint_of_a_dying_run(dir, specs);
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

using synack::testing::CheckpointParts;
using synack::testing::read_parts;
using synack::testing::write_parts;

TEST_CASE("a checkpoint made by hand is refused with one line, never trusted or exit 4") {
  Counters model;
  auto specs = properties();
  TempDir dir;
  const auto file = checkpoint_of_a_dying_run(dir, specs);
  CheckpointOptions resume{dir.path, 0, true, "counters"};
  CheckpointParts parts = read_parts(file);
  // "early" (x + y != 4) is decided, violated, before x reaches 20.
  REQUIRE(parts.bytes[parts.decisions] == 1);
  REQUIRE(parts.count > 100);

  SECTION("its first state is not the initial state") {
    parts.bytes[parts.states] ^= 1;
    write_parts(file, parts);
    CHECK_THROWS_WITH(check_explicit(model, specs, with_checkpoint(resume)),
                      Contains("is not a usable checkpoint: its first state is not the initial "
                               "state"));
  }
  SECTION("a parent link that is no step of the model") {
    // Every state two steps from the initial state linked to the last state one step from
    // it: most are no successor of it, found when the trace of "late" is built through
    // them. (Every state linked to the initial state is refused sooner, for its depths.)
    relink_second_level(parts);
    write_parts(file, parts);
    CHECK_THROWS_WITH(
        check_explicit(model, specs, with_checkpoint(resume)),
        Contains("is not a usable checkpoint: state ") && Contains("is no step from its parent"));
  }
  SECTION("a state with a slot outside its range") {
    // x's bits can hold 31, beyond its range 0..30: such a state was expanded and counted
    // as if reachable (or its step blamed on the user's machine).
    const Layout::Bits x = model.layout().packed_bits_of(0);
    const std::size_t last = parts.count - 1;
    std::uint64_t word;
    char* at = parts.bytes.data() + parts.states + 8 * (parts.words * last + x.word);
    std::memcpy(&word, at, sizeof word);
    word |= ((std::uint64_t{1} << x.width) - 1) << x.shift;
    std::memcpy(at, &word, sizeof word);
    write_parts(file, parts);
    CHECK_THROWS_WITH(check_explicit(model, specs, with_checkpoint(resume)),
                      Contains(file.string() + " is not a usable checkpoint: state " +
                               std::to_string(last) + " holds x = 31, outside its range 0..30"));
  }
  SECTION("a state with bits set past its slots") {
    // The same state under another bit pattern was stored and counted a second time.
    const Layout::Bits y = model.layout().packed_bits_of(model.layout().size() - 1);
    REQUIRE(y.shift + y.width < 64);
    const std::size_t last = parts.count - 1;
    std::uint64_t word;
    char* at = parts.bytes.data() + parts.states + 8 * (parts.words * last + y.word);
    std::memcpy(&word, at, sizeof word);
    word |= std::uint64_t{1} << 63;
    std::memcpy(at, &word, sizeof word);
    write_parts(file, parts);
    CHECK_THROWS_WITH(
        check_explicit(model, specs, with_checkpoint(resume)),
        Contains(file.string() + " is not a usable checkpoint: state " + std::to_string(last) +
                 " has bits set outside its slots (word " + std::to_string(y.word) + ")"));
  }
  // The search's position: next parent (header + 16), depth (+ 24), level end (+ 32).
  SECTION("a next parent moved to the end: every state expanded, a holds over a part") {
    parts.set_u64(parts.header + 16, parts.count);
    write_parts(file, parts);
    CHECK_THROWS_WITH(check_explicit(model, specs, with_checkpoint(resume)),
                      Contains("is not a usable checkpoint: its next parent is beyond its "
                               "level's end (a file made or edited by hand?)"));
  }
  SECTION("a depth that is not its level's") {
    const std::uint64_t depth = parts.u64(parts.header + 24);
    parts.set_u64(parts.header + 24, depth + 3);
    write_parts(file, parts);
    CHECK_THROWS_WITH(check_explicit(model, specs, with_checkpoint(resume)),
                      Contains("is not a usable checkpoint: its depth " +
                               std::to_string(depth + 3) + " is not that of its level"));
  }
  SECTION("the whole position moved: next parent and level end at the end, depth with them") {
    parts.set_u64(parts.header + 16, parts.count);
    parts.set_u64(parts.header + 32, parts.count);
    write_parts(file, parts);
    CHECK_THROWS_WITH(check_explicit(model, specs, with_checkpoint(resume)),
                      Contains("is not a usable checkpoint: its depth"));
  }
  SECTION("a verdict no search of the property gives") {
    parts.bytes[parts.decisions + 1] = static_cast<char>(200);
    write_parts(file, parts);
    CHECK_THROWS_WITH(check_explicit(model, specs, with_checkpoint(resume)),
                      Contains("is not a usable checkpoint: the verdict of early"));
  }
  SECTION("a decision by a state that does not decide it") {
    // The initial state, x + y = 0, does not violate x + y != 4.
    std::memset(parts.bytes.data() + parts.decisions + 2, 0, 4);
    write_parts(file, parts);
    CHECK_THROWS_WITH(check_explicit(model, specs, with_checkpoint(resume)),
                      Contains("is not a usable checkpoint: the state that decided early does "
                               "not decide it"));
  }
  // With the checksum made again after the edit, a cleared decision had the resume say
  // holds on a violation, and a decision's figures were reported as written.
  SECTION("a decision cleared: a property no state decides, though one does") {
    parts.bytes[parts.decisions] = 0;
    write_parts(file, parts);
    CHECK_THROWS_WITH(check_explicit(model, specs, with_checkpoint(resume)),
                      Contains("is not a usable checkpoint: state ") &&
                          Contains(" decides early, which it says is undecided"));
  }
  SECTION("a decision's figures past the checkpoint's own") {
    parts.set_u64(parts.decisions + 6, std::uint64_t{1} << 60);
    write_parts(file, parts);
    CHECK_THROWS_WITH(check_explicit(model, specs, with_checkpoint(resume)),
                      Contains("is not a usable checkpoint: the figures of early are not those "
                               "of a search that stored"));
  }
}

TEST_CASE("a checkpoint that is no regular file is refused with one line") {
  Counters model;
  TempDir dir;
  CheckpointOptions resume{dir.path, 0, true, "counters"};
  const auto file = dir.path / "checkpoint.synack";
  SECTION("a directory") {
    // Read as a file it was "internal error: basic_filebuf::underflow error", exit 4.
    std::filesystem::create_directory(file);
    CHECK_THROWS_WITH(check_explicit(model, properties(), with_checkpoint(resume)),
                      Contains("checkpoint.synack is not a usable checkpoint: it is not a regular "
                               "file"));
  }
  SECTION("a pipe") {
    // Opened, it waited for a writer that never comes.
    REQUIRE(::mkfifo(file.c_str(), 0600) == 0);
    CHECK_THROWS_WITH(check_explicit(model, properties(), with_checkpoint(resume)),
                      Contains("checkpoint.synack is not a usable checkpoint: it is not a regular "
                               "file"));
  }
  SECTION("a device without end") {
    // /dev/zero was read until memory ran out (exit 3, "out of memory").
    std::filesystem::create_symlink("/dev/zero", file);
    CHECK_THROWS_WITH(check_explicit(model, properties(), with_checkpoint(resume)),
                      Contains("checkpoint.synack is not a usable checkpoint: it is not a regular "
                               "file"));
  }
}

// The temporary file was opened with O_TRUNC, following a link: a link planted under its
// name had the file it led to overwritten with the checkpoint.
TEST_CASE("a checkpoint's temporary file is a new file: a link under its name is not followed") {
  TempDir dir("link");
  const auto victim = dir.path / "victim.txt";
  { std::ofstream(victim) << "precious\n"; }
  const auto file = dir.path / "checkpoint.synack";
  const auto tmp = dir.path / ("checkpoint.synack.tmp-" + std::to_string(::getpid()));
  std::filesystem::create_symlink(victim, tmp);
  const char magic[8] = {'S', 'Y', 'N', 'A', 'C', 'K', 'T', 'T'};
  write_checkpoint_file(file, magic, 1, [](CheckpointWriter& w) { w.put(std::uint64_t{42}); });
  std::ifstream in(victim);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text == "precious\n");
  CHECK(!std::filesystem::is_symlink(file));
  CHECK(std::filesystem::is_regular_file(file));
  CHECK(!std::filesystem::exists(tmp));
}

// A terabyte (a sparse file, or a checkpoint with one appended) was read whole before any
// check: minutes of reading, then "out of memory" (exit 3).
TEST_CASE("a checkpoint file larger than the machine's memory is refused before it is read") {
  TempDir dir("huge");
  const auto file = dir.path / "checkpoint.synack";
  const char magic[8] = {'S', 'Y', 'N', 'A', 'C', 'K', 'T', 'T'};
  write_checkpoint_file(file, magic, 1, [](CheckpointWriter& w) { w.put(std::uint64_t{42}); });
  CHECK_NOTHROW(CheckpointReader(file, magic, 1));
  std::filesystem::resize_file(file, std::uintmax_t{1} << 40);  // sparse: no disk taken
  CHECK_THROWS_WITH(CheckpointReader(file, magic, 1),
                    Contains("is not a usable checkpoint: it is 1099511627776 bytes, more than "
                             "this machine's memory"));
  const char other[8] = {'N', 'O', 'T', 'O', 'U', 'R', 'S', '!'};
  CHECK_THROWS_WITH(CheckpointReader(file, other, 1),
                    Contains("is not a usable checkpoint: it is not a synack checkpoint"));
}
