// The explorer over HTTP (cpp-httplib): GET / is the page, /api/... goes to the Api. Built
// as a module of its own, loaded by `synack explore` alone (explore/http_module.hpp): what
// it needs of synack comes through HttpHooks, so that it links none of synack's libraries.
#include "explore/http_module.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <memory>
#include <ostream>
#include <system_error>
#include <thread>

#include <fmt/format.h>
#include <httplib.h>

#include "checker/errors.hpp"
#include "explore/request_pool.hpp"

namespace synack::explore {

namespace {

constexpr const char* kHost = "127.0.0.1";
constexpr std::size_t kMaxBody = 1 << 20;
// The request line and headers: the page's requests are a few hundred bytes. cpp-httplib
// 0.11 caps each line at 8 KB but not their number, and keeps every header it reads.
constexpr std::size_t kMaxHead = 64 << 10;
// A whole request, from its first byte to its last: one trickled in a byte at a time
// holds one of the server's few threads for at most this long.
constexpr auto kRequestTime = std::chrono::seconds(10);
// Each wait for the socket (cpp-httplib's own read and write timeouts).
constexpr int kWaitMs = 5000;

// The reading thread's request passed kMaxHead: the error handler, on the same thread,
// says so (cpp-httplib sees only a read that failed, and answers 400).
thread_local bool head_too_long = false;

const char* const kValidRequests =
    "GET /, GET /api/state, POST /api/step, /api/back, /api/forward, /api/restart, "
    "/api/goto, /api/trace, /api/search";

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

// One connection's socket as cpp-httplib reads and writes it, with what cpp-httplib 0.11
// leaves unbounded bounded: the request's head (kMaxHead bytes, up to its blank line) and
// its time (kRequestTime). The body is bounded by set_payload_max_length.
class RequestStream final : public httplib::Stream {
 public:
  explicit RequestStream(socket_t sock)
      : sock_(sock), deadline_(std::chrono::steady_clock::now() + kRequestTime) {}

  bool is_readable() const override { return used_ < filled_ || wait(POLLIN); }
  bool is_writable() const override { return wait(POLLOUT); }

  ssize_t read(char* ptr, size_t size) override {
    if (used_ == filled_ && !fill()) return -1;
    std::size_t n = std::min(size, filled_ - used_);
    std::copy_n(buffer_ + used_, n, ptr);
    used_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!wait(POLLOUT)) return -1;
    return ::send(sock_, ptr, size, MSG_NOSIGNAL);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    address(::getpeername, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    address(::getsockname, ip, port);
  }
  socket_t socket() const override { return sock_; }

