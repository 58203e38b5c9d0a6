// A JSON document as the text synack writes (--json files, list --json, explore's answers).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace synack::reports {

// `json` indented by `indent` spaces (-1: one line). A string that is not well-formed
// UTF-8 (a learned model saved in Latin-1, a file name in another encoding) is written as
// the diagrams read it, each stray byte as its Latin-1 character: nlohmann's dump throws on
// such a string, which reached the user as "internal error" and exit 4.
std::string json_text(const nlohmann::json& json, int indent = 2);

}  // namespace synack::reports
