#include "cli/run_check_distributed.hpp"

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <initializer_list>
#include <iostream>
#include <new>
#include <optional>
#include <sstream>
#include <streambuf>
#include <string_view>

#include <fmt/format.h>

#include "checker/distributed/session.hpp"
#include "checker/errors.hpp"

namespace synack::cli {

namespace {

// The exit code run_cli gives an exception (cli/commands.hpp), so that every rank can
// exit with rank 0's.
int exit_code_of(const std::exception_ptr& failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const InputError&) {  // StepError too
    return 2;
  } catch (const std::bad_alloc&) {
    return 3;
  } catch (...) {
    return 4;
  }
}

std::string message_of(const std::exception_ptr& failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    // An empty message would read as no failure at all.
    return *e.what() ? e.what() : "an error without a message";
  } catch (...) {
    return "an unknown error";
  }
}

// Ranks other than 0 check what rank 0 checks, but write nothing and compare with nothing.
CheckOptions without_outputs(CheckOptions o) {
  o.json_file.clear();
  o.junit_file.clear();
  o.report_dir.clear();
  o.baseline_file.clear();
  return o;
}

// Keeps nothing and never fails: run_cli checks that standard output was written, and a
// rank that prints nothing on purpose has written all it meant to.
class Discard final : public std::streambuf {
 protected:
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

void silence_streams() {
  static Discard discard;
  std::cout.rdbuf(&discard);
  std::cerr.setstate(std::ios::badbit);
}

}  // namespace

std::optional<std::string> check_launch(int argc, char** argv) {
  // Open MPI, MPICH's Hydra and PMIx launchers say which rank a process is, and the first
  // two how many there are.
  auto number = [](std::initializer_list<const char*> names) -> std::optional<long> {
    for (const char* name : names)
      if (const char* value = std::getenv(name)) return std::strtol(value, nullptr, 10);
    return std::nullopt;
  };
  const std::optional<long> rank = number({"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK"});
  if (!rank) return std::nullopt;
  if (*rank != 0) silence_streams();
  bool distributed = false;
  for (int i = 1; i < argc; ++i)
    distributed = distributed || std::string_view(argv[i]) == "--distributed";
  const std::optional<long> ranks = number({"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"});
  if (distributed || !ranks || *ranks <= 1) return std::nullopt;
  return fmt::format(
      "started as one of {} MPI ranks without --distributed, so every rank would run the "
      "whole command; add --distributed to check, or run it without mpirun",
      *ranks);
}

void check_distributed_support(const CheckOptions& o, const PreparedRuns& prepared) {
  if (!o.sweep.empty())
    throw InputError(
        "--distributed: checks one set of parameters per run; give --sweep or --distributed, "
        "not both");
  if (o.coverage || o.unhandled)
    throw InputError(fmt::format(
        "{}: runs on one machine (the unhandled inputs are a search of their own); run it "
        "without --distributed",
        o.coverage ? "--coverage" : "--unhandled"));
  if (std::find(o.explicit_only.begin(), o.explicit_only.end(), "--threads") !=
      o.explicit_only.end())
    throw InputError(
        "--threads: under --distributed each rank expands its states with one thread; start "
        "a rank per core instead (mpirun -np N)");
  for (const reports::ScenarioRun& run : prepared.runs) {
    for (const checker::PropertySpec& p : run.properties)
      if (checker::is_liveness(p.kind))
        throw InputError(fmt::format(
            "--distributed: {} {} is a liveness property, and liveness runs on one machine; run "
            "it without --distributed, or choose safety properties with --property",
            run.scenario->name, p.name));
    if (run.model->numbers_messages_on_first_use())
      throw InputError(fmt::format(
          "--distributed: {} numbers its messages in the order a search first meets them (the "
          "32-bit sequence space), and every rank would number them differently; run it "
          "without --distributed",
          run.scenario->name));
  }
}

int run_check_distributed(const Catalog& catalog, const CheckOptions& o, std::ostream& out) {
  checker::distributed::Session session;
  const bool root = session.rank() == 0;
  if (!root) silence_streams();
  std::ostringstream discarded;
  int code = 0;
  std::exception_ptr failure;
  try {
    const auto run = o.swarm > 0 ? run_swarm_with : run_check_with;
    code = root ? run(catalog, o, out, &session)
                : run(catalog, without_outputs(o), discarded, &session);
  } catch (...) {
    failure = std::current_exception();
    code = exit_code_of(failure);
  }
  // A rank that failed before its first search tells the others, which are waiting there.
  if (!session.agreed()) {
    std::optional<std::string> peer = session.agree(failure ? message_of(failure) : "");
    if (peer && !failure) {
      failure = std::make_exception_ptr(InputError(*peer));
      code = 2;
    }
  }
  code = session.finish(code);
  if (failure && root) std::rethrow_exception(failure);
  // What the run cost in communication and memory: the figures to size a cluster by.
  if (root && !session.summary().empty()) std::cerr << session.summary() << "\n";
  return code;
}

}  // namespace synack::cli
