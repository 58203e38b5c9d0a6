// `synack diff A B`: the shortest input sequence on which two learned models answer
// differently. `--versions DIR` is cli/run_version_history.cpp.
#include <filesystem>
#include <ostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "checker/errors.hpp"
#include "cli/learned_commands.hpp"
#include "cli/output_file.hpp"
#include "cli/witness_text.hpp"
#include "learned/dot_reader.hpp"
#include "learned/provenance.hpp"
#include "reports/json_report.hpp"
#include "reports/json_text.hpp"

namespace synack::cli {

int run_version_history(const DiffOptions& options, std::ostream& out);

namespace {

learned::InputRenaming parse_renames(const std::vector<std::string>& renames) {
  learned::InputRenaming renaming;
  for (const auto& r : renames) {
    std::size_t eq = r.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == r.size())
      throw InputError(
          fmt::format("--rename '{}': write A_INPUT=B_INPUT (the second model's name)", r));
    if (!renaming.emplace(r.substr(0, eq), r.substr(eq + 1)).second)
      throw InputError(fmt::format("--rename: input '{}' is renamed twice", r.substr(0, eq)));
  }
  return renaming;
}

std::string inputs_count(std::size_t n) {
  return fmt::format("{} input{}", n, n == 1 ? "" : "s");
}

// --common-alphabet: what was compared and what each side lost, before the verdict that
// holds of those inputs only. Only a side that lost something is named ("none" would read
// as an input of that name).
std::string common_alphabet_line(const learned::Comparison& c) {
  std::string line = fmt::format("common alphabet: {} compared", inputs_count(c.compared_inputs));
  if (c.left_out_a.empty() && c.left_out_b.empty())
    return line + ", the same in both models; none left out\n";
  if (!c.left_out_a.empty())
    line += fmt::format("; left out of A (inputs B lacks): {}", fmt::join(c.left_out_a, ", "));
  if (!c.left_out_b.empty())
    line += fmt::format("; left out of B (inputs A lacks): {}", fmt::join(c.left_out_b, ", "));
  return line + "\n";
}

int diff_pair(const DiffOptions& o, std::ostream& out) {
  OutputFile json_out("--json", o.json_file);
  check_outputs_spare_inputs({&json_out}, {{"model A", o.a}, {"model B", o.b}});
  learned::InputRenaming renaming = parse_renames(o.renames);
  learned::MealyMachine a = learned::read_dot_file(o.a);
  learned::MealyMachine b = learned::read_dot_file(o.b);
  learned::Comparison c =
      learned::compare(a, b, renaming, learned::kMaxComparedPairs,
                       o.common_alphabet ? learned::Alphabet::kCommon : learned::Alphabet::kSame);
  const bool restricted = !c.left_out_a.empty() || !c.left_out_b.empty();
  if (o.common_alphabet) out << common_alphabet_line(c);
  if (c.equivalent() && restricted) {
    out << fmt::format(
        "equivalent on their common inputs: {} and {} answer every sequence of the {} both "
        "have alike ({} reachable state pairs)\n",
        o.a, o.b, inputs_count(c.compared_inputs), c.product_pairs);
  } else if (c.equivalent()) {
    out << fmt::format(
        "equivalent: {} and {} answer every input sequence alike ({} reachable "
        "state pairs)\n",
        o.a, o.b, c.product_pairs);
  } else {
    out << fmt::format("differ: {} and {}, shortest distinguishing input sequence ({}): {}\n", o.a,
                       o.b,
                       c.witness.size() == 1 ? "1 step" : fmt::format("{} steps", c.witness.size()),
                       witness_inputs(c));
    // tlsprint names every file TLS12.dot: then the folder tells the columns apart.
    auto column = [&](const std::string& path, const std::string& name) {
      if (a.name != b.name) return name;
      std::filesystem::path p(path);
      return (p.parent_path().filename() / p.stem()).string();
    };
    out << witness_table(c, "A " + column(o.a, a.name), "B " + column(o.b, b.name), "  ");
    out << fmt::format("{} differing transitions over {} reachable state pairs\n",
                       c.differing_transitions, c.product_pairs);
  }
  if (json_out.enabled()) {
    nlohmann::json json = comparison_json(c);
    json["synack_version"] = SYNACK_VERSION;
    json["a"] = o.a;
    json["b"] = o.b;
    json["inputs"] =
        reports::input_files_json({learned::input_file("a", o.a), learned::input_file("b", o.b)});
    if (o.common_alphabet)
      json["common_alphabet"] = {{"compared_inputs", c.compared_inputs},
                                 {"left_out_a", c.left_out_a},
                                 {"left_out_b", c.left_out_b}};
    json_out.commit(reports::json_text(json) + "\n");
  }
  return c.equivalent() ? 0 : 1;
}

}  // namespace

int run_diff(const DiffOptions& o, std::ostream& out) {
  if (!o.versions.empty()) {
    if (!o.a.empty())
      throw InputError("diff: give two models (diff A B) or --versions DIR, not both");
    if (!o.renames.empty())
      throw InputError("diff: --rename applies to two models, not --versions");
    if (o.common_alphabet)
      throw InputError("diff: --common-alphabet applies to two models, not --versions");
    return run_version_history(o, out);
  }
  if (!o.protocol.empty()) throw InputError("diff: --protocol applies to --versions DIR");
  if (o.a.empty() || o.b.empty())
    throw InputError("diff: give two learned models (diff A.dot B.dot) or --versions DIR");
  return diff_pair(o, out);
}

}  // namespace synack::cli
