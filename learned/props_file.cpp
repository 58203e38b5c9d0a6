#include "learned/props_file.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/expr.hpp"
#include "checker/expr_tokens.hpp"
#include "learned/map_text.hpp"

namespace synack::learned {

namespace {

// A property file is a page of rules; anything near these sizes is not one.
constexpr std::uintmax_t kMaxFileBytes = 1u << 20;
constexpr std::size_t kMaxLineChars = 1u << 14;
constexpr std::size_t kMaxPatternStates = 64;

std::string trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  std::size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}
bool is_name(std::string_view s) {
  return !s.empty() && std::isalpha(static_cast<unsigned char>(s[0])) &&
         std::all_of(s.begin(), s.end(), is_name_char);
}

// The same characters an expression's identifier takes (checker/expr.cpp's tokenizer).
bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '[' ||
         c == ']';
}

class Reader {
 public:
  Reader(std::string_view text, const std::string& source) : source_(source) {
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      lines_.emplace_back(text.substr(start, end - start));
      start = end + 1;
    }
  }

  PropsFile read() {
    PropsFile file;
    file.source = source_;
    std::string comment;
    PropsFile::Pattern* open = nullptr;  // the pattern whose edges follow, indented
    for (line_ = 0; line_ < lines_.size(); ++line_) {
      int number = static_cast<int>(line_ + 1);
      std::string raw = joined_line();
      if (raw.find('\0') != std::string::npos) fail(number, "the file is not text (a NUL byte)");
      bool indented = !raw.empty() && (raw[0] == ' ' || raw[0] == '\t');
      std::string line = trim(raw);
      if (line.empty()) {
        comment.clear();
        continue;
      }
      if (line[0] == '#') {
        std::string text = trim(std::string_view(line).substr(1));
        comment += (comment.empty() || text.empty() ? "" : " ") + text;
        continue;
      }
      if (indented && open) {
        pattern_line(*open, line, number);
        continue;
      }
      if (open) finish(*open);
      open = nullptr;
      if (indented) fail(number, "an indented line belongs to a pattern; none is open here");
      std::size_t space = line.find_first_of(" \t:");
      std::string keyword = line.substr(0, space);
      std::string rest = space == std::string::npos ? "" : line.substr(space);
      if (keyword == "always" || keyword == "sometimes") {
        auto [name, expression] = named(rest, number, keyword);
        if (expression.empty())
          fail(number, fmt::format("{} {}: the expression is missing", keyword, name));
        file.rules.push_back({number,
                              keyword == "always" ? checker::PropertyKind::kAlways
                                                  : checker::PropertyKind::kSometimes,
                              name, expression, comment});
      } else if (keyword == "pattern") {
        auto [name, after] = named(rest, number, keyword);
        if (!after.empty())
          fail(number, fmt::format("pattern {}: its edges go on the indented lines below, not "
                                   "after the ':'",
                                   name));
        file.patterns.push_back({number, name, comment, {}, {}, {}});
        open = &file.patterns.back();
      } else {
        fail(number,
             fmt::format("unknown statement '{}'; valid: always NAME: EXPRESSION, "
                         "sometimes NAME: EXPRESSION, pattern NAME: (edges below), # comment",
                         keyword));
      }
      comment.clear();
    }
    if (open) finish(*open);
    if (file.rules.empty() && file.patterns.empty())
      fail(static_cast<int>(lines_.size()),
           "the file states no property (always, sometimes or pattern)");
    return file;
  }

 private:
  [[noreturn]] void fail(int line, const std::string& what) const {
    throw InputError(fmt::format("{}:{}: {}", source_, line, what));
  }

  // The line, with the lines a trailing `\` continues it onto.
  std::string joined_line() {
    std::string out = lines_[line_];
    while (!out.empty() && trim(out).ends_with('\\') && line_ + 1 < lines_.size()) {
      out = out.substr(0, out.rfind('\\')) + " " + trim(lines_[++line_]);
    }
    if (out.size() > kMaxLineChars)
      fail(static_cast<int>(line_ + 1),
           fmt::format("the line is {} characters long; at most {} are read", out.size(),
                       kMaxLineChars));
    return out;
  }

  // " NAME: REST" -> {NAME, REST}
  std::pair<std::string, std::string> named(const std::string& rest, int number,
                                            const std::string& keyword) {
    std::size_t colon = rest.find(':');
    if (colon == std::string::npos)
      fail(number, fmt::format("expected '{} NAME: ...' (a ':' after the name)", keyword));
    std::string name = trim(std::string_view(rest).substr(0, colon));
    if (!is_name(name))
      fail(number,
           fmt::format("'{}' is not a name: a letter, then letters, digits, '-' or '_'", name));
    if (std::find(names_.begin(), names_.end(), name) != names_.end())
      fail(number, fmt::format("a property or pattern named {} is already stated above", name));
    names_.push_back(name);
    return {name, trim(std::string_view(rest).substr(colon + 1))};
  }

  void pattern_line(PropsFile::Pattern& p, const std::string& line, int number) {
    if (line.starts_with("bug:") || line.starts_with("bug :")) {
      std::string list = trim(std::string_view(line).substr(line.find(':') + 1));
      if (!p.bugs.empty()) fail(number, fmt::format("pattern {}: a second 'bug:' line", p.name));
      std::stringstream in(list);
      std::string state;
      while (std::getline(in, state, ',')) {
        state = trim(state);
        if (!is_name(state))
          fail(number, fmt::format("pattern {}: '{}' is not a state name", p.name, state));
        p.bugs.push_back(state);
      }
      if (p.bugs.empty()) fail(number, fmt::format("pattern {}: 'bug:' names no state", p.name));
      return;
    }
    std::size_t arrow = line.find("->");
    std::size_t colon = line.find(':', arrow == std::string::npos ? 0 : arrow);
    if (arrow == std::string::npos || colon == std::string::npos)
      fail(number,
           fmt::format("pattern {}: expected 'FROM -> TO: GUARD' or 'bug: STATE, ...'", p.name));
    std::string from = trim(std::string_view(line).substr(0, arrow));
    std::string to = trim(std::string_view(line).substr(arrow + 2, colon - arrow - 2));
    std::string guard = trim(std::string_view(line).substr(colon + 1));
    for (const std::string& s : {from, to})
      if (!is_name(s))
        fail(number, fmt::format("pattern {}: '{}' is not a state name (a letter, then letters, "
                                 "digits, '-' or '_')",
                                 p.name, s));
    if (guard.empty())
      fail(number, fmt::format("pattern {}: the edge has no guard (write 'true' "
                               "for any step)",
                               p.name));
    for (const std::string& s : {from, to})
      if (std::find(p.states.begin(), p.states.end(), s) == p.states.end()) {
        if (p.states.size() == kMaxPatternStates)
          fail(number, fmt::format("pattern {}: more than {} states", p.name, kMaxPatternStates));
        p.states.push_back(s);
      }
    p.edges.push_back({number, from, to, guard});
  }

  void finish(const PropsFile::Pattern& p) {
    if (p.edges.empty())
      fail(p.line, fmt::format("pattern {} has no edges ('FROM -> TO: GUARD' "
                               "on indented lines below it)",
                               p.name));
    if (p.bugs.empty())
      fail(p.line,
           fmt::format("pattern {} has no 'bug: STATE' line: which state is the bug?", p.name));
    for (const std::string& b : p.bugs)
      if (std::find(p.states.begin(), p.states.end(), b) == p.states.end())
        fail(p.line, fmt::format("pattern {}: bug state {} is on no edge; its states: {}", p.name,
                                 b, fmt::join(p.states, ", ")));
    if (std::find(p.bugs.begin(), p.bugs.end(), p.states.front()) != p.bugs.end())
      fail(p.line,
           fmt::format("pattern {}: it starts in its bug state {}", p.name, p.states.front()));
  }

  std::string source_;
  std::vector<std::string> lines_;
  std::size_t line_ = 0;
  std::vector<std::string> names_;  // rules' and patterns' names: each is one property
};

