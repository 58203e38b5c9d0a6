// `synack simulate --weight GROUP=W`: random walks weighted by transition group, so that
// loss can be made rare or switched off; deterministic for a seed; bad names or weights
// refused in one line naming the valid groups.
#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "checker/group_weights.hpp"
#include "checker/simulate.hpp"
#include "cli_run.hpp"
#include "helpers.hpp"

using namespace synack::checker;
using synack::testing::Run;
using synack::testing::run_synack;

namespace {

struct WeightedWalk {
  std::unique_ptr<Model> model;
  SimulationReport report;
  std::uint64_t steps_of(const std::string& group) const {
    for (std::size_t g = 0; g < model->group_count(); ++g)
      if (model->group_name(g) == group) return report.group_steps.at(g);
    throw std::logic_error("no group " + group);
  }
};

WeightedWalk walk_weighted(const std::string& scenario, const std::vector<std::string>& weights,
                           std::uint64_t seed = 11) {
  auto all = synack::properties::bundled_scenarios();
  std::vector<PropertySpec> specs = synack::properties::find_scenario(all, scenario).properties;
  WeightedWalk w{synack::testing::build(scenario), {}};
  SimulationOptions o;
  o.seed = seed;
  o.runs = 100;
  o.steps = 40;
  o.weights = resolve_group_weights(*w.model, weights).per_group;
  w.report = simulate(*w.model, specs, o);
  return w;
}

}  // namespace

TEST_CASE("weights resolve by group name or by a group without its position") {
  auto model = synack::testing::build("arq/stop-and-wait");
  GroupWeights w =
      resolve_group_weights(*model, {"s2r.lose=0.25", "s2r.lose[1]=3", "sender.send=0"});
  REQUIRE(w.given.size() == 3);
  // The exact name wins over the family for its position.
  CHECK(w.given[0].groups.size() == 1);
  CHECK(model->group_name(w.given[0].groups[0]) == "s2r.lose[0]");
  CHECK(w.given[0].millionths == 250'000);
  CHECK(w.given[1].millionths == 3'000'000);
  std::vector<std::uint64_t> expected(model->group_count(), kWeightUnit);
  expected[0] = 0;          // sender.send
  expected[4] = 250'000;    // s2r.lose[0]
  expected[5] = 3'000'000;  // s2r.lose[1]
  CHECK(w.per_group == expected);
  CHECK(resolve_group_weights(*model, {}).per_group.empty());
  CHECK_THROWS_WITH(resolve_group_weights(*model, {"sender=0"}),
                    Catch::StartsWith("--weight sender=0: no transition group sender; valid"));
  CHECK_THROWS_WITH(
      resolve_group_weights(*model, {"sender.send=0", "sender.timeout=0", "s2r.deliver=0",
                                     "s2r.lose=0", "r2s.deliver=0", "r2s.lose=0"}),
      "--weight: every group weighs 0, so no walk could take a step");
  CHECK(group_names_text(*model) ==
        "sender.send, sender.timeout, s2r.deliver[0..1], s2r.lose[0..1], r2s.deliver[0..1], "
        "r2s.lose[0..1]");
}

TEST_CASE("a group of weight 0 is never taken, and the same seed walks the same") {
  WeightedWalk uniform = walk_weighted("arq/stop-and-wait", {});
  WeightedWalk no_loss = walk_weighted("arq/stop-and-wait", {"s2r.lose=0", "r2s.lose=0"});
  for (const char* g : {"s2r.lose[0]", "s2r.lose[1]", "r2s.lose[0]", "r2s.lose[1]"}) {
    INFO(g);
    CHECK(no_loss.steps_of(g) == 0);
  }
  CHECK(uniform.steps_of("s2r.lose[0]") > 0);
  CHECK(uniform.steps_of("r2s.lose[0]") > 0);
  // Pinned: the seed decides the walks. A delivery the receiver would discard is a loss on
  // a lossy channel (one step), so without loss a walk can end with only such steps left.
  CHECK(no_loss.report.steps == 3804);
  CHECK(no_loss.report.dead_ends == 3);
  CHECK(no_loss.report.zero_weight_ends == 4);
  CHECK(no_loss.report.group_steps ==
        std::vector<std::uint64_t>{227, 2024, 1419, 0, 0, 0, 134, 0, 0, 0});
  CHECK(uniform.report.group_steps ==
        std::vector<std::uint64_t>{282, 1255, 622, 0, 668, 4, 243, 0, 336, 7});
  CHECK(uniform.report.zero_weight_ends == 0);
  WeightedWalk again = walk_weighted("arq/stop-and-wait", {"s2r.lose=0", "r2s.lose=0"});
  CHECK(again.report.group_steps == no_loss.report.group_steps);
  CHECK(again.report.steps == no_loss.report.steps);
  WeightedWalk other_seed = walk_weighted("arq/stop-and-wait", {"s2r.lose=0", "r2s.lose=0"}, 12);
  CHECK(other_seed.report.group_steps != no_loss.report.group_steps);
}

TEST_CASE("a light group is taken less often, a heavy one more") {
  WeightedWalk uniform = walk_weighted("arq/stop-and-wait", {});
  WeightedWalk rare = walk_weighted("arq/stop-and-wait", {"sender.timeout=0.05"});
  WeightedWalk often = walk_weighted("arq/stop-and-wait", {"sender.timeout=20"});
  CHECK(rare.steps_of("sender.timeout") < uniform.steps_of("sender.timeout"));
  CHECK(often.steps_of("sender.timeout") > uniform.steps_of("sender.timeout"));
  CHECK(rare.steps_of("sender.timeout") == 767);
  CHECK(uniform.steps_of("sender.timeout") == 1255);
  CHECK(often.steps_of("sender.timeout") == 3370);
  CHECK(often.report.steps == 4000);  // every walk goes the whole 40 steps
}

TEST_CASE("a walk whose enabled steps all weigh 0 ends there, and says so") {
  // Only the sender's first send is enabled at the start: weighing it 0 stops every walk.
  WeightedWalk stopped = walk_weighted("arq/stop-and-wait", {"sender.send=0"});
  CHECK(stopped.report.zero_weight_ends == 100);
  CHECK(stopped.report.steps == 0);
  CHECK(stopped.report.dead_ends == 0);
}

TEST_CASE("simulate --weight on the command line: the weights in the text and the JSON") {
  auto file = std::filesystem::temp_directory_path() /
              ("synack_weights_" + std::to_string(getpid()) + ".json");
  Run r = run_synack(
      "simulate tcp/two-way-handshake --seed 1 --runs 200 --steps 20 --weight c2s.lose=0 "
      "--weight s2c.lose=0.1 --weight client.abort=0 --quiet --json " +
      file.string());
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out,
             Catch::StartsWith(
                 "simulate tcp/two-way-handshake: 200 runs of up to 20 steps, seed 1\n"
                 "  weighted: c2s.lose=0 (c2s.lose[0], c2s.lose[1]), s2c.lose=0.1 (s2c.lose[0], "
                 "s2c.lose[1]), client.abort=0; every other\n"
                 "    group 1\n"
                 "  2847 steps taken; 125 runs ended where no step is enabled, 56 where every "
                 "enabled step weighs 0\n"));
  CHECK_THAT(r.out, Catch::Contains("no-stale-connection           always     violated in 126 of "
                                    "200 runs (shortest: 5 steps, run 5)\n"));
  auto j = nlohmann::json::parse(synack::testing::slurp(file));
  std::filesystem::remove(file);
  REQUIRE(j["weights"].size() == 3);
  CHECK(j["weights"][0]["group"] == "c2s.lose");
  CHECK(j["weights"][0]["weight"] == 0.0);
  CHECK(j["weights"][0]["groups"] == nlohmann::json({"c2s.lose[0]", "c2s.lose[1]"}));
  CHECK(j["weights"][1]["weight"] == 0.1);
  for (const auto& g : j["group_steps"])
    if (g["group"] == "client.abort" || g["group"] == "c2s.lose[0]" || g["group"] == "c2s.lose[1]")
      CHECK(g["steps"] == 0);
}

