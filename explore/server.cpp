// The explorer's web server, loaded on demand: the HTTP code is the module synack-http.so
// (explore/http_module.hpp says why), found beside the program, where an installed synack
// keeps it, or where this build made it.
#include "explore/server.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <filesystem>
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
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    places.push_back(self.parent_path() / kHttpModuleFile);
    places.push_back(
        (self.parent_path() / ".." / SYNACK_HTTP_MODULE_LIBDIR / "synack" / kHttpModuleFile)
            .lexically_normal());
  }
  // The same place twice (build/synack's directory is where the build made it) is
  // looked in once.
  for (const char* known : {SYNACK_HTTP_MODULE_BUILT, SYNACK_HTTP_MODULE_INSTALLED})
    if (std::find(places.begin(), places.end(), std::filesystem::path(known)) == places.end())
      places.emplace_back(known);
  return places;
}

HttpOpen* load_http_module(const std::vector<std::filesystem::path>& places) {
  for (const std::filesystem::path& place : places) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(place, error)) continue;
    // Never closed: the server's threads and thread-locals live in its code, and a process
    // that serves the explorer does nothing else afterwards.
    void* module = dlopen(place.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!module) {
      // dlerror() starts with the path already named.
      std::string why = dlerror();
      if (why.starts_with(place.string() + ": ")) why.erase(0, place.string().size() + 2);
      throw InputError(
          fmt::format("explore: cannot load the web server {} ({}); rebuild or reinstall synack",
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
      "synack",
      kHttpModuleFile, looked));
}

struct Server::Impl {
  std::unique_ptr<HttpServer> http;
};

Server::Server(int port) : impl_(std::make_unique<Impl>()) {
  HttpOpen* open = load_http_module(http_module_places());
  impl_->http.reset(open(port));
  port_ = impl_->http->port();
}

Server::~Server() = default;

void Server::serve(Api& api, const ServeOptions& options, std::ostream& out) {
  HttpHooks hooks;
  hooks.answer = [&api](const std::string& method, const std::string& path,
                        const std::string& body) { return api.handle(method, path, body); };
  hooks.admit = [port = port_](const RequestHeaders& request) { return refusal(request, port); };
  hooks.line = [](const std::string& reason) {
    return checker::program_name() + ": " + reports::printable_line(reason);
  };
  hooks.json_error = [](const std::string& line) {
    return reports::json_text(nlohmann::json{{"error", line}}, -1);
  };
  hooks.page = page_html();
  impl_->http->serve(hooks, options, out);
}

}  // namespace synack::explore
