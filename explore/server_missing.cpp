// A build without cpp-httplib: the explorer has no web server, and says so in one line.
#include <ostream>

#include "checker/errors.hpp"
#include "explore/server.hpp"

namespace synack::explore {

void require_server() {
  throw InputError(
      "explore: this synack was built without a web server; install cpp-httplib (Debian: "
      "libcpp-httplib-dev) and rebuild");
}

void serve(Api&, const ServeOptions&, std::ostream&) {
  require_server();
}

}  // namespace synack::explore
