// The Boost.MSM adapter: what it reads from the declaration, and the agreement between
// the engine's interpreter and the real back-end.
#include <catch2/catch.hpp>

#include <random>

#include "checker/system.hpp"
#include "helpers.hpp"
#include "machines/tcp/tcp.hpp"

using namespace synack;
using checker::Value;

TEST_CASE("states, events, variables and rows come from the transition table") {
  auto m = machines::tcp::make_endpoint("tcp-endpoint", machines::tcp::Params{});
  // Boost.MSM's own numbering: source states in order of first appearance, then the rest.
  CHECK(m->state_names() == std::vector<std::string>{"CLOSED", "SYN-SENT", "SYN-RECEIVED", "LISTEN",
                                                     "ESTABLISHED", "CLOSE-WAIT", "FIN-WAIT-1",
                                                     "FIN-WAIT-2", "CLOSING", "LAST-ACK",
                                                     "TIME-WAIT"});
  std::vector<std::string> events;
  for (const auto& e : m->env_events())
    events.push_back(e.name + std::string(e.timer ? "(timer)" : ""));
  CHECK(events == std::vector<std::string>{"connect", "listen", "send", "abort", "timeout(timer)",
                                           "close", "2MSL timeout(timer)"});
  CHECK(m->variables().size() == 18);
  CHECK(m->variables()[0].name == "iss");
  CHECK(m->variables()[0].max == 15);
  REQUIRE(m->rows().size() == 119);
  const auto& first = m->rows()[0];
  CHECK(first.source == "CLOSED");
  CHECK(first.event == "connect");
  CHECK(first.target == "SYN-SENT");
  CHECK(first.action == "send SYN");
  CHECK(first.guard == "incarnations left");
  // The two-way policy is visible in the declaration as a guard on its own rows.
  int two_way_rows = 0;
  for (const auto& r : m->rows()) two_way_rows += r.guard.find("two-way") != std::string::npos;
  CHECK(two_way_rows == 2);
  CHECK(m->rows()[12].target.empty());  // CLOSED answers a SYN with a RST: internal row
}

namespace {

struct Walk {
  std::vector<std::size_t> groups;
  std::vector<std::vector<Value>> states;
};

Walk random_walk(const checker::Model& model, std::mt19937& rng, int max_steps) {
  Walk w{{}, {model.initial_state()}};
  std::vector<Value> next(model.layout().size());
  for (int step = 0; step < max_steps; ++step) {
    std::vector<std::size_t> enabled;
    for (std::size_t g = 0; g < model.group_count(); ++g)
      if (model.apply(g, w.states.back().data(), next.data())) enabled.push_back(g);
    if (enabled.empty()) break;
    std::size_t g = enabled[rng() % enabled.size()];
    model.apply(g, w.states.back().data(), next.data());
    w.groups.push_back(g);
    w.states.push_back(next);
  }
  return w;
}

const std::vector<std::string> kWalkParams = {"tcp.seq_space=4", "tcp.isn_step=1",
                                              "tcp.max_retries=2", "channel.capacity=3",
                                              "channel.duplicates=2"};

}  // namespace

TEST_CASE("interpreter and Boost.MSM back-end agree on what fires, along random walks") {
  // Replay runs every step through msm::back::state_machine and compares the whole
  // global state after each; random walks reach rows the shortest traces never use.
  for (const char* scenario : {"tcp/three-way-handshake", "tcp/two-way-handshake"}) {
    for (const char* lossy : {"channel.lossy=true", "channel.lossy=false"}) {
      auto params = kWalkParams;
      params.push_back(lossy);
      auto model = testing::build(scenario, params);
      std::mt19937 rng(20261122);
      std::size_t steps_taken = 0;
      for (int walk = 0; walk < 150; ++walk) {
        Walk w = random_walk(*model, rng, 60);
        steps_taken += w.groups.size();
        auto divergence = model->replay(w.groups, w.states);
        INFO(scenario << " " << lossy << " walk " << walk << ": " << divergence.value_or(""));
        REQUIRE_FALSE(divergence);
      }
      CHECK(steps_taken > 2000);
    }
  }
}

