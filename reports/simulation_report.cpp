#include "reports/simulation_report.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "checker/program_name.hpp"
#include "reports/json_report.hpp"
#include "reports/text_wrap.hpp"
#include "reports/trace_text.hpp"

namespace synack::reports {

namespace {

bool is_witness(checker::PropertyKind kind) {
  return kind == checker::PropertyKind::kSometimes;
}

// One word for JSON and the table's first words: what the walks found.
std::string outcome(const checker::PropertySpec& spec, const checker::SimulatedProperty& p) {
  if (!p.checked) return "not checked";
  if (is_witness(spec.kind)) return p.runs_hit ? "witness seen" : "no witness seen";
  return p.runs_hit ? "violated" : "no violation found";
}

std::string found_text(const checker::PropertySpec& spec, const checker::SimulatedProperty& p,
                       std::uint64_t runs) {
  if (!p.checked) return "not checked (liveness: a simulation checks safety properties only)";
  if (!p.runs_hit)
    return fmt::format("{} in {} runs", is_witness(spec.kind) ? "no witness seen" : "no violation",
                       runs);
  return fmt::format("{} in {} of {} runs (shortest: {} steps, run {})",
                     is_witness(spec.kind) ? "witness seen" : "violated", p.runs_hit, runs,
                     p.shortest, p.found_in_run);
}

// What the JSON of `trace` would hold while it is built and written, from 64 steps spread
// over it (early steps carry fewer messages), by the size of their compact text: measured on
// tcp/congestion (119,830 steps), the tree and the indented text written took 1.05 GB, 15
// times the compact text's 70 MB.
std::size_t estimated_trace_json_bytes(const checker::Model& model, const checker::Trace& trace) {
  constexpr std::size_t kProbe = 64, kTreeAndTextPerTextByte = 16;
  const std::size_t steps = trace.steps.size(), probe = std::min(steps, kProbe);
  if (probe == 0) return 0;
  checker::Trace sample;
  sample.initial = trace.initial;
  for (std::size_t k = 0; k < probe; ++k) sample.steps.push_back(trace.steps[k * steps / probe]);
  const std::size_t text = trace_json(model, sample).dump().size();
  return text * kTreeAndTextPerTextByte / probe * steps;
}

// "  weighted: s2r.lose=0.1 (s2r.lose[0..1]), sender.timeout=0; every other group 1"
std::string weights_text(const checker::Model& model, const checker::GroupWeights& weights,
                         std::size_t width) {
  std::vector<std::string> parts;
  for (const checker::GivenWeight& w : weights.given) {
    std::string part = w.group + "=" + w.weight;
    if (w.groups.size() != 1 || model.group_name(w.groups[0]) != w.group) {
      std::vector<std::string> names;
      for (std::size_t g : w.groups) names.push_back(model.group_name(g));
      part += fmt::format(" ({})", names.empty() ? "each position is weighed by name"
                                                 : fmt::format("{}", fmt::join(names, ", ")));
    }
    parts.push_back(part);
  }
  return wrap_text("  weighted: ", fmt::format("{}; every other group 1", fmt::join(parts, ", ")),
                   "    ", width);
}

nlohmann::json weights_json(const checker::Model& model, const checker::GroupWeights& weights) {
  nlohmann::json out = nlohmann::json::array();
  for (const checker::GivenWeight& w : weights.given) {
    nlohmann::json groups = nlohmann::json::array();
    for (std::size_t g : w.groups) groups.push_back(model.group_name(g));
    out.push_back({{"group", w.group},
                   {"weight", static_cast<double>(w.millionths) / checker::kWeightUnit},
                   {"groups", groups}});
  }
  return out;
}

}  // namespace

bool simulation_violated(const SimulationRun& sim) {
  const auto& specs = sim.run->properties;
  for (std::size_t k = 0; k < specs.size(); ++k)
    if (sim.report.properties[k].checked && !is_witness(specs[k].kind) &&
        sim.report.properties[k].runs_hit > 0)
      return true;
  return false;
}

std::string format_simulation(const SimulationRun& sim, bool quiet, std::size_t width,
                              bool changes) {
  const ScenarioRun& run = *sim.run;
  const checker::SimulationReport& rep = sim.report;
  std::string out =
      fmt::format("simulate {}: {} runs of up to {} steps, seed {}{}\n", run.scenario->name,
                  sim.options.runs, sim.options.steps, sim.options.seed,
                  sim.seed_chosen ? " (drawn at random; --seed repeats it)" : "");
  if (!sim.weights.given.empty()) out += weights_text(*run.model, sim.weights, width);
  out += fmt::format(
      "  {} steps taken; {} runs ended where no step is enabled{}{}\n\n", rep.steps, rep.dead_ends,
      sim.weights.given.empty()
          ? ""
          : fmt::format(", {} where every enabled step weighs 0", rep.zero_weight_ends),
      rep.interrupted ? fmt::format("; interrupted after {} runs", rep.runs) : "");
  std::size_t name_width = 8, kind_width = 4;
  for (const auto& spec : run.properties) {
    name_width = std::max(name_width, spec.name.size());
    kind_width = std::max(kind_width, std::string(checker::to_string(spec.kind)).size());
  }
  out += fmt::format("{:<{}}  {:<{}}  found\n", "property", name_width, "kind", kind_width);
  out += std::string(name_width + kind_width + 4 + 48, '-') + "\n";
  for (std::size_t k = 0; k < run.properties.size(); ++k)
    out += fmt::format("{:<{}}  {:<{}}  {}\n", run.properties[k].name, name_width,
                       checker::to_string(run.properties[k].kind), kind_width,
                       found_text(run.properties[k], rep.properties[k], rep.runs));
  for (std::size_t k = 0; k < run.properties.size() && !quiet; ++k) {
    const checker::SimulatedProperty& p = rep.properties[k];
    // Witnesses are in the JSON; the terminal shows what is wrong.
    if (!p.runs_hit || is_witness(run.properties[k].kind)) continue;
    out += '\n';
    if (!p.trace && p.shortest <= sim.options.max_trace_steps) {
      out += fmt::format(
          "{} {}: counterexample of {} steps, found by run {}: not built, {} (raise "
          "--max-memory to see it)\n",
          run.scenario->name, run.properties[k].name, p.shortest, p.found_in_run, p.not_built);
      continue;
    }
    if (!p.trace) {
      // A drawn seed is part of the rerun: without it the walks are other walks.
      out += fmt::format(
          "{} {}: counterexample of {} steps, found by run {}: not built, longer than "
          "--max-trace {} (rerun with --max-trace {}{} to see it)\n",
          run.scenario->name, run.properties[k].name, p.shortest, p.found_in_run,
          sim.options.max_trace_steps, p.shortest,
          sim.seed_chosen ? fmt::format(" --seed {}", sim.options.seed) : "");
      continue;
    }
    out += trace_heading(
        fmt::format("{} {}: counterexample", run.scenario->name, run.properties[k].name),
        fmt::format("{} steps, found by run {}, replayed through {}", p.trace->steps.size(),
                    p.found_in_run, run.model->replayed_through()),
        width);
    out += format_trace(*run.model, run.properties[k], *p.trace, width, changes);
  }
  std::size_t violated = 0;
  for (std::size_t k = 0; k < run.properties.size(); ++k)
    violated += outcome(run.properties[k], rep.properties[k]) == "violated";
  if (violated)
    out +=
        fmt::format("\nsimulation: {} propert{} violated\n", violated, violated == 1 ? "y" : "ies");
  else
    out += fmt::format(
        "\nsimulation: no violation in {} runs of up to {} steps (not a proof: '{} check' "
        "explores every state)\n",
        rep.runs, sim.options.steps, checker::program_name());
  return out;
}

nlohmann::json simulation_json(const SimulationRun& sim) {
  const ScenarioRun& run = *sim.run;
  const checker::SimulationReport& rep = sim.report;
  const nlohmann::json params = typed_params_json(run);
  nlohmann::json props = nlohmann::json::array();
  // The traces' JSON keeps to what --max-memory leaves beside the traces themselves.
  std::size_t budget = sim.options.max_memory_bytes;
  for (const checker::SimulatedProperty& p : rep.properties)
    if (p.trace)
      for (const checker::TraceStep& step : p.trace->steps)
        budget -= std::min(budget, checker::trace_step_bytes(step));
  for (std::size_t k = 0; k < run.properties.size(); ++k) {
    const checker::SimulatedProperty& p = rep.properties[k];
    nlohmann::json j = {{"property", run.properties[k].name},
                        {"kind", checker::to_string(run.properties[k].kind)},
                        {"result", outcome(run.properties[k], p)},
                        {"runs_hit", p.runs_hit}};
    std::string not_built = p.not_built;
    if (p.trace && not_built.empty()) {
      const std::size_t bytes = estimated_trace_json_bytes(*run.model, *p.trace);
      if (bytes > budget)
        not_built = fmt::format(
            "its {} steps as JSON would take about {} MB, more than the {} MB of --max-memory "
            "left (the text output shows it)",
            p.trace->steps.size(), bytes >> 20, budget >> 20);
      else
        budget -= bytes;
    }
    if (p.runs_hit && !not_built.empty()) {
      j["found_in_run"] = p.found_in_run;
      j["trace_steps"] = p.shortest;
      j["trace_not_built"] = not_built;
      j["trace"] = nlohmann::json::array();
    } else if (p.trace) {
      j["found_in_run"] = p.found_in_run;
      j["initial_state"] = run.model->summary(p.trace->initial.data());
      j["trace"] = trace_json(*run.model, *p.trace);
    } else {
      j["trace"] = nlohmann::json::array();
    }
    props.push_back(std::move(j));
  }
  nlohmann::json group_steps = nlohmann::json::array();
  for (std::size_t g = 0; g < rep.group_steps.size(); ++g)
    group_steps.push_back({{"group", run.model->group_name(g)}, {"steps", rep.group_steps[g]}});
  return {{"synack_version", SYNACK_VERSION},
          {"command", "simulate"},
          {"scenario", run.scenario->name},
          {"params", params},
          {"seed", sim.options.seed},
          {"runs_requested", sim.options.runs},
          {"runs", rep.runs},
          {"steps_per_run", sim.options.steps},
          {"steps_taken", rep.steps},
          {"weights", weights_json(*run.model, sim.weights)},
          {"dead_ends", rep.dead_ends},
          {"zero_weight_ends", rep.zero_weight_ends},
          {"group_steps", group_steps},
          {"interrupted", rep.interrupted},
          {"violated", simulation_violated(sim)},
          {"properties", props}};
}

}  // namespace synack::reports
