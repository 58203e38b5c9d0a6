// A build without cpp-httplib: the explorer has no web server, and says so in one line.
#include <ostream>

#include "checker/errors.hpp"
#include "explore/server.hpp"

namespace synack::explore {

struct Server::Impl {};

Server::Server(int) {
  throw InputError(
      "explore: this synack was built without a web server; install cpp-httplib (Debian: "
      "libcpp-httplib-dev) and rebuild");
}

Server::~Server() = default;

void Server::serve(Api&, const ServeOptions&, std::ostream&) {}

}  // namespace synack::explore
