// What synack and its web-server module share. The explorer's HTTP server is built as a
// module of its own (explore/http_module.cpp, synack-http.so) that only `synack explore`
// loads (explore/server.cpp): cpp-httplib brings OpenSSL, zlib and brotli with it, about
// 4 MB of every process's resident memory and 40% of its start-up, which no other
// command uses. Both sides are built from this header in one build; kHttpOpen names the
// interface, so that a module from another version is refused, not called.
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "explore/admission.hpp"
#include "explore/api.hpp"
#include "explore/server.hpp"

namespace synack::explore {

// What the server asks of synack while it serves.
struct HttpHooks {
  // The API's answer (Api::handle).
  std::function<ApiReply(const std::string& method, const std::string& path,
                         const std::string& body)>
      answer;
  // Why a request is turned away before the API sees it (explore/admission.hpp), if it is.
  std::function<std::optional<Refusal>(const RequestHeaders& request)> admit;
  // A refusal's reason as a response body's one line: "synack: REASON", made printable.
  std::function<std::string(const std::string& reason)> refusal_line;
  // Such a line as the API's JSON error body ({"error": LINE}).
  std::function<std::string(const std::string& line)> json_error;
  const char* page = nullptr;  // page_html()
};

// The server, bound to its port; made by the module's entry point.
class HttpServer {
 public:
  virtual ~HttpServer() = default;
  virtual int port() const = 0;
  // As Server::serve: prints "explorer at URL" to `out` and serves until interrupted.
  virtual void serve(const HttpHooks& hooks, const ServeOptions& options, std::ostream& out) = 0;
};

// The module's entry point: binds 127.0.0.1:port (0: any free port). A port that cannot
// be bound is an InputError naming it, thrown inside the module and caught in synack by
// libstdc++'s comparison of type names (the module's copy of InputError is its own).
// Renamed whenever anything the two sides pass changes: HttpHooks, HttpServer, and the
// types in them (ServeOptions, ApiReply, RequestHeaders, Refusal).
using HttpOpen = HttpServer*(int port);
inline constexpr const char* kHttpOpen = "synack_http_open_1";

// The module's file name; an installed synack keeps it in LIBDIR/synack/.
inline constexpr const char* kHttpModuleFile = "synack-http.so";
// The environment variable that names the module's path, looked at before the rest: a
// user's program linked against an installed synack knows only where the install was
// meant to go (`cmake --install --prefix` may put it elsewhere).
inline constexpr const char* kHttpModuleVariable = "SYNACK_HTTP_MODULE";

// synack's side (explore/server.cpp). Where the module is looked for, in order: the path
// in SYNACK_HTTP_MODULE, beside the running program (a build's build/synack), in
// LIBDIR/synack/ relative to the program's BINDIR (an install, moved whole or not), then
// where this build made it and where it installs it (a user's program, the tests).
std::vector<std::filesystem::path> http_module_places();
// The entry point of the first of `places` that is a file. An InputError (one line, every
// place named when none is there) when none is, or it belongs to another user or anyone
// may write it, or it cannot be loaded, or it is not this version's module.
HttpOpen* load_http_module(const std::vector<std::filesystem::path>& places);

}  // namespace synack::explore
