#include "reports/baseline.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/program_name.hpp"
#include "checker/property.hpp"
#include "checker/symmetry/symmetric_model.hpp"
#include "reports/trace_text.hpp"

namespace synack::reports {

namespace {

nlohmann::json params_json(const ScenarioRun& run) {
  nlohmann::json params = nlohmann::json::object();
  for (const auto& spec : run.scenario->params)
    params[spec.key] = spec.format(run.params.at(spec.key));
  return params;
}

// Under --symmetry a run counts classes of states, not states, and a baseline (`baseline
// save`, which has no --symmetry) counts states: the two counts are never put side by side
// as a change.
bool reduced(const ScenarioRun& run) {
  return dynamic_cast<const checker::SymmetricModel*>(run.model.get()) != nullptr;
}

std::size_t trace_length(const checker::Result& r) {
  return r.trace ? r.trace->steps.size() : 0;
}

// The comparison prints a baseline's names as they are: one with a control character (an
// escape sequence, a NUL) would reach the terminal. synack's own names have none.
void check_name(const std::string& what, const std::string& name, const std::string& file) {
  if (std::none_of(name.begin(), name.end(),
                   [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
    return;
  throw InputError(
      fmt::format("--baseline {}: {} {}: a control character in a name; synack's names have none",
                  file, what, nlohmann::json(name).dump()));
}

// A verdict is one synack writes (checker::to_string), else the comparison would call the
// difference a flip.
// `baseline save` writes decided verdicts only (an undecided run writes nothing), so an
// "inconclusive" read back would be compared as if synack had recorded it.
void check_verdict(const std::string& verdict, const std::string& where, const std::string& file) {
  std::vector<std::string> valid;
  for (checker::Verdict v : {checker::Verdict::kHolds, checker::Verdict::kViolated})
    valid.emplace_back(checker::to_string(v));
  if (std::find(valid.begin(), valid.end(), verdict) != valid.end()) return;
  throw InputError(fmt::format(
      "--baseline {}: {}: verdict {} is not one a baseline records; valid: {} (baseline save "
      "writes decided verdicts only: save it again)",
      file, where, nlohmann::json(verdict).dump(), fmt::join(valid, ", ")));
}

}  // namespace

nlohmann::json baseline_json(const std::vector<ScenarioRun>& runs) {
  nlohmann::json scenarios = nlohmann::json::object();
  for (const ScenarioRun& run : runs) {
    nlohmann::json& s = scenarios[run.scenario->name];
    s["params"] = params_json(run);
    for (const checker::Result& r : run.results) {
      nlohmann::json& p = s["properties"][r.property];
      p = {{"verdict", checker::to_string(r.verdict)},
           {"states", r.states},
           {"trace_length", trace_length(r)}};
      if (r.vacuous) p["vacuous"] = true;  // absent otherwise, as in baselines before it
    }
  }
  // Says that an absent `vacuous` means not vacuous: baselines saved before synack recorded
  // the mark lack it for every property.
  return {{"synack_baseline", 1},
          {"synack_version", SYNACK_VERSION},
          {"records_vacuous", true},
          {"scenarios", scenarios}};
}

void check_baseline_size(std::uintmax_t bytes, const std::string& file) {
  if (bytes > kMaxBaselineBytes)
    throw InputError(fmt::format(
        "--baseline {}: {} bytes; a baseline is at most {} MiB (the bundled scenarios' is 15 KB)",
        file, bytes, kMaxBaselineBytes >> 20));
}

nlohmann::json read_baseline(const std::string& path) {
  std::error_code status_error;
  const auto status = std::filesystem::status(path, status_error);
  // A named pipe without a writer would be waited on forever; a device has no end.
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status) &&
      !std::filesystem::is_directory(status))
    throw InputError(fmt::format(
        "--baseline {}: not a regular file; give a baseline written by `baseline save`", path));
  std::error_code size_error;
  std::uintmax_t bytes = std::filesystem::file_size(path, size_error);
  if (!size_error) check_baseline_size(bytes, path);  // before reading it
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(
        fmt::format("--baseline {}: cannot read the file: {}", path, std::strerror(errno)));
  std::string text(kMaxBaselineBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad())
    throw InputError(
        fmt::format("--baseline {}: cannot read the file: {}", path, std::strerror(errno)));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxBaselineBytes)
    throw InputError(
        fmt::format("--baseline {}: more than {} bytes; a baseline is at most {} MiB (the bundled "
                    "scenarios' is 15 KB)",
                    path, kMaxBaselineBytes, kMaxBaselineBytes >> 20));
  return parse_baseline(text, path);
}

nlohmann::json parse_baseline(const std::string& text, const std::string& file) {
  check_baseline_size(text.size(), file);
  // A baseline nests five deep; a file of 150 MB of `[` made the parser allocate 11 GB.
  constexpr std::size_t kMaxDepth = 16;
  // The keys of each object open so far: a key given twice would be read as its last
  // value only (a property recorded as violated and then as holds compared as holds).
  std::vector<std::set<std::string>> keys;
  auto shallow = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    if (static_cast<std::size_t>(depth) > kMaxDepth)
      throw InputError(fmt::format(
          "--baseline {}: nested more than {} deep; not a synack baseline (make one with "
          "'{} baseline save FILE')",
          file, kMaxDepth, checker::program_name()));
    using Event = nlohmann::json::parse_event_t;
    if (event == Event::object_start) keys.emplace_back();
    if (event == Event::object_end && !keys.empty()) keys.pop_back();
    if (event == Event::key && !keys.empty() &&
        !keys.back().insert(parsed.get<std::string>()).second)
      throw InputError(fmt::format(
          "--baseline {}: the key {} appears twice in one object; a baseline names each "
          "scenario, property and field once",
          file, nlohmann::json(parsed.get<std::string>().substr(0, 80)).dump()));
    return true;
  };
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text, shallow);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(fmt::format("--baseline {}: not valid JSON (byte {})", file, e.byte));
  } catch (const nlohmann::json::exception& e) {
    // A number too large for a double (1e400) is out_of_range, not a parse_error (found by
    // fuzzing; it escaped as exit 4).
    throw InputError(fmt::format("--baseline {}: not valid JSON (a number out of range)", file));
  }
  if (!j.is_object() || !j.contains("synack_baseline") || !j.contains("scenarios") ||
      !j["scenarios"].is_object())
    throw InputError(
        fmt::format("--baseline {}: not a synack baseline (make one with '{} baseline save FILE')",
                    file, checker::program_name()));
  if (j["synack_baseline"] != 1)
    throw InputError(
        fmt::format("--baseline {}: format version {}; this synack reads version 1 (save it again)",
                    file, j["synack_baseline"].dump()));
  if (j.contains("records_vacuous") && !j["records_vacuous"].is_boolean())
    throw InputError(fmt::format("--baseline {}: records_vacuous must be true or false", file));
  for (auto& [name, s] : j["scenarios"].items()) {
    check_name("scenario", name, file);
    if (s.is_object() && s.contains("params") &&
        (!s["params"].is_object() ||
         !std::all_of(s["params"].begin(), s["params"].end(),
                      [](const nlohmann::json& v) { return v.is_string(); })))
      throw InputError(fmt::format(
          "--baseline {}: scenario '{}': params must map each parameter to its value as a "
          "string",
          file, name));
    if (!s.is_object() || !s.contains("properties") || !s["properties"].is_object())
      throw InputError(fmt::format("--baseline {}: scenario '{}' has no properties", file, name));
    if (s.contains("params"))
      for (auto& [key, value] : s["params"].items()) check_name("parameter", key, file);
    for (auto& [prop, p] : s["properties"].items()) {
      check_name("property", prop, file);
      if (!p.is_object() || !p.contains("verdict") || !p["verdict"].is_string() ||
          !p.contains("states") || !p["states"].is_number_unsigned() ||
          !p.contains("trace_length") || !p["trace_length"].is_number_unsigned())
        throw InputError(fmt::format(
            "--baseline {}: {} {}: needs verdict (string), states and trace_length (counts)", file,
            name, prop));
      check_verdict(p["verdict"].get<std::string>(), name + " " + prop, file);
      if (p.contains("vacuous") &&
          (!p["vacuous"].is_boolean() ||
           (p["vacuous"] == true && p["verdict"] != checker::to_string(checker::Verdict::kHolds))))
        throw InputError(fmt::format(
            "--baseline {}: {} {}: vacuous must be true or false, and true only beside verdict "
            "holds",
            file, name, prop));
    }
  }
  return j;
}

