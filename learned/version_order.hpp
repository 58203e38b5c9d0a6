// The order of release names such as OpenSSL's: 0.9.7 < 0.9.7a < ... < 0.9.7m < 0.9.8 <
// 0.9.8za < 1.0.0 < 1.0.1 < 1.0.1a < 1.0.10 (numbers compare as numbers, letters as text,
// a name before its own extensions).
#pragma once

#include <string>

namespace synack::learned {

bool version_less(const std::string& a, const std::string& b);

}  // namespace synack::learned
