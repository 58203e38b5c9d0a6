#include "checker/expr_arrays.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include <fmt/format.h>

namespace synack::checker {

std::vector<ActorArray> find_arrays(const Layout& layout) {
  struct Found {
    std::string name;
    std::string digits;
  };
  std::vector<Found> found;
  constexpr std::string_view kSuffix = "].state";
  for (const Slot& slot : layout.slots()) {
    std::string_view n = slot.name;
    if (!n.ends_with(kSuffix)) continue;
    n.remove_suffix(kSuffix.size());
    std::size_t open = n.rfind('[');
    if (open == std::string_view::npos || open == 0 || open + 1 == n.size()) continue;
    std::string_view digits = n.substr(open + 1);
    if (!std::all_of(digits.begin(), digits.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
      continue;
    found.push_back({std::string(n.substr(0, open)), std::string(digits)});
  }
  // Numeric order without converting (an index may have more digits than any integer):
  // fewer significant digits first, then digit by digit; "01" after "1" keeps it total.
  auto significant = [](const std::string& d) {
    std::size_t z = d.find_first_not_of('0');
    return std::string_view(d).substr(z == std::string::npos ? d.size() : z);
  };
  std::vector<ActorArray> arrays;
  for (const Found& f : found) {
    if (std::any_of(arrays.begin(), arrays.end(),
                    [&](const ActorArray& a) { return a.name == f.name; }))
      continue;
    std::vector<const Found*> mine;
    for (const Found& g : found)
      if (g.name == f.name) mine.push_back(&g);
    std::stable_sort(mine.begin(), mine.end(), [&](const Found* a, const Found* b) {
      std::string_view x = significant(a->digits), y = significant(b->digits);
      if (x.size() != y.size()) return x.size() < y.size();
      if (x != y) return x < y;
      return a->digits.size() < b->digits.size();
    });
    ActorArray array{f.name, {}};
    for (const Found* g : mine) array.members.push_back(fmt::format("{}[{}]", g->name, g->digits));
    arrays.push_back(std::move(array));
  }
  return arrays;
}

}  // namespace synack::checker
