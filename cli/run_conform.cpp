// `synack conform MODEL.dot --spec MACHINE --map MAP`: is the learned implementation's
// observable behaviour included in the spec machine's (learned/conformance.hpp)?
#include <algorithm>
#include <array>
#include <ostream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "checker/errors.hpp"
#include "cli/learned_commands.hpp"
#include "cli/output_file.hpp"
#include "cli/shared_options.hpp"
#include "learned/conformance.hpp"
#include "learned/dot_reader.hpp"
#include "learned/provenance.hpp"
#include "reports/json_report.hpp"
#include "reports/json_text.hpp"
#include "synack/cli.hpp"

namespace synack::cli {

// cli/run_diagram.cpp: the machines `diagram NAME` knows, which conform's --spec names.
std::map<std::string, MachineFactory> known_machines(const Catalog& catalog);

namespace {

std::string joined(const std::vector<std::string>& kinds) {
  return kinds.empty() ? "nothing" : fmt::format("{}", fmt::join(kinds, " & "));
}

// One row per step: the input, what the implementation answers (and that as spec
// messages), what the spec sends and where it goes; the last row is where they part.
std::string conform_table(const learned::ConformWitness& witness, const std::string& spec) {
  std::vector<std::array<std::string, 5>> rows;
  rows.push_back({"step", "input", "implementation answers (as spec messages)",
                  "spec " + spec + " sends", "spec state"});
  for (std::size_t k = 0; k < witness.size(); ++k) {
    const auto& s = witness[k];
    std::string sent =
        s.spec_sent.empty() ? "nothing" : fmt::format("{}", fmt::join(s.spec_sent, " & "));
    rows.push_back({std::to_string(k + 1), s.input,
                    fmt::format("{} ({})", s.impl_output, joined(s.impl_as_spec)), sent,
                    s.spec_state});
  }
  std::array<std::size_t, 5> width{};
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  std::string text;
  for (std::size_t n = 0; n < rows.size(); ++n) {
    const auto& r = rows[n];
    text += fmt::format("  {:<{}}  {:<{}}  {:<{}}  {:<{}}  {}{}\n", r[0], width[0], r[1], width[1],
                        r[2], width[2], r[3], width[3], r[4],
                        n + 1 == rows.size() && n > 0 ? "   <- differs" : "");
  }
  return text;
}

// The result for scripts: "verdict" is "included", "not-included" or "inconclusive" (the
// exit code's three cases), with the counts the text reports and every witness, step by
// step, as the table prints it.
nlohmann::json conform_json(const ConformOptions& o, const learned::Conformance& c) {
  nlohmann::json findings = nlohmann::json::array();
  for (const learned::ConformWitness& w : c.findings) {
    nlohmann::json steps = nlohmann::json::array();
    for (const learned::ConformStep& s : w)
      steps.push_back({{"input", s.input},
                       {"implementation", s.impl_output},
                       {"implementation_as_spec", s.impl_as_spec},
                       {"spec_sends", s.spec_sent},
                       {"spec_kinds", s.spec_kinds},
                       {"spec_state", s.spec_state}});
    findings.push_back({{"length", w.size()}, {"steps", steps}});
  }
  std::string verdict = !c.findings.empty() ? "not-included"
                        : c.complete        ? "included"
                                            : "inconclusive";
  return {{"synack_version", SYNACK_VERSION},
          {"inputs", reports::input_files_json({learned::input_file("model", o.model),
                                                learned::input_file("map", o.map)})},
          {"model", o.model},
          {"spec", o.spec},
          {"map", o.map},
          {"verdict", verdict},
          {"complete", c.complete},
          {"more_findings", c.more_findings},
          {"product_states", c.product_states},
          {"steps_checked", c.steps_checked},
          {"differing_steps", c.differing_steps},
          {"undeclared", c.undeclared},
          {"events_never_offered", c.events_never_offered},
          {"findings", findings}};
}

}  // namespace

CLI::App* add_conform_command(CLI::App& app, ConformOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "conform", "is a learned model's behaviour included in a spec machine's? (shortest witness)");
  cmd->add_option("model", o.model, "the learned model (.dot)")->required();
  cmd->add_option("--spec", o.spec,
                  "the specification machine, a bundled machine's name such as tcp-endpoint or "
                  "tls12-server-rsa (an unknown name is answered with the list)")
      ->required();
  cmd->add_option("--map", o.map, "the mapping file: the model's inputs and outputs as spec's")
      ->required();
  cmd->add_option("--max-states", o.max_states,
                  "stop after N product states without a verdict (default 1048576)")
      ->transform(whole_between(1, std::uint64_t{1} << 26));
  cmd->add_option("--findings", o.findings,
                  "report up to N distinct differences (by the spec's control state, the input "
                  "and both answers), each with its shortest witness, and say whether more "
                  "exist (default 1)")
      ->transform(whole_between(1, 1000));
  cmd->add_option("--json", o.json_file, "write the verdict, counts and witnesses as JSON to FILE")
      ->check([](const std::string& v) { return v.empty() ? "an empty file name" : ""; });
  return cmd;
}

