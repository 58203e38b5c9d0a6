// Reading the mapping file of learned/symbol_map.hpp, checked against the model and the
// spec machine it joins, and the spec's messages enumerated by their printed text.
#include "learned/symbol_map.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "checker/errors.hpp"
#include "learned/map_text.hpp"

namespace synack::learned {

namespace {

std::optional<std::size_t> variable_index(const checker::MachineType& spec, std::string_view name) {
  const auto& vars = spec.variables();
  for (std::size_t i = 0; i < vars.size(); ++i)
    if (vars[i].name == name) return i;
  return std::nullopt;
}

// The template with each {VAR} replaced by its value in `local`; throws `bad` (with what
// is wrong) for an unclosed brace or an unknown variable.
template <class Fail>
std::string substitute(const std::string& templ, const checker::MachineType& spec,
                       const checker::Value* local, Fail bad) {
  std::string out;
  std::size_t i = 0;
  while (i < templ.size()) {
    std::size_t open = templ.find('{', i);
    if (open == std::string::npos) {
      out += templ.substr(i);
      break;
    }
    out += templ.substr(i, open - i);
    std::size_t close = templ.find('}', open);
    if (close == std::string::npos) bad("a '{' without its '}'");
    std::string name = templ.substr(open + 1, close - open - 1);
    auto v = variable_index(spec, name);
    if (!v) {
      std::vector<std::string> names;
      for (const auto& var : spec.variables()) names.push_back(var.name);
      bad(fmt::format("{{{}}} is no variable of spec {} (its variables: {})", name,
                      spec.machine_name(), map_text::some(names, 12)));
    }
    out += std::to_string(local[1 + *v]);
    i = close + 1;
  }
  return out;
}

}  // namespace

SpecMessages::SpecMessages(const checker::MachineType& spec, std::vector<std::string> ignored,
                           std::size_t max_messages)
    : spec_(spec), ignored_(std::move(ignored)) {
  const auto& codec = spec.codec();
  if (codec.numbers_on_first_use())
    throw InputError(fmt::format(
        "spec {} numbers its messages as it meets them (a 32-bit sequence space); conform needs "
        "a machine whose messages can be listed",
        spec.machine_name()));
  if (codec.count() < 0 || static_cast<std::size_t>(codec.count()) > max_messages)
    throw InputError(fmt::format("spec {} has {} messages; conform lists at most {}",
                                 spec.machine_name(), codec.count(), max_messages));
  std::set<std::string> kinds, fields;
  for (checker::Value v = 0; v < codec.count(); ++v) {
    std::string text = codec.print(v);
    by_text_.try_emplace(text, v);
    kinds.insert(kind_of_text(text));
    for (const auto& w : map_text::words(text))
      if (std::size_t eq = w.find('='); eq != std::string::npos) fields.insert(w.substr(0, eq));
  }
  kinds_.assign(kinds.begin(), kinds.end());
  for (std::size_t i = 0; i < ignored_.size(); ++i) {
    if (std::find(ignored_.begin(), ignored_.begin() + static_cast<std::ptrdiff_t>(i),
                  ignored_[i]) != ignored_.begin() + static_cast<std::ptrdiff_t>(i))
      throw InputError(fmt::format("ignore-fields names {} twice", ignored_[i]));
    if (fields.empty())
      throw InputError(fmt::format(
          "ignore-fields: {}'s messages have no fields, so there is nothing to leave out "
          "(drop the ignore-fields line)",
          spec.machine_name()));
    if (!fields.count(ignored_[i]))
      throw InputError(fmt::format("ignore-fields: {} is no field of {}'s messages (fields: {})",
                                   ignored_[i], spec.machine_name(), fmt::join(fields, ", ")));
  }
}

std::optional<checker::Value> SpecMessages::find(const std::string& text) const {
  auto it = by_text_.find(text);
  if (it == by_text_.end()) return std::nullopt;
  return it->second;
}

std::string SpecMessages::kind_of_text(const std::string& printed) const {
  std::string out;
  for (const auto& w : map_text::words(printed)) {
    std::size_t eq = w.find('=');
    if (eq != std::string::npos &&
        std::find(ignored_.begin(), ignored_.end(), w.substr(0, eq)) != ignored_.end())
      continue;
    out += (out.empty() ? "" : " ") + w;
  }
  return out;
}

std::string SpecMessages::kind(checker::Value message) const {
  return kind_of_text(spec_.codec().print(message));
}

bool SpecMessages::is_kind(const std::string& k) const {
  return std::binary_search(kinds_.begin(), kinds_.end(), k);
}

std::string SpecMessages::some_kinds(std::size_t n) const {
  return map_text::some(kinds_, n);
}

SymbolMap parse_symbol_map(std::string_view text, const std::string& source,
                           const MealyMachine& model, const checker::MachineType& spec) {
  SymbolMap map;
  map.source = source;
  map.inputs.resize(model.inputs.size());
  std::vector<bool> input_mapped(model.inputs.size(), false);
  std::optional<SpecMessages> messages;
  int number = 0, ignore_line = 0;
  auto fail = [&](const std::string& what) {
    throw InputError(fmt::format("{}:{}: {}", source, number, what));
  };

  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view raw = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (raw.size() > map_text::kMaxLineChars)
      fail(fmt::format("a line of {} characters; a mapping line has at most {}", raw.size(),
                       map_text::kMaxLineChars));
    if (raw.find('\0') != std::string_view::npos) fail("a NUL byte; a mapping file is text");
    std::string_view line = map_text::trim(raw);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> w = map_text::words(line);
    const std::string& directive = w.front();

    if (directive == "ignore-fields") {
      if (messages) fail("ignore-fields must come before the first input or output line");
      if (w.size() < 2) fail("ignore-fields names the fields to leave out (ignore-fields seq ack)");
      map.ignored_fields.assign(w.begin() + 1, w.end());
      ignore_line = number;
      continue;
    }
    if (directive != "input" && directive != "output")
      fail(
          fmt::format("unknown directive '{}'; a line is 'input SYMBOL = ...', 'output SYMBOL = "
                      "...', 'ignore-fields FIELD...' or a # comment",
                      directive));
    if (!messages) {
      try {
        messages.emplace(spec, map.ignored_fields);
      } catch (const InputError& e) {
        // A problem of the ignore-fields line is that line's; others are the spec's.
        if (ignore_line == 0 || !std::string_view(e.what()).starts_with("ignore-fields")) throw;
        number = ignore_line;
        fail(e.what());
      }
    }
    std::size_t eq = line.find(" = ");
    if (eq == std::string_view::npos)
      fail(fmt::format("write '{} SYMBOL = WHAT' (with spaces around '=')", directive));
    std::string symbol(map_text::trim(line.substr(directive.size(), eq - directive.size())));
    std::string rhs(map_text::trim(line.substr(eq + 3)));
    if (symbol.empty()) fail(fmt::format("'{}' without a symbol before '='", directive));
    if (rhs.empty())
      fail(fmt::format("{} '{}' maps to nothing written after '='", directive, symbol));

    if (directive == "output") {
      if (map.outputs.count(symbol)) fail(fmt::format("output '{}' is mapped twice", symbol));
      std::vector<std::string> kinds;
      if (rhs != "nothing") {
        std::size_t from = 0;
        while (from <= rhs.size()) {
          std::size_t amp = std::min(rhs.find('&', from), rhs.size());
          std::string kind(map_text::trim(std::string_view(rhs).substr(from, amp - from)));
          from = amp + 1;
          if (kind.empty()) fail(fmt::format("output '{}': an empty message between '&'", symbol));
          if (!messages->is_kind(kind))
            fail(fmt::format("output '{}': '{}' is no message spec {} sends (kinds: {})", symbol,
                             kind, spec.machine_name(), messages->some_kinds(16)));
          kinds.push_back(kind);
        }
      }
      map.outputs.emplace(symbol, std::move(kinds));
      continue;
    }

    auto in = std::find(model.inputs.begin(), model.inputs.end(), symbol);
    if (in == model.inputs.end())
      fail(fmt::format("'{}' is no input of {} (its inputs: {})", symbol, model.name,
                       map_text::some(model.inputs, 16)));
    std::size_t index = static_cast<std::size_t>(in - model.inputs.begin());
    if (input_mapped[index]) fail(fmt::format("input '{}' is mapped twice", symbol));
    input_mapped[index] = true;
    SymbolMap::Input& mapped = map.inputs[index];
    mapped.line = number;
    std::vector<std::string> rw = map_text::words(rhs);
    if (rw.front() == "nothing" && rw.size() == 1) {
      mapped.kind = SymbolMap::Input::Kind::kNothing;
    } else if (rw.front() == "event" && rw.size() == 2) {
      const auto& events = spec.env_events();
      auto e = std::find_if(events.begin(), events.end(),
                            [&](const checker::EventSpec& ev) { return ev.name == rw[1]; });
      if (e == events.end()) {
        std::vector<std::string> names;
        for (const auto& ev : events) names.push_back(ev.name);
        fail(fmt::format("input '{}': '{}' is no event of spec {} (its events: {})", symbol, rw[1],
                         spec.machine_name(), map_text::some(names, 16)));
      }
      mapped.kind = SymbolMap::Input::Kind::kEvent;
      mapped.event = static_cast<std::size_t>(e - events.begin());
    } else if (rw.front() == "message" && rw.size() >= 2) {
      mapped.kind = SymbolMap::Input::Kind::kMessage;
      mapped.message_template = std::string(map_text::trim(std::string_view(rhs).substr(7)));
      // Checked now, in the spec's initial state, so that a typo is one line at load.
      std::vector<checker::Value> initial = spec.initial_local();
      std::string concrete = substitute(
          mapped.message_template, spec, initial.data(),
          [&](const std::string& why) { fail(fmt::format("input '{}': {}", symbol, why)); });
      if (!messages->find(concrete))
        fail(fmt::format("input '{}': '{}' is no message of spec {} (kinds: {})", symbol, concrete,
                         spec.machine_name(), messages->some_kinds(16)));
    } else {
      fail(fmt::format("input '{}': write 'event NAME', 'message TEXT' or 'nothing' after '='",
                       symbol));
    }
  }

