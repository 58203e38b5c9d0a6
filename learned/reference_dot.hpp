// Replay's second reading of a learned model's .dot file, written apart from
// learned/dot_reader and learned/dot_tokens so that a mistake in either is not made twice.
//
// It reads every file the main reader accepts into the same machine: the states in the
// order they are first named, the initial state, and every edge in file order with its
// input and output symbols. It checks nothing: a file the main reader refuses never
// reaches it (a composition loads its models with the main reader first), so where the
// text is not the dialect it reads something rather than refusing. The rules it follows
// are the dialect's, as the README states them:
//
//   - a UTF-8 byte order mark is skipped; outside quoted strings, `//` to the end of its
//     line and `/* ... */` (its line breaks kept) read as blanks;
//   - one statement per line; the first statement opens the digraph, `}` closes it;
//   - names, or quoted strings in which `\"` is a quote and every other byte is itself;
//   - `a -> b [k=v, ...]` is an edge, `a [k=v ...]` or `a` a node (`node`, `edge`,
//     `graph` and `__start...` declare none), `k = v` a graph attribute;
//   - `__start... -> s` marks the initial state; an edge's label (the last `label` in its
//     list) is split on its first `/`; input and output are trimmed of blanks; the output
//     `-` or `Empty` is no symbol, any other output is its `|` or `&` separated symbols,
//     each trimmed.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace synack::learned {

struct ReferenceEdge {
  std::string from, input, to;
  std::vector<std::string> symbols;  // the answer; empty for `-` and `Empty`
};

struct ReferenceModel {
  std::string initial;
  std::vector<std::string> states;   // in the order the file first names them
  std::vector<ReferenceEdge> edges;  // in file order
  // (state, input) -> (next state, output symbols); the first edge in file order wins.
  std::map<std::pair<std::string, std::string>, std::pair<std::string, std::vector<std::string>>>
      table;
};

ReferenceModel parse_reference_model(std::string_view text);
// Throws InputError when the file cannot be read.
ReferenceModel read_reference_model(const std::string& dot_path);

}  // namespace synack::learned
