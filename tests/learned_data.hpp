// Where the learned-model tests find their files: the project's own small models
// (tests/data/learned) and the real ones in ../shared/data/learned, which may be absent
// (SYNACK_SHARED_DIR overrides where to look).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace synack::test {

inline std::string learned_test_file(const std::string& name) {
  return std::string(SYNACK_SOURCE_DIR) + "/tests/data/learned/" + name;
}

// The toy client and server of the composition tests (tests/data/learned/compose).
inline std::string compose_toy(const std::string& name) {
  return learned_test_file("compose/" + name);
}

// The folder of real learned models, or "" when it is not there.
inline std::string shared_learned_dir() {
  const char* env = std::getenv("SYNACK_SHARED_DIR");
  std::filesystem::path base = env ? env : std::string(SYNACK_SOURCE_DIR) + "/../shared";
  std::filesystem::path dir = base / "data" / "learned";
  return std::filesystem::is_directory(dir) ? dir.string() : std::string();
}

}  // namespace synack::test

// Skips the rest of a test case, saying why, when ../shared is absent.
#define SYNACK_REQUIRE_SHARED_LEARNED(dir)                                                   \
  const std::string dir = synack::test::shared_learned_dir();                                \
  if (dir.empty()) {                                                                         \
    WARN("skipped: ../shared/data/learned is absent (set SYNACK_SHARED_DIR to its parent)"); \
    return;                                                                                  \
  }
