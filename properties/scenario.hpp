// A scenario: a composition of machines and channels with parameters, and the properties
// claimed about it together with the verdicts its author expects at default parameters.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "checker/model.hpp"
#include "checker/property.hpp"

namespace synack::properties {

struct ParamSpec {
  std::string key;  // "channel.capacity"
  int default_value = 0;
  int min = 0;
  int max = 0;
  bool boolean = false;  // written true/false
  std::string description;
  // A choice among names: the value is an index into `choices` (min 0, max size - 1).
  std::vector<std::string> choices = {};
  // Another parameter that says the same thing another way: setting both is an error.
  std::string excludes = {};
  // Set explicitly, it is refused unless this other parameter has this value ({"tcp.isn",
  // "pinned"}): otherwise nothing reads it, and the run would ignore it without a word.
  std::pair<std::string, std::string> only_with = {};

  std::string format(int value) const;  // "3", "true"
  std::string range() const;            // "1..6", "true or false"
};

using ParamValues = std::map<std::string, int, std::less<>>;

// A mechanism of the scenario's machines that can be switched off through parameters,
// for `synack explain` (the third handshake segment, TIME-WAIT, retransmission, ...).
struct Mechanism {
  std::string name;
  std::string description;
  std::vector<std::string> disable;  // KEY=VALUE assignments that switch it off
};

struct Scenario {
  std::string name;  // "tcp/three-way-handshake"
  std::string description;
  std::vector<ParamSpec> params;
  std::vector<checker::PropertySpec> properties;
  // Builds the model for these (validated, complete) parameter values.
  std::function<std::unique_ptr<checker::Model>(const ParamValues&)> build;
  std::vector<Mechanism> mechanisms;
  // Actor arrays whose members the author declares interchangeable (ScenarioBuilder::
  // symmetric): `check --symmetry` reduces over them, once it has checked that it may.
  std::vector<std::string> symmetric = {};
  // Set when the declaration itself is wrong (ScenarioBuilder::build): the CLI refuses the
  // scenario with this one line, and `build` throws it, instead of the declaration
  // throwing before the CLI could report it.
  std::string error = {};
  // What a reader of this scenario's verdicts must be told beside them, one line each: a
  // learned model that is not input-complete or has unreachable states (`check` prints
  // them after the table, and the JSON has them under "notes").
  std::vector<std::string> notes = {};

  ParamValues defaults() const;
  const checker::PropertySpec* property(std::string_view name) const;
};

// Throws InputError listing the known scenarios.
const Scenario& find_scenario(const std::vector<Scenario>& scenarios, std::string_view name);

}  // namespace synack::properties
