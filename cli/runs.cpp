#include "cli/runs.hpp"

#include <unistd.h>
#include <algorithm>
#include <cstdio>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "checker/distributed/session.hpp"
#include "checker/errors.hpp"
#include "checker/expr.hpp"
#include "checker/fairness.hpp"
#include "checker/machine_code_error.hpp"
#include "checker/program_name.hpp"
#include "checker/smt/smt_check_within.hpp"
#include "checker/step_error.hpp"
#include "checker/suggest.hpp"
#include "checker/symmetry/symmetric_model.hpp"
#include "cli/assumptions.hpp"
#include "learned/map_text.hpp"
#include "properties/params.hpp"
#include "properties/scenario.hpp"
#include "reports/json_text.hpp"
#include "reports/machine_error_json.hpp"

namespace synack::cli {

namespace {

// kind and spacer without --lemmas: measured in scripts/bench_engines.sh (README).
constexpr checker::smt::LemmaSource kDefaultLemmas = checker::smt::LemmaSource::kNone;

bool is_scenario(const std::vector<properties::Scenario>& known, const std::string& word) {
  return std::any_of(known.begin(), known.end(),
                     [&](const properties::Scenario& s) { return s.name == word; });
}

// `check --property p tcp/x`: an option that takes several values takes every word after
// it, the scenario's name too. Which option took a scenario's name, if one did.
std::optional<std::pair<std::string, std::string>> swallowed_scenario(
    const std::vector<properties::Scenario>& known, const Selection& o) {
  for (const auto& p : o.properties)
    if (is_scenario(known, p)) return std::pair{p, std::string("--property")};
  for (const auto& a : o.sets)
    if (is_scenario(known, a)) return std::pair{a, std::string("--set")};
  for (const auto& a : o.adhoc)
    if (is_scenario(known, a.expression) || is_scenario(known, a.consequence))
      return std::pair{is_scenario(known, a.expression) ? a.expression : a.consequence,
                       "--" + std::string(checker::to_string(a.kind))};
  return std::nullopt;
}

std::vector<const properties::Scenario*> select_scenarios(
    const std::vector<properties::Scenario>& known, const Selection& o) {
  if (o.all && !o.scenarios.empty()) throw InputError("name scenarios or use --all, not both");
  if (!o.all && o.scenarios.empty()) {
    if (auto taken = swallowed_scenario(known, o))
      throw InputError(fmt::format(
          "name at least one scenario: {} was read as a value of {} (each {} takes the words "
          "after it: name the scenarios first)",
          taken->first, taken->second, taken->second));
    throw InputError(fmt::format("name at least one scenario or use --all (see '{} list')",
                                 checker::program_name()));
  }
  // A CI gate over nothing would pass: `check --all --expect` on an empty catalog.
  if (o.all && known.empty())
    throw InputError(
        "no scenarios to check: the catalog is empty (give run_cli a Catalog with scenarios)");
  std::vector<const properties::Scenario*> chosen;
  if (o.all)
    for (const auto& s : known) chosen.push_back(&s);
  for (const auto& name : o.scenarios) {
    const properties::Scenario* scenario = &properties::find_scenario(known, name);
    // It would be checked, tabled and counted twice (twice in --json and --junit).
    if (std::find(chosen.begin(), chosen.end(), scenario) != chosen.end())
      throw InputError(name + " is named twice; name each scenario once");
    chosen.push_back(scenario);
  }
  return chosen;
}

// Every --property must name a property of at least one chosen scenario.
void check_property_names(const std::vector<properties::Scenario>& known,
                          const std::vector<const properties::Scenario*>& chosen,
                          const std::vector<std::string>& wanted) {
  for (std::size_t i = 0; i < wanted.size(); ++i)
    if (std::find(wanted.begin(), wanted.begin() + static_cast<std::ptrdiff_t>(i), wanted[i]) !=
        wanted.begin() + static_cast<std::ptrdiff_t>(i))
      throw InputError(
          fmt::format("--property {} is given twice; name each property once", wanted[i]));
  for (const std::string& name : wanted) {
    bool found = std::any_of(chosen.begin(), chosen.end(),
                             [&](const properties::Scenario* s) { return s->property(name); });
    if (found) continue;
    if (is_scenario(known, name))
      throw InputError(fmt::format(
          "--property {}: a scenario, read as a value of --property (each --property takes the "
          "words after it: name the scenarios first)",
          name));
    std::vector<std::string> names;
    for (const auto* s : chosen)
      for (const auto& p : s->properties)
        if (std::find(names.begin(), names.end(), p.name) == names.end()) names.push_back(p.name);
    throw InputError(fmt::format("--property {}: unknown property; {}", name,
                                 checker::valid_names("known", name, names, 40)));
  }
}

}  // namespace

PreparedRuns prepare_runs(const Catalog& catalog, const Selection& o) {
  PreparedRuns prepared;
  prepared.scenarios = catalog.scenarios;
  auto chosen = select_scenarios(prepared.scenarios, o);
  check_property_names(prepared.scenarios, chosen, o.properties);
  std::vector<properties::Assignment> sets;
  for (const auto& s : o.sets) {
    if (is_scenario(prepared.scenarios, s))
      throw InputError(fmt::format(
          "--set {}: a scenario, read as a value of --set (each --set takes the words after it: "
          "name the scenarios first)",
          s));
    properties::Assignment a = properties::parse_assignment(s);
    // The last of two would silently win: a typo in a CI script, most likely.
    for (const auto& earlier : sets)
      if (earlier.key == a.key && earlier.value != a.value)
        throw InputError(fmt::format("--set {} is given twice ({} and {}); give it once", a.key,
                                     earlier.value, a.value));
    sets.push_back(std::move(a));
  }
  properties::check_keys_known(chosen, sets);
  for (const properties::Scenario* scenario : chosen) {
    reports::ScenarioRun run;
    run.scenario = scenario;
    run.params = properties::resolve_params(*scenario, sets);
    for (const auto& p : scenario->properties)
      if ((o.properties.empty() && o.adhoc.empty()) ||
          std::find(o.properties.begin(), o.properties.end(), p.name) != o.properties.end())
        run.properties.push_back(p);
    run.properties.insert(run.properties.end(), o.adhoc.begin(), o.adhoc.end());
    // With --all, a scenario without the chosen properties is simply not checked; one the
    // user named was dropped without a word (and `--expect` passed without it).
    if (run.properties.empty() && !o.all) {
      std::vector<std::string> own;
      for (const auto& p : scenario->properties) own.push_back(p.name);
      throw InputError(fmt::format(
          "{} has none of the properties chosen with --property ({}); its properties: {} "
          "(check it on its own, or choose one of them too)",
          scenario->name, fmt::join(o.properties, ", "), fmt::join(own, ", ")));
    }
    if (run.properties.empty()) continue;
    // A verdict is only as good as what it rests on: the assumptions are checked too.
    if (auto a = o.assumptions.find(scenario->name); a != o.assumptions.end()) {
      run.assumptions = a->second;
      std::size_t at = 0;  // in the scenario's order, before the others
      for (const std::string& name : a->second) {
        auto has = [&](const checker::PropertySpec& p) { return p.name == name; };
        if (std::none_of(run.properties.begin(), run.properties.end(), has)) {
          const checker::PropertySpec* p = scenario->property(name);
          if (!p) throw InternalError(scenario->name + ": no assumption property " + name);
          run.properties.insert(run.properties.begin() + static_cast<std::ptrdiff_t>(at++), *p);
        }
      }
    }
    run.model = scenario->build(run.params);
    // A typo in a property is found now, not after other runs took minutes; one of the
    // scenario's own is named (its text alone may not say which it is).
    const std::size_t own = run.properties.size() - o.adhoc.size();
    for (std::size_t i = 0; i < run.properties.size(); ++i) {
      const checker::PropertySpec& p = run.properties[i];
      try {
        // (deadlock-free's expression, the proper end states, may be left to the machines)
        if (!p.expression.empty() || p.kind != checker::PropertyKind::kDeadlockFree)
          checker::Expr::parse(p.expression, run.model->layout());
        if (!p.consequence.empty()) checker::Expr::parse(p.consequence, run.model->layout());
        if (checker::is_liveness(p.kind)) checker::resolve_fairness(p.fairness, *run.model);
      } catch (const InputError& e) {
        // A rule of the command line's names itself; with several scenarios, which one it
        // failed in (the slots it lists are that scenario's).
        if (i >= own && (is_scenario(prepared.scenarios, p.expression) ||
                         is_scenario(prepared.scenarios, p.consequence)))
          throw InputError(fmt::format(
              "--{} {}: a scenario, read as a property (each --{} takes the words after it: "
              "name the scenarios first)",
              checker::to_string(p.kind),
              is_scenario(prepared.scenarios, p.expression) ? p.expression : p.consequence,
              checker::to_string(p.kind)));
        if (i >= own && chosen.size() == 1) throw;
        if (i >= own) throw InputError(fmt::format("{}: {}", scenario->name, e.what()));
        throw InputError(fmt::format("{}, property {}: {}", scenario->name, p.name, e.what()));
      }
    }
    if (o.symmetry) {
      try {
        run.model =
            checker::with_symmetry(std::move(run.model), scenario->symmetric, run.properties);
      } catch (const InputError& e) {
        throw InputError(fmt::format("--symmetry: {}: {}", scenario->name, e.what()));
      }
    }
    prepared.runs.push_back(std::move(run));
  }
  // Likewise a run with nothing to check: scenarios that declare no property.
  if (prepared.runs.empty() && !chosen.empty()) {
    std::vector<std::string> names;
    for (const properties::Scenario* scenario : chosen) names.push_back(scenario->name);
    throw InputError(fmt::format(
        "no properties to check: {} declare{} none (add one with .always(...) or another "
        "property on the scenario builder)",
        checker::list_names(names, 40), names.size() == 1 ? "s" : ""));
  }
  return prepared;
}

void Outcome::add(const std::vector<reports::ScenarioRun>& runs) {
  for (const auto& run : runs)
    for (std::size_t i = 0; i < run.results.size(); ++i) {
      add_result(run.results[i]);
      unexpected |= !checker::as_expected(run.properties[i], run.results[i].verdict);
    }
}

void Outcome::add_result(const checker::Result& r) {
  const checker::Verdict v = r.verdict;
  violated |= v == checker::Verdict::kViolated;
  inconclusive |= v == checker::Verdict::kInconclusive || v == checker::Verdict::kBoundedHolds ||
                  v == checker::Verdict::kUnsupported;
}

void require_stated_verdicts(const PreparedRuns& prepared) {
  // Every rule without a verdict is counted, so that the user learns in one run how many
  // there are rather than one per attempt; the first few are named, on one line.
  constexpr std::size_t kNamed = 5;
  std::vector<std::string> unstated;
  std::size_t count = 0;
  for (const reports::ScenarioRun& run : prepared.runs)
    for (const checker::PropertySpec& p : run.properties)
      if (!p.expected && count++ < kNamed)
        unstated.push_back(fmt::format("{} {}", run.scenario->name, p.name));
  if (count == 0) return;
  const char* why =
      "(a rule from --props or the command line has none; bundled scenarios and learned "
      "families do); drop --expect: then a violation exits 1";
  if (count == 1)
    throw InputError(fmt::format("--expect: {} states no expected verdict {}", unstated[0], why));
  std::string named = fmt::format("{}", fmt::join(unstated, ", "));
  if (count > kNamed) named += fmt::format(" and {} more", count - kNamed);
  throw InputError(
      fmt::format("--expect: {} rules state no expected verdict: {} {}", count, named, why));
}

int Outcome::exit_code(bool expect) const {
  if (expect) return unexpected ? 1 : 0;
  if (violated) return 1;
  return inconclusive ? 3 : 0;
}

std::vector<checker::smt::StatedText> stated_invariants(const EngineChoice& engine) {
  std::vector<checker::smt::StatedText> out;
  for (const std::string& text : engine.invariants) out.push_back({text, "--invariant"});
  if (engine.invariants_file.empty()) return out;
  const std::string& path = engine.invariants_file;
  constexpr const char* kForm = "one expression per line; a line starting with # is a comment";
  std::string text = learned::map_text::read_text_file(path, "file of invariants", kForm);
  // A byte-order mark, as some editors write first: not part of the first expression.
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  std::size_t number = 0, stated = 0;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = std::min(text.find('\n', at), text.size());
    std::string_view line = learned::map_text::trim(std::string_view(text).substr(at, end - at));
    at = end + 1;
    ++number;
    if (line.empty() || line.front() == '#') continue;
    // What follows a NUL would be cut from every message that quotes the line.
    if (line.find('\0') != std::string_view::npos)
      throw InputError(fmt::format("{}:{}: holds a NUL byte; {}", path, number, kForm));
    out.push_back({std::string(line), fmt::format("{}:{}", path, number)});
    ++stated;
  }
  if (stated == 0)
    throw InputError(fmt::format("--invariants {}: states no invariant ({})", path, kForm));
  return out;
}

