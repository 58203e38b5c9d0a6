#include "cli/learned_families.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/program_name.hpp"
#include "checker/property.hpp"
#include "learned/props_file.hpp"
#include "learned/version_order.hpp"

namespace synack::cli {

namespace fs = std::filesystem;

namespace {

// A table of the violations docs/learned-models.md reports, (model, property) pairs.
using Violations = std::vector<std::pair<std::string, std::string>>;
std::function<bool(const std::string&, const std::string&)> listed(Violations v) {
  return [v = std::move(v)](const std::string& model, const std::string& property) {
    return std::find(v.begin(), v.end(), std::pair{model, property}) != v.end();
  };
}

// CVE-2014-0224 in tlsprint's models ("VERSION/TLS1x"): every release of 0.9.7, 0.9.8,
// 1.0.0 and 1.0.1 before its branch's fix (0.9.8za, 1.0.0m, 1.0.1h) takes the early CCS.
bool openssl_early_ccs(const std::string& model, const std::string& property) {
  if (property != "early-ccs") return false;
  std::string version = model.substr(0, model.find('/'));
  for (const auto& [branch, fix] : {std::pair{"0.9.7", "0.9.8za"}, std::pair{"0.9.8", "0.9.8za"},
                                    std::pair{"1.0.0", "1.0.0m"}, std::pair{"1.0.1", "1.0.1h"}})
    if (version.starts_with(branch)) return learned::version_less(version, fix);
  return false;
}

}  // namespace

LearnedRoots default_learned_roots() {
  LearnedRoots roots{SYNACK_SOURCE_DIR, ""};
  const char* env = std::getenv("SYNACK_SHARED_DIR");
  fs::path base = env ? fs::path(env) : fs::path(roots.source) / ".." / "shared";
  fs::path dir = base / "data" / "learned";
  std::error_code ec;
  if (fs::is_directory(dir, ec)) roots.shared = dir.lexically_normal().string();
  return roots;
}

std::vector<LearnedFamily> learned_families() {
  std::vector<LearnedFamily> out;
  out.push_back({"learned/example-tls-servers",
                 "two small TLS servers of the project's own (tests/data/learned): one takes "
                 "an early ChangeCipherSpec, one refuses it",
                 "learned/props/tls-server.props",
                 false,
                 "",
                 "props_tls_",
                 {"props_tls_early_ccs: early-ccs violated (2 steps); the rest holds",
                  "props_tls_fixed: every property holds"},
                 listed({{"props_tls_early_ccs", "early-ccs"}})});
  out.push_back({"learned/tls-servers-automata-wiki",
                 "TLS servers learned by de Ruiter and Poll (USENIX Security 2015): GnuTLS, NSS, "
                 "OpenSSL, RSA BSAFE, miTLS",
                 "learned/props/tls-server.props",
                 true,
                 "automata-wiki/TLS",
                 "_server_",
                 {"OpenSSL_1.0.1g_server_regular: early-ccs violated (2 steps, CVE-2014-0224)",
                  "RSA_BSAFE_C_4.0.4_server_regular: fatal-alert-closes violated (2 steps)",
                  "every other property holds on every model"},
                 listed({{"OpenSSL_1.0.1g_server_regular", "early-ccs"},
                         {"RSA_BSAFE_C_4.0.4_server_regular", "fatal-alert-closes"}})});
  out.push_back({"learned/tls-servers-openssl",
                 "tlsprint's OpenSSL servers, 0.9.7 to 1.1.1g, one model per release and "
                 "protocol version (TLS10, TLS11, TLS12)",
                 "learned/props/tls-server.props",
                 true,
                 "tlsprint-openssl",
                 "",
                 {"early-ccs violated (2 steps) on every release before its branch's fix "
                  "(0.9.8za, 1.0.0m, 1.0.1h): 77 models",
                  "every other property holds on every model"},
                 openssl_early_ccs});
  out.push_back({"learned/tcp-servers",
                 "TCP servers learned by Fiterau-Brostean, Janssen and Vaandrager (CAV 2016): "
                 "Linux, Windows 8, FreeBSD",
                 "learned/props/tcp-server.props",
                 true,
                 "automata-wiki/TCP",
                 "_Server",
                 {"TCP_Windows8_Server: closed-port-resets violated (1 step), listen-answers "
                  "(2 steps), close-sends-fin (6 steps)",
                  "every other property holds on every model"},
                 listed({{"TCP_Windows8_Server", "closed-port-resets"},
                         {"TCP_Windows8_Server", "listen-answers"},
                         {"TCP_Windows8_Server", "close-sends-fin"}})});
  out.push_back({"learned/tcp-clients",
                 "TCP clients learned by Fiterau-Brostean, Janssen and Vaandrager (CAV 2016): "
                 "Linux, Windows 8, FreeBSD",
                 "learned/props/tcp-client.props",
                 true,
                 "automata-wiki/TCP",
                 "_Client",
                 {"TCP_Windows8_Client: closed-port-resets violated (1 step), "
                  "simultaneous-open-challenge-ack (3 steps)",
                  "TCP_FreeBSD_Client: simultaneous-open-challenge-ack violated (3 steps)",
                  "every other property holds on every model"},
                 listed({{"TCP_Windows8_Client", "closed-port-resets"},
                         {"TCP_Windows8_Client", "simultaneous-open-challenge-ack"},
                         {"TCP_FreeBSD_Client", "simultaneous-open-challenge-ack"}})});
  return out;
}

std::string family_folder(const LearnedFamily& family, const LearnedRoots& roots) {
  if (family.shared)
    return roots.shared.empty() ? std::string() : (fs::path(roots.shared) / family.folder).string();
  fs::path folder = fs::path(roots.source) / "tests" / "data" / "learned";
  return (family.folder.empty() ? folder : folder / family.folder).string();
}

std::vector<std::string> family_models(const LearnedFamily& family, const LearnedRoots& roots) {
  std::string folder = family_folder(family, roots);
  if (folder.empty())
    throw InputError(fmt::format(
        "{}: its models are in ../shared/data/learned, which is absent (set SYNACK_SHARED_DIR "
        "to the folder holding data/learned)",
        family.name));
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw InputError(fmt::format("{}: no folder {}", family.name, folder));
  if (family.only.empty()) return {folder};
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(folder, ec))
    if (e.path().extension() == ".dot" &&
        e.path().filename().string().find(family.only) != std::string::npos)
      out.push_back(e.path().string());
  if (ec || out.empty())
    throw InputError(
        fmt::format("{}: no model matching *{}*.dot in {}", family.name, family.only, folder));
  std::sort(out.begin(), out.end());
  return out;
}

