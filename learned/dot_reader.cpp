// Statements of the learned-model DOT dialect (see dot_reader.hpp) into a MealyMachine.
#include "learned/dot_reader.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <unordered_map>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "learned/dot_tokens.hpp"

namespace synack::learned {

namespace {

using Kind = DotToken::Kind;

std::string trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return "";
  std::size_t e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

bool is_start_marker(const std::string& node) {
  return node.rfind("__start", 0) == 0;
}

struct Attributes {
  std::optional<std::string> label;
};

class Reader {
 public:
  Reader(const std::string& source, const std::string& name, const DotLimits& limits)
      : source_(source), limits_(limits) {
    machine_.name = name;
    machine_.source = source;
  }

  void line(int number, std::string_view text) {
    line_ = number;
    if (text.size() > limits_.max_line_chars)
      fail(fmt::format("line of {} characters (at most {})", text.size(), limits_.max_line_chars));
    std::vector<DotToken> tokens;
    try {
      tokens = tokenize_dot_line(text);
    } catch (const DotSyntaxError& e) {
      fail(e.what);
    }
    while (!tokens.empty() && tokens.back().kind == Kind::kSemicolon) tokens.pop_back();
    if (tokens.empty()) return;
    if (closed_) fail("text after the closing '}' (the digraph ends the file)");
    if (!opened_) return open(tokens);
    if (tokens.size() == 1 && tokens[0].kind == Kind::kCloseBrace) {
      closed_ = true;
      return;
    }
    if (tokens[0].text != "subgraph") refuse_several_statements(tokens);
    statement(tokens);
  }

  MealyMachine finish(int last_line) {
    line_ = last_line;
    if (!opened_) fail("no 'digraph {' (a learned model is a DOT digraph)");
    if (!closed_) fail("the digraph is not closed (a '}' ends it)");
    if (!initial_)
      throw InputError(fmt::format(
          "{}: no initial state (a line '__start0 -> s0;' marks it; learned models from "
          "LearnLib, AALpy and StateLearner write one)",
          source_));
    if (machine_.transitions.empty())
      fail("no transitions (edges read: s0 -> s1 [label=\"INPUT / OUTPUT\"])");
    machine_.initial = *initial_;
    std::size_t pairs_limit = limits_.max_state_input_pairs;
    if (machine_.inputs.size() > 0 && machine_.states.size() > pairs_limit / machine_.inputs.size())
      throw InputError(fmt::format("{}: {} states x {} inputs is too large (at most {} pairs)",
                                   source_, machine_.states.size(), machine_.inputs.size(),
                                   pairs_limit));
    machine_.build_step_index();
    return std::move(machine_);
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(fmt::format("{}:{}: {}", source_, line_, what));
  }

  void open(const std::vector<DotToken>& t) {
    std::size_t i = 0;
    if (i < t.size() && t[i].kind == Kind::kName && t[i].text == "strict") ++i;
    bool digraph = i < t.size() && t[i].kind == Kind::kName && t[i].text == "digraph";
    if (digraph) ++i;
    if (digraph && i < t.size() && (t[i].kind == Kind::kName || t[i].kind == Kind::kString)) ++i;
    const bool opening = digraph && i < t.size() && t[i].kind == Kind::kOpenBrace;
    // A graph written on one line, or statements after its '{': the digraph is there, the
    // layout is what this reader does not take.
    if (opening && i + 1 != t.size()) fail(kOneStatementPerLine);
    if (!opening) fail("expected 'digraph NAME {' first (a learned model is a DOT digraph)");
    opened_ = true;
  }

  // `s0 -> s1 [...]; s1 -> s2 [...]` or a statement and the closing '}' on one line.
  void refuse_several_statements(const std::vector<DotToken>& t) const {
    int depth = 0;  // inside [ ], ';' separates attributes
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (t[i].kind == Kind::kOpenBracket) ++depth;
      if (t[i].kind == Kind::kCloseBracket) --depth;
      if ((depth == 0 && t[i].kind == Kind::kSemicolon) || t[i].kind == Kind::kCloseBrace)
        fail(kOneStatementPerLine);
    }
  }

  static constexpr const char* kOneStatementPerLine =
      "several statements on one line (a learned model has one statement per line: "
      "'digraph NAME {', then each node or edge on a line of its own, then '}')";

