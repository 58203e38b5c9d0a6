#include "learned/reference_tcp.hpp"

#include <algorithm>
#include <map>
#include <sstream>

#include "checker/errors.hpp"

namespace synack::learned {

namespace {

using checker::Firing;
using checker::Outbox;
using checker::Value;

struct Segment {
  bool syn = false, ack_bit = false, rst = false, fin = false;
  Value seq = 0, ack = 0;
  bool data = false;
};

// "SYN-ACK seq=0 ack=6", "ACK seq=6 ack=1 len=1".
Segment read_segment(const std::string& text) {
  Segment s;
  std::istringstream words(text);
  std::string flags, word;
  words >> flags;
  std::istringstream parts(flags);
  for (std::string f; std::getline(parts, f, '-');) {
    s.syn |= f == "SYN";
    s.ack_bit |= f == "ACK";
    s.rst |= f == "RST";
    s.fin |= f == "FIN";
  }
  while (words >> word) {
    if (word.rfind("seq=", 0) == 0) s.seq = std::stoll(word.substr(4));
    if (word.rfind("ack=", 0) == 0) s.ack = std::stoll(word.substr(4));
    if (word.rfind("len=", 0) == 0) s.data = word != "len=0";
  }
  return s;
}

// The learned input a segment is, by its flags.
std::string input_for(const Segment& s) {
  if (s.syn && !s.ack_bit && !s.rst && !s.fin) return "SYN(V,V,0)";
  if (s.syn && s.ack_bit && !s.rst && !s.fin) return "SYN+ACK(V,V,0)";
  if (!s.syn && s.ack_bit && !s.rst && !s.fin) return s.data ? "ACK+PSH(V,V,1)" : "ACK(V,V,0)";
  if (!s.syn && s.ack_bit && !s.rst && s.fin) return "FIN+ACK(V,V,0)";
  if (!s.syn && !s.ack_bit && s.rst && !s.fin) return "RST(V,V,0)";
  if (!s.syn && s.ack_bit && s.rst && !s.fin) return "ACK+RST(V,V,0)";
  return {};
}

class ReferenceTcpRunner final : public checker::MachineRunner {
 public:
  ReferenceTcpRunner(const checker::MachineType& type, std::shared_ptr<const ReferenceModel> model,
                     std::shared_ptr<const ReferenceMap> map, const std::string& side)
      : type_(type), model_(std::move(model)) {
    names_ = reference_state_names(*model_, *map, side);
    for (const auto& f : type_.codec().fields())
      if (f.name == "seq") space_ = f.max + 1;
    for (Value m = 0; m < type_.codec().count(); ++m) messages_.emplace(type_.codec().print(m), m);
    local_ = type_.initial_local();
    iss_ = local_[slot("snd_nxt")];
    state_ = model_->initial;
    local_[0] = index(type_.state_names(), name_of(state_));
  }

  Firing fire_env(std::size_t event, Outbox& out) override {
    return take(type_.env_events().at(event).name, out);
  }

  Firing fire_message(Value message, Outbox& out) override {
    Segment s = read_segment(type_.codec().print(message));
    std::string input = input_for(s);
    bool synced = local_[slot("synced")] != 0;
    bool valid =
        synced
            ? s.seq == local_[slot("rcv_nxt")] && (!s.ack_bit || s.ack == local_[slot("snd_nxt")])
            : input == "SYN(V,V,0)" || ((input == "SYN+ACK(V,V,0)" || input == "ACK+RST(V,V,0)") &&
                                        s.ack == local_[slot("snd_nxt")]);
    bool known = std::any_of(model_->table.begin(), model_->table.end(),
                             [&](const auto& row) { return row.first.second == input; });
    if (input.empty() || !known || !valid) {
      local_[slot("refused")] = 1;
      return {true, "(replay reference)", -1};
    }
    if (!model_->table.count({state_, input})) return {};
    std::vector<Value> before = local_;
    if (s.syn) {
      local_[slot("rcv_nxt")] = mod(s.seq + 1);
      local_[slot("synced")] = 1;
    } else {
      local_[slot("rcv_nxt")] = mod(s.seq + (s.fin ? 1 : 0) + (s.data ? 1 : 0));
    }
    if (s.ack_bit) local_[slot("last_ack")] = s.ack;
    if (s.rst) local_[slot("synced")] = 0;
    std::size_t sent = out.count;
    Firing f = take(input, out);
    // A SYN the stack answered with silence left no number behind.
    if (input == "SYN(V,V,0)" && !synced && out.count == sent) {
      local_[slot("rcv_nxt")] = before[slot("rcv_nxt")];
      local_[slot("synced")] = 0;
    }
    return f;
  }

