// `synack check --compose ... --json`, read back by property: what the composition tests
// compare (verdict, states, depth, the inconclusive reason, the trace's events).
#pragma once

#include <unistd.h>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"

namespace synack::test {

struct ComposeResult {
  std::string verdict;
  long states = 0;
  long depth = 0;
  nlohmann::json trace;
  std::string limit;  // why an inconclusive verdict is one
};

// `synack check --compose CLIENT SERVER --compose-map MAP ARGS --json`, by property.
inline std::map<std::string, ComposeResult> check_compose(const std::string& client,
                                                          const std::string& server,
                                                          const std::string& map,
                                                          const std::string& args,
                                                          int expected_exit) {
  std::string json = std::filesystem::temp_directory_path() /
                     ("synack_compose_" + std::to_string(getpid()) + ".json");
  auto run = synack::testing::run_synack("check --compose " + client + " " + server +
                                         " --compose-map " + map + " " + args + " --json " + json);
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == expected_exit);
  auto doc = nlohmann::json::parse(synack::testing::slurp(json));
  std::filesystem::remove(json);
  std::map<std::string, ComposeResult> out;
  for (const auto& r : doc["results"])
    out[r["property"].get<std::string>()] = {
        r["verdict"].get<std::string>(), r["states"].get<long>(), r["depth"].get<long>(),
        r.value("trace", nlohmann::json::array()), r.value("limit", std::string())};
  return out;
}

inline std::vector<std::string> events(const nlohmann::json& trace) {
  std::vector<std::string> out;
  for (const auto& step : trace) {
    std::string message = step["message"].get<std::string>();
    std::string text =
        fmt::format("{} {}", step["actor"].get<std::string>(), step["event"].get<std::string>());
    if (!message.empty()) text += fmt::format(" {}", message);
    out.push_back(std::move(text));
  }
  return out;
}

}  // namespace synack::test