 private:
  // Waits for the socket, at most kWaitMs and never past the request's deadline.
  bool wait(short events) const {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline_ - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) return false;
    pollfd p{sock_, events, 0};
    int ready = 0;
    do {
      ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, kWaitMs)));
    } while (ready < 0 && errno == EINTR);
    return ready > 0;
  }

  // Reads what has arrived; false at the end, on an error, at the deadline, or when the
  // head is longer than kMaxHead.
  bool fill() {
    if (!wait(POLLIN)) return false;
    ssize_t n = 0;
    do {
      n = ::recv(sock_, buffer_, sizeof(buffer_), 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return false;
    used_ = 0;
    filled_ = static_cast<std::size_t>(n);
    total_bytes_ += filled_;
    // The head ends at its first line that is "\r\n" alone: cpp-httplib skips a line
    // that does not end in CRLF, so a bare "\n" ends nothing.
    for (std::size_t i = 0; i < filled_ && in_head_; ++i) {
      ++head_bytes_;
      if (buffer_[i] == '\n' && line_ == 1) in_head_ = false;
      line_ = buffer_[i] == '\n' ? 0 : buffer_[i] == '\r' && line_ == 0 ? 1 : 2;
    }
    if (in_head_ && head_bytes_ > kMaxHead) {
      head_too_long = true;
      return false;
    }
    // A backstop past the head: a chunked body's sizes and trailers are lines too, and its
    // trailers are read as headers are.
    return total_bytes_ <= kMaxHead + kMaxBody + kMaxHead;
  }

  template <typename Name>
  void address(Name name, std::string& ip, int& port) const {
    sockaddr_in addr{};
    socklen_t length = sizeof(addr);
    ip.clear();
    port = 0;
    if (name(sock_, reinterpret_cast<sockaddr*>(&addr), &length) != 0 || addr.sin_family != AF_INET)
      return;
    char text[INET_ADDRSTRLEN] = {};
    if (::inet_ntop(AF_INET, &addr.sin_addr, text, sizeof(text))) ip = text;
    port = ntohs(addr.sin_port);
  }

  socket_t sock_;
  std::chrono::steady_clock::time_point deadline_;
  char buffer_[4096];
  std::size_t used_ = 0, filled_ = 0;
  bool in_head_ = true;
  std::size_t head_bytes_ = 0, total_bytes_ = 0;
  int line_ = 0;  // the current head line: 0 empty so far, 1 a lone "\r", 2 anything else
};

// cpp-httplib's server with each connection read through a RequestStream, one request per
// connection (the page makes a few, one per click; keep-alive would let one connection
// send request after request past the stream's bounds).
class BoundedServer final : public httplib::Server {
 private:
  bool process_and_close_socket(socket_t sock) override {
    head_too_long = false;
    RequestStream stream(sock);
    bool closed = false;
    bool answered = process_request(stream, /*close_connection=*/true, closed, nullptr);
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return answered;
  }
};

// The one line for a refusal cpp-httplib made itself, with an empty body: no route, a
// body or a line too long, a request it cannot read.
std::string own_refusal(const httplib::Request& request, httplib::Response& response) {
  if (head_too_long) {
    response.status = 431;
    return fmt::format("a request's line and headers are at most {} bytes ({} KB)", kMaxHead,
                       kMaxHead >> 10);
  }
  switch (response.status) {
    case 404:
      return fmt::format("no {} {}; valid: {}", request.method, request.path, kValidRequests);
    case 413:
      return fmt::format("a request body is at most {} bytes ({} MB)", kMaxBody, kMaxBody >> 20);
    case 414:
      return fmt::format("a request line is at most {} bytes", CPPHTTPLIB_REQUEST_URI_MAX_LENGTH);
    case 400:
      return "not an HTTP/1.1 request (a request line, headers, a blank line)";
    default:
      return fmt::format("the request was not answered (HTTP status {})", response.status);
  }
}

// The server, bound at construction so that a port in use is reported before any long work.
class HttplibServer final : public HttpServer {
 public:
  explicit HttplibServer(int port);
  int port() const override { return port_; }
  void serve(const HttpHooks& hooks, const ServeOptions& options, std::ostream& out) override;

 private:
  BoundedServer http_;
  int port_ = 0;
};

HttplibServer::HttplibServer(int port) {
  // SO_REUSEADDR alone: a restart may take the port of a server just stopped, but never
  // one that another process is listening on (httplib's default adds SO_REUSEPORT).
  http_.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  // A request is a few hundred bytes; a hostile one of gigabytes is refused (413).
  http_.set_payload_max_length(kMaxBody);
  errno = 0;
  if (port == 0) {
    port_ = http_.bind_to_any_port(kHost);
    if (port_ <= 0) throw InputError(bind_failure(0, errno));
  } else if (http_.bind_to_port(kHost, port)) {
    port_ = port;
  } else {
    throw InputError(bind_failure(port, errno));
  }
}

void HttplibServer::serve(const HttpHooks& hooks, const ServeOptions& options, std::ostream& out) {
  httplib::Server& server = http_;
  int port = port_;
  server.set_pre_routing_handler([&hooks](const httplib::Request& request,
                                          httplib::Response& response) {
    // What admission.hpp allows: no DNS rebinding, and no POST from another page.
    std::optional<Refusal> refused =
        hooks.admit({request.method, request.get_header_value("Host"),
                     request.get_header_value("Origin"), request.get_header_value("Content-Type")});
    if (!refused) return httplib::Server::HandlerResponse::Unhandled;
    response.status = refused->status;
    response.set_content(hooks.refusal_line(refused->reason) + "\n", "text/plain");
    return httplib::Server::HandlerResponse::Handled;
  });
  // A refusal cpp-httplib made has no body; ours (the API's, admission's) keep theirs.
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [&hooks](const httplib::Request& request, httplib::Response& response) {
        if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        const std::string line = hooks.refusal_line(own_refusal(request, response));
        if (request.path.starts_with("/api/"))
          response.set_content(hooks.json_error(line), "application/json");
        else
          response.set_content(line + "\n", "text/plain");
        return httplib::Server::HandlerResponse::Handled;
      }));
  server.Get("/", [&hooks](const httplib::Request&, httplib::Response& response) {
    response.set_header("Content-Security-Policy", kPagePolicy);
    response.set_header("Cache-Control", "no-store");
    response.set_content(hooks.page, "text/html; charset=utf-8");
  });
  auto forward = [&hooks](const httplib::Request& request, httplib::Response& response) {
    ApiReply reply = hooks.answer(request.method, request.path, request.body);
    response.status = reply.status;
    response.set_header("Cache-Control", "no-store");
    response.set_content(reply.body, "application/json");
  };
  server.Get("/api/.*", forward);
  server.Post("/api/.*", forward);

  // Every thread is started here, before the address is announced: a system that refuses
  // one is a line and exit 2, not std::terminate on the listening thread.
  auto pool = std::make_unique<RequestPool>(CPPHTTPLIB_THREAD_POOL_COUNT);
  server.new_task_queue = [&pool] { return pool.release(); };  // listen owns it once
  std::thread listener;
  std::atomic<bool> listening_ended{false};
  try {
    listener = std::thread([&server, &listening_ended] {
      server.listen_after_bind();
      listening_ended.store(true, std::memory_order_release);
    });
  } catch (const std::system_error& e) {
    throw InputError(fmt::format(
        "explore: cannot start the server's listening thread: the system refused it ({})",
        e.what()));
  }
  std::string url = fmt::format("http://{}:{}/", kHost, port);
  out << "explorer at " << url << " (Ctrl-C stops it)" << std::endl;
  if (options.on_ready) options.on_ready(url);
  // stop() does nothing until the server runs: a Ctrl-C before then would leave the
  // listening thread running and the join below waiting for ever.
  while (!server.is_running() && !listening_ended.load(std::memory_order_acquire))
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  while (!(options.interrupted && options.interrupted->load(std::memory_order_relaxed)) &&
         !listening_ended.load(std::memory_order_acquire))
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server.stop();
  listener.join();
  server.new_task_queue = nullptr;  // it named this call's pool
  if (!(options.interrupted && options.interrupted->load(std::memory_order_relaxed)))
    throw InputError(fmt::format("explore: the server at {} stopped accepting connections", url));
  out << "explorer stopped" << std::endl;
}

}  // namespace

}  // namespace synack::explore

// The module's one exported name (kHttpOpen); everything else in it is internal.
extern "C" [[gnu::visibility("default")]] synack::explore::HttpServer* synack_http_open_1(
    int port) {
  return new synack::explore::HttplibServer(port);
}
