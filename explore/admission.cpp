#include "explore/admission.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

namespace synack::explore {

namespace {

// The names this server answers to: 127.0.0.1:PORT and localhost:PORT.
bool one_of_ours(const std::string& host, int port) {
  return host == fmt::format("127.0.0.1:{}", port) || host == fmt::format("localhost:{}", port);
}

// The media type without parameters, lower case: "application/json; charset=utf-8" is JSON.
std::string media_type(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  type.erase(
      std::remove_if(type.begin(), type.end(), [](unsigned char c) { return std::isspace(c); }),
      type.end());
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type;
}

}  // namespace

std::optional<Refusal> refusal(const RequestHeaders& request, int port) {
  if (!one_of_ours(request.host, port))
    return Refusal{403, fmt::format("only for 127.0.0.1:{0} and localhost:{0}", port)};
  if (request.method != "POST") return std::nullopt;
  if (!request.origin.empty() &&
      !(request.origin.starts_with("http://") && one_of_ours(request.origin.substr(7), port)))
    return Refusal{403, fmt::format("a POST from {} is refused; only the explorer's own page at "
                                    "http://127.0.0.1:{} may make one",
                                    request.origin, port)};
  if (media_type(request.content_type) != "application/json")
    return Refusal{415,
                   fmt::format("a POST must be application/json, not '{}'", request.content_type)};
  return std::nullopt;
}

}  // namespace synack::explore
