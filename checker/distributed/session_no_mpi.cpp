// The Session of a synack built without MPI (CMake found no MPI): `--distributed` is
// refused in one line, and nothing else changes.
#include "checker/distributed/session.hpp"

#include "checker/errors.hpp"

namespace synack::checker::distributed {

struct Session::Impl {};

Session::Session() {
  throw InputError(
      "--distributed: this synack was built without MPI; install libopenmpi-dev and "
      "openmpi-bin (scripts/setup.sh does) and build again, or run without --distributed");
}

Session::~Session() = default;

int Session::rank() const {
  return 0;
}
int Session::size() const {
  return 1;
}
std::optional<std::string> Session::agree(const std::string&) {
  return std::nullopt;
}
int Session::finish(int code) {
  return code;
}

std::vector<Result> Session::check(const Model&, const std::vector<PropertySpec>&, const Limits&,
                                   ExplorationStats*, const ProgressFn&) {
  return {};
}

SwarmReport Session::swarm(const Model&, const std::vector<PropertySpec>&, SwarmOptions) {
  return {};
}

}  // namespace synack::checker::distributed
