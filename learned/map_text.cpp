#include "learned/map_text.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "checker/errors.hpp"

namespace synack::learned::map_text {

std::string_view trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  std::size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string some(const std::vector<std::string>& names, std::size_t n) {
  std::vector<std::string> shown(names.begin(), names.begin() + std::min(n, names.size()));
  return fmt::format("{}{}", fmt::join(shown, ", "), names.size() > n ? ", ..." : "");
}

std::string read_text_file(const std::string& path, std::string_view what, std::string_view hint,
                           std::uintmax_t max_bytes) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status))
    throw InputError(fmt::format("{}: no such {} ({})", path, what, hint));
  if (!std::filesystem::is_regular_file(status))
    throw InputError(fmt::format("{}: not a regular file; give a {} ({})", path, what, hint));
  std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec || size > max_bytes)
    throw InputError(fmt::format("{}: {} bytes; a {} of at most {} bytes is read", path,
                                 ec ? 0 : size, what, max_bytes));
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) throw InputError(path + ": cannot be read");
  return text;
}

}  // namespace synack::learned::map_text