TEST_CASE("timed and three-actor scenarios replay along random walks too") {
  // Clock ticks count the real machines' timers down as well; the SYN-flood listener
  // and attacker are machines of their own.
  for (const char* scenario : {"tcp/time-wait", "tcp/syn-flood", "tcp/teardown",
                               "tcp/simultaneous-close", "tcp/handshake-loss"}) {
    auto model = testing::build(scenario);
    std::mt19937 rng(42);
    std::size_t steps_taken = 0, ticks = 0;
    for (int walk = 0; walk < 60; ++walk) {
      Walk w = random_walk(*model, rng, 80);
      steps_taken += w.groups.size();
      for (std::size_t g : w.groups) ticks += model->group_name(g) == "clock.tick";
      auto divergence = model->replay(w.groups, w.states);
      INFO(scenario << " walk " << walk << ": " << divergence.value_or(""));
      REQUIRE_FALSE(divergence);
    }
    CHECK(steps_taken > 300);
    if (std::string(scenario) == "tcp/time-wait") CHECK(ticks > 50);
  }
}

TEST_CASE("inputs the interpreter refuses, the Boost.MSM back-end refuses too") {
  // The dangerous disagreement is the silent one: a row the real machine would fire
  // but the interpreter does not, which would hide behaviour from every verdict. At
  // each state of some walks, offer every disabled group to the real machines.
  for (const char* lossy : {"channel.lossy=true", "channel.lossy=false"}) {
    auto params = kWalkParams;
    params.push_back(lossy);
    auto model = testing::build("tcp/three-way-handshake", params);
    std::mt19937 rng(7);
    std::vector<Value> next(model->layout().size());
    std::size_t offered = 0, discards = 0;
    for (int walk = 0; walk < 25; ++walk) {
      Walk w = random_walk(*model, rng, 30);
      for (std::size_t i = 0; i < w.states.size(); ++i) {
        for (std::size_t g = 0; g < model->group_count(); ++g) {
          if (model->apply(g, w.states[i].data(), next.data())) continue;
          std::vector<std::size_t> groups(w.groups.begin(),
                                          w.groups.begin() + static_cast<std::ptrdiff_t>(i));
          groups.push_back(g);
          std::vector<std::vector<Value>> states(
              w.states.begin(), w.states.begin() + static_cast<std::ptrdiff_t>(i) + 1);
          ++offered;
          // A delivery the receiver discards on a lossy channel is folded into the loss
          // by apply(); the real machine must discard it too (liveness lassos take it).
          if (model->liveness_only_step(g, w.states[i].data(), next.data())) {
            states.push_back(next);
            auto divergence = model->replay(groups, states);
            INFO(lossy << " walk " << walk << " state " << i << ": " << divergence.value_or(""));
            CHECK_FALSE(divergence);
            ++discards;
            continue;
          }
          states.push_back(w.states[i]);
          auto divergence = model->replay(groups, states);
          REQUIRE(divergence);
          INFO(lossy << " walk " << walk << " state " << i << ": " << *divergence);
          CHECK_THAT(*divergence, Catch::EndsWith("the real machines do not take this step"));
        }
      }
    }
    CHECK(offered > 2000);
    if (std::string(lossy) == "channel.lossy=true") CHECK(discards > 50);
    if (std::string(lossy) == "channel.lossy=false") CHECK(discards == 0);
  }
}

TEST_CASE("replay notices a trace that the machines do not produce") {
  auto c = testing::check("tcp/three-way-handshake", {}, {});
  const auto& trace = *c.result("connects").trace;
  std::vector<std::size_t> groups;
  std::vector<std::vector<Value>> states{trace.initial};
  for (const auto& s : trace.steps) {
    groups.push_back(s.group);
    states.push_back(s.state);
  }
  REQUIRE_FALSE(c.model->replay(groups, states));
  auto irs = c.model->layout().find("server.irs");
  REQUIRE(irs);
  states[3][*irs] = 7;  // claim the server recorded another IRS on step 3
  auto divergence = c.model->replay(groups, states);
  REQUIRE(divergence);
  CHECK_THAT(*divergence, Catch::StartsWith("step 3 (c2s.deliver[0]): the real machines reach"));
  CHECK_THAT(*divergence, Catch::Contains("server.irs=7"));
}
