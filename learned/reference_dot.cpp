// The reference reading of the learned-model dialect (see reference_dot.hpp). Written as
// a scan of characters into words, then a look at the words, rather than as the main
// reader's tokens and grammar: the two are compared over every file the main reader
// accepts (tests/test_learned_reference_dot.cpp).
#include "learned/reference_dot.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "checker/errors.hpp"

namespace synack::learned {

namespace {

// A word of a line: an identifier (a name or a quoted string, unquoted), or one of the
// punctuation marks, with `->` as '>'.
struct Word {
  char mark = 0;  // 0 for an identifier
  std::string text;
  bool is(char c) const { return mark == c; }
  bool id() const { return mark == 0; }
};

bool punctuation(char c) {
  return c == '[' || c == ']' || c == '=' || c == ',' || c == ';' || c == '{' || c == '}';
}

std::vector<Word> words_of(std::string_view line) {
  std::vector<Word> words;
  std::size_t at = 0;
  while (at < line.size()) {
    char c = line[at];
    if (c == ' ' || c == '\t') {
      ++at;
    } else if (c == '"') {
      Word w;
      for (++at; at < line.size() && line[at] != '"'; ++at) {
        bool escaped_quote = line[at] == '\\' && at + 1 < line.size() && line[at + 1] == '"';
        if (escaped_quote) ++at;
        w.text.push_back(line[at]);
      }
      ++at;  // the closing quote
      words.push_back(std::move(w));
    } else if (line.substr(at, 2) == "->") {
      words.push_back({'>', "->"});
      at += 2;
    } else if (punctuation(c)) {
      words.push_back({c, std::string(1, c)});
      ++at;
    } else {
      Word w;
      while (at < line.size() && line[at] != ' ' && line[at] != '\t' && line[at] != '"' &&
             !punctuation(line[at]) && line.substr(at, 2) != "->")
        w.text.push_back(line[at++]);
      words.push_back(std::move(w));
    }
  }
  while (!words.empty() && words.back().is(';')) words.pop_back();
  return words;
}

std::string blank_trimmed(const std::string& s) {
  std::size_t first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::vector<std::string> answer_symbols(const std::string& output) {
  std::string whole = blank_trimmed(output);
  if (whole == "-" || whole == "Empty") return {};
  std::vector<std::string> symbols{""};
  for (char c : whole) {
    if (c == '|' || c == '&')
      symbols.emplace_back();
    else
      symbols.back().push_back(c);
  }
  for (std::string& s : symbols) s = blank_trimmed(s);
  return symbols;
}

// The text with DOT's comments turned to blanks, read character by character as a small
// automaton (the main reader blanks them in place with searches).
std::string comments_blanked(std::string_view text) {
  enum class In { kText, kString, kLineComment, kBlockComment } in = In::kText;
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size(); ++at) {
    const char c = text[at];
    const std::string_view pair = text.substr(at, 2);
    switch (in) {
      case In::kText:
        if (pair == "//" || pair == "/*") {
          in = pair == "//" ? In::kLineComment : In::kBlockComment;
          out += "  ";
          ++at;
          continue;
        }
        if (c == '"') in = In::kString;
        out += c;
        break;
      case In::kString:
        if (pair == "\\\"") {  // an escaped quote stays in the string
          out += pair;
          ++at;
          continue;
        }
        if (c == '"' || c == '\n') in = In::kText;  // a string ends on its line
        out += c;
        break;
      case In::kLineComment:
        if (c == '\n') in = In::kText;
        out += c == '\n' ? '\n' : ' ';
        break;
      case In::kBlockComment:
        if (pair == "*/") {
          in = In::kText;
          out += "  ";
          ++at;
          continue;
        }
        out += c == '\n' ? '\n' : ' ';
        break;
    }
  }
  return out;
}

bool starts_with(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

class Builder {
 public:
  // One statement; false at the closing brace.
  bool statement(const std::vector<Word>& w) {
    if (w.size() == 1 && w[0].is('}')) return false;
    if (w.size() == 3 && w[0].id() && w[1].is('=') && w[2].id()) return true;  // graph attribute
    bool edge = w.size() >= 3 && w[1].is('>');
    std::string label;
    for (std::size_t k = edge ? 3 : 1; k + 2 < w.size(); ++k)
      if (w[k].id() && w[k].text == "label" && w[k + 1].is('=') && w[k + 2].id())
        label = w[k + 2].text;  // the last one counts
    const std::string& first = w[0].text;
    if (!edge) {
      if (first != "node" && first != "edge" && first != "graph" && !starts_with(first, "__start"))
        name(first);
      return true;
    }
    const std::string& target = w[2].text;
    if (starts_with(first, "__start")) {
      name(target);
      model_.initial = target;
      return true;
    }
    std::size_t slash = label.find('/');
    ReferenceEdge e{first, blank_trimmed(label.substr(0, slash)), target,
                    answer_symbols(label.substr(slash + 1))};
    name(e.from);
    name(e.to);
    model_.table.emplace(std::pair{e.from, e.input}, std::pair{e.to, e.symbols});
    model_.edges.push_back(std::move(e));
    return true;
  }

  ReferenceModel take() { return std::move(model_); }

 private:
  void name(const std::string& state) {
    if (std::find(model_.states.begin(), model_.states.end(), state) == model_.states.end())
      model_.states.push_back(state);
  }

  ReferenceModel model_;
};

}  // namespace

ReferenceModel parse_reference_model(std::string_view text) {
  Builder builder;
  bool opened = false;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a byte order mark
  std::istringstream lines{comments_blanked(text)};
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<Word> words = words_of(line);
    if (words.empty()) continue;
    if (!opened) {
      opened = true;  // digraph NAME {
      continue;
    }
    if (!builder.statement(words)) break;
  }
  return builder.take();
}

ReferenceModel read_reference_model(const std::string& dot_path) {
  std::ifstream in(dot_path, std::ios::binary);
  if (!in) throw InputError(dot_path + ": cannot read the file");
  std::stringstream text;
  text << in.rdbuf();
  return parse_reference_model(text.str());
}

}  // namespace synack::learned
