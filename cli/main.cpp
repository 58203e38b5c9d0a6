// build/synack: the command line over the bundled scenarios (TCP, TLS, ARQ, ...). A
// user's own tool is the same line over its own catalog (include/synack/cli.hpp).
#include "synack/bundled.hpp"

int main(int argc, char** argv) {
  return synack::run_cli(argc, argv, synack::bundled::catalog());
}
