// The whole synack command line over the SCTP association-setup scenarios.
#include "scenarios.hpp"
#include "synack/cli.hpp"

int main(int argc, char** argv) {
  return synack::run_cli(argc, argv, sctp::scenarios());
}