  std::vector<std::string> unmapped;
  for (std::size_t i = 0; i < model.inputs.size(); ++i)
    if (!input_mapped[i]) unmapped.push_back(model.inputs[i]);
  if (!unmapped.empty())
    throw InputError(fmt::format(
        "{}: inputs of {} not mapped: {} (map each to 'event NAME', 'message TEXT' or 'nothing')",
        source, model.name, map_text::some(unmapped, 16)));
  for (const auto& out : model.outputs)
    for (const auto& s : out.symbols)
      if (!map.outputs.count(s)) unmapped.push_back(s);
  std::sort(unmapped.begin(), unmapped.end());
  unmapped.erase(std::unique(unmapped.begin(), unmapped.end()), unmapped.end());
  if (!unmapped.empty())
    throw InputError(
        fmt::format("{}: outputs of {} not mapped: {} (map each to spec messages or 'nothing')",
                    source, model.name, map_text::some(unmapped, 16)));
  return map;
}

SymbolMap read_symbol_map(const std::string& path, const MealyMachine& model,
                          const checker::MachineType& spec) {
  return parse_symbol_map(
      map_text::read_text_file(path, "mapping file",
                               "lines 'input SYMBOL = ...' and 'output SYMBOL = ...'"),
      path, model, spec);
}

checker::Value message_for(const SymbolMap::Input& input, const std::string& input_name,
                           const checker::MachineType& spec, const SpecMessages& messages,
                           const checker::Value* local) {
  std::string concrete =
      substitute(input.message_template, spec, local, [&](const std::string& why) {
        throw InputError(fmt::format("input '{}': {}", input_name, why));
      });
  auto v = messages.find(concrete);
  if (!v)
    throw InputError(fmt::format(
        "input '{}' (mapping line {}) asks for '{}' in spec state {}, a message spec {} does not "
        "have",
        input_name, input.line, concrete, spec.state_names().at(static_cast<std::size_t>(local[0])),
        spec.machine_name()));
  return *v;
}

}  // namespace synack::learned
