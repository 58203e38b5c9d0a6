// The whole synack command line over the two-phase commit scenarios.
#include "scenarios.hpp"
#include "synack/cli.hpp"

int main(int argc, char** argv) {
  return synack::run_cli(argc, argv, two_phase::scenarios());
}
