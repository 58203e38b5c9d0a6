// Parsing `--set KEY=VALUE` against a scenario's parameter specs. Every mistake is an
// InputError that names the key or value and says what is valid.
#pragma once

#include <string>
#include <vector>

#include "properties/scenario.hpp"

namespace synack::properties {

struct Assignment {
  std::string key;
  std::string value;
};

// Splits "KEY=VALUE"; throws InputError when malformed.
Assignment parse_assignment(const std::string& text);

// Parses one value for `spec`; throws InputError with the valid range.
int parse_value(const ParamSpec& spec, const std::string& value);

// Defaults overridden by those assignments whose key the scenario has.
ParamValues resolve_params(const Scenario& scenario, const std::vector<Assignment>& sets);

// Throws InputError unless every assignment's key belongs to at least one scenario.
void check_keys_known(const std::vector<const Scenario*>& scenarios,
                      const std::vector<Assignment>& sets);

}  // namespace synack::properties