  // [key=value, key="value" ...]; returns the position after ']'.
  std::size_t attributes(const std::vector<DotToken>& t, std::size_t i, Attributes& out) {
    ++i;  // '['
    while (i < t.size() && t[i].kind != Kind::kCloseBracket) {
      if (t[i].kind == Kind::kComma || t[i].kind == Kind::kSemicolon) {
        ++i;
        continue;
      }
      bool pair = i + 2 < t.size() && t[i].kind == Kind::kName && t[i + 1].kind == Kind::kEquals &&
                  (t[i + 2].kind == Kind::kName || t[i + 2].kind == Kind::kString);
      if (!pair) fail("malformed attribute list (attributes read [key=\"value\" ...])");
      if (t[i].text == "label") out.label = t[i + 2].text;
      i += 3;
    }
    if (i == t.size()) fail("attribute list without ']' (attributes read [key=\"value\" ...])");
    return i + 1;
  }

  static bool is_id(const DotToken& t) { return t.kind == Kind::kName || t.kind == Kind::kString; }

  void statement(const std::vector<DotToken>& t) {
    // Graph attribute: label="" or rankdir=LR.
    if (t.size() == 3 && is_id(t[0]) && t[1].kind == Kind::kEquals && is_id(t[2])) return;
    if (!is_id(t[0]))
      fail("expected a node or an edge (statements read: s0; or s0 -> s1 [label=\"IN / OUT\"])");
    if (t[0].text == "subgraph")
      fail("a subgraph (learned models are flat: one node or edge per line)");
    Attributes attrs;
    std::size_t i = 1;
    bool edge = i < t.size() && t[i].kind == Kind::kArrow;
    std::string target;
    if (edge) {
      if (i + 1 >= t.size() || !is_id(t[i + 1])) fail("edge without a target (edges read a -> b)");
      target = t[i + 1].text;
      i += 2;
    }
    if (i < t.size() && t[i].kind == Kind::kOpenBracket) i = attributes(t, i, attrs);
    if (i != t.size()) {
      if (t[i].kind == Kind::kArrow)
        fail("chained edge (one edge per line: a -> b [label=\"IN / OUT\"])");
      fail(fmt::format("unexpected '{}' (statements read: s0; or s0 -> s1 [label=\"IN / OUT\"])",
                       t[i].text));
    }
    const std::string& first = t[0].text;
    if (!edge) {
      // Default attributes and the start marker's declaration carry nothing for a machine.
      if (first == "node" || first == "edge" || first == "graph" || is_start_marker(first)) return;
      state(first);
      return;
    }
    if (is_start_marker(target)) fail("edge into the start marker (it reads __start0 -> s0)");
    if (is_start_marker(first)) return mark_initial(target);
    if (!attrs.label)
      fail("edge without a label (learned edges read s0 -> s1 [label=\"INPUT / OUTPUT\"])");
    transition(first, target, *attrs.label);
  }

  void mark_initial(const std::string& target) {
    std::size_t s = state(target);
    if (initial_)
      fail(fmt::format("a second initial state {} (line {} marked {}; one '__start0 -> sN')",
                       target, initial_line_, machine_.states[*initial_]));
    initial_ = s;
    initial_line_ = line_;
  }

  std::size_t state(const std::string& name) {
    auto [it, added] = state_index_.try_emplace(name, machine_.states.size());
    if (added) machine_.states.push_back(name);
    return it->second;
  }

  std::size_t input(const std::string& name) {
    auto [it, added] = input_index_.try_emplace(name, machine_.inputs.size());
    if (added) machine_.inputs.push_back(name);
    return it->second;
  }

  std::size_t output(const std::string& text) {
    Output out;
    if (text != "-" && text != "Empty") {
      std::size_t start = 0;
      for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] != '|' && text[i] != '&') continue;
        std::string symbol = trim(std::string_view(text).substr(start, i - start));
        if (symbol.empty())
          fail(
              fmt::format("empty symbol in output \"{}\" (symbols are joined with | or &; "
                          "- or Empty is no output)",
                          text));
        out.symbols.push_back(std::move(symbol));
        start = i + 1;
      }
    }
    auto [it, added] = output_index_.try_emplace(out.symbols, machine_.outputs.size());
    if (added) machine_.outputs.push_back(std::move(out));
    return it->second;
  }

  void transition(const std::string& from, const std::string& to, const std::string& label) {
    std::size_t slash = label.find('/');
    if (slash == std::string::npos)
      fail(fmt::format("label \"{}\" has no '/' (learned edges read label=\"INPUT / OUTPUT\")",
                       label));
    std::string in = trim(std::string_view(label).substr(0, slash));
    std::string out_text = trim(std::string_view(label).substr(slash + 1));
    if (in.empty())
      fail(fmt::format("label \"{}\" has no input before '/' (label=\"INPUT / OUTPUT\")", label));
    if (out_text.empty())
      fail(fmt::format("label \"{}\" has no output after '/' (write - or Empty for none)", label));
    MealyMachine::Transition tr{state(from), input(in), state(to), output(out_text), line_};
    auto& same_pair = declared_[(std::uint64_t{tr.from} << 32) | tr.input];
    for (std::size_t k : same_pair) {
      const auto& other = machine_.transitions[k];
      if (other.to == tr.to && other.output == tr.output)
        fail(fmt::format("the same transition as line {} ({} -> {} on {}; once is enough)",
                         other.line, from, to, in));
    }
    same_pair.push_back(machine_.transitions.size());
    machine_.transitions.push_back(tr);
  }

  std::string source_;
  DotLimits limits_;
  MealyMachine machine_;
  int line_ = 0;
  bool opened_ = false, closed_ = false;
  std::optional<std::size_t> initial_;
  int initial_line_ = 0;
  std::unordered_map<std::string, std::size_t> state_index_, input_index_;
  std::map<std::vector<std::string>, std::size_t> output_index_;
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> declared_;
};

