// The explorer's web server: the page and the JSON API (explore/api.hpp) on 127.0.0.1
// only, over Debian's cpp-httplib in a module loaded on first use (explore/http_module.hpp).
// A build without that library keeps the command and refuses it in one line
// (explore/server_missing.cpp).
#pragma once

#include <atomic>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

#include "explore/api.hpp"

namespace synack::explore {

struct ServeOptions {
  // Called with the URL once the server is ready (opens a browser, unless --no-open).
  std::function<void(const std::string& url)> on_ready;
  const std::atomic<bool>* interrupted = nullptr;  // serve until it is set
};

// A port on 127.0.0.1, bound at construction, so that a port in use is reported before
// any long work; then serves the page and the API.
class Server {
 public:
  // port 0: any free port. A port that cannot be bound (in use, not allowed), a build
  // without a web server (cpp-httplib was not found), or a web server module that is
  // missing, broken or another version's (explore/http_module.hpp), is an InputError
  // naming it.
  explicit Server(int port);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const { return port_; }
  // Prints "explorer at URL" to `out` and serves until `interrupted` is set.
  void serve(Api& api, const ServeOptions& options, std::ostream& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

// The page itself: one self-contained HTML document (explore/page.html, built in).
const char* page_html();

}  // namespace synack::explore
