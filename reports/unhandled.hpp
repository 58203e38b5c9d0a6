// `check --unhandled`: the inputs each machine received in some reachable state with no
// row to take them (checker/unhandled.hpp), as text and JSON.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "checker/unhandled.hpp"

namespace synack::reports {

// "  server in SYN-RECEIVED: rcv SYN (12 states; e.g. SYN seq=0)", one line per input.
std::string format_unhandled(const std::string& scenario, const checker::UnhandledReport& r);
nlohmann::json unhandled_json(const std::string& scenario, const checker::UnhandledReport& r);

}  // namespace synack::reports
