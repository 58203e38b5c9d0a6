// Symmetry reduction's refusals, each one line: liveness, properties that tell members
// apart, machines that do not rename alike, monitors, the command line; and checkpoints
// and machine errors under symmetry.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>

#include "checker/machine_code_error.hpp"
#include "checker/step_error.hpp"
#include "checkpoint_parts.hpp"
#include "forwarding_machine.hpp"
#include "machines.hpp"
#include "symmetry_helpers.hpp"
#include "synack/cli.hpp"

using namespace symmetry_test;
using synack::InputError;
using synack::checker::Value;

TEST_CASE("symmetry: what it cannot show sound is refused with one line") {
  const synack::Scenario& commit = scenario("2pc/commit");
  // A liveness property.
  CHECK(refusal(commit, 3, commit.properties) ==
        "symmetry over rm: all-decide is a liveness property; the reduction is sound for "
        "always, sometimes and deadlock-free only (a cycle of representatives need not be a "
        "cycle of the system, and fairness names members); choose safety properties with "
        "--property");
  // A property naming one member, and one reading the coordinator's set of members.
  PropertySpec named{"first-commits", synack::checker::PropertyKind::kAlways,
                     "rm[0].state != COMMITTED", ""};
  CHECK(refusal(commit, 3, {named}) ==
        "symmetry over rm: property first-commits tells the members apart (it reads "
        "rm[0].state); quantify over the array instead (forall r in rm: ...) or check it "
        "without --symmetry");
  PropertySpec set{"set", synack::checker::PropertyKind::kAlways, "tm.prepared != 5", ""};
  CHECK(refusal(commit, 3, {set}) ==
        "symmetry over rm: property set reads tm.prepared, which renaming the members changes "
        "(a member's channel, or a variable naming members); check it without --symmetry");
  // A quantified property is accepted.
  PropertySpec counted{"two", synack::checker::PropertyKind::kAlways,
                       "(count r in rm: r.state == PREPARED) <= 2", ""};
  CHECK(refusal(commit, 3, {counted}) == "(accepted)");
  // No declaration (the one-machine TwoPhase.tla has no array).
  CHECK(refusal(scenario("2pc/twophase-tla"), 3, {}) ==
        "the scenario declares no symmetric actor array (ScenarioBuilder::symmetric(\"ARRAY\"))");
}

namespace {

// A machine with its symmetry hooks taken away (what a user's machine looks like when it
// names members in its messages and declares no permute), or, with `fail_on`, one that
// keeps them and fails on receiving that message (a variable leaving its range), in any
// state or in state `fail_in` alone.
class WithoutHooks final : public synack::testing::ForwardingMachine {
 public:
  explicit WithoutHooks(std::shared_ptr<const MachineType> m, std::string fail_on = {},
                        std::string fail_in = {})
      : ForwardingMachine(m), codec_(*m, !fail_on.empty()), fail_on_(std::move(fail_on)) {
    const auto& names = m->state_names();
    if (!fail_in.empty()) fail_in_ = std::find(names.begin(), names.end(), fail_in) - names.begin();
  }
  const synack::checker::MessageCodec& codec() const override { return codec_; }
  synack::checker::Firing fire_message(Value m, const Value* l, Value* n,
                                       synack::checker::Outbox& o) const override {
    if (!fail_on_.empty() && inner().codec().print(m).starts_with(fail_on_) &&
        (!fail_in_ || l[0] == *fail_in_))
      throw synack::checker::OutOfDeclaredRange(machine_name(), "variable out of range");
    return inner().fire_message(m, l, n, o);
  }
  bool permute_local(const Value* local, Value* out,
                     const synack::checker::MemberPermutation& p) const override {
    if (!fail_on_.empty()) return inner().permute_local(local, out, p);
    return MachineType::permute_local(local, out, p);
  }

 private:
  struct Codec final : synack::checker::MessageCodec {
    Codec(const MachineType& m, bool hooks) : c(m.codec()), keep(hooks) {}
    std::optional<Value> permute(Value m,
                                 const synack::checker::MemberPermutation& p) const override {
      if (!keep || (forget_first && m == 0)) return std::nullopt;
      return c.permute(m, p);
    }
    Value count() const override { return c.count(); }
    std::string print(Value m) const override { return c.print(m); }
    bool has_ports() const override { return c.has_ports(); }
    std::string signature() const override { return c.signature(); }
    std::optional<std::size_t> port(Value m) const override { return c.port(m); }
    const MessageCodec& c;
    bool keep;
    bool forget_first = false;  // a hook that answers for every message but the first
  };

 public:
  Codec codec_;