void check_engine_options(const EngineChoice& engine, bool depth_given,
                          const std::vector<std::string>& explicit_only) {
  // prove passes --depth to its k-induction (Spacer has no depth to bound).
  if (depth_given && engine.name != "bmc" && engine.name != "kind" && engine.name != "prove")
    throw InputError(
        fmt::format("--depth: applies to --engine bmc, kind or prove, not {}", engine.name));
  if (!engine.lemmas.empty()) {
    if (engine.name != "kind" && engine.name != "spacer" && engine.name != "prove")
      throw InputError(
          fmt::format("--lemmas: applies to --engine kind, spacer or prove, not {}", engine.name));
    if (!checker::smt::lemma_source_named(engine.lemmas))
      throw InputError(fmt::format(
          "--lemmas {}: unknown lemma source; valid: mine, mine+skeletons, mine+equalities, none",
          engine.lemmas));
  }
  if ((!engine.invariants.empty() || !engine.invariants_file.empty()) && engine.name != "kind" &&
      engine.name != "spacer" && engine.name != "prove")
    throw InputError(fmt::format(
        "{}: applies to --engine kind, spacer or prove, which prove always properties with it, "
        "not {}",
        engine.invariants.empty() ? "--invariants" : "--invariant", engine.name));
  // A limit an engine would not honour is refused, never silently ignored.
  if (!explicit_only.empty() && engine.name != "explicit")
    throw InputError(fmt::format(
        "{}: applies to the explicit engine, not {} (the Z3 engines take --max-seconds and "
        "--depth)",
        explicit_only.front(), engine.name));
}

