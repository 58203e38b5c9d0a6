#include "explore/api.hpp"

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "reports/json_text.hpp"

namespace synack::explore {

namespace {

using nlohmann::json;

ApiReply reply(int status, const json& body) {
  return {status, reports::json_text(body, -1)};
}

// The request's JSON object; an empty body is an empty object.
json request_object(const std::string& body) {
  if (body.empty()) return json::object();
  json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object())
    throw InputError("the request body is not a JSON object");
  return parsed;
}

std::string string_field(const json& request, const char* name) {
  auto it = request.find(name);
  if (it == request.end() || !it->is_string())
    throw InputError(fmt::format("the request needs \"{}\": a string", name));
  return it->get<std::string>();
}

std::size_t index_field(const json& request, const char* name,
                        std::optional<std::size_t> fallback) {
  auto it = request.find(name);
  if (it == request.end() && fallback) return *fallback;
  if (it == request.end() || !it->is_number_unsigned())
    throw InputError(fmt::format("the request needs \"{}\": a whole number from 0", name));
  return it->get<std::size_t>();
}

}  // namespace

ApiReply Api::handle(const std::string& method, const std::string& path, const std::string& body) {
  std::lock_guard<std::mutex> lock(mutex_);
  try {
    return dispatch(method, path, body);
  } catch (const InputError& e) {
    return reply(400, {{"error", session_.error_line(e.what())}});
  } catch (const InternalError& e) {
    // synack's own bug (a trace that does not replay): said as the CLI says it.
    return reply(500, {{"error", session_.error_line(std::string("internal error: ") + e.what())}});
  }
}

ApiReply Api::dispatch(const std::string& method, const std::string& path,
                       const std::string& body) {
  if (method == "GET" && path == "/api/state") return reply(200, state_view(session_, title_));
  if (method != "POST")
    return reply(404,
                 {{"error", session_.error_line(fmt::format(
                                "no {} {}: the API is GET /api/state and POSTs", method, path))}});
  json request = request_object(body);
  bool moved = true;
  if (path == "/api/step") {
    std::size_t group = index_field(request, "group", std::nullopt);
    if (!session_.step(group))
      throw InputError(
          fmt::format("step {} is not enabled in this state; the enabled steps are "
                      "those listed",
                      group));
  } else if (path == "/api/back") {
    moved = session_.back();
  } else if (path == "/api/forward") {
    moved = session_.forward();
  } else if (path == "/api/restart") {
    session_.restart();
  } else if (path == "/api/goto") {
    std::size_t position = index_field(request, "position", std::nullopt);
    if (!session_.go_to(position))
      throw InputError(fmt::format("position {}: the path has positions 0 to {}", position,
                                   session_.path().size() - 1));
  } else if (path == "/api/trace") {
    session_.load_trace(string_field(request, "property"), index_field(request, "index", 0));
  } else if (path == "/api/search") {
    SearchOutcome found = session_.search(string_field(request, "expression"));
    json view = state_view(session_, title_);
    view["search"] = {{"found", found.found}, {"text", found.text}};
    return reply(200, view);
  } else {
    return reply(404, {{"error", session_.error_line(fmt::format(
                                     "no POST {}; valid: /api/step, /api/back, /api/forward, "
                                     "/api/restart, /api/goto, /api/trace, /api/search",
                                     path))}});
  }
  json view = state_view(session_, title_);
  if (!moved)
    view["note"] =
        path == "/api/back" ? "already at the initial state" : "no step ahead on the path";
  return reply(200, view);
}

}  // namespace synack::explore
