#include "checker/suggest.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
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

// The words of a name: what lies between '/', '.', '-' and '_'.
std::vector<std::string_view> words_of(std::string_view name) {
  std::vector<std::string_view> words;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i < name.size() && name[i] != '/' && name[i] != '.' && name[i] != '-' && name[i] != '_')
      continue;
    if (i > start) words.push_back(name.substr(start, i - start));
    start = i + 1;
  }
  return words;
}

// How far a typed word is from a candidate's word, if it is close enough to count: the
// same word, one edit in four letters, or the first three letters or more of it.
std::optional<std::size_t> word_distance(std::string_view typed, std::string_view word) {
  const std::size_t d = distance(typed, word);
  if (d <= typed.size() / 4) return d;
  if (typed.size() >= 3 && typed.size() < word.size() &&
      distance(typed, word.substr(0, typed.size())) == 0)
    return 1;
  return std::nullopt;
}

// A name typed as some of a candidate's words, in order, each close to its word
// (`tcp/tree-way` for tcp/three-way-handshake, `stale-connection` for no-stale-connection),
// which the whole-name edit distance misses when the candidate is much longer: the sum of
// the words' distances plus one, or nothing when a word finds no match or fewer than two
// words were typed (`tcp` alone would match every TCP scenario).
std::optional<std::size_t> words_distance(std::string_view wanted, std::string_view candidate) {
  const std::vector<std::string_view> typed = words_of(wanted), words = words_of(candidate);
  if (typed.size() < 2) return std::nullopt;
  std::size_t next = 0, sum = 1;
  for (std::string_view t : typed) {
    while (next < words.size() && !word_distance(t, words[next])) ++next;
    if (next == words.size()) return std::nullopt;
    sum += *word_distance(t, words[next++]);
  }
  return sum;
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
    if (auto by_words = words_distance(wanted, candidates[i]))
      d = std::min(d, *by_words);
    else if (d > limit)
      continue;
    close.emplace_back(d, i);
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
  // "with traces: " and nothing after it read as a cut-off line.
  if (names.empty()) return std::string(what) + ": none";
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