 private:
  std::string fail_on_;
  std::optional<Value> fail_in_;
};

// Two participants and a coordinator, built by `make_rm(i)`, with `extra` for a monitor.
synack::Scenario custom(std::function<std::shared_ptr<const synack::Machine>(int)> make_rm,
                        bool hooks_on_tm, bool with_monitor = false) {
  return synack::ScenarioBuilder("test/2pc", "two participants")
      .channel_params(1, 0)
      .model([=](synack::Composition& c) {
        two_phase::Params p;
        p.rms = 2;
        std::shared_ptr<const synack::Machine> tm = two_phase::make_tm(p);
        if (!hooks_on_tm) tm = std::make_shared<WithoutHooks>(tm);
        auto coordinator = c.actor("tm", tm, {"commit", "abort"});
        auto rm = c.actors("rm", 2, make_rm, {"prepare", "abort", "resend"});
        c.channels("tm_rm", coordinator, rm, c.channel_policy());
        c.channels("rm_tm", rm, coordinator, c.channel_policy());
        if (with_monitor)
          c.monitor(
              {"watch", {{"first", 1, 0}}, {{"rm[0].state' == COMMITTED", {{"first", "1"}}}}});
      })
      .symmetric("rm")
      .build();
}

std::shared_ptr<const synack::Machine> participant(int i, bool retransmit = false) {
  two_phase::Params p;
  p.rms = 2;
  p.self = i;
  p.retransmit = retransmit;
  return two_phase::make_rm(p);
}

}  // namespace

TEST_CASE("symmetry: machines that do not rename alike are refused with one line") {
  // Messages naming the sender, and no hook to rename them: the participants' steps are
  // compared before any port (which named a Prepared, a message tm never sends).
  synack::Scenario no_hooks =
      custom([](int i) { return std::make_shared<WithoutHooks>(participant(i)); }, false);
  CHECK(refusal(no_hooks, 2, {}) ==
        "symmetry over rm: renaming rm[0]->rm[1] rm[1]->rm[0] does not map rm[0]'s steps to "
        "rm[1]'s: in WORKING on prepare, rm[0] steps to PREPARED sending Prepared rm=0; renamed, "
        "rm[1] in WORKING on prepare should do likewise (steps to PREPARED sending Prepared "
        "rm=0) but steps to PREPARED sending Prepared rm=1; give what names members (messages, "
        "variables) a permute hook, or build the members alike");
  // One end of a channel renames, the other does not.
  synack::Scenario one_end = custom([](int i) { return participant(i); }, false);
  CHECK(refusal(one_end, 2, {}) ==
        "symmetry over rm: on channel tm_rm[0], tm and rm[0] rename Prepared rm=0 differently "
        "(give both machines the same permute hook for their messages)");
  // Members built differently: only rm[0] retransmits.
  synack::Scenario odd = custom([](int i) { return participant(i, i == 0); }, true);
  CHECK(refusal(odd, 2, {}) ==
        "symmetry over rm: renaming rm[0]->rm[1] rm[1]->rm[0] does not map rm[0]'s steps to "
        "rm[1]'s: in PREPARED on resend, rm[0] steps to PREPARED sending Prepared rm=0; "
        "renamed, rm[1] in PREPARED on resend should do likewise (steps to PREPARED sending "
        "Prepared rm=1) but takes no step; give what names members (messages, variables) a "
        "permute hook, or build the members alike");
  // A monitor that remembers what one member did.
  synack::Scenario watched = custom([](int i) { return participant(i); }, true, true);
  CHECK(refusal(watched, 2, {}) ==
        "symmetry over rm: monitor watch reads rm[0].state, which tells the members apart; "
        "monitors may read only slots no renaming of rm changes");
  // A hook that forgets one message: refused, not taken for a codec without a hook.
  // (`fail_on` "none" keeps the hooks and matches no message.)
  auto forgetful = std::make_shared<WithoutHooks>(participant(0), "none");
  forgetful->codec_.forget_first = true;
  CHECK(refusal(custom(
                    [&](int i) -> std::shared_ptr<const synack::Machine> {
                      if (i == 0) return forgetful;
                      return participant(i);
                    },
                    true),
                2, {}) ==
        "symmetry over rm: rm[0]'s permute hook gives no renaming for Prepared rm=0 (a hook "
        "must rename every message, leaving alone those that name no member)");
  // The same machines with their hooks: accepted.
  CHECK(refusal(custom([](int i) { return participant(i); }, true), 2, {}) == "(accepted)");
}

namespace {

struct CliRun {
  int code;
  std::string out, err;
};

CliRun cli(std::vector<std::string> args) {
  args.insert(args.begin(), "two-phase-commit");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  std::ostringstream out, err;
  auto* old_out = std::cout.rdbuf(out.rdbuf());
  auto* old_err = std::cerr.rdbuf(err.rdbuf());
  int code = synack::run_cli(static_cast<int>(argv.size()), argv.data(), two_phase::scenarios());
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  return {code, out.str(), err.str()};
}

// The result line of property `consistent` without its last column (the seconds).
std::string table_row(const std::string& out) {
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);)
    if (line.find(" consistent ") != std::string::npos)
      return line.substr(0, line.find_last_not_of(' ', line.find_last_of(' ')) + 1);
  return "(none)";
}

}  // namespace

