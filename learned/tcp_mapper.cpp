#include "learned/tcp_mapper.hpp"

#include <algorithm>
#include <functional>
#include <optional>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "learned/mealy_machine.hpp"
#include "learned/reference_tcp.hpp"
#include "learned/symbol_map.hpp"

namespace synack::learned {

namespace {

using checker::Firing;
using checker::Outbox;
using checker::Value;

// tcp-endpoint's flag bits (machines/tcp/segment.hpp), read through the codec's fields.
constexpr Value kSyn = 1, kAck = 2, kRst = 4, kFin = 8;
// Slots of the local state after the learned state.
enum Slot : std::size_t {
  kIn = 1,
  kOut,
  kUnaccepted,
  kRefused,
  kSndNxt,
  kRcvNxt,
  kSynced,
  kLastAck,
  kConnections
};

// One learned output symbol as a segment: its flags and where its numbers come from.
struct Plan {
  enum class Kind { kNothing, kSegment, kUnaccepted } kind = Kind::kNothing;
  Value flags = 0;
  bool data = false;
  std::string seq, ack;  // NEXT, CURRENT, FRESH or ZERO
};

// "ACK+SYN(CURRENT,NEXT,0)" -> flags, numbers; a symbol without parentheses sends nothing.
Plan plan_of(const std::string& symbol) {
  Plan p;
  std::size_t open = symbol.find('('), close = symbol.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return p;
  std::string flags = symbol.substr(0, open);
  std::string args = symbol.substr(open + 1, close - open - 1);
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= args.size(); ++i)
    if (i == args.size() || args[i] == ',') {
      parts.push_back(args.substr(start, i - start));
      start = i + 1;
    }
  if (parts.size() != 3) return p;
  start = 0;
  for (std::size_t i = 0; i <= flags.size(); ++i)
    if (i == flags.size() || flags[i] == '+') {
      std::string f = flags.substr(start, i - start);
      start = i + 1;
      if (f == "SYN")
        p.flags |= kSyn;
      else if (f == "ACK")
        p.flags |= kAck;
      else if (f == "RST")
        p.flags |= kRst;
      else if (f == "FIN")
        p.flags |= kFin;
      else if (f == "PSH")
        p.data = true;
      else
        return p;
    }
  p.seq = parts[0];
  p.ack = parts[1];
  p.data = p.data || parts[2] != "0";
  p.kind = p.ack == "FRESH" && (p.flags & kAck) ? Plan::Kind::kUnaccepted : Plan::Kind::kSegment;
  return p;
}

// The spec codec's way of printing flags: SYN, FIN, RST, ACK joined by '-'.
std::string flags_text(Value flags) {
  std::string out;
  for (auto [bit, name] : {std::pair{kSyn, "SYN"}, {kFin, "FIN"}, {kRst, "RST"}, {kAck, "ACK"}})
    if (flags & bit) {
      if (!out.empty()) out += '-';
      out += name;
    }
  return out;
}

// The model input a received segment is, by its flags; empty when the model has none.
std::string input_of(Value flags, bool data) {
  switch (flags) {
    case kSyn:
      return "SYN(V,V,0)";
    case kSyn | kAck:
      return "SYN+ACK(V,V,0)";
    case kAck:
      return data ? "ACK+PSH(V,V,1)" : "ACK(V,V,0)";
    case kFin | kAck:
      return "FIN+ACK(V,V,0)";
    case kRst:
      return "RST(V,V,0)";
    case kRst | kAck:
      return "ACK+RST(V,V,0)";
    default:
      return {};
  }
}

class TcpMappedActor final : public checker::MachineType {
 public:
  TcpMappedActor(std::shared_ptr<const MealyMachine> model, const ComposeMap& map, Side side,
                 std::shared_ptr<const checker::MachineType> spec, Value iss)
      : model_(std::move(model)),
        spec_(std::move(spec)),
        messages_(*spec_, {}),
        iss_(iss),
        side_(side),
        reference_model_(
            std::make_shared<const ReferenceModel>(read_reference_model(model_->source))),
        reference_map_(std::make_shared<const ReferenceMap>(read_reference_map(map.source))) {
    const MealyMachine& m = *model_;
    standalone_ = make_mealy_machine(model_);
    state_names_ = bind_compose_map(map, side, m);
    auto fields = spec_->codec().fields();
    auto field = [&](const char* name) {
      for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i].name == name) return i;
      throw InputError(
          fmt::format("compose: spec {}'s messages have no field '{}' (a TCP "
                      "segment has flags, seq, ack and data)",
                      spec_->machine_name(), name));
    };
    flags_field_ = field("flags");
    seq_field_ = field("seq");
    ack_field_ = field("ack");
    data_field_ = field("data");
    space_ = fields[seq_field_].max + 1;
    iss_ = ((iss_ % space_) + space_) % space_;

