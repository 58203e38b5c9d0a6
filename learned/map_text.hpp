// The line-level text helpers shared by the mapping-file readers (symbol_map for
// `conform`, compose_map for `check --compose`): one page of short lines, split on blanks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace synack::learned::map_text {

// A mapping file is a page of lines; anything near these sizes is not one.
constexpr std::uintmax_t kMaxFileBytes = 1u << 20;
constexpr std::size_t kMaxLineChars = 4096;

// `s` without leading and trailing blanks (spaces, tabs, a CR from a DOS line end).
std::string_view trim(std::string_view s);

// The blank-separated words of `s`.
std::vector<std::string> words(std::string_view s);

// "a, b, c" of at most `n` names, then ", ..." when there are more.
std::string some(const std::vector<std::string>& names, std::size_t n);

// The whole of a small text file the user named, or an InputError in one line naming
// `path` and what is wrong: "no such WHAT (HINT)" where nothing is there, "not a regular
// file" for a directory, a device or a pipe (which would be read forever or not at all),
// the size past `max_bytes`, or a failed read. `what`: "property file", "mapping file"...
std::string read_text_file(const std::string& path, std::string_view what, std::string_view hint,
                           std::uintmax_t max_bytes = kMaxFileBytes);

}  // namespace synack::learned::map_text