std::string monitor_name(const std::string& pattern) {
  std::string name = pattern;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

}  // namespace

PropsFile parse_props(std::string_view text, const std::string& source) {
  return Reader(text, source).read();
}

PropsFile read_props_file(const std::string& path) {
  return parse_props(map_text::read_text_file(
                         path, "property file",
                         "a text file of always, sometimes and pattern statements", kMaxFileBytes),
                     path);
}

std::string expand_short_names(std::string_view e, const std::string& actor, bool primed) {
  std::string out;
  std::size_t i = 0;
  while (i < e.size()) {
    char c = e[i];
    if (c == '"') {
      std::size_t close = e.find('"', i + 1);
      std::size_t end = close == std::string_view::npos ? e.size() : close + 1;
      out += e.substr(i, end - i);
      i = end;
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t j = i;
      while (j < e.size() && is_ident_char(e[j])) ++j;
      std::string_view word = e.substr(i, j - i);
      bool primed_already = j < e.size() && e[j] == '\'';
      if (!primed_already && (word == "in" || word == "out" || word == "state"))
        out += actor + "." + std::string(word) + (primed ? "'" : "");
      else
        out += word;
      i = j;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

BoundProps bind_props(const PropsFile& file, const std::string& actor) {
  BoundProps out;
  for (const PropsFile::Rule& r : file.rules)
    out.properties.push_back(
        {r.name, r.kind, expand_short_names(r.expression, actor), r.description, std::nullopt});
  for (const PropsFile::Pattern& p : file.patterns) {
    std::string name = monitor_name(p.name);
    checker::MonitorSpec m{
        name, {{"at", static_cast<checker::Value>(p.states.size() - 1), 0, p.states}}, {}};
    // Monitors let a later rule win; the pattern's first matching edge must, so the
    // edges go in reverse.
    for (auto e = p.edges.rbegin(); e != p.edges.rend(); ++e) {
      auto index = [&](const std::string& s) {
        return std::find(p.states.begin(), p.states.end(), s) - p.states.begin();
      };
      m.rules.push_back({fmt::format("{}.at == {} && ({})", name, index(e->from),
                                     expand_short_names(e->guard, actor, /*primed=*/true)),
                         {{"at", std::to_string(index(e->to))}}});
    }
    std::vector<std::string> not_bug;
    for (const std::string& b : p.bugs) not_bug.push_back(fmt::format("{}.at != \"{}\"", name, b));
    std::string description = p.description.empty() ? fmt::format("bug pattern {} never reaches {}",
                                                                  p.name, fmt::join(p.bugs, " or "))
                                                    : p.description;
    out.properties.push_back({p.name, checker::PropertyKind::kAlways,
                              fmt::format("{}", fmt::join(not_bug, " && ")), description,
                              std::nullopt});
    out.monitors.push_back(std::move(m));
  }
  return out;
}

void validate_props(const PropsFile& file, const std::string& actor, const checker::Model& model) {
  auto check = [&](int line, const std::string& expression) {
    try {
      checker::Expr::parse(expand_short_names(expression, actor), model.layout());
    } catch (const InputError& e) {
      throw InputError(fmt::format("{}:{}: {}", file.source, line, e.what()));
    }
  };
  for (const PropsFile::Rule& r : file.rules) check(r.line, r.expression);
  for (const PropsFile::Pattern& p : file.patterns)
    for (const PropsFile::Edge& e : p.edges) check(e.line, e.guard);
}

std::vector<std::string> unmatched_patterns(std::string_view expression,
                                            const checker::Model& model) {
  std::vector<std::string> out;
  for (std::size_t open = expression.find('"'); open != std::string_view::npos;) {
    std::size_t close = expression.find('"', open + 1);
    if (close == std::string_view::npos) break;  // the parser reports it
    std::string_view literal = expression.substr(open + 1, close - open - 1);
    open = expression.find('"', close + 1);
    if (literal.find('*') == std::string_view::npos) continue;  // an exact name is checked
    bool matched = false;
    for (const checker::Slot& slot : model.layout().slots())
      for (const std::string& value : slot.value_names)
        matched = matched || checker::glob_matches(literal, value);
    if (!matched) out.emplace_back(literal);
  }
  return out;
}

}  // namespace synack::learned
