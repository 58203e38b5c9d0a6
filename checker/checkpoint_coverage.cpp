#include "checker/checkpoint_coverage.hpp"

#include <optional>
#include <vector>

#include <fmt/format.h>

namespace synack::checker {

namespace {

// The sum, or nothing past 2^64 - 1: a hand-made file's counts must not wrap around to
// the total they are checked against.
std::optional<std::uint64_t> sum_of(const std::vector<std::uint64_t>& counts) {
  std::uint64_t sum = 0;
  for (std::uint64_t c : counts)
    if (__builtin_add_overflow(sum, c, &sum)) return std::nullopt;
  return sum;
}

std::string shown(const std::optional<std::uint64_t>& sum) {
  return sum ? fmt::format("{}", *sum) : "more than 2^64";
}

}  // namespace

std::string coverage_shape_fault(const Coverage& counts, std::size_t rows, std::size_t groups) {
  if (counts.row_fired.size() == rows && counts.group_transitions.size() == groups &&
      counts.group_new_states.size() == groups)
    return {};
  return fmt::format(
      "coverage counts are for {} rows, {} and {} groups, and the model has {} rows and {} "
      "groups",
      counts.row_fired.size(), counts.group_transitions.size(), counts.group_new_states.size(),
      rows, groups);
}

std::string coverage_totals_fault(const Coverage& counts, const Model& model,
                                  std::uint64_t transitions, std::uint64_t states) {
  const std::optional<std::uint64_t> taken = sum_of(counts.group_transitions);
  if (taken != transitions)
    return fmt::format("coverage counts add up to {} transitions where the search took {}",
                       shown(taken), transitions);
  const std::optional<std::uint64_t> found = sum_of(counts.group_new_states);
  if (states == 0 || found != states - 1)
    return fmt::format(
        "coverage counts add up to {} new states where the search stored {} besides the "
        "initial state",
        shown(found), states == 0 ? 0 : states - 1);
  for (std::size_t g = 0; g < counts.group_transitions.size(); ++g)
    if (counts.group_new_states[g] > counts.group_transitions[g])
      return fmt::format("coverage counts say group {} found {} new states in {} transitions",
                         model.group_name(g), counts.group_new_states[g],
                         counts.group_transitions[g]);
  return {};
}

}  // namespace synack::checker
