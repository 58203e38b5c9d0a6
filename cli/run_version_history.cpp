// `synack diff --versions DIR`: an implementation's releases grouped into behaviour
// classes, and the shortest witness of each change (learned/version_history).
#include <ostream>

#include <fmt/format.h>

#include "cli/learned_commands.hpp"
#include "cli/output_file.hpp"
#include "cli/witness_text.hpp"
#include "learned/provenance.hpp"
#include "learned/version_history.hpp"
#include "reports/json_report.hpp"
#include "reports/json_text.hpp"

namespace synack::cli {

namespace {

// "1.0.1 .. 1.0.1g (8 versions)" for each run of consecutive versions in one class.
struct Run {
  std::size_t first, last, behaviour;
};

std::vector<Run> runs_of(const learned::VersionHistory& h) {
  std::vector<Run> runs;
  for (std::size_t v = 0; v < h.versions.size(); ++v) {
    if (runs.empty() || runs.back().behaviour != h.class_of[v])
      runs.push_back({v, v, h.class_of[v]});
    else
      runs.back().last = v;
  }
  return runs;
}

}  // namespace

int run_version_history(const DiffOptions& o, std::ostream& out) {
  OutputFile json_out("--json", o.json_file);
  std::string protocol = o.protocol.empty() ? "TLS10" : o.protocol;
  learned::VersionHistory h = learned::version_history(o.versions, protocol);
  std::vector<InputFile> read;
  for (std::size_t v = 0; v < h.files.size(); ++v)
    read.push_back({"the model of version " + h.versions[v], h.files[v]});
  check_outputs_spare_inputs({&json_out}, read);
  out << fmt::format("{} ({}): {} versions, {} behaviour classes, {} changes\n", o.versions,
                     protocol, h.versions.size(), h.classes(), h.changes.size());
  if (h.without.size() == 1)
    out << fmt::format("  without {}.dot: {}\n", protocol, h.without.front());
  else if (!h.without.empty())
    out << fmt::format("  without {}.dot: {} versions ({} .. {})\n", protocol, h.without.size(),
                       h.without.front(), h.without.back());
  out << fmt::format("\n  {:<9} {:<7} {}\n", "behaviour", "states", "versions");
  for (const Run& r : runs_of(h)) {
    std::size_t count = r.last - r.first + 1;
    std::string span =
        count == 1 ? h.versions[r.first]
                   : fmt::format("{} .. {} ({})", h.versions[r.first], h.versions[r.last], count);
    out << fmt::format("  {:<9} {:<7} {}\n", fmt::format("B{}", r.behaviour + 1),
                       h.class_states[r.behaviour], span);
  }
  for (const auto& change : h.changes) {
    const std::string& before = h.versions[change.before];
    const std::string& after = h.versions[change.after];
    out << fmt::format("\n{} -> {} (B{} -> B{}): {}\n", before, after,
                       h.class_of[change.before] + 1, h.class_of[change.after] + 1,
                       witness_inputs(change.comparison));
    out << witness_table(change.comparison, before, after, "  ");
  }
  if (json_out.enabled()) {
    nlohmann::json versions = nlohmann::json::array(), changes = nlohmann::json::array();
    // Each version's file with its SHA-256, as every learned-model result names its inputs.
    std::vector<learned::InputFile> inputs;
    for (std::size_t v = 0; v < h.versions.size(); ++v) {
      inputs.push_back(learned::input_file("version", h.files[v]));
      versions.push_back({{"version", h.versions[v]},
                          {"behaviour", h.class_of[v] + 1},
                          {"path", inputs.back().path},
                          {"sha256", inputs.back().sha256}});
    }
    for (const auto& change : h.changes) {
      nlohmann::json c = comparison_json(change.comparison);
      c["before"] = h.versions[change.before];
      c["after"] = h.versions[change.after];
      changes.push_back(std::move(c));
    }
    nlohmann::json json = {{"synack_version", SYNACK_VERSION},
                           {"inputs", reports::input_files_json(inputs)},
                           {"folder", o.versions},
                           {"protocol", protocol},
                           {"versions", versions},
                           {"without", h.without},
                           {"class_states", h.class_states},
                           {"changes", changes}};
    json_out.commit(reports::json_text(json) + "\n");
  }
  return h.changes.empty() ? 0 : 1;
}

}  // namespace synack::cli
