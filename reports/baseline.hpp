// Regression baselines: verdicts, state counts and trace lengths recorded once
// (`synack baseline save`) and compared on every later run (`check --baseline`), so an
// edit to a protocol machine shows exactly which verdicts it flips.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "reports/scenario_run.hpp"

namespace synack::reports {

nlohmann::json baseline_json(const std::vector<ScenarioRun>& runs);

// A baseline file's largest size: the bundled scenarios' is 15 KB.
inline constexpr std::uintmax_t kMaxBaselineBytes = std::uintmax_t{16} << 20;

// Throws InputError when a file of `bytes` is too large to be a baseline (checked before
// it is read, and again by parse_baseline).
void check_baseline_size(std::uintmax_t bytes, const std::string& file);

// Reads and parses the baseline at `path`, never more than kMaxBaselineBytes + 1 bytes of
// it: a device or a pipe (/dev/zero) has no size to check first. Throws InputError.
nlohmann::json read_baseline(const std::string& path);

// Throws InputError when `text` is not a baseline (what is wrong, where).
nlohmann::json parse_baseline(const std::string& text, const std::string& file);

struct BaselineComparison {
  std::vector<std::string> flips;        // verdict changes, each with the new trace if any
  std::vector<std::string> parameters;   // a scenario checked at other parameters than recorded
  std::vector<std::string> changes;      // state counts, trace lengths
  std::vector<std::string> missing;      // checked now but absent from the baseline
  std::vector<std::string> not_checked;  // in the baseline but not checked now
  // What the baseline cannot speak for is judged as without one: a result missing from it
  // that is violated (exit 1) or undecided (exit 3). It was exit 0.
  bool missing_violated = false;
  bool missing_undecided = false;
  // The run checked what the baseline records, at its parameters: every difference left is
  // one of results. `check --baseline --strict` fails otherwise.
  bool like_for_like() const {
    return parameters.empty() && missing.empty() && not_checked.empty();
  }
  std::string format() const;
};

BaselineComparison compare_with_baseline(const nlohmann::json& baseline,
                                         const std::vector<ScenarioRun>& runs);

}  // namespace synack::reports
