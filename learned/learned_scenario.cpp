#include "learned/learned_scenario.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/system.hpp"
#include "learned/analysis.hpp"
#include "learned/dot_reader.hpp"
#include "learned/mealy_machine.hpp"

namespace synack::learned {

namespace {

namespace fs = std::filesystem;

std::unique_ptr<checker::System> standalone(const std::shared_ptr<const MealyMachine>& model,
                                            const std::vector<checker::MonitorSpec>& monitors) {
  auto system = std::make_unique<checker::System>();
  system->set_replayed_through("the learned model");
  system->add_actor(kLearnedActor, make_mealy_machine(model), model->inputs);
  for (const checker::MonitorSpec& m : monitors) system->add_monitor(m);
  system->finalize();
  return system;
}

}  // namespace

properties::Scenario learned_scenario(std::string name, ModelSource source,
                                      std::shared_ptr<const PropsFile> props) {
  properties::Scenario s;
  s.name = std::move(name);
  std::string from =
      source.dot_path.empty() ? (source.machine ? source.machine->name : "") : source.dot_path;
  s.description = props ? fmt::format("learned model {} against {}", from, props->source)
                        : fmt::format("learned model {}", from);
  // A model read already is examined now; one read when built is the caller's to examine.
  if (source.machine)
    if (std::string note = verdict_scope_note(*source.machine); !note.empty())
      s.notes.push_back(std::move(note));
  BoundProps bound = props ? bind_props(*props, kLearnedActor) : BoundProps{};
  s.properties = bound.properties;
  s.build = [source = std::move(source), props,
             monitors = std::move(bound.monitors)](const properties::ParamValues&) {
    std::shared_ptr<const MealyMachine> model =
        source.machine ? source.machine
                       : std::make_shared<const MealyMachine>(read_dot_file(source.dot_path));
    // Every name the file uses is checked against this model first, so that a mistake is
    // reported with its line rather than as the engine meets it.
    if (props) validate_props(*props, kLearnedActor, *standalone(model, {}));
    return std::unique_ptr<checker::Model>(standalone(model, monitors));
  };
  return s;
}

std::vector<FoundModel> find_learned_models(const std::vector<std::string>& paths) {
  std::vector<FoundModel> found;
  auto scenario_name = [](fs::path relative) {
    relative.replace_extension();
    return "learned/" + relative.generic_string();
  };
  for (const std::string& path : paths) {
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status))
      throw InputError(
          fmt::format("--learned {}: no such file or directory (a learned model "
                      "in DOT, or a directory of them)",
                      path));
    if (fs::is_directory(status)) {
      std::vector<FoundModel> here;
      for (auto it = fs::recursive_directory_iterator(path, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        // Hidden entries are an editor's or a tool's, not models: Emacs locks an open
        // m.dot with a link to nothing named .#m.dot, and a .git folder is not searched.
        if (it->path().filename().string().starts_with(".")) {
          std::error_code hidden_error;
          if (it->is_directory(hidden_error)) it.disable_recursion_pending();
          continue;
        }
        if (it->path().extension() != ".dot") continue;
        // A link to nothing, a pipe or a device named .dot was skipped without a word.
        std::error_code entry_error;
        const fs::file_status entry = it->status(entry_error);
        if (fs::is_directory(entry)) continue;
        if (!fs::is_regular_file(entry)) {
          std::error_code link_error;
          const bool dangling = fs::is_symlink(it->symlink_status(link_error)) &&
                                entry.type() == fs::file_type::not_found;
          throw InputError(fmt::format(
              "--learned {}: {} is not a regular file ({}); a directory of models holds "
              "learned models in DOT",
              path, it->path().string(),
              dangling ? "a link to nothing"
              : entry_error && entry.type() != fs::file_type::not_found
                  ? "it cannot be read: " + entry_error.message()
                  : "a pipe, socket or device"));
        }
        here.push_back({scenario_name(fs::relative(it->path(), path)), it->path().string()});
      }
      if (ec) throw InputError(fmt::format("--learned {}: {}", path, ec.message()));
      if (here.empty())
        throw InputError(fmt::format("--learned {}: the directory holds no .dot file", path));
      std::sort(here.begin(), here.end(),
                [](const FoundModel& a, const FoundModel& b) { return a.path < b.path; });
      found.insert(found.end(), here.begin(), here.end());
    } else {
      if (fs::path(path).extension() != ".dot")
        throw InputError(
            fmt::format("--learned {}: not a .dot file (a learned model in DOT, or "
                        "a directory of them)",
                        path));
      found.push_back({scenario_name(fs::path(path).filename()), path});
    }
  }
  for (std::size_t i = 0; i < found.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (found[i].scenario == found[j].scenario)
        throw InputError(
            fmt::format("--learned: {} and {} would both be scenario {}; name "
                        "their directory instead",
                        found[j].path, found[i].path, found[i].scenario));
  return found;
}

}  // namespace synack::learned
