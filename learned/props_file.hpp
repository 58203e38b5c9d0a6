// Property files for learned models (`tls-server.props`), written without C++:
//
//   # The comment lines right above a statement describe it.
//   always no-data-before-hello: in == "ApplicationData" -> out != "*ApplicationData*"
//   sometimes handshake-completes: out == "*Finished*"
//
//   # A bug pattern: an automaton over the model's steps, each edge guarded by the step's
//   # input and answer; reaching a `bug` state is a violation (NDSS 2023, "Automata-based
//   # automated detection of state machine bugs").
//   pattern early-ccs:
//     start -> hello: in == "ClientHello*" && out != "*Alert*"
//     hello -> bug: in == "ChangeCipherSpec" && out == "-"
//     hello -> start: true
//     bug: bug
//
// Expressions are synack's (checker/expr.hpp) with three short names: `in` (the last
// input), `out` (the last answer, its symbols joined by " & ", "-" for none) and `state`
// (the learned state), and strings naming their values: `in == "ClientHello*"` is true
// when the last input's name matches (`*` any characters, case ignored; several matches
// mean "one of them"). A pattern starts in the source of its first edge; after each step
// the first edge (in file order) from the current state whose guard holds is taken, and
// none leaves the pattern where it is. A line ending in `\` continues on the next.
//
// A pattern NAME becomes a spec monitor NAME (dashes as underscores) with one variable,
// `at`, and the property `always NAME: NAME.at != BUG...`; its shortest violation is the
// shortest input sequence that drives the model into the bug.
//
// Errors name the file and line: `tls.props:12: unknown statement 'alway'; valid: ...`.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "checker/model.hpp"
#include "checker/monitor.hpp"
#include "checker/property.hpp"

namespace synack::learned {

struct PropsFile {
  std::string source;  // the path, for messages

  struct Rule {
    int line = 0;
    checker::PropertyKind kind = checker::PropertyKind::kAlways;
    std::string name, expression, description;
  };
  struct Edge {
    int line = 0;
    std::string from, to, guard;
  };
  struct Pattern {
    int line = 0;
    std::string name, description;
    std::vector<std::string> states;  // in order of first mention; states[0] is the start
    std::vector<Edge> edges;
    std::vector<std::string> bugs;
  };
  std::vector<Rule> rules;
  std::vector<Pattern> patterns;
};

// Throws InputError "SOURCE:LINE: what is wrong" on anything it cannot read.
PropsFile parse_props(std::string_view text, const std::string& source);
PropsFile read_props_file(const std::string& path);

// `in`, `out`, `state` of an expression as the slots of actor `actor` (primed: after the
// step, for a monitor's rule). Strings are left as they are.
std::string expand_short_names(std::string_view expression, const std::string& actor,
                               bool primed = false);

// What the file becomes for a model whose learned machine is actor `actor`.
struct BoundProps {
  std::vector<checker::PropertySpec> properties;  // rules, then one per pattern
  std::vector<checker::MonitorSpec> monitors;     // one per pattern
};
BoundProps bind_props(const PropsFile& file, const std::string& actor);

// Parses every expression and guard of `file` against `model` (whose actor `actor` is the
// learned machine, without the patterns' monitors), so that a name the model does not
// have is reported as "SOURCE:LINE: ..." before any check runs.
void validate_props(const PropsFile& file, const std::string& actor, const checker::Model& model);

// The `*` patterns of `expression` ("*Alert*") that match no named value of any slot of
// `model`. Such a pattern is false (one file serves models whose alphabets differ), so a
// misspelt one turns a rule into one that always holds; a run refuses a pattern that
// matches nothing in every model it checks (cli/learned_models.cpp).
std::vector<std::string> unmatched_patterns(std::string_view expression,
                                            const checker::Model& model);

}  // namespace synack::learned
