#include "cli/swarm_options.hpp"

#include "cli/shared_options.hpp"

namespace synack::cli {

void add_swarm_options(CLI::App* check, CheckOptions& options) {
  CLI::Option* swarm =
      check
          ->add_option("--swarm", options.swarm,
                       "bug hunting: N bounded depth-first searches, each biased by the seed "
                       "(group order, depth bound); never a proof (safety properties)")
          ->transform(whole_between(1, 100'000));
  check
      ->add_option_function<std::uint64_t>(
          "--seed", [&options](const std::uint64_t& seed) { options.swarm_seed = seed; },
          "the swarm's seed, 0 to 2^64-1 (default: drawn at random and printed)")
      ->transform(seed_digits())
      ->needs(swarm);
}

}  // namespace synack::cli
