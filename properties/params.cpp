#include "properties/params.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "checker/errors.hpp"
#include "checker/suggest.hpp"

namespace synack::properties {

std::string ParamSpec::format(int value) const {
  if (boolean) return value ? "true" : "false";
  if (!choices.empty()) return choices.at(static_cast<std::size_t>(value));
  return std::to_string(value);
}

std::string ParamSpec::range() const {
  if (boolean) return "true or false";
  if (!choices.empty()) return fmt::format("{}", fmt::join(choices, ", "));
  return fmt::format("{}..{}", min, max);
}

ParamValues Scenario::defaults() const {
  ParamValues values;
  for (const ParamSpec& p : params) values[p.key] = p.default_value;
  return values;
}

const checker::PropertySpec* Scenario::property(std::string_view wanted) const {
  for (const auto& p : properties)
    if (p.name == wanted) return &p;
  return nullptr;
}

Assignment parse_assignment(const std::string& text) {
  // The messages below quote the text: a control character would break the one line.
  for (std::size_t i = 0; i < text.size(); ++i)
    if (auto byte = static_cast<unsigned char>(text[i]); byte < 0x20 || byte == 0x7f)
      throw InputError(
          fmt::format("--set: control character 0x{:02x} at column {}; expected KEY=VALUE, e.g. "
                      "channel.capacity=3",
                      byte, i + 1));
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw InputError(fmt::format("--set '{}': expected KEY=VALUE, e.g. channel.capacity=3", text));
  return {text.substr(0, eq), text.substr(eq + 1)};
}

int parse_value(const ParamSpec& spec, const std::string& value) {
  if (spec.boolean) {
    if (value == "true" || value == "1") return 1;
    if (value == "false" || value == "0") return 0;
    throw InputError(
        fmt::format("--set {}={}: not a boolean; valid: true or false", spec.key, value));
  }
  if (!spec.choices.empty()) {
    auto it = std::find(spec.choices.begin(), spec.choices.end(), value);
    if (it == spec.choices.end())
      throw InputError(
          fmt::format("--set {}={}: unknown; valid: {}", spec.key, value, spec.range()));
    return static_cast<int>(it - spec.choices.begin());
  }
  long long parsed = 0;
  auto [end, err] = std::from_chars(value.data(), value.data() + value.size(), parsed);
  if (err != std::errc() || end != value.data() + value.size())
    throw InputError(
        fmt::format("--set {}={}: not an integer; valid: {}", spec.key, value, spec.range()));
  if (parsed < spec.min || parsed > spec.max)
    throw InputError(
        fmt::format("--set {}={}: out of range; valid: {}", spec.key, value, spec.range()));
  return static_cast<int>(parsed);
}

ParamValues resolve_params(const Scenario& scenario, const std::vector<Assignment>& sets) {
  ParamValues values = scenario.defaults();
  auto set = [&](std::string_view key) {
    return std::find_if(sets.begin(), sets.end(),
                        [&](const Assignment& a) { return a.key == key; });
  };
  for (const Assignment& a : sets) {
    auto spec = std::find_if(scenario.params.begin(), scenario.params.end(),
                             [&](const ParamSpec& p) { return p.key == a.key; });
    if (spec == scenario.params.end()) continue;
    values[a.key] = parse_value(*spec, a.value);
    if (!spec->excludes.empty())
      if (auto other = set(spec->excludes); other != sets.end())
        throw InputError(
            fmt::format("--set {}={} and --set {}={} say the same thing two ways: set one", a.key,
                        a.value, other->key, other->value));
  }
  for (const Assignment& a : sets) {
    auto spec = std::find_if(scenario.params.begin(), scenario.params.end(),
                             [&](const ParamSpec& p) { return p.key == a.key; });
    if (spec == scenario.params.end() || spec->only_with.first.empty()) continue;
    const auto& [key, wanted] = spec->only_with;
    auto other = std::find_if(scenario.params.begin(), scenario.params.end(),
                              [&](const ParamSpec& p) { return p.key == key; });
    if (other == scenario.params.end() || values.at(key) == parse_value(*other, wanted)) continue;
    throw InputError(
        fmt::format("--set {}={}: applies with {}={}, and this run has {}={} (drop "
                    "it, or set {}={})",
                    a.key, a.value, key, wanted, key, other->format(values.at(key)), key, wanted));
  }
  return values;
}

void check_keys_known(const std::vector<const Scenario*>& scenarios,
                      const std::vector<Assignment>& sets) {
  std::set<std::string> known;
  for (const Scenario* s : scenarios)
    for (const ParamSpec& p : s->params) known.insert(p.key);
  for (const Assignment& a : sets) {
    if (known.count(a.key)) continue;
    if (known.empty()) {
      std::vector<std::string> chosen;
      for (const Scenario* s : scenarios) chosen.push_back(s->name);
      throw InputError(fmt::format("--set {}: unknown parameter; {} {} none", a.key,
                                   fmt::join(chosen, ", "), chosen.size() == 1 ? "has" : "have"));
    }
    std::vector<std::string> names(known.begin(), known.end());
    throw InputError(fmt::format("--set {}: unknown parameter; {}", a.key,
                                 checker::valid_names("known", a.key, names, 40)));
  }
}

const Scenario& find_scenario(const std::vector<Scenario>& scenarios, std::string_view name) {
  for (const Scenario& s : scenarios)
    if (s.name == name) return s;
  std::vector<std::string> names;
  for (const Scenario& s : scenarios) names.push_back(s.name);
  throw InputError(fmt::format("unknown scenario '{}'; {}", name,
                               checker::valid_names("known", name, names, 40)));
}

}  // namespace synack::properties
