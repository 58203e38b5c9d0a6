// A machine type that answers as another one does, for tests that change one thing about a
// real machine (a step that throws, a step that writes where it should not, a codec without
// symmetry hooks) and override only that. It forwards what every machine declares (names,
// variables, rows, codec, steps, runner); the optional hooks (symbolic, permute_local) keep
// MachineType's defaults unless a test forwards them itself.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "checker/machine.hpp"

namespace synack::testing {

class ForwardingMachine : public checker::MachineType {
 public:
  explicit ForwardingMachine(std::shared_ptr<const checker::MachineType> inner)
      : inner_(std::move(inner)) {}
  std::string machine_name() const override { return inner_->machine_name(); }
  const std::vector<std::string>& state_names() const override { return inner_->state_names(); }
  const std::vector<checker::VariableSpec>& variables() const override {
    return inner_->variables();
  }
  const std::vector<checker::EventSpec>& env_events() const override {
    return inner_->env_events();
  }
  const std::vector<checker::RowSpec>& rows() const override { return inner_->rows(); }
  const checker::MessageCodec& codec() const override { return inner_->codec(); }
  std::vector<checker::Value> initial_local() const override { return inner_->initial_local(); }
  const std::vector<checker::Value>& end_states() const override { return inner_->end_states(); }
  checker::Firing fire_env(std::size_t event, const checker::Value* local,
                           checker::Value* next_local, checker::Outbox& out) const override {
    return inner_->fire_env(event, local, next_local, out);
  }
  checker::Firing fire_message(checker::Value message, const checker::Value* local,
                               checker::Value* next_local, checker::Outbox& out) const override {
    return inner_->fire_message(message, local, next_local, out);
  }
  std::unique_ptr<checker::MachineRunner> make_runner() const override {
    return inner_->make_runner();
  }

 protected:
  const checker::MachineType& inner() const { return *inner_; }

 private:
  std::shared_ptr<const checker::MachineType> inner_;
};

}  // namespace synack::testing
