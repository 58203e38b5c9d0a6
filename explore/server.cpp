// The explorer's web server, loaded on demand: the HTTP code is the module synack-http.so
// (explore/http_module.hpp says why and where it is looked for), and Server wires synack's
// API, admission and page to it.
#include "explore/server.hpp"

#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <ostream>
#include <system_error>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "checker/errors.hpp"
#include "checker/program_name.hpp"
#include "explore/http_module.hpp"
#include "reports/json_text.hpp"
#include "reports/printable.hpp"

namespace synack::explore {

std::vector<std::filesystem::path> http_module_places() {
  std::vector<std::filesystem::path> places;
  auto add = [&places](const std::filesystem::path& place) {
    // The same place twice (build/synack's directory is where the build made it) is
    // looked in once.
    if (std::find(places.begin(), places.end(), place) == places.end()) places.push_back(place);
  };
  if (const char* chosen = std::getenv(kHttpModuleVariable); chosen && *chosen) add(chosen);
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    add(self.parent_path() / kHttpModuleFile);
    add((self.parent_path() / SYNACK_HTTP_MODULE_FROM_BINDIR / kHttpModuleFile).lexically_normal());
  }
  add(SYNACK_HTTP_MODULE_BUILT);
  add(SYNACK_HTTP_MODULE_INSTALLED);
  return places;
}

namespace {

// Code is loaded only from a file of this user's or root's that not everyone may write: a
// build directory that is gone (its path is compiled in) may be made again by anyone.
// Group-writable is allowed: Debian gives each user a group of their own and a umask of
// 002, so a user's own build makes its files group-writable.
std::optional<std::string> untrusted(const std::filesystem::path& place) {
  struct stat about {};
  if (::stat(place.c_str(), &about) != 0) return "it cannot be read";
  if (about.st_uid != ::geteuid() && about.st_uid != 0) return "it belongs to another user";
  if ((about.st_mode & S_IWOTH) != 0) return "anyone may write it";
  return std::nullopt;
}

}  // namespace

HttpOpen* load_http_module(const std::vector<std::filesystem::path>& places) {
  for (const std::filesystem::path& place : places) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(place, error)) continue;
    if (std::optional<std::string> why = untrusted(place))
      throw InputError(
          fmt::format("explore: the web server {} is not loaded: {}; reinstall "
                      "synack, or give it the permissions of synack's own files",
                      place.string(), *why));
    // Never closed: the server's threads and thread-locals live in its code, and a process
    // that serves the explorer does nothing else afterwards.
    void* module = dlopen(place.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!module) {
      // dlerror() starts with the path already named; what follows may name a library of
      // the module's that is missing.
      std::string why = dlerror();
      if (why.starts_with(place.string() + ": ")) why.erase(0, place.string().size() + 2);
      throw InputError(fmt::format(
          "explore: cannot load the web server {} ({}); install what it names, or reinstall "
          "synack",
          place.string(), why));
    }
    void* open = dlsym(module, kHttpOpen);
    if (!open)
      throw InputError(fmt::format(
          "explore: the web server {} is from another version of synack (it has no {}); "
          "rebuild or reinstall synack",
          place.string(), kHttpOpen));
    return reinterpret_cast<HttpOpen*>(open);
  }
  std::string looked;
  for (const std::filesystem::path& place : places)
    looked += (looked.empty() ? "" : ", ") + place.lexically_normal().string();
  throw InputError(fmt::format(
      "explore: this synack's web server ({}) is missing; looked in {}; rebuild or reinstall "
      "synack, or set {} to where it is (LIBDIR/synack/{} of an install)",
      kHttpModuleFile, looked, kHttpModuleVariable, kHttpModuleFile));
}

struct Server::Impl {
  std::unique_ptr<HttpServer> http;
};

Server::Server(int port) : impl_(std::make_unique<Impl>()) {
  HttpOpen* open = load_http_module(http_module_places());
  impl_->http.reset(open(port));
  if (!impl_->http)
    throw InputError("explore: the web server module made no server; rebuild or reinstall synack");
  port_ = impl_->http->port();
}

Server::~Server() = default;

void Server::serve(Api& api, const ServeOptions& options, std::ostream& out) {
  HttpHooks hooks;
  hooks.answer = [&api](const std::string& method, const std::string& path,
                        const std::string& body) { return api.handle(method, path, body); };
  hooks.admit = [port = port_](const RequestHeaders& request) { return refusal(request, port); };
  hooks.refusal_line = [](const std::string& reason) {
    return checker::program_name() + ": " + reports::printable_line(reason);
  };
  hooks.json_error = [](const std::string& line) {
    return reports::json_text(nlohmann::json{{"error", line}}, -1);
  };
  hooks.page = page_html();
  impl_->http->serve(hooks, options, out);
}

}  // namespace synack::explore
