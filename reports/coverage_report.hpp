// Coverage and profiling of a breadth-first search (checker/coverage.hpp), as text
// (`check --coverage`), JSON (always) and an HTML section (always): per transition group
// the successors it generated and the new states among them, per machine how often each
// row fired, and the rows that never fired.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checker/coverage.hpp"
#include "checker/machine.hpp"
#include "checker/model.hpp"

namespace synack::reports {

// One machine's rows, their fire counts summed over the actors that run it.
struct MachineCoverage {
  std::string machine;
  std::vector<std::string> actors;
  std::vector<checker::RowSpec> rows;
  std::vector<std::uint64_t> fired;  // per row
};

// By machine, in the order their first actor was added.
std::vector<MachineCoverage> machine_coverage(const checker::Model& model,
                                              const checker::Coverage& coverage);

// "CLOSED --connect / send_syn--> SYN-SENT"
std::string row_text(const checker::RowSpec& row);

// What the figures cover: "every reachable state (58 states, 89 transitions)" or "the
// states explored before every property was decided (35 states, 47 transitions)";
// `symmetry`: the figures are of a reduced search's representatives.
std::string coverage_scope(const checker::Coverage& coverage, bool symmetry = false);

std::string format_coverage(const std::string& scenario, const checker::Model& model,
                            const checker::Coverage& coverage);
nlohmann::json coverage_json(const std::string& scenario, const checker::Model& model,
                             const checker::Coverage& coverage);
// A <section> for the HTML report.
std::string coverage_html(const std::string& scenario, const checker::Model& model,
                          const checker::Coverage& coverage);

}  // namespace synack::reports
