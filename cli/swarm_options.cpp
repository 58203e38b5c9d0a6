#include "cli/swarm_options.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace synack::cli {

void add_swarm_options(CLI::App* check, CheckOptions& options) {
  CLI::Option* swarm =
      check
          ->add_option("--swarm", options.swarm,
                       "bug hunting: N bounded depth-first searches, each biased by the seed "
                       "(group order, depth bound); never a proof (safety properties)")
          ->check(CLI::Range(std::size_t{1}, std::size_t{100'000}));
  // Digits only: CLI11 would wrap "-1" round to 2^64 - 1.
  const CLI::Validator digits(
      [](std::string& text) {
        // Twenty digits go past 2^64 - 1, which CLI11 would saturate into another seed.
        bool ok =
            !text.empty() && text.size() <= 20 &&
            std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
            (text.size() < 20 || text <= "18446744073709551615");
        return ok ? std::string() : fmt::format("'{}' is not a number from 0 to 2^64-1", text);
      },
      "0..2^64-1");
  check
      ->add_option_function<std::uint64_t>(
          "--seed", [&options](const std::uint64_t& seed) { options.swarm_seed = seed; },
          "the swarm's seed, 0 to 2^64-1 (default: drawn at random and printed)")
      ->check(digits)
      ->needs(swarm);
}

}  // namespace synack::cli