namespace {

// The parameters a scenario ran at against those recorded: every key of either.
void compare_parameters(const std::string& name, const nlohmann::json& recorded,
                        const nlohmann::json& now, BaselineComparison& out) {
  if (!recorded.contains("params")) {
    out.parameters.push_back(name + ": parameters not recorded in the baseline");
    return;
  }
  const nlohmann::json& was = recorded["params"];
  std::vector<std::string> diffs;
  for (auto& [key, value] : now.items()) {
    std::string before = was.contains(key) ? was[key].dump() : "(none)";
    if (before != value.dump())
      diffs.push_back(fmt::format("{} {} -> {}", key, before, value.dump()));
  }
  for (auto& [key, value] : was.items())
    if (!now.contains(key)) diffs.push_back(fmt::format("{} {} -> (none)", key, value.dump()));
  if (!diffs.empty())
    out.parameters.push_back(fmt::format("{}: parameters {}", name, fmt::join(diffs, ", ")));
}

// What the baseline records and this run did not check: whole scenarios, and properties
// of the scenarios it did check.
void find_not_checked(const nlohmann::json& scenarios, const std::vector<ScenarioRun>& runs,
                      BaselineComparison& out) {
  for (auto& [name, recorded] : scenarios.items()) {
    auto run = std::find_if(runs.begin(), runs.end(),
                            [&](const ScenarioRun& r) { return r.scenario->name == name; });
    if (run == runs.end()) {
      out.not_checked.push_back(name + " (whole scenario)");
      continue;
    }
    for (const auto& item : recorded["properties"].items()) {
      const std::string& property = item.key();
      bool checked = std::any_of(run->results.begin(), run->results.end(),
                                 [&](const checker::Result& r) { return r.property == property; });
      if (!checked) out.not_checked.push_back(name + " " + property);
    }
  }
}

// A property that holds as recorded but has become vacuous asks nothing any more (a
// premise an edit made unreachable): a flip, as a changed verdict is. One that is no
// longer vacuous is a change. Only the explicit engine's marks are compared: under
// --symmetry it asks only about some premises, and a Z3 engine leaves unmarked a premise
// it cannot settle within its share of the budget, so their unmarked holds say nothing.
// A baseline saved before synack recorded the mark (no `records_vacuous`) cannot say
// whether the property was vacuous then: a vacuous one is a change, never a flip.
void compare_vacuity(const std::string& name, const checker::Result& r, const nlohmann::json& p,
                     bool classes, bool marks_recorded, BaselineComparison& out) {
  if (r.verdict != checker::Verdict::kHolds || r.engine != "explicit" || classes) return;
  const bool was = p.contains("vacuous") && p["vacuous"] == true;
  if (r.vacuous && !marks_recorded && !was)
    out.changes.push_back(fmt::format(
        "{} {}: holds vacuously: the premise '{}' holds in no reachable state (the baseline was "
        "saved before synack recorded this; save it again to compare it)",
        name, r.property, r.premise));
  else if (r.vacuous && !was)
    out.flips.push_back(fmt::format(
        "{} {}: holds -> holds (vacuous): the premise '{}' now holds in no reachable state", name,
        r.property, r.premise));
  else if (was && !r.vacuous)
    out.changes.push_back(
        fmt::format("{} {}: no longer vacuous: every premise now holds in some reachable state",
                    name, r.property));
}

}  // namespace

