// The explorer's web server: the page and the JSON API (explore/api.hpp) on 127.0.0.1
// only, over Debian's cpp-httplib. A build without that library keeps the command and
// refuses it in one line (explore/server_missing.cpp).
#pragma once

#include <atomic>
#include <functional>
#include <iosfwd>
#include <string>

#include "explore/api.hpp"

namespace synack::explore {

struct ServeOptions {
  int port = 8421;  // 0: any free port
  // Called with the URL once the port is bound (opens a browser, unless --no-open).
  std::function<void(const std::string& url)> on_ready;
  const std::atomic<bool>* interrupted = nullptr;  // serve until it is set
};

// Throws InputError when this build has no web server (cpp-httplib was not found).
void require_server();

// Binds, prints "explorer at URL" to `out`, and serves until `interrupted` is set. A port
// that cannot be bound (in use, not allowed) is an InputError naming it.
void serve(Api& api, const ServeOptions& options, std::ostream& out);

// The page itself: one self-contained HTML document (explore/page.html, built in).
const char* page_html();

}  // namespace synack::explore
