// `--store plain|tree`: the two forms of the state store give the same answers. Every bundled
// scenario, its search cut at 20,000 states (the smaller ones run to the end), gives the
// same JSON report with either store on one thread and on two, but for the time taken, the
// store's name and its bytes; swarm members find the same; a bad choice is refused with one
// line. (Checkpoints written with one store and resumed with the other: test_checkpoint.cpp.)
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "checker/swarm/swarm.hpp"
#include "cli_run.hpp"
#include "helpers.hpp"

using namespace synack::checker;
using synack::testing::Run;
using synack::testing::run_synack;

namespace {

// Drops what may differ between stores and thread counts; returns what the store was called.
std::vector<std::string> strip(nlohmann::json& node) {
  std::vector<std::string> stores;
  if (node.is_object()) {
    if (auto it = node.find("store"); it != node.end()) stores.push_back(*it);
    for (const char* key : {"seconds", "store", "store_bytes"}) node.erase(key);
  }
  if (node.is_structured())
    for (auto& child : node) {
      auto below = strip(child);
      stores.insert(stores.end(), below.begin(), below.end());
    }
  return stores;
}

struct Report {
  nlohmann::json json;
  std::vector<std::string> stores;  // the "store" of every result
};

Report check_all(const std::string& store, unsigned threads) {
  const auto path =
      std::filesystem::temp_directory_path() / ("synack_store_choice_" + std::to_string(getpid()) +
                                                "_" + store + std::to_string(threads) + ".json");
  Run run = run_synack("check --all --quiet --coverage --max-states 20000 --store " + store +
                       " --threads " + std::to_string(threads) + " --json " + path.string());
  INFO(run.err);
  // 1: some bundled properties are violated; 3: the larger searches are cut (inconclusive).
  REQUIRE((run.exit_code == 1 || run.exit_code == 3));
  Report r;
  r.json = nlohmann::json::parse(synack::testing::slurp(path));
  std::filesystem::remove(path);
  r.stores = strip(r.json);
  return r;
}

}  // namespace

TEST_CASE("every bundled scenario gives the same JSON with either store and any threads") {
  const Report plain = check_all("plain", 1);
  // Every scenario is there, and some searches ran to the end, others were cut.
  const auto& results = plain.json.at("results");
  REQUIRE(results.size() >= 50);
  std::size_t complete = 0, cut = 0;
  for (const auto& r : results) (r.contains("limit") ? cut : complete)++;
  CHECK(complete > 30);
  CHECK(cut > 5);
  CHECK(plain.json.at("coverage").size() > 15);
  REQUIRE(plain.stores.size() == results.size());
  for (const auto& s : plain.stores) CHECK(s == "plain");

  for (auto [store, threads] : {std::pair{"plain", 2u}, {"tree", 1u}, {"tree", 2u}}) {
    INFO("--store " << store << " --threads " << threads);
    const Report other = check_all(store, threads);
    REQUIRE(other.stores.size() == plain.stores.size());
    for (const auto& s : other.stores) CHECK(s == store);
    const auto& mine = other.json.at("results");
    REQUIRE(mine.size() == results.size());
    for (std::size_t k = 0; k < results.size(); ++k) {
      INFO(results[k].at("scenario") << " " << results[k].at("property"));
      CHECK(mine[k] == results[k]);
    }
    CHECK(other.json.at("coverage") == plain.json.at("coverage"));
  }
}

TEST_CASE("swarm members find the same with either store") {
  auto all = synack::properties::bundled_scenarios();
  const auto specs = synack::properties::find_scenario(all, "tcp/two-way-handshake").properties;
  auto model = synack::testing::build("tcp/two-way-handshake");
  SwarmOptions o;
  o.members = 4;
  o.seed = 7;
  SwarmReport plain = run_swarm(*model, specs, o);
  o.store = StoreKind::kTree;
  SwarmReport tree = run_swarm(*model, specs, o);
  REQUIRE(plain.results.size() == tree.results.size());
  CHECK(plain.union_states == tree.union_states);
  CHECK(plain.sum_states == tree.sum_states);
  for (std::size_t k = 0; k < plain.results.size(); ++k) {
    INFO(plain.results[k].property);
    CHECK(plain.results[k].store == "plain");
    CHECK(tree.results[k].store == "tree");
    CHECK(plain.found_by[k] == tree.found_by[k]);
    CHECK(plain.results[k].verdict == tree.results[k].verdict);
    REQUIRE(plain.results[k].trace.has_value() == tree.results[k].trace.has_value());
    if (plain.results[k].trace)
      CHECK(plain.results[k].trace->steps.size() == tree.results[k].trace->steps.size());
  }
  for (std::size_t m = 0; m < o.members; ++m) {
    CHECK(plain.members[m].states == tree.members[m].states);
    CHECK(plain.members[m].transitions == tree.members[m].transitions);
  }
}

TEST_CASE("a store that does not exist is refused with one line naming the valid ones") {
  Run run = run_synack("check tcp/two-way-handshake --store compact");
  CHECK(run.exit_code == 2);
  CHECK(run.err == "synack: --store: compact not in {plain,tree} (see 'synack --help')\n");
  // The Z3 engines keep no store: the option is refused there, not ignored.
  run = run_synack("check tcp/two-way-handshake --store tree --engine bmc");
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("--store: applies to the explicit engine, not bmc") != std::string::npos);
}

TEST_CASE("the JSON report names the store of each result") {
  const auto path = std::filesystem::temp_directory_path() /
                    ("synack_store_name_" + std::to_string(getpid()) + ".json");
  Run run =
      run_synack("check tcp/two-way-handshake --property no-stale-connection --store tree --json " +
                 path.string());
  INFO(run.err);
  auto json = nlohmann::json::parse(synack::testing::slurp(path));
  std::filesystem::remove(path);
  REQUIRE(json.at("results").size() == 1);
  CHECK(json.at("results")[0].at("store") == "tree");
}
