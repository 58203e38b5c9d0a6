// The public scenario builder (include/synack/scenario.hpp) over checker::System.
#include <algorithm>
#include <cctype>
#include <set>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "checker/errors.hpp"
#include "checker/fairness_form.hpp"
#include "checker/machine_code_error.hpp"
#include "checker/system.hpp"
#include "properties/channel_params.hpp"
#include "synack/scenario.hpp"

namespace synack {

namespace {

// The names a property can spell: `client.state`, `forall c in client`. The expression
// tokenizer (checker/expr_tokens.cpp) reads a slot as one word of letters, digits, '_',
// '.' and '[]', and splits it at the dots, so an actor's own name takes no dot, bracket
// or space.
void check_actor_name(const std::string& name, std::string_view what) {
  const auto word_character = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  };
  if (!name.empty() && !std::isdigit(static_cast<unsigned char>(name.front())) &&
      std::all_of(name.begin(), name.end(), word_character))
    return;
  throw InputError(
      fmt::format("{} name '{}': use letters, digits and '_', starting with a letter or '_' "
                  "(properties name its variables as NAME.variable), like 'client'",
                  what, name));
}

// "parameters x=3 y=1": the values the model function was given.
std::string values_text(const ParamValues& values) {
  if (values.empty()) return "no parameters";
  std::string text = "parameters";
  for (const auto& [key, value] : values) text += fmt::format(" {}={}", key, value);
  return text;
}

}  // namespace

Composition::Composition(checker::System& system, const ParamValues& values)
    : system_(system), values_(values) {}

int Composition::param(std::string_view key) const {
  auto it = values_.find(key);
  if (it == values_.end()) {
    std::string known;
    for (const auto& [k, v] : values_) known += (known.empty() ? "" : ", ") + k;
    throw InputError(
        fmt::format("the model reads parameter '{}', which the scenario does not "
                    "declare; declared: {}",
                    key, known.empty() ? std::string("none") : known));
  }
  return it->second;
}

ChannelPolicy Composition::channel_policy() const {
  std::vector<std::string> missing;
  for (const char* key :
       {"channel.capacity", "channel.duplicates", "channel.lossy", "channel.ordered"})
    if (!values_.contains(key)) missing.push_back(key);
  if (!missing.empty())
    throw InputError(fmt::format(
        "channel_policy() needs .channel_params(...) on the scenario builder: the channel "
        "parameters it reads are not declared (missing: {})",
        fmt::join(missing, ", ")));
  return properties::channel_policy(values_);
}

Actor Composition::actor(std::string name, std::shared_ptr<const Machine> machine,
                         const std::vector<std::string>& env_events) {
  check_actor_name(name, "actor");
  return {system_.add_actor(std::move(name), std::move(machine), env_events)};
}

ActorArray Composition::actors(std::string name, int count,
                               const std::function<std::shared_ptr<const Machine>(int)>& make,
                               const std::vector<std::string>& env_events) {
  check_actor_name(name, "actor array");
  if (count < 0) throw InputError(fmt::format("actor array {} of {} actors", name, count));
  ActorArray array{name, {}};
  for (int i = 0; i < count; ++i)
    array.members.push_back(
        {system_.add_actor(fmt::format("{}[{}]", name, i), make(i), env_events)});
  return array;
}

void Composition::channel(std::string name, Actor from, Actor to, ChannelPolicy policy) {
  system_.add_channel(std::move(name), from.index, to.index, policy);
}

void Composition::channels(const std::string& name, Actor from, const ActorArray& to,
                           ChannelPolicy policy) {
  for (std::size_t i = 0; i < to.members.size(); ++i)
    channel(fmt::format("{}[{}]", name, i), from, to.members[i], policy);
}

void Composition::channels(const std::string& name, const ActorArray& from, Actor to,
                           ChannelPolicy policy) {
  for (std::size_t i = 0; i < from.members.size(); ++i)
    channel(fmt::format("{}[{}]", name, i), from.members[i], to, policy);
}

void Composition::stack(Actor upper, Actor lower) {
  system_.stack(upper.index, lower.index);
}

void Composition::monitor(MonitorSpec spec) {
  system_.add_monitor(std::move(spec));
}

ScenarioBuilder::ScenarioBuilder(std::string name, std::string description) {
  scenario_.name = std::move(name);
  scenario_.description = std::move(description);
}

ScenarioBuilder& ScenarioBuilder::param(std::string key, int default_value, int min, int max,
                                        std::string description) {
  scenario_.params.push_back(
      {std::move(key), default_value, min, max, false, std::move(description)});
  return *this;
}

ScenarioBuilder& ScenarioBuilder::flag(std::string key, bool default_value,
                                       std::string description) {
  scenario_.params.push_back(
      {std::move(key), default_value ? 1 : 0, 0, 1, true, std::move(description)});
  return *this;
}

ScenarioBuilder& ScenarioBuilder::channel_params(int capacity, int duplicates, bool lossy,
                                                 bool ordered) {
  for (ParamSpec& p : properties::channel_params(capacity, duplicates)) {
    if (p.key == "channel.lossy") p.default_value = lossy ? 1 : 0;
    if (p.key == "channel.ordered") p.default_value = ordered ? 1 : 0;
    scenario_.params.push_back(std::move(p));
  }
  return *this;
}

ScenarioBuilder& ScenarioBuilder::model(std::function<void(Composition&)> build) {
  model_ = std::move(build);
  return *this;
}