BaselineComparison compare_with_baseline(const nlohmann::json& baseline,
                                         const std::vector<ScenarioRun>& runs) {
  BaselineComparison out;
  const nlohmann::json& scenarios = baseline["scenarios"];
  const bool marks_recorded =
      baseline.contains("records_vacuous") && baseline["records_vacuous"] == true;
  find_not_checked(scenarios, runs, out);
  for (const ScenarioRun& run : runs) {
    const std::string& name = run.scenario->name;
    auto judge_missing = [&out](const checker::Result& r) {
      out.missing_violated |= r.verdict == checker::Verdict::kViolated;
      out.missing_undecided |=
          r.verdict != checker::Verdict::kViolated && r.verdict != checker::Verdict::kHolds;
    };
    if (!scenarios.contains(name)) {
      out.missing.push_back(name + " (whole scenario)");
      for (const checker::Result& r : run.results) judge_missing(r);
      continue;
    }
    const nlohmann::json& recorded = scenarios[name];
    compare_parameters(name, recorded, params_json(run), out);
    const bool classes = reduced(run);
    if (classes)
      out.parameters.push_back(name +
                               ": --symmetry: the baseline counts states, this run classes of "
                               "them; counts not compared");
    for (std::size_t i = 0; i < run.results.size(); ++i) {
      const checker::Result& r = run.results[i];
      if (!recorded["properties"].contains(r.property)) {
        out.missing.push_back(name + " " + r.property);
        judge_missing(r);
        continue;
      }
      const nlohmann::json& p = recorded["properties"][r.property];
      std::string was = p["verdict"].get<std::string>();
      std::string now = checker::to_string(r.verdict);
      if (was != now) {
        std::string flip = fmt::format("{} {}: {} -> {}{}", name, r.property, was, now,
                                       r.vacuous ? " (vacuous)" : "");
        if (r.trace)
          flip += fmt::format(" ({})\n", trace_shape(*r.trace)) +
                  format_trace(*run.model, run.properties[i], *r.trace);
        out.flips.push_back(flip);
        continue;
      }
      compare_vacuity(name, r, p, classes, marks_recorded, out);
      auto states_was = p["states"].get<std::uint64_t>();
      if (states_was != r.states && !classes) {
        double pct =
            states_was ? 100.0 * (static_cast<double>(r.states) - static_cast<double>(states_was)) /
                             static_cast<double>(states_was)
                       : 100.0;
        out.changes.push_back(fmt::format("{} {}: states {} -> {} ({:+.1f}%)", name, r.property,
                                          states_was, r.states, pct));
      }
      auto length_was = p["trace_length"].get<std::size_t>();
      if (length_was != trace_length(r))
        out.changes.push_back(fmt::format("{} {}: trace length {} -> {}", name, r.property,
                                          length_was, trace_length(r)));
    }
  }
  return out;
}

std::string BaselineComparison::format() const {
  std::string s;
  if (flips.empty() && changes.empty() && like_for_like()) return "baseline: no differences\n";
  for (const auto& f : flips) s += "baseline: VERDICT FLIP " + f + "\n";
  for (const auto& p : parameters) s += "baseline: changed " + p + "\n";
  for (const auto& c : changes) s += "baseline: changed " + c + "\n";
  for (const auto& m : missing) s += "baseline: not in baseline: " + m + "\n";
  for (const auto& n : not_checked) s += "baseline: not checked: " + n + "\n";
  s += fmt::format("baseline: {} verdict flip(s), {} other change(s)", flips.size(),
                   parameters.size() + changes.size());
  if (!missing.empty() || !not_checked.empty())
    s +=
        fmt::format(", {} not in the baseline, {} not checked", missing.size(), not_checked.size());
  return s + "\n";
}

}  // namespace synack::reports
