#include "learned/networked_mealy.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "checker/errors.hpp"
#include "learned/mealy_machine.hpp"
#include "learned/reference_mealy.hpp"

namespace synack::learned {

namespace {

using checker::Firing;
using checker::Outbox;
using checker::Value;

constexpr std::size_t kNoEntry = static_cast<std::size_t>(-1);

// The wire messages by name; the same list on both sides, so the numbers agree.
class WireCodec final : public checker::MessageCodec {
 public:
  explicit WireCodec(std::vector<std::string> names) : names_(std::move(names)) {}
  Value count() const override { return static_cast<Value>(names_.size()); }
  std::string print(Value message) const override {
    return message >= 0 && message < count() ? names_[static_cast<std::size_t>(message)]
                                             : fmt::format("#{}", message);
  }
  std::string signature() const override {
    return fmt::format("wire{{{}}}", fmt::join(names_, " "));
  }

 private:
  std::vector<std::string> names_;
};

class NetworkedMealyType final : public checker::MachineType {
 public:
  NetworkedMealyType(std::shared_ptr<const MealyMachine> model, const ComposeMap& map, Side side)
      : model_(std::move(model)),
        codec_(map.wire_messages()),
        side_(side),
        reference_model_(
            std::make_shared<const ReferenceModel>(read_reference_model(model_->source))),
        reference_map_(std::make_shared<const ReferenceMap>(read_reference_map(map.source))) {
    const MealyMachine& m = *model_;
    // The standalone actor's checks: states, inputs, initial state, determinism.
    standalone_ = make_mealy_machine(model_);
    state_names_ = bind_compose_map(map, side, m);

    std::vector<std::string> wire = map.wire_messages();
    message_input_.assign(wire.size(), kNoEntry);
    for (std::size_t w = 0; w < wire.size(); ++w) {
      // A dropped output keeps its own name on the wire, which may also be one of this
      // model's inputs: only a name some `send` delivers is taken as an input.
      bool delivered = std::any_of(map.sends.begin(), map.sends.end(), [&](const auto& send) {
        return send.second.kind == ComposeMap::Send::Kind::kInput && send.second.input == wire[w];
      });
      auto it = std::find(m.inputs.begin(), m.inputs.end(), wire[w]);
      if (delivered && it != m.inputs.end())
        message_input_[w] = static_cast<std::size_t>(it - m.inputs.begin());
    }
    // Every input that does not come from the wire is a call the environment may make;
    // which ones it is offered the composition decides (System::add_actor).
    for (std::size_t i = 0; i < m.inputs.size(); ++i)
      if (std::find(message_input_.begin(), message_input_.end(), i) == message_input_.end()) {
        call_input_.push_back(i);
        events_.push_back({m.inputs[i], false});
      }

    // What each distinct answer puts on the wire, and its first unaccepted symbol.
    for (const Output& o : m.outputs) {
      Effect e;
      for (const std::string& symbol : o.symbols) {
        auto send = map.sends.find(symbol);
        if (send == map.sends.end()) {
          if (e.unaccepted == 0) e.unaccepted = static_cast<Value>(effects_.size() + 1);
          continue;
        }
        const std::string* on_wire =
            send->second.kind == ComposeMap::Send::Kind::kInput     ? &send->second.input
            : send->second.kind == ComposeMap::Send::Kind::kDropped ? &symbol
                                                                    : nullptr;
        if (on_wire)
          e.messages.push_back(
              static_cast<Value>(std::find(wire.begin(), wire.end(), *on_wire) - wire.begin()));
      }
      if (e.messages.size() > Outbox::kCapacity)
        throw InputError(fmt::format("{}: the answer {} sends {} messages; at most {} are carried",
                                     m.source, o.text(), e.messages.size(), Outbox::kCapacity));
      effects_.push_back(std::move(e));
    }

    std::vector<std::string> inputs{kNothingYet}, outputs{kNothingYet};
    inputs.insert(inputs.end(), m.inputs.begin(), m.inputs.end());
    for (const Output& o : m.outputs) outputs.push_back(o.text());
    variables_ = {{"in", static_cast<Value>(m.inputs.size()), false,
                   checker::VariableSpec::Initial::kFixed, inputs},
                  {"out", static_cast<Value>(m.outputs.size()), false,
                   checker::VariableSpec::Initial::kFixed, outputs},
                  {"unaccepted", static_cast<Value>(m.outputs.size()), false,
                   checker::VariableSpec::Initial::kFixed, outputs}};

    // One row per (state, input), in file order, named as the composition names states.
    table_.assign(m.states.size() * m.inputs.size(), kNoEntry);
    row_index_.assign(m.transitions.size(), -1);
    for (std::size_t t = 0; t < m.transitions.size(); ++t) {
      const MealyMachine::Transition& tr = m.transitions[t];
      std::size_t& cell = table_[tr.from * m.inputs.size() + tr.input];
      if (cell != kNoEntry) continue;  // a repeat: make_mealy_machine checked it agrees
      cell = t;
      row_index_[t] = static_cast<int>(rows_.size());
      rows_.push_back({state_names_[tr.from], m.inputs[tr.input], state_names_[tr.to],
                       outputs[tr.output + 1], ""});
    }
    // The event a step reports: a call with its answer ("CONNECT / SYN(FRESH,ZERO,0)"), or
    // the answer to a message, which the trace prints after it ("answers ACK(NEXT,NEXT,0)
    // to SYN+ACK(V,V,0)").
    labels_.reserve(m.transitions.size());
    for (const MealyMachine::Transition& tr : m.transitions) {
      bool from_wire =
          std::find(message_input_.begin(), message_input_.end(), tr.input) != message_input_.end();
      labels_.push_back(from_wire ? "answers " + outputs[tr.output + 1] + " to"
                                  : m.inputs[tr.input] + " / " + outputs[tr.output + 1]);
    }
  }