TEST_CASE("simulate --weight: bad input is one line naming what is valid, exit 2") {
  const std::string valid =
      "valid groups: client.connect, client.abort, client.timeout, server.listen, "
      "server.timeout, c2s.deliver[0..1], c2s.lose[0..1], c2s.duplicate[0..1], "
      "s2c.deliver[0..1], s2c.lose[0..1], s2c.duplicate[0..1] (a name without [k]: every "
      "position)\n";
  auto refused = [](const std::string& args, const std::string& message) {
    Run r = run_synack("simulate tcp/two-way-handshake --seed 1 " + args);
    INFO(args);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "synack: " + message);
  };
  refused("--weight c2s.loss=0", "--weight c2s.loss=0: no transition group c2s.loss; " + valid);
  refused("--weight c2s.lose[2]=1",
          "--weight c2s.lose[2]=1: no transition group c2s.lose[2]; " + valid);
  refused("--weight c2s.lose",
          "--weight c2s.lose: expected GROUP=WEIGHT, as --weight "
          "s2r.lose=0.1; " +
              valid);
  const std::string number =
      ": the weight must be a number from 0 to 1000000 with at most 6 decimals, as 0.05\n";
  refused("--weight c2s.lose=-1", "--weight c2s.lose=-1" + number);
  refused("--weight c2s.lose=0.0000001", "--weight c2s.lose=0.0000001" + number);
  refused("--weight c2s.lose=1000001", "--weight c2s.lose=1000001" + number);
  refused("--weight c2s.lose=1e3", "--weight c2s.lose=1e3" + number);
  refused("--weight c2s.lose=", "--weight c2s.lose=" + number);
  refused("--weight c2s.lose=1 --weight c2s.lose=2",
          "--weight c2s.lose=2: c2s.lose is given a weight twice\n");
  refused("--weight client=0", "--weight client=0: no transition group client; " + valid);
}
