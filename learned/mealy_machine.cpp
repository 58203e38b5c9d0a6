#include "learned/mealy_machine.hpp"

#include <fmt/format.h>

#include "checker/errors.hpp"

namespace synack::learned {

namespace {

using checker::Firing;
using checker::Outbox;
using checker::Value;

// A learned model answers on no channel of its own (its answers are its `out` variable);
// composition maps them to another machine's messages (learned/mapping).
class SilentCodec final : public checker::MessageCodec {
 public:
  Value count() const override { return 0; }
  std::string print(Value message) const override { return fmt::format("#{}", message); }
};

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

class MealyMachineType final : public checker::MachineType {
 public:
  explicit MealyMachineType(std::shared_ptr<const MealyMachine> model) : model_(std::move(model)) {
    const MealyMachine& m = *model_;
    if (m.states.empty()) throw InputError(m.source + ": the model has no states");
    if (m.inputs.empty()) throw InputError(m.source + ": the model has no inputs");
    if (m.initial >= m.states.size())
      throw InputError(fmt::format("{}: the initial state is not one of the {} states", m.source,
                                   m.states.size()));
    std::vector<std::string> inputs{kNothingYet}, outputs{kNothingYet};
    inputs.insert(inputs.end(), m.inputs.begin(), m.inputs.end());
    for (const Output& o : m.outputs) outputs.push_back(o.text());
    variables_ = {{"in", static_cast<Value>(m.inputs.size()), false,
                   checker::VariableSpec::Initial::kFixed, inputs},
                  {"out", static_cast<Value>(m.outputs.size()), false,
                   checker::VariableSpec::Initial::kFixed, outputs}};
    for (const std::string& input : m.inputs) events_.push_back({input, false});

    table_.assign(m.states.size() * m.inputs.size(), kNone);
    for (std::size_t t = 0; t < m.transitions.size(); ++t) {
      const MealyMachine::Transition& tr = m.transitions[t];
      if (tr.from >= m.states.size() || tr.to >= m.states.size() || tr.input >= m.inputs.size() ||
          tr.output >= m.outputs.size())
        throw InputError(
            fmt::format("{}:{}: the transition names a state, input or output the "
                        "model does not have",
                        m.source, tr.line));
      std::size_t& cell = table_[tr.from * m.inputs.size() + tr.input];
      if (cell != kNone) {
        const MealyMachine::Transition& first = m.transitions[cell];
        if (first.to != tr.to || first.output != tr.output)
          throw InputError(fmt::format(
              "{}:{}: state {} answers input {} differently than on line {}; a model to check "
              "must be deterministic (one answer per state and input)",
              m.source, tr.line, m.states[tr.from], m.inputs[tr.input], first.line));
        continue;
      }
      cell = t;
      rows_.push_back(
          {m.states[tr.from], m.inputs[tr.input], m.states[tr.to], outputs[tr.output + 1], ""});
    }
    // The event a step reports: what was sent and what came back.
    labels_.reserve(m.transitions.size());
    row_index_.assign(m.transitions.size(), -1);
    for (std::size_t t = 0; t < m.transitions.size(); ++t) {
      const MealyMachine::Transition& tr = m.transitions[t];
      labels_.push_back(m.inputs[tr.input] + " / " + outputs[tr.output + 1]);
    }
    for (std::size_t r = 0, t = 0; t < m.transitions.size(); ++t)
      if (table_[m.transitions[t].from * m.inputs.size() + m.transitions[t].input] == t)
        row_index_[t] = static_cast<int>(r++);
  }

  std::string machine_name() const override { return model_->name; }
  const std::vector<std::string>& state_names() const override { return model_->states; }
  const std::vector<checker::VariableSpec>& variables() const override { return variables_; }
  const std::vector<checker::EventSpec>& env_events() const override { return events_; }
  const std::vector<checker::RowSpec>& rows() const override { return rows_; }
  const checker::MessageCodec& codec() const override { return codec_; }
  std::vector<Value> initial_local() const override {
    return {static_cast<Value>(model_->initial), 0, 0};
  }
  const std::vector<Value>& end_states() const override { return no_end_states_; }

  Firing fire_env(std::size_t event, const Value* local, Value* next_local,
                  Outbox&) const override {
    std::size_t state = static_cast<std::size_t>(local[0]);
    std::size_t t = table_[state * model_->inputs.size() + event];
    if (t == kNone) return {};
    return take(t, next_local);
  }
  Firing fire_message(Value, const Value*, Value*, Outbox&) const override { return {}; }

  // Follows the model's own lookup (MealyMachine::step), not the table above.
  class Runner final : public checker::MachineRunner {
   public:
    explicit Runner(const MealyMachineType& type) : type_(type), local_{type.initial_local()} {}
    Firing fire_env(std::size_t event, Outbox&) override {
      auto tr = type_.model_->step(static_cast<std::size_t>(local_[0]), event);
      if (!tr) return {};
      // The runner's own index of the transition it took, found by value.
      const auto& all = type_.model_->transitions;
      for (std::size_t t = 0; t < all.size(); ++t)
        if (all[t].from == tr->from && all[t].input == tr->input && all[t].line == tr->line)
          return type_.take(t, local_.data());
      throw InternalError(type_.model_->source + ": step() returned a transition it does not hold");
    }
    Firing fire_message(Value, Outbox&) override { return {}; }
    void read_local(Value* local) const override { std::copy(local_.begin(), local_.end(), local); }
    void advance_clock() override {}
    void start_from(const Value* local) override {
      std::copy(local + 1, local + type_.local_size(), local_.begin() + 1);
    }

   private:
    const MealyMachineType& type_;
    std::vector<Value> local_;
  };

  std::unique_ptr<checker::MachineRunner> make_runner() const override {
    return std::make_unique<Runner>(*this);
  }

  std::string why_not_symbolic() const override {
    return "learned model " + model_->name +
           " is a table read at run time, not machine code the Z3 engines can run over "
           "symbolic values; use the explicit engine";
  }

 private:
  Firing take(std::size_t t, Value* next_local) const {
    const MealyMachine::Transition& tr = model_->transitions[t];
    next_local[0] = static_cast<Value>(tr.to);
    next_local[1] = static_cast<Value>(tr.input + 1);
    next_local[2] = static_cast<Value>(tr.output + 1);
    return {true, labels_[t].c_str(), row_index_[t]};
  }

  std::shared_ptr<const MealyMachine> model_;
  std::vector<checker::VariableSpec> variables_;
  std::vector<checker::EventSpec> events_;
  std::vector<checker::RowSpec> rows_;
  std::vector<std::size_t> table_;  // state * inputs + input -> transition, or kNone
  std::vector<std::string> labels_;
  std::vector<int> row_index_;  // transition -> its row in rows_, or -1 for a repeat
  std::vector<Value> no_end_states_;
  SilentCodec codec_;
};

}  // namespace

std::shared_ptr<const checker::MachineType> make_mealy_machine(
    std::shared_ptr<const MealyMachine> model) {
  if (!model) throw InternalError("make_mealy_machine: no model");
  return std::make_shared<MealyMachineType>(std::move(model));
}

}  // namespace synack::learned