int run_conform(const Catalog& catalog, const ConformOptions& o, std::ostream& out) {
  OutputFile json_out("--json", o.json_file);  // checked before the run
  check_outputs_spare_inputs({&json_out}, {{"the model", o.model}, {"--map", o.map}});
  auto machines = known_machines(catalog);
  auto found = machines.find(o.spec);
  if (found == machines.end()) {
    std::vector<std::string> names;
    for (const auto& [name, make] : machines) names.push_back(name);
    throw InputError(fmt::format("conform: no machine '{}' for --spec (known: {})", o.spec,
                                 fmt::join(names, ", ")));
  }
  std::shared_ptr<const checker::MachineType> spec = found->second();
  learned::MealyMachine model = learned::read_dot_file(o.model);
  learned::SymbolMap map = learned::read_symbol_map(o.map, model, *spec);
  learned::Conformance c = learned::check_conformance(model, *spec, map, o.max_states, o.findings);
  if (json_out.enabled()) json_out.commit(reports::json_text(conform_json(o, c)) + "\n");

  out << fmt::format("conform: {} against spec {} through {}\n", o.model, o.spec, o.map);
  std::string never = c.events_never_offered.empty()
                          ? std::string()
                          : fmt::format("spec events no input maps to, never offered: {}\n",
                                        fmt::join(c.events_never_offered, ", "));
  std::string undeclared = c.undeclared == 0
                               ? std::string()
                               : fmt::format(
                                     "{} (state, input) pairs the model declares no transition "
                                     "for were not explored\n",
                                     c.undeclared);
  if (!c.findings.empty()) {
    for (std::size_t f = 0; f < c.findings.size(); ++f) {
      const learned::ConformWitness& w = c.findings[f];
      std::vector<std::string> inputs;
      for (const auto& step : w) inputs.push_back(step.input);
      out << fmt::format("{}: shortest non-conforming input sequence ({}): {}\n",
                         f == 0 ? "not included" : fmt::format("difference {}", f + 1),
                         w.size() == 1 ? "1 step" : fmt::format("{} steps", w.size()),
                         fmt::join(inputs, ", "));
      out << conform_table(w, o.spec);
    }
    out << fmt::format(
        "each witness replayed through spec {}'s real machine and the model's own transitions; "
        "{} product states explored\n",
        o.spec, c.product_states);
    // Whether the list is all there is: what stopped the search says.
    if (!c.complete)
      out << fmt::format(
          "the search stopped at the --max-states limit of {} product states: differences "
          "past it are not listed and may exist (raise --max-states)\n",
          c.product_states);
    else if (c.more_findings)
      out << fmt::format(
          "more differences exist than the {} listed: --findings N lists up to N (at most "
          "1000)\n",
          c.findings.size() == 1 ? std::string("one") : std::to_string(c.findings.size()));
    else
      out << fmt::format("no other difference: the whole product explored, {} differing steps\n",
                         c.differing_steps);
    out << never << undeclared;
    return 1;
  }
  if (!c.complete) {
    out << fmt::format(
        "inconclusive: stopped at {} product states (--max-states) with no difference found; "
        "inclusion is not shown\n",
        c.product_states);
    out << never << undeclared;
    return 3;
  }
  out << fmt::format(
      "included: the whole product ({} states, {} steps compared) explored, so every answer of "
      "the model to every input sequence{} is one the spec gives\n",
      c.product_states, c.steps_checked, c.undeclared ? " it declares" : "");
  out << never << undeclared;
  return 0;
}

}  // namespace synack::cli
