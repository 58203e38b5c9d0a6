// The toy models of the engine tests walk two counters, x and y, through a few named
// groups. What they share is everything but the step itself: two slots with their
// maxima, the start at (0, 0), the group names, how a step and a state read, and no
// replay (no machines stand behind them). A test's model derives from this one and
// writes only `apply`.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "checker/model.hpp"

namespace synack::testing {

class TwoCounterModel : public checker::Model {
 public:
  TwoCounterModel(std::string actor, checker::Value x_max, checker::Value y_max,
                  std::vector<std::string> groups)
      : actor_(std::move(actor)), groups_(std::move(groups)) {
    layout_.add({"x", x_max, {}, nullptr});
    layout_.add({"y", y_max, {}, nullptr});
  }
  const checker::Layout& layout() const override { return layout_; }
  std::vector<checker::Value> initial_state() const override { return {0, 0}; }
  std::size_t group_count() const override { return groups_.size(); }
  std::string group_name(std::size_t g) const override { return groups_.at(g); }
  checker::StepInfo describe(std::size_t g, const checker::Value*) const override {
    checker::StepInfo info;
    info.actor = actor_;
    info.event = group_name(g);
    return info;
  }
  std::string summary(const checker::Value* s) const override {
    return "x=" + std::to_string(s[0]) + " y=" + std::to_string(s[1]);
  }
  std::optional<std::string> replay(
      const std::vector<std::size_t>&,
      const std::vector<std::vector<checker::Value>>&) const override {
    return std::nullopt;
  }

 private:
  checker::Layout layout_;
  std::string actor_;
  std::vector<std::string> groups_;
};

}  // namespace synack::testing