void execute_runs(PreparedRuns& prepared, const checker::Limits& limits,
                  const checker::ProgressFn& progress, const EngineChoice& engine) {
  std::optional<checker::smt::Engine> smt = checker::smt::engine_named(engine.name);
  if (!smt && engine.name != "explicit")
    throw InputError(fmt::format(
        "--engine {}: unknown engine; valid: explicit, bmc, kind, spacer, prove", engine.name));
  checker::smt::SmtLimits smt_limits;
  smt_limits.max_depth = engine.depth;
  // In milliseconds, within what the solver's parameter holds (about 49 days).
  smt_limits.timeout_ms =
      static_cast<unsigned>(std::min(limits.max_seconds * 1000, 4'000'000'000.0));
  checker::smt::LemmaRequest lemmas(
      checker::smt::lemma_source_named(engine.lemmas).value_or(kDefaultLemmas),
      stated_invariants(engine));
  if (!lemmas.stated.empty()) {
    std::set<std::string> scenarios;
    for (const reports::ScenarioRun& run : prepared.runs) scenarios.insert(run.scenario->name);
    if (scenarios.size() > 1)
      throw InputError(fmt::format(
          "--invariant: states facts over one scenario's variables, and this run checks {} "
          "scenarios; name one",
          scenarios.size()));
  }
  for (std::size_t i = 0; i < prepared.runs.size(); ++i) {
    reports::ScenarioRun& run = prepared.runs[i];
    prepared.running = i;
    if (smt) {
      // Each scenario's run has the whole budget, and stops on SIGINT or SIGTERM.
      const checker::smt::Deadline budget(smt_limits.timeout_ms, limits.interrupted);
      run.results = checker::smt::check_with_smt(*run.model, run.properties, *smt, smt_limits,
                                                 lemmas, budget);
      continue;
    }
    checker::ExplorationStats stats;
    run.results =
        engine.distributed
            ? engine.distributed->check(*run.model, run.properties, limits, &stats, progress)
            : checker::check_properties(*run.model, run.properties, limits, progress, &stats);
    // Counted by the breadth-first search or the liveness engine's graph, whichever saw
    // more; the distributed search counts none.
    if (!stats.coverage.group_transitions.empty()) run.coverage = std::move(stats.coverage);
  }
  prepared.running.reset();
  for (reports::ScenarioRun& run : prepared.runs) qualify_by_assumptions(run);
}

void commit_machine_error(const OutputFile& json, const PreparedRuns& prepared,
                          const InputError& error, const learned::InputsByScenario& inputs) {
  if (!prepared.running) return;
  if (!dynamic_cast<const StepError*>(&error) &&
      !dynamic_cast<const checker::MachineCodeError*>(&error))
    return;
  json.commit_made([&] {
    return reports::json_text(
               reports::machine_error_json(prepared.runs, *prepared.running, error, inputs)) +
           "\n";
  });
}

checker::ProgressFn terminal_progress() {
  if (!isatty(STDERR_FILENO)) return {};
  return [](const checker::Progress& p) {
    std::fprintf(stderr, "\r%12llu states  %10.0f states/s  queue %llu  depth %zu  %zu MB  %.0f s ",
                 static_cast<unsigned long long>(p.states),
                 p.seconds > 0 ? static_cast<double>(p.states) / p.seconds : 0.0,
                 static_cast<unsigned long long>(p.queue), p.depth, p.store_bytes >> 20, p.seconds);
    std::fflush(stderr);
  };
}

void clear_terminal_progress() {
  if (isatty(STDERR_FILENO)) std::fprintf(stderr, "\r\033[K");
}

}  // namespace synack::cli
