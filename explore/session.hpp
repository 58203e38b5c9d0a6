// One user's walk through a scenario's state space, for `synack explore`: where they
// stand, how they got there, what they may do next, and what each property says here.
//
// The walk is a path from the initial state, like a browser's history: going back keeps
// the steps ahead, so a loaded counterexample (or a search's path) can be stepped along
// forwards and backwards; taking a different step drops the steps ahead. Every step is
// taken through the model seam (Model::apply and describe), and every loaded trace comes
// from the engines, which replayed it through the real machines. Nothing here knows HTTP:
// explore/api.hpp turns requests into calls on this class.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "checker/check.hpp"
#include "checker/expr.hpp"
#include "checker/model.hpp"
#include "checker/property.hpp"
#include "checker/result.hpp"

namespace synack::explore {

// One step the user can take from the current state.
struct EnabledStep {
  std::size_t group = 0;
  checker::StepInfo info;
  std::vector<checker::Value> after;
  // Taking it follows the path ahead (the next step of a loaded trace).
  bool next_on_path = false;
};

// One entry of the path: the step that led there (none for the initial state).
struct PathEntry {
  std::optional<std::size_t> group;
  checker::StepInfo info;
  std::vector<checker::Value> state;
};

// What the path came from, for the page's heading.
struct PathOrigin {
  enum Kind { kWalk, kTrace, kSearch } kind = kWalk;
  std::string property;   // kTrace: whose trace; kSearch: the expression
  std::string role;       // kTrace: "counterexample" or "witness"
  std::size_t index = 0;  // kTrace: which of the property's traces (0 the shortest)
  std::string shape;      // kTrace: "4 steps", "lasso: 5-step prefix, then stuck"
  // A lasso: the path entry its last step returns to (the last entry itself: stuck there).
  std::optional<std::size_t> cycle_start;
};

// What a search by expression found.
struct SearchOutcome {
  bool found = false;
  std::string text;  // one line: what was searched and what came of it
};

class Session {
 public:
  // The model must outlive the session; `program` names the CLI in error lines.
  Session(const checker::Model& model, std::vector<checker::PropertySpec> properties,
          checker::Limits limits, std::string program);

  // Runs the check of every property (bounded by the limits) so that their
  // counterexamples and witnesses can be loaded. Throws what check_properties throws.
  void run_checks();
  const std::vector<checker::Result>& results() const { return results_; }

  const checker::Model& model() const { return model_; }
  const std::vector<checker::PropertySpec>& properties() const { return properties_; }
  const std::vector<PathEntry>& path() const { return path_; }
  std::size_t position() const { return position_; }
  const PathOrigin& origin() const { return origin_; }
  const std::vector<checker::Value>& current() const { return path_[position_].state; }

  // Every step enabled in the current state, in group order.
  std::vector<EnabledStep> enabled_steps() const;
  // The step ahead on the path, if there is one.
  const PathEntry* next_on_path() const;

  // Takes `group` from the current state. False when it is not enabled there. Taking
  // the path's next step keeps the path ahead; any other step replaces it.
  bool step(std::size_t group);
  bool back();
  bool forward();
  // Moves to entry `position` of the path. False when there is none.
  bool go_to(std::size_t position);
  // Back to the initial state, with a fresh path.
  void restart();

  // Loads the `index`-th trace of a property (counterexample or witness) and stands at
  // its initial state. Throws InputError naming the property and what is valid.
  void load_trace(const std::string& property, std::size_t index);
  // Breadth-first search for the first state satisfying `expression`, bounded by the
  // limits; when found, its shortest path is loaded and the walk stands at its end.
  // A bad expression throws InputError (the CLI's one line).
  SearchOutcome search(const std::string& expression);

  // A property's value in the current state: "true", "false", or for a leads-to both
  // sides ("premise true, consequence false").
  std::string property_now(std::size_t property) const;
  // The one-line error the CLI gives for `what`: "synack: ...", its echoes of the request
  // cut and escaped as the CLI's are (reports/printable.hpp): a request may carry 8 KB of
  // path or a megabyte of expression.
  std::string error_line(const std::string& what) const;

 private:
  // The expressions of one property, parsed once.
  struct Parsed {
    std::optional<checker::Expr> expression, consequence;
  };

  void load(const checker::Trace& trace, PathOrigin origin);
  bool deadlocked(const std::vector<checker::Value>& state) const;

  const checker::Model& model_;
  std::vector<checker::PropertySpec> properties_;
  std::vector<Parsed> parsed_;
  checker::Limits limits_;
  std::string program_;
  std::vector<checker::Result> results_;
  std::vector<PathEntry> path_;
  std::size_t position_ = 0;
  PathOrigin origin_;
};

}  // namespace synack::explore
