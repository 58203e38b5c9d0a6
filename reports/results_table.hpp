// The results table printed after a check.
#pragma once

#include <string>
#include <vector>

#include "reports/scenario_run.hpp"
#include "reports/text_wrap.hpp"

namespace synack::reports {

struct TableOptions {
  bool show_expected = false;  // add the expected verdict and "as expected"/UNEXPECTED
};

std::string format_results_table(const std::vector<ScenarioRun>& runs, const TableOptions& opts);

// One line per note of a checked scenario (properties::Scenario::notes), after the table:
// "note: learned/x: not input-complete (...): the verdicts cover only ...".
std::string format_notes(const std::vector<ScenarioRun>& runs);

// The traces of every violation and witness, headed by scenario and property, in `width`
// columns (reports/trace_text.hpp); with `charts`, each followed by its message sequence
// chart; with `changes`, each step by the variables it changed. A Z3 engine's proof shows
// its inductive invariant instead; an inconclusive k-induction, its counterexample to
// induction.
std::string format_all_traces(const std::vector<ScenarioRun>& runs, bool charts = false,
                              std::size_t width = kDefaultWidth, bool changes = false);

}  // namespace synack::reports
