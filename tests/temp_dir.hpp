// A fresh directory under the system's temporary directory, removed with its contents when
// the test is done (checkpoints, outputs). Unique per process and per directory made.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

namespace synack::testing {

struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& name = "dir") {
    path = std::filesystem::temp_directory_path() /
           ("synack_" + name + "_" + std::to_string(::getpid()) + "_" + std::to_string(++made));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  static inline int made = 0;
};

}  // namespace synack::testing
