#include <filesystem>
#include <ostream>

#include <fmt/format.h>

#include "checker/checkpoint.hpp"
#include "checker/distributed/rank_checkpoint.hpp"
#include "checker/errors.hpp"
#include "checker/symmetry/member_symmetry.hpp"
#include "cli/commands.hpp"
#include "cli/learned_models.hpp"
#include "cli/output_file.hpp"
#include "cli/run_check_distributed.hpp"
#include "reports/baseline.hpp"
#include "reports/coverage_report.hpp"
#include "reports/html_report.hpp"
#include "reports/json_report.hpp"
#include "reports/json_text.hpp"
#include "reports/junit.hpp"
#include "reports/results_table.hpp"
#include "reports/unhandled.hpp"

namespace synack::cli {

namespace {

// --checkpoint / --resume: one scenario's safety properties on the explicit engine, the
// only search with a checkpoint format so far. The identity ties a checkpoint to the
// scenario, its parameters and this synack.
std::optional<checker::CheckpointOptions> checkpoint_options(const CheckOptions& o,
                                                             const PreparedRuns& prepared) {
  if (o.checkpoint_dir.empty() && o.resume_dir.empty()) return std::nullopt;
  const char* option = o.resume_dir.empty() ? "--checkpoint" : "--resume";
  if (!o.checkpoint_dir.empty() && !o.resume_dir.empty())
    throw InputError("--resume DIR goes on writing checkpoints to DIR: give --resume alone");
  if (o.engine.name != "explicit")
    throw InputError(
        fmt::format("{}: applies to the explicit engine, not {}", option, o.engine.name));
  if (prepared.runs.size() != 1)
    throw InputError(
        fmt::format("{}: applies to one scenario at a time, not {}", option, prepared.runs.size()));
  const reports::ScenarioRun& run = prepared.runs.front();
  for (const checker::PropertySpec& p : run.properties)
    if (checker::is_liveness(p.kind))
      throw InputError(fmt::format(
          "{}: {} is a liveness property, and the liveness graph has no checkpoints yet; "
          "choose safety properties with --property",
          option, p.name));
  // Its packed states hold message numbers that only this process's table gives (a
  // resume read them against an empty one: exit 4).
  if (run.model->numbers_messages_on_first_use())
    throw InputError(fmt::format(
        "{}: {} numbers its messages in the order a search first meets them (the 32-bit "
        "sequence space), which a checkpoint does not record; run it without {}, or with "
        "tcp.seq_space",
        option, run.scenario->name, option));
  checker::CheckpointOptions c;
  c.resume = !o.resume_dir.empty();
  c.dir = c.resume ? o.resume_dir : o.checkpoint_dir;
  // The other kind of run's checkpoint was answered "no checkpoint to resume".
  if (c.resume) {
    std::error_code ec;
    const bool one = std::filesystem::exists(checker::checkpoint_file(c.dir), ec);
    const bool ranks = std::filesystem::exists(checker::distributed::generation_file(c.dir), ec);
    if (!o.distributed && !one && ranks)
      throw InputError(
          fmt::format("--resume {}: it holds the checkpoint of a --distributed run; resume it with "
                      "--distributed, under mpirun with as many ranks",
                      o.resume_dir));
    if (o.distributed && !ranks && one)
      throw InputError(fmt::format(
          "--resume {}: it holds the checkpoint of a run without --distributed; resume it "
          "without --distributed",
          o.resume_dir));
  }
  c.every_seconds = o.checkpoint_every;
  std::error_code ec;
  // --resume reads a directory a run wrote: a mistyped one is not created (the reader
  // says there is no checkpoint to resume).
  if (!c.resume) {
    refuse_dash(option, c.dir.string(), "directory");
    std::filesystem::create_directories(c.dir, ec);
  }
  if (ec)
    throw InputError(fmt::format("{} {}: cannot create the directory: {}", option, c.dir.string(),
                                 ec.message()));
  // Found now, not when the first checkpoint is due, after --checkpoint-every seconds of
  // work whose results the failure then lost.
  if (std::filesystem::is_directory(c.dir, ec)) {
    require_writable_directory(fmt::format("{} {}", option, c.dir.string()), c.dir.string());
    if (std::filesystem::is_directory(checker::checkpoint_file(c.dir), ec))
      throw InputError(fmt::format("{} {}: {} is a directory; remove it or give another DIR",
                                   option, c.dir.string(),
                                   checker::checkpoint_file(c.dir).string()));
  }
  nlohmann::json params = nlohmann::json::object();
  for (const auto& [key, value] : run.params) params[key] = value;
  c.identity = fmt::format("synack {} scenario {} parameters {}", SYNACK_VERSION,
                           run.scenario->name, params.dump());
  // A learned model, property file or composition map edited between the runs is another
  // question under the same name (a resume said holds where the edit made a violation).
  if (auto files = o.selection.inputs.find(run.scenario->name); files != o.selection.inputs.end())
    for (const learned::InputFile& f : files->second)
      c.identity += fmt::format(" {} sha256 {}", f.role, f.sha256);
  // A reduced search stores other states: its checkpoint is not the full search's.
  if (o.selection.symmetry)
    c.identity += fmt::format(" symmetry over {} (canonical form {})",
                              fmt::join(run.scenario->symmetric, ","),
                              checker::MemberSymmetry::kCanonicalFormEdition);
  return c;
}

// --max-errors: the breadth-first search's always and deadlock-free properties only.
void check_max_errors(const CheckOptions& o, const PreparedRuns& prepared) {
  if (o.limits.max_errors <= 1) return;
  for (const reports::ScenarioRun& run : prepared.runs)
    for (const checker::PropertySpec& p : run.properties)
      if (checker::is_liveness(p.kind))
        throw InputError(fmt::format(
            "--max-errors: applies to safety properties (always, deadlock-free), and {} {} is a "
            "liveness property; choose safety properties with --property",
            run.scenario->name, p.name));
  if (!o.checkpoint_dir.empty() || !o.resume_dir.empty())
    throw InputError(
        "--max-errors: checkpoints record one violation per property; give "
        "--max-errors or --checkpoint/--resume, not both");
  // A sometimes property is answered by one witness: with nothing else in the run the
  // option would be ignored, and look as if it had been applied.
  std::optional<std::string> witness;
  for (const reports::ScenarioRun& run : prepared.runs)
    for (const checker::PropertySpec& p : run.properties) {
      if (p.kind != checker::PropertyKind::kSometimes) return;
      if (!witness) witness = fmt::format("{} {}", run.scenario->name, p.name);
    }
  if (witness)
    throw InputError(fmt::format(
        "--max-errors: applies to always and deadlock-free properties, and none is chosen ({} "
        "is a sometimes property, answered by one witness); choose one with --property or "
        "drop --max-errors",
        *witness));
}

}  // namespace

int run_check(const Catalog& catalog, const CheckOptions& o, std::ostream& out) {
  if (o.distributed) return run_check_distributed(catalog, o, out);
  return run_check_with(catalog, o, out, nullptr);
}

int run_check_with(const Catalog& catalog, const CheckOptions& o, std::ostream& out,
                   checker::distributed::Session* session) {
  PreparedRuns prepared = prepare_runs(catalog, o.selection);
  if (o.expect) require_stated_verdicts(prepared);
  if (session) check_distributed_support(o, prepared);
  // Bad output paths and baselines fail before a long run, not after it.
  nlohmann::json baseline;
  if (!o.baseline_file.empty()) baseline = reports::read_baseline(o.baseline_file);
  // Outputs are checked now and replaced only when the run has finished (OutputFile).
  OutputFile json_out("--json", o.json_file);
  OutputFile junit_out("--junit", o.junit_file);
  OutputFile report_out = report_output(o.report_dir);
  check_distinct_outputs({&json_out, &junit_out, &report_out});
  std::vector<InputFile> read = learned_files_read(o.selection.inputs);
  read.push_back({"--baseline", o.baseline_file});
  read.push_back({"--invariants", o.engine.invariants_file});
  for (const auto& [option, dir] :
       {std::pair{"--checkpoint", o.checkpoint_dir}, std::pair{"--resume", o.resume_dir}})
    if (!dir.empty()) {
      read.push_back({fmt::format("the checkpoint of {} {}", option, dir),
                      checker::checkpoint_file(dir).string(), true});
      read.push_back({fmt::format("the directory of {} {}", option, dir), dir, true});
    }
  check_outputs_spare_inputs({&json_out, &junit_out, &report_out}, read);

  check_engine_options(o.engine, o.depth_given, o.explicit_only);
  check_max_errors(o, prepared);
  if (o.unhandled || o.coverage)
    for (const auto& run : prepared.runs) checker::require_one_initial_state(*run.model);
  std::optional<checker::CheckpointOptions> checkpoint = checkpoint_options(o, prepared);
  checker::Limits limits = o.limits;
  limits.explore_all = o.coverage;
  if (checkpoint) limits.checkpoint = &*checkpoint;
  EngineChoice engine = o.engine;
  engine.distributed = session;
  try {
    execute_runs(prepared, limits, terminal_progress(), engine);
  } catch (const InputError& e) {
    clear_terminal_progress();
    commit_machine_error(json_out, prepared, e, o.selection.inputs);
    throw;
  }
  clear_terminal_progress();
  const auto& runs = prepared.runs;

  if (o.unhandled || o.coverage)
    for (auto& run : prepared.runs) run.unhandled = checker::unhandled_inputs(*run.model, o.limits);
  out << reports::format_results_table(runs, {o.expect});
  out << reports::format_notes(runs);
  if (!o.quiet) out << reports::format_all_traces(runs, o.charts, o.width, o.changes);
  if (o.coverage)
    for (const auto& run : runs)
      if (run.coverage)
        out << reports::format_coverage(run.scenario->name, *run.model, *run.coverage);
  if (o.unhandled || o.coverage)
    for (const auto& run : runs)
      out << reports::format_unhandled(run.scenario->name, *run.unhandled);
  json_out.commit_made([&] {
    nlohmann::json json = reports::results_json(runs, o.selection.inputs);
    if (o.unhandled || o.coverage) {
      json["unhandled"] = nlohmann::json::array();
      for (const auto& run : runs)
        json["unhandled"].push_back(reports::unhandled_json(run.scenario->name, *run.unhandled));
    }
    return reports::json_text(json) + "\n";
  });
  if (junit_out.enabled()) junit_out.commit(reports::junit_xml(runs, o.expect));
  if (report_out.enabled()) report_out.commit(reports::html_report(runs, "", o.selection.inputs));

  Outcome outcome;
  outcome.add(runs);
  bool unexpected = outcome.unexpected;
  if (o.expect)
    out << (unexpected ? "\nsome verdicts are UNEXPECTED\n" : "\nevery verdict is as expected\n");
  if (!o.baseline_file.empty()) {
    auto comparison = reports::compare_with_baseline(baseline, runs);
    out << "\n" << comparison.format();
    bool flipped = !comparison.flips.empty();
    bool unlike = o.strict_baseline && !comparison.like_for_like();
    if (unlike)
      out << "baseline: --strict: this run is not like for like with the baseline (see "
             "above)\n";
    if (flipped || unlike || (o.expect && unexpected)) return 1;
    // --expect has judged every verdict; without it, what the baseline lacks is judged
    // as a check without --baseline would (a violated --always the baseline never
    // recorded exited 0).
    if (o.expect) return 0;
    return comparison.missing_violated ? 1 : comparison.missing_undecided ? 3 : 0;
  }
  return outcome.exit_code(o.expect);
}

int run_baseline_save(const Catalog& catalog, const BaselineSaveOptions& o, std::ostream& out) {
  Selection selection = o.selection;
  selection.all = selection.scenarios.empty();
  // A baseline records each scenario once (a JSON object's keys): naming one twice would
  // run it twice and count it twice.
  for (std::size_t i = 0; i < selection.scenarios.size(); ++i)
    for (std::size_t k = 0; k < i; ++k)
      if (selection.scenarios[k] == selection.scenarios[i])
        throw InputError("baseline save: " + selection.scenarios[i] +
                         " is named twice; name each scenario once");
  PreparedRuns prepared = prepare_runs(catalog, selection);
  OutputFile file("baseline save", o.file);
  check_outputs_spare_inputs({&file}, learned_files_read(selection.inputs));
  execute_runs(prepared, o.limits, terminal_progress());
  clear_terminal_progress();
  // A baseline records decided verdicts: one written from a run that a limit or an
  // interrupt cut short would replace a good one, and every later check would report
  // flips from "inconclusive" as if the code had changed.
  std::vector<std::string> undecided;
  for (const reports::ScenarioRun& run : prepared.runs)
    for (std::size_t i = 0; i < run.results.size(); ++i)
      if (Outcome one; one.add_result(run.results[i]), one.inconclusive)
        undecided.push_back(
            fmt::format("{} {}: {}{}", run.scenario->name, run.properties[i].name,
                        checker::verdict_text(run.results[i]),
                        run.results[i].limit.empty() ? "" : " (" + run.results[i].limit + ")"));
  if (!undecided.empty()) {
    out << fmt::format(
        "baseline save: nothing written ({} is as it was): {} propert{} undecided: {}\n", o.file,
        undecided.size(), undecided.size() == 1 ? "y" : "ies", fmt::join(undecided, "; "));
    return 3;
  }
  file.commit(reports::json_text(reports::baseline_json(prepared.runs)) + "\n");
  out << fmt::format("baseline: saved {} scenario(s) to {}\n", prepared.runs.size(), o.file);
  return 0;
}

}  // namespace synack::cli
