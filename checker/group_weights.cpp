#include "checker/group_weights.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "checker/errors.hpp"

namespace synack::checker {

namespace {

// "s2r.lose[3]" -> {"s2r.lose", 3}; a name without a trailing position -> {name, none}.
struct SplitName {
  std::string family;
  std::optional<std::size_t> position;
};

SplitName split_position(const std::string& name) {
  if (name.empty() || name.back() != ']') return {name, std::nullopt};
  std::size_t open = name.rfind('[');
  if (open == std::string::npos || open + 2 > name.size() - 1) return {name, std::nullopt};
  std::string digits = name.substr(open + 1, name.size() - open - 2);
  if (digits.size() > 9 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return std::isdigit(c); }))
    return {name, std::nullopt};
  return {name.substr(0, open), std::stoul(digits)};
}

// "0.05" -> 50000 millionths; none for anything but digits with at most six decimals,
// or a weight above 1000000.
std::optional<std::uint64_t> parse_weight(const std::string& text) {
  std::size_t dot = text.find('.');
  std::string whole = text.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  auto digits = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.empty() || whole.size() > 7 || !digits(whole) || !digits(fraction) ||
      fraction.size() > 6 || (dot != std::string::npos && fraction.empty()))
    return std::nullopt;
  fraction.resize(6, '0');
  std::uint64_t value = std::stoull(whole) * kWeightUnit + std::stoull(fraction);
  if (value > 1'000'000 * kWeightUnit) return std::nullopt;
  return value;
}

}  // namespace

std::string group_names_text(const Model& model) {
  std::vector<std::string> parts;
  std::size_t g = 0;
  while (g < model.group_count()) {
    SplitName first = split_position(model.group_name(g));
    std::size_t end = g + 1;
    // Fold the run of positions 0, 1, ... of one family into "family[0..k]".
    if (first.position)
      while (end < model.group_count()) {
        SplitName next = split_position(model.group_name(end));
        if (next.family != first.family || next.position != *first.position + (end - g)) break;
        ++end;
      }
    parts.push_back(end - g > 1 ? fmt::format("{}[{}..{}]", first.family, *first.position,
                                              *first.position + (end - g - 1))
                                : model.group_name(g));
    g = end;
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

GroupWeights resolve_group_weights(const Model& model, const std::vector<std::string>& texts) {
  GroupWeights out;
  if (texts.empty()) return out;
  const std::string valid =
      fmt::format("valid groups: {} (a name without [k]: every position)", group_names_text(model));
  for (const std::string& text : texts) {
    std::size_t eq = text.rfind('=');
    if (eq == std::string::npos || eq == 0)
      throw InputError(fmt::format(
          "--weight {}: expected GROUP=WEIGHT, as --weight s2r.lose=0.1; {}", text, valid));
    GivenWeight w{text.substr(0, eq), text.substr(eq + 1), 0, {}};
    std::optional<std::uint64_t> millionths = parse_weight(w.weight);
    if (!millionths)
      throw InputError(fmt::format(
          "--weight {}: the weight must be a number from 0 to 1000000 with at most 6 decimals, "
          "as 0.05",
          text));
    w.millionths = *millionths;
    for (const GivenWeight& earlier : out.given)
      if (earlier.group == w.group)
        throw InputError(fmt::format("--weight {}: {} is given a weight twice", text, w.group));
    out.given.push_back(std::move(w));
  }
  // Exact names first, then families for the groups no exact name took.
  out.per_group.assign(model.group_count(), kWeightUnit);
  std::vector<bool> exact(model.group_count(), false);
  for (GivenWeight& w : out.given)
    for (std::size_t g = 0; g < model.group_count(); ++g)
      if (model.group_name(g) == w.group) {
        w.groups.push_back(g);
        out.per_group[g] = w.millionths;
        exact[g] = true;
      }
  for (GivenWeight& w : out.given) {
    if (!w.groups.empty()) continue;
    bool named = false;
    for (std::size_t g = 0; g < model.group_count(); ++g) {
      SplitName split = split_position(model.group_name(g));
      if (!split.position || split.family != w.group) continue;
      named = true;
      if (exact[g]) continue;
      w.groups.push_back(g);
      out.per_group[g] = w.millionths;
    }
    if (!named)
      throw InputError(fmt::format("--weight {}={}: no transition group {}; {}", w.group, w.weight,
                                   w.group, valid));
  }
  if (std::all_of(out.per_group.begin(), out.per_group.end(),
                  [](std::uint64_t m) { return m == 0; }))
    throw InputError("--weight: every group weighs 0, so no walk could take a step");
  return out;
}

}  // namespace synack::checker
