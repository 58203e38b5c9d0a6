// Reading a folder of versions and walking it in release order.
#include "learned/version_history.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iterator>
#include <set>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "learned/analysis.hpp"
#include "learned/canonical.hpp"
#include "learned/dot_reader.hpp"
#include "learned/version_order.hpp"

namespace synack::learned {

namespace fs = std::filesystem;

namespace {

// Two consecutive versions are compared over one alphabet: --versions has no --rename or
// --common-alphabet, so the advice is to compare that pair on its own, where both apply.
void require_one_alphabet(const MealyMachine& a, const MealyMachine& b) {
  std::set<std::string> in_a(a.inputs.begin(), a.inputs.end());
  std::set<std::string> in_b(b.inputs.begin(), b.inputs.end());
  if (in_a == in_b) return;
  std::vector<std::string> only_a, only_b;
  std::set_difference(in_a.begin(), in_a.end(), in_b.begin(), in_b.end(),
                      std::back_inserter(only_a));
  std::set_difference(in_b.begin(), in_b.end(), in_a.begin(), in_a.end(),
                      std::back_inserter(only_b));
  std::string sides;
  if (!only_a.empty()) sides = fmt::format("only the first has {}", fmt::join(only_a, ", "));
  if (!only_b.empty())
    sides +=
        fmt::format("{}only the second has {}", sides.empty() ? "" : "; ", fmt::join(only_b, ", "));
  throw InputError(fmt::format(
      "{} and {} have different inputs ({}); --versions compares versions over one alphabet: "
      "compare these two with 'diff {} {}' and --rename A_INPUT=B_INPUT or --common-alphabet",
      a.source, b.source, sides, a.source, b.source));
}

bool is_version_name(const std::string& name) {
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  return !name.empty() && alnum(name.front()) && std::any_of(name.begin(), name.end(), digit);
}

}  // namespace

VersionHistory version_history(const std::string& folder, const std::string& protocol) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw InputError(fmt::format(
        "{}: not a folder (give a folder of VERSION/{}.dot files, as tlsprint's models)", folder,
        protocol));
  if (protocol.empty() || protocol.find('/') != std::string::npos || protocol == "." ||
      protocol == "..")
    throw InputError(fmt::format("protocol '{}' is not a file name (e.g. TLS10, TLS12)", protocol));
  std::vector<std::string> all;
  std::set<std::string> protocols_seen;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (!entry.is_directory()) continue;
    const std::string name = entry.path().filename().string();
    std::set<std::string> protocols;
    for (const auto& file : fs::directory_iterator(entry.path(), ec))
      if (file.path().extension() == ".dot") protocols.insert(file.path().stem().string());
    if (!is_version_name(name)) {
      // A folder of no models (.git, __MACOSX) is none of the releases. One that holds
      // models, named `abc` or `-1`, was sorted into "release order" among them, and changes
      // reported across it.
      if (protocols.empty() || name.front() == '.') continue;
      throw InputError(fmt::format(
          "{}: '{}' holds models but is no version name (a version's folder is named as a "
          "release: a letter or digit first, and a number in it, as 1.0.1g or v2.3); rename it "
          "or move it out",
          folder, name));
    }
    all.push_back(name);
    protocols_seen.insert(protocols.begin(), protocols.end());
  }
  if (ec) throw InputError(fmt::format("{}: cannot be listed ({})", folder, ec.message()));
  std::sort(all.begin(), all.end(), version_less);

  VersionHistory h;
  h.protocol = protocol;
  std::vector<MealyMachine> machines;
  std::vector<CanonicalForm> forms;  // one per class
  for (const auto& version : all) {
    fs::path file = fs::path(folder) / version / (protocol + ".dot");
    if (!fs::exists(file, ec)) {
      h.without.push_back(version);
      continue;
    }
    MealyMachine m = read_dot_file(file.string());
    m.name = version;
    require_deterministic(m, "a version history");
    CanonicalForm form = canonical_form(m);
    auto known = std::find(forms.begin(), forms.end(), form);
    h.class_of.push_back(static_cast<std::size_t>(known - forms.begin()));
    if (known == forms.end()) {
      h.class_states.push_back(form.states);
      forms.push_back(std::move(form));
    }
    h.versions.push_back(version);
    h.files.push_back(file.string());
    machines.push_back(std::move(m));
  }
  if (h.versions.empty()) {
    std::string found;
    for (const auto& p : protocols_seen) found += (found.empty() ? "" : ", ") + p;
    throw InputError(fmt::format("{}: no version folder holds {}.dot (protocols found: {})", folder,
                                 protocol, found.empty() ? "none" : found));
  }
  for (std::size_t v = 1; v < h.versions.size(); ++v) {
    if (h.class_of[v] == h.class_of[v - 1]) continue;
    require_one_alphabet(machines[v - 1], machines[v]);
    Comparison c = compare(machines[v - 1], machines[v]);
    // Different canonical forms over one alphabet are different behaviours: a search
    // that finds none contradicts the minimisation.
    if (c.equivalent())
      throw InternalError(
          fmt::format("{} and {}: canonical forms differ but no input sequence "
                      "tells them apart",
                      machines[v - 1].source, machines[v].source));
    h.changes.push_back({v - 1, v, std::move(c)});
  }
  return h;
}

}  // namespace synack::learned