// DOT's comments, `//` to the end of the line and `/* ... */` (across lines too), blanked
// out so that lines and columns stay where they were; a quoted string keeps its slashes
// ("ACK / -" is a label, not a comment). Throws InputError for a `/*` never closed.
std::string without_comments(std::string_view text, const std::string& source) {
  std::string out(text);
  bool in_string = false;
  int line = 1;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const char c = out[i];
    if (c == '\n') {
      ++line;
      in_string = false;  // a string ends on its line: the tokenizer says so
    } else if (in_string) {
      if (c == '\\' && i + 1 < out.size() && out[i + 1] == '"')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '/') {
      while (i < out.size() && out[i] != '\n') out[i++] = ' ';
      --i;  // the newline is counted by the loop
    } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '*') {
      const int opened = line;
      const std::size_t end = out.find("*/", i + 2);
      if (end == std::string::npos)
        throw InputError(fmt::format("{}:{}: a '/*' comment that is never closed (a '*/' ends it)",
                                     source, opened));
      for (; i < end + 2; ++i)
        if (out[i] == '\n')
          ++line;
        else
          out[i] = ' ';
      --i;
    }
  }
  return out;
}

}  // namespace

MealyMachine parse_dot(std::string_view text, const std::string& source, const std::string& name,
                       const DotLimits& limits) {
  if (text.size() > limits.max_file_bytes)
    throw InputError(fmt::format("{}: {} bytes is too large for a learned model (at most {})",
                                 source, text.size(), limits.max_file_bytes));
  // A byte order mark, which some Windows editors write, is not part of the first line.
  constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  // Most models have no '/' outside their labels; only a file with one is copied.
  std::string uncommented;
  if (text.find("//") != std::string_view::npos || text.find("/*") != std::string_view::npos) {
    uncommented = without_comments(text, source);
    text = uncommented;
  }
  Reader reader(source, name, limits);
  int number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++number;
    if (line.find('\0') != std::string_view::npos)
      throw InputError(
          fmt::format("{}:{}: a NUL byte (a learned model is a DOT text file)", source, number));
    reader.line(number, line);
    start = end + 1;
  }
  return reader.finish(std::max(number, 1));
}

MealyMachine read_dot_file(const std::string& path, const DotLimits& limits) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory)  // a loop of links, a name too long
    throw InputError(fmt::format("{}: {} (give a learned model in DOT)", path, ec.message()));
  if (!fs::exists(status))
    throw InputError(fmt::format("{}: no such file (give a learned model in DOT)", path));
  if (fs::is_directory(status))
    throw InputError(fmt::format("{}: is a directory (give a learned model's .dot file)", path));
  // A named pipe without a writer would be waited on forever; a device has no end.
  if (!fs::is_regular_file(status))
    throw InputError(
        fmt::format("{}: not a regular file (give a learned model's .dot file)", path));
  std::uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > limits.max_file_bytes)
    throw InputError(fmt::format("{}: {} bytes is too large for a learned model (at most {})", path,
                                 size, limits.max_file_bytes));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("{}: cannot be read (check its permissions)", path));
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > limits.max_file_bytes)
      throw InputError(fmt::format("{}: more than {} bytes is too large for a learned model", path,
                                   limits.max_file_bytes));
  }
  if (in.bad()) throw InputError(fmt::format("{}: read error", path));
  return parse_dot(text, path, fs::path(path).stem().string(), limits);
}

}  // namespace synack::learned
