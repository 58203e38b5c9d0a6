// exit() interposed for the command line: Z3 ending the process on a failed internal check
// (checker/smt/z3_exit.hpp) becomes one line and exit 3 instead of a bare 114.
//
// The definition here takes precedence over glibc's for every caller outside glibc,
// libz3 included (the executable exports it because libz3 refers to it). Outside a
// Z3ExitNotice it hands over to glibc's exit unchanged. It is linked wherever run_cli is
// (link_z3_exit_guard), so a user's own tool over run_cli has it too.
#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <z3.h>

#include "checker/program_name.hpp"
#include "checker/smt/z3_exit.hpp"
#include "cli/z3_exit_guard.hpp"

namespace {

// Z3 exits with this code (ERR_UNREACHABLE) when an internal check fails.
constexpr int kZ3Unreachable = 114;

[[noreturn]] void glibc_exit(int status) {
  using Exit = void (*)(int);
  static const auto real = reinterpret_cast<Exit>(dlsym(RTLD_NEXT, "exit"));
  if (real) real(status);
  _exit(status);
}

}  // namespace

extern "C" void exit(int status) noexcept {
  const char* activity = synack::checker::smt::Z3ExitNotice::current();
  if (!activity || status != kZ3Unreachable) glibc_exit(status);
  unsigned major = 0, minor = 0, build = 0, revision = 0;
  Z3_get_version(&major, &minor, &build, &revision);
  // One write, no allocation that could fail: Z3's diagnostics are above it.
  char line[512];
  const int n = std::snprintf(
      line, sizeof line,
      "%s: Z3 %u.%u.%u stopped the process on one of its own internal checks during %s "
      "(a defect in Z3, printed above; no verdict: the property is undecided); check it with "
      "--engine kind, bmc or the explicit engine instead\n",
      synack::checker::program_name().c_str(), major, minor, build, activity);
  if (n > 0) {
    std::fflush(stdout);
    [[maybe_unused]] ssize_t written =
        write(STDERR_FILENO, line, static_cast<std::size_t>(std::min(n, int{sizeof line} - 1)));
  }
  _exit(3);
}

namespace synack::cli {
void link_z3_exit_guard() {}
}  // namespace synack::cli
