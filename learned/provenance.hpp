// Which files a learned-model result came from: the path as given and the SHA-256 of the
// file's bytes, so that an auditor can tell from a JSON or HTML report (or diff's and
// conform's JSON) which model and which property file produced it, and check with
// `sha256sum` that the files in hand are those.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace synack::learned {

struct InputFile {
  // What the file was to the run: "model", "props", "client-model", "server-model",
  // "compose-map", "map" (conform), "a" and "b" (diff).
  std::string role;
  std::string path;    // as given on the command line (or by a learned family)
  std::string sha256;  // 64 lowercase hex digits
};

// Per scenario name (a learned model's, a composition's): the files it was made from.
using InputsByScenario = std::map<std::string, std::vector<InputFile>>;

// The SHA-256 digest (FIPS 180-4) of `bytes`, in lowercase hex.
std::string sha256_hex(std::string_view bytes);

// The file at `path`, hashed. Throws InputError naming the file when it cannot be read
// (callers have read it already, so this is a file that vanished in between).
InputFile input_file(std::string role, const std::string& path);

}  // namespace synack::learned
