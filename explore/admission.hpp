// Which HTTP requests the explorer answers, decided without HTTP so that it can be tested.
//
// The server listens on 127.0.0.1 only, but any web page the user has open can still make
// their browser send requests there. The Host check turns away DNS rebinding (a page whose
// own name resolves to 127.0.0.1); it does not stop a page elsewhere from POSTing to
// http://127.0.0.1:PORT/ directly, as a form or a fetch of text/plain may without asking.
// So a POST must also come from the explorer's own page (an Origin, when the browser sends
// one, of this server) and be application/json, which no page elsewhere can send without
// a preflight this server never grants.
#pragma once

#include <optional>
#include <string>

namespace synack::explore {

struct RequestHeaders {
  std::string method;        // "GET", "POST", ...
  std::string host;          // the Host header ("" when absent)
  std::string origin;        // the Origin header ("" when absent)
  std::string content_type;  // the Content-Type header ("" when absent)
};

struct Refusal {
  int status = 403;
  std::string reason;  // one line, for the response body
};

// Nothing when the request may be answered; otherwise the status and why not.
std::optional<Refusal> refusal(const RequestHeaders& request, int port);

}  // namespace synack::explore