    for (std::size_t i = 0; i < m.inputs.size(); ++i) {
      bool network = m.inputs[i].find('(') != std::string::npos;
      if (!network) {
        call_input_.push_back(i);
        events_.push_back({m.inputs[i], false});
      }
    }
    for (const Output& o : m.outputs) {
      std::vector<Plan> plans;
      for (const std::string& s : o.symbols) plans.push_back(plan_of(s));
      plans_.push_back(std::move(plans));
    }
    std::vector<std::string> inputs{kNothingYet}, outputs{kNothingYet};
    inputs.insert(inputs.end(), m.inputs.begin(), m.inputs.end());
    for (const Output& o : m.outputs) outputs.push_back(o.text());
    using Init = checker::VariableSpec::Initial;
    Value n = space_ - 1;
    variables_ = {
        {"in", static_cast<Value>(m.inputs.size()), false, Init::kFixed, inputs},
        {"out", static_cast<Value>(m.outputs.size()), false, Init::kFixed, outputs},
        {"unaccepted", static_cast<Value>(m.outputs.size()), false, Init::kFixed, outputs},
        {"refused", 1},
        {"snd_nxt", n},
        {"rcv_nxt", n},
        {"synced", 1},
        {"last_ack", n},
        {"connections", 2}};
    for (std::size_t t = 0; t < m.transitions.size(); ++t) {
      const auto& tr = m.transitions[t];
      rows_.push_back({state_names_[tr.from], m.inputs[tr.input], state_names_[tr.to],
                       outputs[tr.output + 1], ""});
      labels_.push_back(m.inputs[tr.input] + " / " + outputs[tr.output + 1]);
    }
  }

  std::string machine_name() const override { return model_->name; }
  const std::vector<std::string>& state_names() const override { return state_names_; }
  const std::vector<checker::VariableSpec>& variables() const override { return variables_; }
  const std::vector<checker::EventSpec>& env_events() const override { return events_; }
  const std::vector<checker::RowSpec>& rows() const override { return rows_; }
  const checker::MessageCodec& codec() const override { return spec_->codec(); }
  std::vector<Value> initial_local() const override {
    return {static_cast<Value>(model_->initial), 0, 0, 0, 0, iss_, 0, 0, 0, 0};
  }
  const std::vector<Value>& end_states() const override { return no_end_states_; }

  using Lookup = std::function<std::optional<MealyMachine::Transition>(std::size_t, std::size_t)>;

  Firing fire_env(std::size_t event, const Value* local, Value* next, Outbox& out) const override {
    return call(call_input_.at(event), local, next, out, table_lookup());
  }
  Firing fire_message(Value message, const Value* local, Value* next, Outbox& out) const override {
    return receive(message, local, next, out, table_lookup());
  }

  // Replay runs the files read again and the mapper's rules written again
  // (learned/reference_tcp.hpp), not call() and receive() below.
  std::unique_ptr<checker::MachineRunner> make_runner() const override {
    return make_reference_tcp_runner(*this, reference_model_, reference_map_, side_name(side_));
  }
  std::string why_not_symbolic() const override { return standalone_->why_not_symbolic(); }

 private:
  Lookup table_lookup() const {
    return [this](std::size_t s, std::size_t i) { return model_->step(s, i); };
  }
  Value mod(Value v) const { return ((v % space_) + space_) % space_; }

  // A segment from the spec: the model's input when its numbers are valid.
  Firing receive(Value message, const Value* local, Value* next, Outbox& out,
                 const Lookup& lookup) const {
    std::vector<Value> f = spec_->codec().field_values(message);
    Value flags = f[flags_field_], seq = f[seq_field_], ack = f[ack_field_];
    bool data = f[data_field_] != 0;
    std::copy(local, local + local_size(), next);
    std::string name = input_of(flags, data);
    auto it = std::find(model_->inputs.begin(), model_->inputs.end(), name);
    bool synced = local[kSynced] != 0;
    bool valid = false;
    if (!synced)
      valid = flags == kSyn ||
              ((flags == (kSyn | kAck) || flags == (kRst | kAck)) && ack == local[kSndNxt]);
    else
      valid = seq == local[kRcvNxt] && (!(flags & kAck) || ack == local[kSndNxt]);
    if (name.empty() || it == model_->inputs.end() || !valid) {
      next[kRefused] = 1;
      return {true, "refuses (no valid input)", -1};
    }
    // Not input-complete here: the segment is discarded and nothing changes.
    if (!lookup(static_cast<std::size_t>(local[0]),
                static_cast<std::size_t>(it - model_->inputs.begin())))
      return {};
    if (flags & kSyn) {
      next[kRcvNxt] = mod(seq + 1);
      next[kSynced] = 1;
    } else {
      next[kRcvNxt] = mod(seq + ((flags & kFin) ? 1 : 0) + (data ? 1 : 0));
    }
    if (flags & kAck) next[kLastAck] = ack;
    if (flags & kRst) next[kSynced] = 0;
    std::size_t sent_before = out.count;
    Firing fired = take(static_cast<std::size_t>(it - model_->inputs.begin()), next, out, lookup);
    // A SYN answered with silence (a closed port that says nothing, Windows 8) was not
    // taken up: the stack keeps no number of it, so neither does the mapper, and the
    // peer's retransmission of it is the same valid SYN again.
    if (flags == kSyn && !synced && out.count == sent_before) {
      next[kRcvNxt] = local[kRcvNxt];
      next[kSynced] = 0;
    }
    return fired;
  }

  Firing call(std::size_t input, const Value* local, Value* next, Outbox& out,
              const Lookup& lookup) const {
    std::copy(local, local + local_size(), next);
    return take(input, next, out, lookup);
  }

  // The model's step from next[0], then its answer as segments; `next` holds the mapper's
  // numbers after the input and is updated in place.
  Firing take(std::size_t input, Value* next, Outbox& out, const Lookup& lookup) const {
    auto tr = lookup(static_cast<std::size_t>(next[0]), input);
    if (!tr) return {};
    next[0] = static_cast<Value>(tr->to);
    next[kIn] = static_cast<Value>(tr->input + 1);
    next[kOut] = static_cast<Value>(tr->output + 1);
    for (const Plan& p : plans_[tr->output]) {
      if (p.kind == Plan::Kind::kNothing) continue;
      if (p.kind == Plan::Kind::kUnaccepted) {
        if (next[kUnaccepted] == 0) next[kUnaccepted] = static_cast<Value>(tr->output + 1);
        continue;
      }
      // A SYN with a fresh ISN opens a connection. The mapper has one ISN, so a second
      // would reuse it and let the first connection's segments pass for the second's:
      // counted, for the assumption one-connection, and sent as the guess it is.
      if ((p.flags & kSyn) && p.seq == "FRESH")
        next[kConnections] = std::min<Value>(2, next[kConnections] + 1);
      Value seq = p.seq == "NEXT" ? next[kSndNxt] : p.seq == "ZERO" ? next[kLastAck] : iss_;
      Value ack = p.ack == "ZERO" ? 0 : next[kRcvNxt];
      std::string text = fmt::format("{} seq={}", flags_text(p.flags), seq);
      if (p.flags & kAck) text += fmt::format(" ack={}", ack);
      if (p.data) text += " len=1";
      auto message = messages_.find(text);
      if (!message)
        throw InputError(fmt::format("compose: spec {} has no segment '{}' for the answer {}",
                                     spec_->machine_name(), text,
                                     model_->outputs[tr->output].text()));
      if (out.count == Outbox::kCapacity)
        throw InputError(model_->source + ": an answer of more segments than a step carries");
      out.messages[out.count++] = *message;
      Value advance = ((p.flags & (kSyn | kFin)) ? 1 : 0) + (p.data ? 1 : 0);
      next[kSndNxt] = mod(seq + advance);
      if (p.flags & kRst) next[kSynced] = 0;
    }
    std::size_t t = 0;
    while (t < model_->transitions.size() && model_->transitions[t].line != tr->line) ++t;
    return {true, labels_.at(t).c_str(), static_cast<int>(t)};
  }

  std::shared_ptr<const MealyMachine> model_;
  std::shared_ptr<const checker::MachineType> spec_;
  std::shared_ptr<const checker::MachineType> standalone_;
  SpecMessages messages_;
  Value iss_ = 0, space_ = 1;
  Side side_;
  std::shared_ptr<const ReferenceModel> reference_model_;
  std::shared_ptr<const ReferenceMap> reference_map_;
  std::size_t flags_field_ = 0, seq_field_ = 0, ack_field_ = 0, data_field_ = 0;
  std::vector<std::string> state_names_;
  std::vector<std::size_t> call_input_;
  std::vector<std::vector<Plan>> plans_;
  std::vector<checker::VariableSpec> variables_;
  std::vector<checker::EventSpec> events_;
  std::vector<checker::RowSpec> rows_;
  std::vector<std::string> labels_;
  std::vector<Value> no_end_states_;
};

}  // namespace

std::shared_ptr<const checker::MachineType> make_tcp_mapped(
    std::shared_ptr<const MealyMachine> model, const ComposeMap& map, Side side,
    std::shared_ptr<const checker::MachineType> spec, Value iss) {
  if (!model || !spec) throw InternalError("make_tcp_mapped: no model or spec");
  return std::make_shared<TcpMappedActor>(std::move(model), map, side, std::move(spec), iss);
}

}  // namespace synack::learned
