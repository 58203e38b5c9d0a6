// Symmetry reduction (checker/symmetry/) on two-phase commit (examples/two-phase-commit):
// the state counts with and without it, the same verdicts and counterexample lengths, the
// canonical form checked against brute force, threads, and every refusal's one line.
#include <catch2/catch.hpp>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <functional>
#include <iostream>
#include <set>
#include <sstream>

#include "checker/check.hpp"
#include "checker/errors.hpp"
#include "checker/symmetry/symmetric_model.hpp"
#include "machines.hpp"
#include "scenarios.hpp"
#include "synack/cli.hpp"

namespace {

using synack::InputError;
using synack::checker::Model;
using synack::checker::PropertySpec;
using synack::checker::Result;
using synack::checker::SymmetricModel;
using synack::checker::Value;
using synack::checker::Verdict;

const synack::Scenario& scenario(const std::string& name) {
  static const std::vector<synack::Scenario> all = two_phase::scenarios();
  return synack::properties::find_scenario(all, name);
}

std::vector<PropertySpec> safety_properties(const synack::Scenario& s) {
  std::vector<PropertySpec> out;
  for (const PropertySpec& p : s.properties)
    if (!synack::checker::is_liveness(p.kind)) out.push_back(p);
  return out;
}

std::unique_ptr<Model> build(const synack::Scenario& s, int rms) {
  synack::ParamValues values = s.defaults();
  values["rm.count"] = rms;
  return s.build(values);
}

struct Run {
  std::unique_ptr<Model> model;
  std::vector<Result> results;
};

Run check(const std::string& name, int rms, bool symmetry, unsigned threads = 1,
          std::uint32_t round_states = 1u << 14) {
  const synack::Scenario& s = scenario(name);
  std::vector<PropertySpec> properties = safety_properties(s);
  Run run;
  run.model = build(s, rms);
  if (symmetry)
    run.model = synack::checker::with_symmetry(std::move(run.model), s.symmetric, properties);
  synack::checker::Limits limits;
  limits.threads = threads;
  limits.round_states = round_states;
  run.results = synack::checker::check_properties(*run.model, properties, limits);
  return run;
}

const Result& result(const Run& run, const std::string& property) {
  for (const Result& r : run.results)
    if (r.property == property) return r;
  throw std::logic_error("no result for " + property);
}

// The trace is a run of the real system: every step is its group applied to the state
// before (not merely a path between representatives).
void require_real_run(const Model& system, const synack::checker::Trace& trace) {
  std::vector<Value> before = trace.initial, after(before.size());
  REQUIRE(before == system.initial_state());
  for (const auto& step : trace.steps) {
    REQUIRE(system.apply(step.group, before.data(), after.data()));
    REQUIRE(after == step.state);
    before = after;
  }
}

std::string refusal(const synack::Scenario& s, int rms, const std::vector<PropertySpec>& props) {
  try {
    synack::checker::with_symmetry(build(s, rms), s.symmetric, props);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST_CASE("symmetry: two-phase commit stores one state per renaming of the participants") {
  // Without: the example's pinned counts. With: one state per class.
  Run plain3 = check("2pc/commit", 3, false), sym3 = check("2pc/commit", 3, true);
  CHECK(result(plain3, "consistent").states == 1880);
  CHECK(result(sym3, "consistent").states == 409);
  Run plain4 = check("2pc/commit", 4, false), sym4 = check("2pc/commit", 4, true);
  CHECK(result(plain4, "consistent").states == 21442);
  CHECK(result(sym4, "consistent").states == 1450);
  CHECK(result(sym4, "consistent").verdict == Verdict::kHolds);
}

TEST_CASE("symmetry: the stored states are exactly the classes of the reachable states") {
  // Brute force over the full search: every reachable state's canonical form, and each
  // form the same for every one of the 3! renamings of its state.
  const synack::Scenario& s = scenario("2pc/commit");
  std::vector<PropertySpec> properties = safety_properties(s);
  auto system = build(s, 3);
  SymmetricModel reduced(build(s, 3), "rm", properties);
  const auto& sym = reduced.symmetry();
  std::set<std::vector<Value>> seen{system->initial_state()}, classes;
  std::deque<std::vector<Value>> queue{system->initial_state()};
  std::vector<Value> next(system->layout().size()), renamed(next.size());
  std::vector<int> image = {0, 1, 2};
  while (!queue.empty()) {
    std::vector<Value> state = queue.front();
    queue.pop_front();
    std::vector<Value> canonical = state;
    sym.canonicalize(canonical.data());
    classes.insert(canonical);
    std::sort(image.begin(), image.end());
    do {
      sym.apply(synack::checker::MemberPermutation(image), state.data(), renamed.data());
      sym.canonicalize(renamed.data());
      REQUIRE(renamed == canonical);
    } while (std::next_permutation(image.begin(), image.end()));
    for (std::size_t g = 0; g < system->group_count(); ++g)
      if (system->apply(g, state.data(), next.data()) && seen.insert(next).second)
        queue.push_back(next);
  }
  CHECK(seen.size() == 1880);
  CHECK(classes.size() == 409);
}

TEST_CASE("symmetry: every safety property of the two-phase scenarios has the same verdict") {
  for (const char* name : {"2pc/commit", "2pc/commit-retransmit", "2pc/commit-early"}) {
    CAPTURE(name);
    Run plain = check(name, 3, false), sym = check(name, 3, true);
    REQUIRE(plain.results.size() == sym.results.size());
    for (std::size_t i = 0; i < plain.results.size(); ++i) {
      CAPTURE(plain.results[i].property);
      CHECK(plain.results[i].verdict == sym.results[i].verdict);
      CHECK(plain.results[i].trace.has_value() == sym.results[i].trace.has_value());
      if (plain.results[i].trace)
        CHECK(plain.results[i].trace->steps.size() == sym.results[i].trace->steps.size());
    }
  }
}

TEST_CASE("symmetry: the broken coordinator's counterexample is a real run of equal length") {
  Run plain = check("2pc/commit-early", 4, false), sym = check("2pc/commit-early", 4, true);
  const Result& r = result(sym, "consistent");
  REQUIRE(r.verdict == Verdict::kViolated);
  REQUIRE(r.trace->steps.size() == 5);
  CHECK(result(plain, "consistent").trace->steps.size() == 5);
  auto system = build(scenario("2pc/commit-early"), 4);
  require_real_run(*system, *r.trace);
  std::vector<std::string> steps;
  for (const auto& step : r.trace->steps) steps.push_back(step.info.actor + " " + step.info.event);
  CHECK(steps == std::vector<std::string>{"rm[0] prepare", "rm[1] abort", "tm rcv Prepared",
                                          "tm commit", "rm[0] rcv Commit"});
  // The witness of a sometimes property too.
  Run witness = check("2pc/commit", 3, true);
  require_real_run(*build(scenario("2pc/commit"), 3), *result(witness, "can-commit").trace);
  CHECK(result(witness, "can-commit").trace->steps.size() ==
        result(check("2pc/commit", 3, false), "can-commit").trace->steps.size());
}

TEST_CASE("symmetry: two threads and tiny rounds give the one-thread results") {
  Run one = check("2pc/commit-early", 4, true), two = check("2pc/commit-early", 4, true, 2, 3);
  const Result &a = result(one, "consistent"), &b = result(two, "consistent");
  CHECK(a.states == b.states);
  CHECK(a.transitions == b.transitions);
  REQUIRE(b.trace);
  CHECK(a.trace->steps.size() == b.trace->steps.size());
  for (std::size_t k = 0; k < a.trace->steps.size(); ++k)
    CHECK(a.trace->steps[k].state == b.trace->steps[k].state);
  Run full = check("2pc/commit", 4, true, 2, 7);
  CHECK(result(full, "consistent").states == 1450);
}

TEST_CASE("symmetry: what it cannot show sound is refused with one line") {
  const synack::Scenario& commit = scenario("2pc/commit");
  std::vector<PropertySpec> safety = safety_properties(commit);
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

// A machine with its symmetry hooks taken away: what a user's machine looks like when it
// names members in its messages and declares no permute.
class WithoutHooks final : public synack::checker::MachineType {
 public:
  explicit WithoutHooks(std::shared_ptr<const MachineType> m) : m_(std::move(m)), codec_(*m_) {}
  std::string machine_name() const override { return m_->machine_name(); }
  const std::vector<std::string>& state_names() const override { return m_->state_names(); }
  const std::vector<synack::checker::VariableSpec>& variables() const override {
    return m_->variables();
  }
  const std::vector<synack::checker::EventSpec>& env_events() const override {
    return m_->env_events();
  }
  const std::vector<synack::checker::RowSpec>& rows() const override { return m_->rows(); }
  const synack::checker::MessageCodec& codec() const override { return codec_; }
  std::vector<Value> initial_local() const override { return m_->initial_local(); }
  const std::vector<Value>& end_states() const override { return m_->end_states(); }
  synack::checker::Firing fire_env(std::size_t e, const Value* l, Value* n,
                                   synack::checker::Outbox& o) const override {
    return m_->fire_env(e, l, n, o);
  }
  synack::checker::Firing fire_message(Value m, const Value* l, Value* n,
                                       synack::checker::Outbox& o) const override {
    return m_->fire_message(m, l, n, o);
  }
  std::unique_ptr<synack::checker::MachineRunner> make_runner() const override {
    return m_->make_runner();
  }

 private:
  struct Codec final : synack::checker::MessageCodec {
    explicit Codec(const MachineType& m) : c(m.codec()) {}
    Value count() const override { return c.count(); }
    std::string print(Value m) const override { return c.print(m); }
    bool has_ports() const override { return c.has_ports(); }
    std::string signature() const override { return c.signature(); }
    std::optional<std::size_t> port(Value m) const override { return c.port(m); }
    const MessageCodec& c;
  };
  std::shared_ptr<const MachineType> m_;
  Codec codec_;
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
  // Messages naming the sender, and no hook to rename them.
  synack::Scenario no_hooks =
      custom([](int i) { return std::make_shared<WithoutHooks>(participant(i)); }, false);
  CHECK(refusal(no_hooks, 2, {}) ==
        "symmetry over rm: tm sends Prepared rm=0 on port 0, but renamed by rm[0]->rm[1] "
        "rm[1]->rm[0] it goes on another port than the renamed member's (give its messages a "
        "permute hook)");
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
  CliRun reduced = cli({"check", "2pc/commit", "--property", "consistent", "--symmetry", "--resume",
                        dir.string(), "--quiet"});
  CHECK(reduced.code == 0);
  CHECK(table_row(reduced.out) == table_row(first.out));
  CHECK(table_row(first.out).find(" holds ") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("symmetry: TwoPhase.tla's classes and Stateright's representatives") {
  // The literal transcription is one machine (no actor array to reduce over), so its
  // classes are counted here by brute force over its 8,832 states for 5 participants.
  // Stateright's 2pc example stores 665 states with symmetry: its representative sorts
  // the participants by their state alone, ties kept in index order, which is not a
  // canonical form (two states of one class can have different representatives). Its
  // search, replayed here with that representative, stores 665; the classes are fewer.
  const synack::Scenario& s = scenario("2pc/twophase-tla");
  auto system = build(s, 5);
  const auto& layout = system->layout();
  std::vector<std::size_t> rm_slot;
  for (int i = 0; i < 5; ++i) rm_slot.push_back(*layout.find("twophase.rm" + std::to_string(i)));
  const std::size_t prepared = *layout.find("twophase.tm_prepared");
  const std::size_t sent = *layout.find("twophase.msg_prepared");
  auto rename = [&](const std::vector<Value>& state, const std::vector<int>& image) {
    synack::checker::MemberPermutation p(image);
    std::vector<Value> renamed = state;
    for (int i = 0; i < 5; ++i) renamed[rm_slot[p(i)]] = state[rm_slot[i]];
    renamed[prepared] = p.bits(state[prepared]);
    renamed[sent] = p.bits(state[sent]);
    return renamed;
  };
  auto canonical = [&](const std::vector<Value>& state) {
    std::vector<Value> best;
    std::vector<int> image = {0, 1, 2, 3, 4};
    do {
      std::vector<Value> renamed = rename(state, image);
      if (best.empty() || renamed < best) best = renamed;
    } while (std::next_permutation(image.begin(), image.end()));
    return best;
  };
  auto stateright = [&](const std::vector<Value>& state) {
    std::vector<int> order = {0, 1, 2, 3, 4}, image(5);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return state[rm_slot[a]] < state[rm_slot[b]]; });
    for (int r = 0; r < 5; ++r) image[order[r]] = r;
    return rename(state, image);
  };
  // Search storing rep(state) for each state met; rep = identity: the full search.
  // Stateright's checker explores on from the state met, not from its representative.
  auto search = [&](const std::function<std::vector<Value>(const std::vector<Value>&)>& rep,
                    bool depth_first) {
    std::set<std::vector<Value>> seen{rep(system->initial_state())};
    std::deque<std::vector<Value>> pending{system->initial_state()};
    std::vector<Value> next(layout.size());
    while (!pending.empty()) {
      std::vector<Value> state = depth_first ? pending.back() : pending.front();
      depth_first ? pending.pop_back() : pending.pop_front();
      for (std::size_t g = 0; g < system->group_count(); ++g)
        if (system->apply(g, state.data(), next.data()) && seen.insert(rep(next)).second)
          pending.push_back(next);
    }
    return seen.size();
  };
  CHECK(search([](const std::vector<Value>& state) { return state; }, false) == 8832);
  CHECK(search(stateright, true) == 665);
  CHECK(search(canonical, false) == 314);
}