std::string family_absent(const LearnedFamily& family, const LearnedRoots& roots) {
  if (family_folder(family, roots).empty()) return "../shared/data/learned is absent";
  if (!fs::is_regular_file(fs::path(roots.source) / family.props))
    return "synack's source tree is absent";
  try {
    family_models(family, roots);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

std::string family_same_run(const LearnedFamily& family, const LearnedRoots& roots) {
  std::string folder = family_folder(family, roots);
  std::string models =
      family.only.empty() ? folder : (fs::path(folder) / ("*" + family.only + "*.dot")).string();
  return fmt::format("{} check --learned {} --props {}", checker::program_name(), models,
                     (fs::path(roots.source) / family.props).string());
}

std::string format_learned_families(const LearnedRoots& roots) {
  std::string out;
  for (const LearnedFamily& f : learned_families()) {
    out += fmt::format("{}\n  {}\n", f.name, f.description);
    std::string folder = family_folder(f, roots);
    if (folder.empty()) {
      out += fmt::format(
          "  models: ../shared/data/learned is absent here (set SYNACK_SHARED_DIR "
          "to the folder holding data/learned)\n\n");
      continue;
    }
    if (!fs::is_regular_file(fs::path(roots.source) / f.props)) {
      out += fmt::format("  property file: {} is absent (synack's source tree is not at {})\n\n",
                         f.props, roots.source);
      continue;
    }
    // ../shared is there but without this family's models (a partial checkout).
    if (std::string absent = family_absent(f, roots); !absent.empty()) {
      out += fmt::format("  models: {}\n\n", absent);
      continue;
    }
    out += fmt::format("  models: {}{}\n", folder,
                       f.only.empty() ? std::string() : fmt::format(" (*{}*.dot)", f.only));
    out += fmt::format("  property file: {}\n  properties:\n", f.props);
    learned::PropsFile props =
        learned::read_props_file((fs::path(roots.source) / f.props).string());
    for (const auto& r : props.rules)
      out += fmt::format("    {:<32} {}\n", r.name, checker::to_string(r.kind));
    for (const auto& p : props.patterns) out += fmt::format("    {:<32} pattern\n", p.name);
    out += "  expected:\n";
    for (const std::string& line : f.expected) out += "    " + line + "\n";
    out += fmt::format("  check: {} check {}\n    (the same run as: {})\n\n",
                       checker::program_name(), f.name, family_same_run(f, roots));
  }
  return out;
}

nlohmann::json learned_families_json(const LearnedRoots& roots) {
  nlohmann::json out = nlohmann::json::array();
  for (const LearnedFamily& f : learned_families()) {
    nlohmann::json entry = {{"name", f.name},
                            {"description", f.description},
                            {"property_file", f.props},
                            {"expected", f.expected}};
    if (std::string absent = family_absent(f, roots); !absent.empty()) {
      entry["absent"] = absent;
      out.push_back(std::move(entry));
      continue;
    }
    entry["models"] = family_models(f, roots);
    learned::PropsFile props =
        learned::read_props_file((fs::path(roots.source) / f.props).string());
    nlohmann::json names = nlohmann::json::array();
    for (const auto& r : props.rules) names.push_back(r.name);
    for (const auto& p : props.patterns) names.push_back(p.name);
    entry["properties"] = names;
    entry["command"] = checker::program_name() + " check " + f.name;
    entry["same_run"] = family_same_run(f, roots);
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace synack::cli