ScenarioBuilder& ScenarioBuilder::always(std::string name, std::string expression,
                                         std::string description, Verdict expected) {
  scenario_.properties.push_back({std::move(name), PropertyKind::kAlways, std::move(expression),
                                  std::move(description), expected});
  return *this;
}

ScenarioBuilder& ScenarioBuilder::sometimes(std::string name, std::string expression,
                                            std::string description, Verdict expected) {
  scenario_.properties.push_back({std::move(name), PropertyKind::kSometimes, std::move(expression),
                                  std::move(description), expected});
  return *this;
}

ScenarioBuilder& ScenarioBuilder::deadlock_free(std::string name, std::string end_states,
                                                std::string description, Verdict expected) {
  scenario_.properties.push_back({std::move(name), PropertyKind::kDeadlockFree,
                                  std::move(end_states), std::move(description), expected});
  return *this;
}

ScenarioBuilder& ScenarioBuilder::eventually(std::string name, std::string expression,
                                             std::vector<std::string> fairness,
                                             std::string description, Verdict expected) {
  scenario_.properties.push_back(checker::liveness(std::move(name), PropertyKind::kEventually,
                                                   std::move(expression), std::move(fairness),
                                                   std::move(description), expected));
  return *this;
}

ScenarioBuilder& ScenarioBuilder::leads_to(std::string name, std::string premise,
                                           std::string consequence,
                                           std::vector<std::string> fairness,
                                           std::string description, Verdict expected) {
  scenario_.properties.push_back(checker::leads_to(std::move(name), std::move(premise),
                                                   std::move(consequence), std::move(fairness),
                                                   std::move(description), expected));
  return *this;
}

ScenarioBuilder& ScenarioBuilder::always_eventually(std::string name, std::string expression,
                                                    std::vector<std::string> fairness,
                                                    std::string description, Verdict expected) {
  scenario_.properties.push_back(checker::liveness(std::move(name), PropertyKind::kAlwaysEventually,
                                                   std::move(expression), std::move(fairness),
                                                   std::move(description), expected));
  return *this;
}

ScenarioBuilder& ScenarioBuilder::mechanism(std::string name, std::string description,
                                            std::vector<std::string> disable) {
  scenario_.mechanisms.push_back({std::move(name), std::move(description), std::move(disable)});
  return *this;
}

ScenarioBuilder& ScenarioBuilder::symmetric(std::string array) {
  scenario_.symmetric.push_back(std::move(array));
  return *this;
}

Scenario ScenarioBuilder::build() const {
  Scenario s = scenario_;
  try {
    validate();
  } catch (const InputError& e) {
    s.error = e.what();
    s.build = [error = s.error](const ParamValues&) -> std::unique_ptr<checker::Model> {
      throw InputError(error);
    };
    return s;
  }
  s.build = [model = model_,
             name = scenario_.name](const ParamValues& values) -> std::unique_ptr<checker::Model> {
    auto system = std::make_unique<checker::System>();
    Composition composition(*system, values);
    try {
      model(composition);
    } catch (const InputError&) {
      throw;  // the composition's own refusals already name what is wrong
    } catch (const InternalError&) {
      throw;
    } catch (const std::bad_alloc&) {
      throw;
    } catch (...) {
      // The user's own code refusing these parameters (or failing): theirs, not synack's.
      throw InputError(fmt::format(
          "scenario {}: its model function threw {} with {}; fix the model function, or set "
          "other parameter values",
          name, checker::exception_text(std::current_exception()), values_text(values)));
    }
    system->finalize();
    return system;
  };
  return s;
}

void ScenarioBuilder::validate() const {
  const std::string& n = scenario_.name;
  if (n.empty() || n.find_first_of(" \t\n") != std::string::npos)
    throw InputError(
        fmt::format("scenario name '{}': give a name without spaces, like "
                    "'myproto/handshake'",
                    n));
  if (!model_)
    throw InputError("scenario " + n +
                     " has no model: call .model([](synack::Composition& c) {...})");
  std::set<std::string> seen;
  for (const ParamSpec& p : scenario_.params) {
    if (!seen.insert(p.key).second)
      throw InputError(fmt::format("scenario {}: parameter {} is declared twice", n, p.key));
    if (p.min > p.max)
      throw InputError(fmt::format(
          "scenario {}: parameter {} has min {} above its max {}; give min <= default <= max", n,
          p.key, p.min, p.max));
    if (p.default_value < p.min || p.default_value > p.max)
      throw InputError(fmt::format("scenario {}: parameter {} has default {} outside {}..{}", n,
                                   p.key, p.default_value, p.min, p.max));
  }
  seen.clear();
  for (const std::string& array : scenario_.symmetric)
    if (!seen.insert(array).second)
      throw InputError(fmt::format("scenario {}: symmetric(\"{}\") is declared twice", n, array));
  seen.clear();
  const auto& properties = scenario_.properties;
  for (std::size_t i = 0; i < properties.size(); ++i) {
    const PropertySpec& p = properties[i];
    if (p.name.empty())
      throw InputError(
          fmt::format("scenario {}: property {} of {} has an empty name; give each property a name",
                      n, i + 1, properties.size()));
    if (!seen.insert(p.name).second)
      throw InputError(fmt::format(
          "scenario {}: two properties are named '{}'; give each its own name", n, p.name));
    try {
      checker::check_fairness_form(p.fairness);
    } catch (const InputError& e) {
      throw InputError(fmt::format("scenario {}, property {}: {}", n, p.name, e.what()));
    }
  }
}

}  // namespace synack