TEST_CASE("symmetry: the command line option and its refusals") {
  CliRun ok = cli({"check", "2pc/commit-early", "--symmetry", "--set", "rm.count=4"});
  CHECK(ok.code == 1);
  CHECK(ok.out.find("counterexample (5 steps, replayed through the Boost.MSM machines)") !=
        std::string::npos);
  CliRun live = cli({"check", "2pc/commit", "--symmetry"});
  CHECK(live.code == 2);
  CHECK(live.err ==
        "two-phase-commit: --symmetry: 2pc/commit: symmetry over rm: all-decide is a liveness "
        "property; the reduction is sound for always, sometimes and deadlock-free only (a cycle "
        "of representatives need not be a cycle of the system, and fairness names members); "
        "choose safety properties with --property\n");
  CliRun bmc = cli({"check", "2pc/commit-early", "--symmetry", "--engine", "bmc"});
  CHECK(bmc.code == 2);
  CHECK(bmc.err.find("--symmetry: applies to the explicit engine, not bmc") != std::string::npos);
  CliRun tla = cli({"check", "2pc/twophase-tla", "--symmetry"});
  CHECK(tla.code == 2);
  CHECK(tla.err ==
        "two-phase-commit: --symmetry: 2pc/twophase-tla: the scenario declares no symmetric "
        "actor array (ScenarioBuilder::symmetric(\"ARRAY\"))\n");
}

TEST_CASE("symmetry: a checkpoint of a reduced search does not resume a full one") {
  auto dir = std::filesystem::temp_directory_path() / "synack-symmetry-checkpoint";
  std::filesystem::remove_all(dir);
  CliRun first = cli({"check", "2pc/commit", "--property", "consistent", "--symmetry",
                      "--checkpoint", dir.string(), "--checkpoint-every", "0", "--quiet"});
  CHECK(first.code == 0);
  CliRun full = cli({"check", "2pc/commit", "--property", "consistent", "--resume", dir.string()});
  CHECK(full.code == 2);
  CHECK(full.err.find("is a checkpoint of another question") != std::string::npos);
  CHECK(full.err.find("--symmetry or not") != std::string::npos);  // the flag is named
  CliRun reduced = cli({"check", "2pc/commit", "--property", "consistent", "--symmetry", "--resume",
                        dir.string(), "--quiet"});
  CHECK(reduced.code == 0);
  CHECK(table_row(reduced.out) == table_row(first.out));
  CHECK(table_row(first.out).find(" holds ") != std::string::npos);
  std::filesystem::remove_all(dir);
}

namespace {

// Every stored state's parent made the initial state, the checksum made to match: a
// checkpoint made by hand (the layout of checker/checkpoint.cpp's format).
void relink_second_level(const std::filesystem::path& file) {
  synack::testing::CheckpointParts parts = synack::testing::read_parts(file);
  synack::testing::relink_second_level(parts);
  synack::testing::write_parts(file, parts);
}

}  // namespace

TEST_CASE("symmetry: a resumed parent link that is no step names the checkpoint file") {
  // can-commit's witness is rebuilt through the links on resuming; it was 'internal error:
  // symmetry: no step of the system leads from a state of class 0 to one of class 1', exit 4.
  auto dir = std::filesystem::temp_directory_path() /
             ("synack-symmetry-link-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::vector<std::string> question = {"check",      "2pc/commit", "--property", "consistent",
                                       "--property", "can-commit", "--symmetry", "--quiet"};
  auto with = [&](std::vector<std::string> more) {
    more.insert(more.begin(), question.begin(), question.end());
    return more;
  };
  CliRun first = cli(with({"--checkpoint", dir.string(), "--checkpoint-every", "0"}));
  REQUIRE(first.code == 0);
  const auto file = dir / "checkpoint.synack";
  relink_second_level(file);
  CliRun resumed = cli(with({"--resume", dir.string()}));
  CHECK(resumed.code == 2);
  CHECK(resumed.out.empty());
  CHECK(resumed.err == "two-phase-commit: " + file.string() +
                           " is not a usable checkpoint: state 8 is no step from its parent 3 "
                           "(a file made or edited by hand?); start afresh without --resume\n");
  CHECK(std::count(resumed.err.begin(), resumed.err.end(), '\n') == 1);
  std::filesystem::remove_all(dir);
}

