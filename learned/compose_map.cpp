// Reading the composition map of learned/compose_map.hpp, and checking it against the
// models it joins.
#include "learned/compose_map.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "checker/errors.hpp"
#include "learned/map_text.hpp"

namespace synack::learned {

namespace {

// An access sequence: inputs separated by ", " (a TCP input such as SYN(V,V,0) has commas
// of its own, so the separator is a comma outside parentheses).
std::vector<std::string> split_inputs(std::string_view s) {
  std::vector<std::string> out;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] == '(') ++depth;
    if (i < s.size() && s[i] == ')') --depth;
    if (i == s.size() || (s[i] == ',' && depth == 0)) {
      out.emplace_back(map_text::trim(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  return out;
}

constexpr const char* kValid =
    "'send OUTPUT = INPUT|dropped|nothing', 'calls client|server INPUT...', "
    "'state client|server NAME = INPUT, INPUT...' or a '#' comment";

}  // namespace

const char* side_name(Side side) {
  return side == Side::kClient ? "client" : "server";
}

std::vector<std::string> ComposeMap::wire_messages() const {
  std::set<std::string> names;
  for (const auto& [output, send] : sends) {
    if (send.kind == Send::Kind::kInput) names.insert(send.input);
    if (send.kind == Send::Kind::kDropped) names.insert(output);
  }
  return {names.begin(), names.end()};
}

ComposeMap parse_compose_map(std::string_view text, const std::string& source) {
  ComposeMap map;
  map.source = source;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    auto bad = [&](const std::string& why) {
      throw InputError(fmt::format("{}:{}: {}", source, line_no, why));
    };
    if (raw.size() > map_text::kMaxLineChars)
      bad(fmt::format("a line of {} characters; at most {} are read", raw.size(),
                      map_text::kMaxLineChars));
    // A NUL would end the one-line error that quotes the name it is in, mid-name.
    if (raw.find('\0') != std::string_view::npos) bad("a NUL byte; a composition map is text");
    std::string_view line = map_text::trim(raw);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> w = map_text::words(line);
    const std::string& directive = w.front();
    if (directive == "send") {
      std::size_t eq = line.find('=');
      if (eq == std::string_view::npos)
        bad("'send' without '=' (expected " + std::string(kValid) + ")");
      std::string output(map_text::trim(line.substr(4, eq - 4)));
      std::string target(map_text::trim(line.substr(eq + 1)));
      if (output.empty() || target.empty() || map_text::words(output).size() != 1 ||
          map_text::words(target).size() != 1)
        bad("expected 'send OUTPUT = INPUT', 'send OUTPUT = dropped' or 'send OUTPUT = nothing', "
            "each one symbol");
      if (auto seen = map.sends.find(output); seen != map.sends.end())
        bad(fmt::format("output '{}' is mapped already on line {}", output, seen->second.line));
      ComposeMap::Send send;
      send.line = line_no;
      if (target == "dropped") {
        send.kind = ComposeMap::Send::Kind::kDropped;
      } else if (target == "nothing") {
        send.kind = ComposeMap::Send::Kind::kNothing;
      } else {
        send.kind = ComposeMap::Send::Kind::kInput;
        send.input = target;
      }
      map.sends.emplace(output, send);
    } else if (directive == "calls" || directive == "state") {
      if (w.size() < 2 || (w[1] != "client" && w[1] != "server"))
        bad(fmt::format("'{}' names a side: 'client' or 'server'", directive));
      ComposeMap::SideSpec& side = w[1] == "client" ? map.client : map.server;
      if (directive == "calls") {
        if (side.calls_line != 0)
          bad(fmt::format("the {} calls are given already on line {}", w[1], side.calls_line));
        side.calls.assign(w.begin() + 2, w.end());
        side.calls_line = line_no;
        std::set<std::string> distinct(side.calls.begin(), side.calls.end());
        if (distinct.size() != side.calls.size()) bad("a call is named twice");
        continue;
      }
      std::size_t eq = line.find('=');
      if (w.size() < 3 || eq == std::string_view::npos)
        bad(fmt::format("expected 'state {} NAME = INPUT, INPUT...'", w[1]));
      std::string name(map_text::trim(
          line.substr(line.find(w[1]) + w[1].size(), eq - line.find(w[1]) - w[1].size())));
      if (name.empty() || map_text::words(name).size() != 1 ||
          !std::all_of(name.begin(), name.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
          }))
        bad(fmt::format("state name '{}': one word of letters, digits and '_' (ESTABLISHED)",
                        name));
      std::vector<std::string> inputs = split_inputs(line.substr(eq + 1));
      if (std::any_of(inputs.begin(), inputs.end(), [](const std::string& s) { return s.empty(); }))
        bad("an empty input in the access sequence (expected 'INPUT, INPUT...')");
      for (const auto& s : side.states)
        if (s.name == name)
          bad(fmt::format("{} state {} is named already on line {}", w[1], name, s.line));
      side.states.push_back({name, std::move(inputs), line_no});
    } else {
      bad(fmt::format("unknown directive '{}' (expected {})", directive, kValid));
    }
  }
  if (map.sends.empty())
    throw InputError(
        fmt::format("{}: no 'send' line: nothing either side says would reach the other", source));
  // A wire message is known by its name on both sides: a dropped output and a delivered
  // input of one name would be one message the peer both discards and takes.
  for (const auto& [output, send] : map.sends) {
    if (send.kind != ComposeMap::Send::Kind::kInput) continue;
    auto dropped = map.sends.find(send.input);
    if (dropped != map.sends.end() && dropped->second.kind == ComposeMap::Send::Kind::kDropped)
      throw InputError(fmt::format(
          "{}:{}: '{}' arrives as an input here but is sent as dropped on line {}; a message "
          "on the wire is one or the other",
          source, send.line, send.input, dropped->second.line));
  }
  return map;
}

