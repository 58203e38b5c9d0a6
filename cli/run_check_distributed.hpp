// `check --distributed`: the same command as `check`, run by every rank of an `mpirun`.
//
// Every rank parses the same command line and runs the same checks; the explicit search
// is partitioned across them (checker/distributed/), or with --swarm the swarm's members
// are dealt out to them, and every rank ends up with the same results. Rank 0 alone prints, writes
// --json/--junit/--report and compares with
// --baseline; the others run without outputs and with stdout and stderr on /dev/null, so
// a bad input is reported once. Options the distributed search does not support are
// refused in one line (exit 2), never run on one rank or ignored.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "cli/commands.hpp"

namespace synack::cli {

// Before the command line is parsed (MPI is not started yet): a process that its launcher
// says is not rank 0 writes nothing on std::cout or std::cerr, so that a mistyped option
// is reported once, not once per rank; and a command started as several ranks without
// --distributed, which every rank would run whole, is refused: the message, or nothing.
std::optional<std::string> check_launch(int argc, char** argv);

int run_check_distributed(const Catalog& catalog, const CheckOptions& options, std::ostream& out);

// run_check's work, with the explicit engine's search across `session`'s ranks when set.
int run_check_with(const Catalog& catalog, const CheckOptions& options, std::ostream& out,
                   checker::distributed::Session* session);
// run_swarm_check's work, with the members dealt out over `session`'s ranks when set.
int run_swarm_with(const Catalog& catalog, const CheckOptions& options, std::ostream& out,
                   checker::distributed::Session* session);

// Refuses (InputError) what the distributed search does not do: liveness properties,
// coverage, checkpoints, several violations per property, threads, and models whose
// codecs number messages in the order one search meets them.
void check_distributed_support(const CheckOptions& options, const PreparedRuns& prepared);

}  // namespace synack::cli
