// The explorer's JSON API, without HTTP: a request (method, path, body) in, a status and
// a JSON body out. explore/server.cpp puts it behind a socket; the tests call it directly.
//
//   GET  /api/state                         where the walk stands (see state_view)
//   POST /api/step     {"group": G}         take an enabled step
//   POST /api/back, /api/forward, /api/restart
//   POST /api/goto     {"position": K}      stand at entry K of the path
//   POST /api/trace    {"property": P, "index": I}   load P's I-th trace (I default 0)
//   POST /api/search   {"expression": E}    the first state where E holds (BFS)
//
// Every answer but an error is the state view; a search adds "search": {found, text}.
// Bad input is status 400 with {"error": LINE}, LINE being the CLI's own one line.
#pragma once

#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "explore/session.hpp"

namespace synack::explore {

struct ApiReply {
  int status = 200;
  std::string body;  // JSON
};

// The scenario as the page heads it: its name, and the parameters it was built with.
struct ScenarioTitle {
  std::string name;
  std::string params;  // "channel.capacity=2 channel.lossy=true"
  std::string description;
};

// Everything the page shows of the session's current state.
nlohmann::json state_view(const Session& session, const ScenarioTitle& title);

class Api {
 public:
  Api(Session& session, ScenarioTitle title) : session_(session), title_(std::move(title)) {}

  // Requests may come from several server threads: one at a time.
  ApiReply handle(const std::string& method, const std::string& path, const std::string& body);

 private:
  ApiReply dispatch(const std::string& method, const std::string& path, const std::string& body);

  Session& session_;
  ScenarioTitle title_;
  std::mutex mutex_;
};

}  // namespace synack::explore
