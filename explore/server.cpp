// The explorer over HTTP (cpp-httplib): GET / is the page, /api/... goes to the Api.
#include "explore/server.hpp"

#include <sys/socket.h>
#include <cerrno>
#include <chrono>
#include <ostream>
#include <thread>

#include <fmt/format.h>
#include <httplib.h>

#include "checker/errors.hpp"
#include "explore/admission.hpp"

namespace synack::explore {

namespace {

constexpr const char* kHost = "127.0.0.1";
constexpr std::size_t kMaxBody = 1 << 20;

// The page's scripts and styles are its own, inline; it fetches nothing from elsewhere.
constexpr const char* kPagePolicy =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "connect-src 'self'; img-src data:";

std::string bind_failure(int port, int error) {
  std::string why = error == EADDRINUSE ? "the port is in use"
                    : error == EACCES   ? "the port needs privileges"
                                        : "the port cannot be bound";
  return fmt::format(
      "--port {}: cannot listen on {}:{} ({}); choose another port, or --port 0 "
      "for any free one",
      port, kHost, port, why);
}

}  // namespace

struct Server::Impl {
  httplib::Server http;
};

Server::Server(int port) : impl_(std::make_unique<Impl>()) {
  // SO_REUSEADDR alone: a restart may take the port of a server just stopped, but never
  // one that another process is listening on (httplib's default adds SO_REUSEPORT).
  impl_->http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  // A request is a few hundred bytes; a hostile one of gigabytes is refused (413).
  impl_->http.set_payload_max_length(kMaxBody);
  errno = 0;
  if (port == 0) {
    port_ = impl_->http.bind_to_any_port(kHost);
    if (port_ <= 0) throw InputError(bind_failure(0, errno));
  } else if (impl_->http.bind_to_port(kHost, port)) {
    port_ = port;
  } else {
    throw InputError(bind_failure(port, errno));
  }
}

Server::~Server() = default;

void Server::serve(Api& api, const ServeOptions& options, std::ostream& out) {
  httplib::Server& server = impl_->http;
  int port = port_;
  server.set_pre_routing_handler(
      [port](const httplib::Request& request, httplib::Response& response) {
        // What admission.hpp allows: no DNS rebinding, and no POST from another page.
        std::optional<Refusal> refused =
            refusal({request.method, request.get_header_value("Host"),
                     request.get_header_value("Origin"), request.get_header_value("Content-Type")},
                    port);
        if (!refused) return httplib::Server::HandlerResponse::Unhandled;
        response.status = refused->status;
        response.set_content(refused->reason + "\n", "text/plain");
        return httplib::Server::HandlerResponse::Handled;
      });
  server.Get("/", [](const httplib::Request&, httplib::Response& response) {
    response.set_header("Content-Security-Policy", kPagePolicy);
    response.set_header("Cache-Control", "no-store");
    response.set_content(page_html(), "text/html; charset=utf-8");
  });
  auto forward = [&api](const httplib::Request& request, httplib::Response& response) {
    ApiReply reply = api.handle(request.method, request.path, request.body);
    response.status = reply.status;
    response.set_header("Cache-Control", "no-store");
    response.set_content(reply.body, "application/json");
  };
  server.Get("/api/.*", forward);
  server.Post("/api/.*", forward);

  std::string url = fmt::format("http://{}:{}/", kHost, port);
  out << "explorer at " << url << " (Ctrl-C stops it)" << std::endl;
  std::thread listener([&server] { server.listen_after_bind(); });
  if (options.on_ready) options.on_ready(url);
  while (!(options.interrupted && options.interrupted->load(std::memory_order_relaxed)))
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server.stop();
  listener.join();
  out << "explorer stopped" << std::endl;
}

}  // namespace synack::explore
