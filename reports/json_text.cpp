#include "reports/json_text.hpp"

#include "reports/xml_escape.hpp"

namespace synack::reports {

namespace {

// A copy of `json` with every string, keys included, made well-formed UTF-8.
nlohmann::json well_formed(const nlohmann::json& json) {
  if (json.is_string()) return well_formed_utf8(json.get_ref<const std::string&>());
  if (json.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : json) out.push_back(well_formed(item));
    return out;
  }
  if (json.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, value] : json.items()) out[well_formed_utf8(key)] = well_formed(value);
    return out;
  }
  return json;
}

}  // namespace

std::string json_text(const nlohmann::json& json, int indent) {
  // The common case, every string already UTF-8, costs one dump.
  try {
    return json.dump(indent);
  } catch (const nlohmann::json::type_error&) {
    return well_formed(json).dump(indent);
  }
}

}  // namespace synack::reports