  void read_local(Value* local) const override { std::copy(local_.begin(), local_.end(), local); }
  void advance_clock() override {}
  void start_from(const Value* local) override {
    std::copy(local + 1, local + type_.local_size(), local_.begin() + 1);
  }

 private:
  std::size_t slot(const std::string& variable) const {
    const auto& vars = type_.variables();
    for (std::size_t i = 0; i < vars.size(); ++i)
      if (vars[i].name == variable) return i + 1;
    throw InternalError("replay reference: the mapped actor has no variable " + variable);
  }
  static Value index(const std::vector<std::string>& names, const std::string& name) {
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end())
      throw InternalError("replay reference: the mapped actor has no value '" + name + "'");
    return static_cast<Value>(it - names.begin());
  }
  std::string name_of(const std::string& state) const {
    auto it = names_.find(state);
    return it == names_.end() ? state : it->second;
  }
  Value mod(Value v) const { return ((v % space_) + space_) % space_; }

  // One answer symbol on the wire; false when it sends nothing, and `unaccepted` set when
  // its acknowledgment number is FRESH (nothing the peer could check).
  void answer(const std::string& symbol, Outbox& out, bool& unaccepted) {
    std::size_t open = symbol.find('('), close = symbol.rfind(')');
    if (open == std::string::npos || close == std::string::npos) return;  // TIMEOUT
    std::vector<std::string> args;
    std::istringstream in(symbol.substr(open + 1, close - open - 1));
    for (std::string a; std::getline(in, a, ',');) args.push_back(a);
    if (args.size() != 3) return;
    bool syn = false, ack = false, rst = false, fin = false, data = args[2] != "0";
    std::istringstream flags(symbol.substr(0, open));
    for (std::string f; std::getline(flags, f, '+');) {
      syn |= f == "SYN";
      ack |= f == "ACK";
      rst |= f == "RST";
      fin |= f == "FIN";
      data |= f == "PSH";
    }
    if (ack && args[1] == "FRESH") {
      unaccepted = true;
      return;
    }
    if (syn && args[0] == "FRESH")  // a connection opened: the second is a guess
      local_[slot("connections")] = std::min<Value>(2, local_[slot("connections")] + 1);
    Value seq = args[0] == "NEXT"   ? local_[slot("snd_nxt")]
                : args[0] == "ZERO" ? local_[slot("last_ack")]
                                    : iss_;
    std::string text;
    for (auto [on, name] : {std::pair{syn, "SYN"}, {fin, "FIN"}, {rst, "RST"}, {ack, "ACK"}})
      if (on) {
        if (!text.empty()) text += '-';
        text += name;
      }
    text += " seq=";
    text += std::to_string(seq);
    if (ack) {
      text += " ack=";
      text += std::to_string(args[1] == "ZERO" ? 0 : local_[slot("rcv_nxt")]);
    }
    if (data) text += " len=1";
    auto m = messages_.find(text);
    if (m == messages_.end()) throw InternalError("replay reference: no segment '" + text + "'");
    out.messages[out.count++] = m->second;
    local_[slot("snd_nxt")] = mod(seq + (syn || fin ? 1 : 0) + (data ? 1 : 0));
    if (rst) local_[slot("synced")] = 0;
  }

  Firing take(const std::string& input, Outbox& out) {
    auto row = model_->table.find({state_, input});
    if (row == model_->table.end()) return {};
    const auto& [to, symbols] = row->second;
    bool unaccepted = false;
    for (const std::string& symbol : symbols) answer(symbol, out, unaccepted);
    std::string text = reference_answer_text(symbols);
    state_ = to;
    local_[0] = index(type_.state_names(), name_of(to));
    local_[slot("in")] = index(type_.variables()[slot("in") - 1].value_names, input);
    local_[slot("out")] = index(type_.variables()[slot("out") - 1].value_names, text);
    if (unaccepted && local_[slot("unaccepted")] == 0)
      local_[slot("unaccepted")] =
          index(type_.variables()[slot("unaccepted") - 1].value_names, text);
    return {true, "(replay reference)", -1};
  }

  const checker::MachineType& type_;
  std::shared_ptr<const ReferenceModel> model_;
  std::map<std::string, std::string> names_;
  std::map<std::string, Value> messages_;  // every segment by its printed text
  std::string state_;
  std::vector<Value> local_;
  Value iss_ = 0, space_ = 1;
};

}  // namespace

std::unique_ptr<checker::MachineRunner> make_reference_tcp_runner(
    const checker::MachineType& type, std::shared_ptr<const ReferenceModel> model,
    std::shared_ptr<const ReferenceMap> map, const std::string& side) {
  return std::make_unique<ReferenceTcpRunner>(type, std::move(model), std::move(map), side);
}

}  // namespace synack::learned
