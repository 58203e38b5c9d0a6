// `synack explore` clicked through in Debian's headless chromium (tests/browser/: a
// playwright-core script). Skipped, with a warning, only where node or npm is missing.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "cli_run.hpp"

namespace {

bool on_path(const std::string& program) {
  return std::system(("command -v " + program + " > /dev/null 2>&1").c_str()) == 0;
}

}  // namespace

TEST_CASE("explore in headless chromium: the two-way handshake's counterexample clicked through",
          "[explore][browser]") {
  if (access("/usr/bin/chromium", X_OK) != 0) {
    WARN("chromium is not installed (apt-get install chromium): explorer browser test skipped");
    return;
  }
  if (!on_path("node") || !on_path("npm")) {
    WARN("node or npm is not installed: explorer browser test skipped");
    return;
  }
  std::filesystem::path dir = std::filesystem::path(SYNACK_SOURCE_DIR) / "tests" / "browser";
  // scripts/test.sh runs `npm ci` there; a developer's ctest alone does it here once.
  if (!std::filesystem::exists(dir / "node_modules" / "playwright-core")) {
    int rc = std::system(
        ("cd '" + dir.string() + "' && npm ci --no-audit --no-fund > /dev/null 2>&1").c_str());
    REQUIRE(WEXITSTATUS(rc) == 0);
  }
  auto log = std::filesystem::temp_directory_path() /
             ("synack_explore_browser_" + std::to_string(getpid()) + ".txt");
  int rc = std::system(("cd '" + dir.string() + "' && timeout 300 node explore.test.mjs '" +
                        SYNACK_BINARY + "' > '" + log.string() + "' 2>&1")
                           .c_str());
  std::string output = synack::testing::slurp(log);
  std::filesystem::remove(log);
  INFO(output);
  CHECK(WEXITSTATUS(rc) == 0);
  // Every check the script makes, each on its own line.
  for (const char* line :
       {"ok - jumping to the counterexample of no-stale-connection",
        "ok - counterexample step 4: server rcv SYN SYN seq=0 -> sends SYN-ACK seq=0 ack=1",
        "ok - at the end: server ESTABLISHED on a SYN the client no longer uses",
        "ok - a back step: server LISTEN again, the property true again",
        "ok - a search: the first state where the server is ESTABLISHED",
        "ok - a bad expression: the CLI's own error line, and the walk stays",
        "ok - no console errors and no request to another host",
        "ok - SIGINT stops the server, exit 0"})
    CHECK_THAT(output, Catch::Contains(line));
}
