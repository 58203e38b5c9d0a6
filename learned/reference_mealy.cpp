#include "learned/reference_mealy.hpp"

#include <algorithm>
#include <fstream>

#include "checker/errors.hpp"

namespace synack::learned {

namespace {

using checker::Firing;
using checker::Outbox;
using checker::Value;

// Blanks only: a symbol may end in ';' or '"' (a label with an escaped quote).
std::string trimmed(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot read the file");
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Commas outside parentheses separate inputs: "LISTEN, SYN(V,V,0)".
std::vector<std::string> inputs_of(const std::string& list) {
  std::vector<std::string> out;
  std::string current;
  int depth = 0;
  for (char c : list + ",") {
    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    if (c == ',' && depth == 0) {
      out.push_back(trimmed(current));
      current.clear();
    } else {
      current += c;
    }
  }
  return out;
}

std::size_t index_of(const std::vector<std::string>& names, const std::string& name,
                     const char* what) {
  auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end())
    throw InternalError("replay reference: the actor has no " + std::string(what) + " '" + name +
                        "' that the files name");
  return static_cast<std::size_t>(it - names.begin());
}

class ReferenceRunner final : public checker::MachineRunner {
 public:
  ReferenceRunner(const checker::MachineType& type, std::shared_ptr<const ReferenceModel> model,
                  std::shared_ptr<const ReferenceMap> map, const std::string& side)
      : type_(type), model_(std::move(model)), map_(std::move(map)) {
    names_ = reference_state_names(*model_, *map_, side);
    state_ = model_->initial;
    local_ = type_.initial_local();
    local_[0] = static_cast<Value>(index_of(type_.state_names(), name_of(state_), "state"));
  }

  Firing fire_env(std::size_t event, Outbox& out) override {
    return take(type_.env_events().at(event).name, out);
  }
  Firing fire_message(Value message, Outbox& out) override {
    std::string name = type_.codec().print(message);
    bool delivered = std::any_of(map_->sends.begin(), map_->sends.end(),
                                 [&](const auto& s) { return s.second == "input " + name; });
    if (!delivered) return {};  // a segment this side's stack drops
    return take(name, out);
  }
  void read_local(Value* local) const override { std::copy(local_.begin(), local_.end(), local); }
  void advance_clock() override {}
  void start_from(const Value* local) override {
    std::copy(local + 1, local + type_.local_size(), local_.begin() + 1);
  }

 private:
  std::string name_of(const std::string& state) const {
    auto it = names_.find(state);
    return it == names_.end() ? state : it->second;
  }
  Value value_of(std::size_t variable, const std::string& name) const {
    return static_cast<Value>(index_of(type_.variables().at(variable).value_names, name, "value"));
  }

  Firing take(const std::string& input, Outbox& out) {
    auto row = model_->table.find({state_, input});
    if (row == model_->table.end()) return {};  // not input-complete: never observed
    const auto& [to, symbols] = row->second;
    std::string text = reference_answer_text(symbols);
    bool unaccepted = false;
    for (const std::string& symbol : symbols) {
      auto send = map_->sends.find(symbol);
      if (send == map_->sends.end()) {
        unaccepted = true;
        continue;
      }
      std::string wire = send->second == "dropped"              ? symbol
                         : send->second.rfind("input ", 0) == 0 ? send->second.substr(6)
                                                                : std::string();
      if (wire.empty()) continue;
      Value m = 0;
      while (m < type_.codec().count() && type_.codec().print(m) != wire) ++m;
      if (m == type_.codec().count())
        throw InternalError("replay reference: no wire message '" + wire + "'");
      out.messages[out.count++] = m;
    }
    state_ = to;
    local_[0] = static_cast<Value>(index_of(type_.state_names(), name_of(to), "state"));
    local_[1] = value_of(0, input);
    local_[2] = value_of(1, text);
    if (local_[3] == 0 && unaccepted) local_[3] = value_of(2, text);
    return {true, "(replay reference)", -1};
  }

  const checker::MachineType& type_;
  std::shared_ptr<const ReferenceModel> model_;
  std::shared_ptr<const ReferenceMap> map_;
  std::map<std::string, std::string> names_;  // the file's state -> the map's name
  std::string state_;
  std::vector<Value> local_;
};

}  // namespace

std::map<std::string, std::string> reference_state_names(const ReferenceModel& model,
                                                         const ReferenceMap& map,
                                                         const std::string& side) {
  std::map<std::string, std::string> names;
  auto range = map.states.equal_range(side);
  for (auto it = range.first; it != range.second; ++it) {
    std::string at = model.initial;
    for (const std::string& input : it->second.second) {
      auto next = model.table.find({at, input});
      if (next == model.table.end()) break;
      at = next->second.first;
    }
    names[at] = it->second.first;
  }
  return names;
}

std::string reference_answer_text(const std::vector<std::string>& symbols) {
  std::string text = symbols.empty() ? "-" : symbols.front();
  for (std::size_t i = 1; i < symbols.size(); ++i) text += " & " + symbols[i];
  return text;
}

ReferenceMap read_reference_map(const std::string& map_path) {
  ReferenceMap m;
  for (std::string line : lines_of(map_path)) {
    std::replace(line.begin(), line.end(), '\t', ' ');  // the map reader splits on any blank
    line = trimmed(line);
    if (line.empty() || line.front() == '#') continue;  // a comment is a line of its own
    std::size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string left = trimmed(line.substr(0, eq)), right = trimmed(line.substr(eq + 1));
    if (left.rfind("send ", 0) == 0) {
      std::string what = right == "dropped" || right == "nothing" ? right : "input " + right;
      m.sends.emplace(trimmed(left.substr(5)), what);
    } else if (left.rfind("state ", 0) == 0) {
      std::string side_and_name = trimmed(left.substr(6));
      std::size_t space = side_and_name.find(' ');
      m.states.emplace(side_and_name.substr(0, space),
                       std::pair{trimmed(side_and_name.substr(space + 1)), inputs_of(right)});
    }
  }
  return m;
}

std::unique_ptr<checker::MachineRunner> make_reference_runner(
    const checker::MachineType& type, std::shared_ptr<const ReferenceModel> model,
    std::shared_ptr<const ReferenceMap> map, const std::string& side) {
  return std::make_unique<ReferenceRunner>(type, std::move(model), std::move(map), side);
}

}  // namespace synack::learned