  std::string machine_name() const override { return model_->name; }
  const std::vector<std::string>& state_names() const override { return state_names_; }
  const std::vector<checker::VariableSpec>& variables() const override { return variables_; }
  const std::vector<checker::EventSpec>& env_events() const override { return events_; }
  const std::vector<checker::RowSpec>& rows() const override { return rows_; }
  const checker::MessageCodec& codec() const override { return codec_; }
  std::vector<Value> initial_local() const override {
    return {static_cast<Value>(model_->initial), 0, 0, 0};
  }
  const std::vector<Value>& end_states() const override { return no_end_states_; }

  Firing fire_env(std::size_t event, const Value* local, Value* next_local,
                  Outbox& out) const override {
    return take_input(call_input_.at(event), local, next_local, out);
  }
  Firing fire_message(Value message, const Value* local, Value* next_local,
                      Outbox& out) const override {
    std::size_t input = message_input_.at(static_cast<std::size_t>(message));
    if (input == kNoEntry) return {};  // a segment this side's stack drops
    return take_input(input, local, next_local, out);
  }

  // Replay runs the files read again, on a path of its own (learned/reference_mealy.hpp).
  std::unique_ptr<checker::MachineRunner> make_runner() const override {
    return make_reference_runner(*this, reference_model_, reference_map_, side_name(side_));
  }

  std::string why_not_symbolic() const override { return standalone_->why_not_symbolic(); }

 private:
  struct Effect {
    std::vector<Value> messages;  // on the wire, in order
    Value unaccepted = 0;         // 1 + the output's index when a symbol has no input
  };

  Firing take_input(std::size_t input, const Value* local, Value* next_local, Outbox& out) const {
    std::size_t t = table_[static_cast<std::size_t>(local[0]) * model_->inputs.size() + input];
    if (t == kNoEntry) return {};  // not input-complete here: the learner never saw it
    return take(t, local, next_local, out);
  }

  Firing take(std::size_t t, const Value* local, Value* next_local, Outbox& out) const {
    const MealyMachine::Transition& tr = model_->transitions[t];
    const Effect& e = effects_[tr.output];
    next_local[0] = static_cast<Value>(tr.to);
    next_local[1] = static_cast<Value>(tr.input + 1);
    next_local[2] = static_cast<Value>(tr.output + 1);
    next_local[3] = local[3] != 0 ? local[3] : e.unaccepted;
    for (Value m : e.messages) out.messages[out.count++] = m;
    return {true, labels_[t].c_str(), row_index_[t]};
  }

  std::shared_ptr<const MealyMachine> model_;
  std::shared_ptr<const checker::MachineType> standalone_;
  WireCodec codec_;
  Side side_;
  std::shared_ptr<const ReferenceModel> reference_model_;
  std::shared_ptr<const ReferenceMap> reference_map_;
  std::vector<std::string> state_names_;
  std::vector<std::size_t> message_input_;  // wire message -> model input, or kNoEntry
  std::vector<std::size_t> call_input_;     // env event -> model input
  std::vector<Effect> effects_;             // by output index
  std::vector<checker::VariableSpec> variables_;
  std::vector<checker::EventSpec> events_;
  std::vector<checker::RowSpec> rows_;
  std::vector<std::size_t> table_;  // state * inputs + input -> transition, or kNoEntry
  std::vector<std::string> labels_;
  std::vector<int> row_index_;
  std::vector<Value> no_end_states_;
};

}  // namespace

std::shared_ptr<const checker::MachineType> make_networked_mealy(
    std::shared_ptr<const MealyMachine> model, const ComposeMap& map, Side side) {
  if (!model) throw InternalError("make_networked_mealy: no model");
  return std::make_shared<NetworkedMealyType>(std::move(model), map, side);
}

}  // namespace synack::learned