ComposeMap read_compose_map(const std::string& path) {
  return parse_compose_map(
      map_text::read_text_file(path, "composition map",
                               "lines 'send OUTPUT = INPUT', 'calls SIDE INPUT...'"),
      path);
}

std::vector<std::string> bind_compose_map(const ComposeMap& map, Side side,
                                          const MealyMachine& model) {
  const char* who = side_name(side);
  auto input_index = [&](const std::string& input) -> std::optional<std::size_t> {
    auto it = std::find(model.inputs.begin(), model.inputs.end(), input);
    if (it == model.inputs.end()) return std::nullopt;
    return static_cast<std::size_t>(it - model.inputs.begin());
  };
  auto fail = [&](int line, const std::string& why) {
    throw InputError(
        fmt::format("{}:{}: {} (the {} model {})", map.source, line, why, who, model.source));
  };
  auto unknown = [&](const std::string& input) {
    return fmt::format("'{}' is no input of the {} (its inputs: {})", input, who,
                       map_text::some(model.inputs, 14));
  };
  for (const auto& [output, send] : map.sends)
    if (send.kind == ComposeMap::Send::Kind::kInput && !input_index(send.input))
      fail(send.line, unknown(send.input));
  const ComposeMap::SideSpec& spec = map.side(side);
  for (const std::string& call : spec.calls) {
    if (!input_index(call)) fail(spec.calls_line, unknown(call));
    for (const auto& [output, send] : map.sends)
      if (send.kind == ComposeMap::Send::Kind::kInput && send.input == call)
        fail(spec.calls_line, fmt::format("'{}' is a call and also arrives from the wire "
                                          "(line {}); it can be one or the other",
                                          call, send.line));
  }
  std::vector<std::string> names = model.states;
  std::vector<int> named_on(model.states.size(), 0);
  for (const ComposeMap::StateName& s : spec.states) {
    std::size_t state = model.initial;
    for (const std::string& input : s.inputs) {
      auto i = input_index(input);
      if (!i) fail(s.line, unknown(input));
      auto tr = model.step(state, *i);
      if (!tr)
        fail(s.line, fmt::format("the access sequence of {} stops at '{}': state {} has no "
                                 "transition for it",
                                 s.name, input, model.states[state]));
      state = tr->to;
    }
    if (std::find(model.states.begin(), model.states.end(), s.name) != model.states.end())
      fail(s.line,
           fmt::format("{} is the name of one of the model's own states; choose another", s.name));
    if (named_on[state] != 0)
      fail(s.line, fmt::format("{} is state {}, which line {} names {} already", s.name,
                               model.states[state], named_on[state], names[state]));
    names[state] = s.name;
    named_on[state] = s.line;
  }
  return names;
}

}  // namespace synack::learned
