#include "checker/suggest.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_set>
#include <utility>

namespace synack::checker {

namespace {

char fold(char c) {
  if (c == '-') return '_';
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// Levenshtein distance over folded characters, one row at a time.
std::size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];  // row[i-1][j-1]
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];  // row[i-1][j]
      std::size_t substitute = diagonal + (fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitute});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// nearest_names, as indices into `candidates`.
std::vector<std::size_t> nearest_indices(std::string_view wanted,
                                         const std::vector<std::string>& candidates,
                                         std::size_t max) {
  const std::size_t limit = std::max<std::size_t>(2, wanted.size() / 3);
  std::vector<std::pair<std::size_t, std::size_t>> close;  // (distance, candidate index)
  std::unordered_set<std::string_view> seen;               // a name listed twice is offered once
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (!seen.insert(candidates[i]).second) continue;
    std::size_t d = distance(wanted, candidates[i]);
    if (d <= limit) close.emplace_back(d, i);
  }
  std::stable_sort(close.begin(), close.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < close.size() && k < max; ++k) out.push_back(close[k].second);
  return out;
}

}  // namespace

std::vector<std::string> nearest_names(std::string_view wanted,
                                       const std::vector<std::string>& candidates,
                                       std::size_t max) {
  std::vector<std::string> out;
  for (std::size_t i : nearest_indices(wanted, candidates, max)) out.push_back(candidates[i]);
  return out;
}

std::string list_names(const std::vector<std::string>& names, std::size_t max_shown) {
  std::string out;
  std::size_t shown = std::min(max_shown, names.size());
  for (std::size_t i = 0; i < shown; ++i) out += (i ? ", " : "") + names[i];
  if (shown < names.size())
    out += (shown ? ", ... (" : "... (") + std::to_string(names.size() - shown) + " more)";
  return out;
}

std::string valid_names(std::string_view what, std::string_view wanted,
                        const std::vector<std::string>& names, std::size_t shown) {
  return valid_names(what, wanted, names, names, shown);
}

std::string valid_names(std::string_view what, std::string_view wanted,
                        const std::vector<std::string>& names,
                        const std::vector<std::string>& written, std::size_t shown) {
  std::vector<std::string> near;
  for (std::size_t i : nearest_indices(wanted, names, 3)) near.push_back(written.at(i));
  std::string list = list_names(written, shown);
  if (near.empty()) return std::string(what) + ": " + list;
  return "did you mean " + one_of(near) + "? (" + std::string(what) + ": " + list + ")";
}

std::string one_of(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

}  // namespace synack::checker