TEST_CASE("symmetry: a machine error found on a representative names the real run's step") {
  // Participants fail on receiving Abort: the shortest run is tm abort, then a delivery,
  // and the failing group is the one that fails in the real run's last state.
  synack::Scenario failing =
      custom([](int i) { return std::make_shared<WithoutHooks>(participant(i), "Abort"); }, true);
  std::vector<PropertySpec> props = {
      {"never", synack::checker::PropertyKind::kAlways, "tm.state != 9", ""}};
  auto plain_model = failing.build(failing.defaults());
  auto reduced =
      synack::checker::with_symmetry(failing.build(failing.defaults()), failing.symmetric, props);
  std::vector<std::string> plain_run, reduced_run;
  try {
    synack::checker::check_properties(*plain_model, props, {});
  } catch (const synack::StepError& e) {
    plain_run = e.run;
  }
  try {
    synack::checker::check_properties(*reduced, props, {});
  } catch (const synack::StepError& e) {
    reduced_run = e.run;
  }
  CHECK(plain_run == std::vector<std::string>{"tm.abort", "tm_rm[0].deliver[0]"});
  CHECK(reduced_run == plain_run);
}

TEST_CASE("symmetry: a machine error found on a representative names the real run's member") {
  // Participants fail on receiving Abort once prepared. The representative has rm[1]
  // prepared where the real run has rm[0]: the error names the one that fails in the real
  // run (it once named the representative's).
  synack::Scenario failing = custom(
      [](int i) { return std::make_shared<WithoutHooks>(participant(i), "Abort", "PREPARED"); },
      true);
  std::vector<PropertySpec> props = {
      {"never", synack::checker::PropertyKind::kAlways, "tm.state != 9", ""}};
  auto plain_model = failing.build(failing.defaults());
  auto reduced =
      synack::checker::with_symmetry(failing.build(failing.defaults()), failing.symmetric, props);
  auto failure = [&](const synack::checker::Model& model) {
    try {
      synack::checker::check_properties(model, props, {});
    } catch (const synack::StepError& e) {
      return std::pair{std::string(e.what()), e.run};
    }
    return std::pair{std::string("(no error)"), std::vector<std::string>{}};
  };
  auto [plain_what, plain_run] = failure(*plain_model);
  auto [reduced_what, reduced_run] = failure(*reduced);
  CHECK(plain_run == std::vector<std::string>{"tm.abort", "rm[0].prepare", "tm_rm[0].deliver[0]"});
  CHECK(plain_what == "rm[0] (machine rm): variable out of range");
  CHECK(reduced_run == plain_run);
  CHECK(reduced_what == plain_what);
}

TEST_CASE("symmetry: more members than canonical forms enumerate are refused") {
  synack::Scenario nine = synack::ScenarioBuilder("test/nine", "nine participants")
                              .channel_params(1, 0)
                              .model([](synack::Composition& c) {
                                two_phase::Params p;
                                p.rms = 9;
                                auto tm = c.actor("tm", two_phase::make_tm(p), {"commit", "abort"});
                                auto rm = c.actors("rm", 9,
                                                   [&](int i) {
                                                     two_phase::Params own = p;
                                                     own.self = i;
                                                     return two_phase::make_rm(own);
                                                   },
                                                   {"prepare", "abort"});
                                c.channels("tm_rm", tm, rm, c.channel_policy());
                                c.channels("rm_tm", rm, tm, c.channel_policy());
                              })
                              .symmetric("rm")
                              .build();
  CHECK(refusal(nine, 9, {}) ==
        "symmetry over rm: 9 members; canonical forms try up to members! renamings, so at most "
        "8 members");
}

// A baseline saved without --symmetry counts states; a reduced run counts classes. The
// comparison printed "states 1880 -> 409 (-78.2%)" as a change, and --strict took it for
// like for like.
TEST_CASE("symmetry: a baseline of states is not compared with a count of classes") {
  auto file = std::filesystem::temp_directory_path() /
              ("synack-symmetry-baseline-" + std::to_string(getpid()) + ".json");
  CliRun saved = cli({"baseline", "save", file.string(), "2pc/commit", "--property", "consistent"});
  REQUIRE(saved.code == 0);
  CliRun reduced = cli({"check", "2pc/commit", "--property", "consistent", "--symmetry",
                        "--baseline", file.string(), "--strict", "--quiet"});
  CHECK(reduced.code == 1);
  CHECK(reduced.out.find("baseline: changed 2pc/commit: --symmetry: the baseline counts states, "
                         "this run classes of them; counts not compared\n") != std::string::npos);
  CHECK(reduced.out.find("states 1880 -> 409") == std::string::npos);
  CHECK(reduced.out.find("--strict: this run is not like for like") != std::string::npos);
  CliRun full = cli({"check", "2pc/commit", "--property", "consistent", "--baseline", file.string(),
                     "--strict", "--quiet"});
  CHECK(full.code == 0);
  CHECK(full.out.find("baseline: no differences") != std::string::npos);
  std::filesystem::remove(file);
}
