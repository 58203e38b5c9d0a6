// The HTML report in a real headless browser (Debian's chromium), started by the test.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli_run.hpp"
#include "properties/registry.hpp"

namespace {

using synack::testing::slurp;

}  // namespace

TEST_CASE("the HTML report loads in headless chromium without console errors") {
  const char* browser = "/usr/bin/chromium";
  if (access(browser, X_OK) != 0) {
    WARN("chromium is not installed (apt-get install chromium): browser test skipped");
    return;
  }
  auto dir =
      std::filesystem::temp_directory_path() / ("synack_browser_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string report = (dir / "report").string();
  int rc = std::system((std::string(SYNACK_BINARY) + " check --all --quiet --expect --report " +
                        report + " > /dev/null")
                           .c_str());
  REQUIRE(WEXITSTATUS(rc) == 0);
  // The flags the workplace's own probe uses: no network, no first-run work.
  std::string cmd = std::string(browser) +
                    " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                    " --disable-background-networking --disable-component-update --disable-sync"
                    " --user-data-dir=" +
                    (dir / "profile").string() +
                    " --enable-logging=stderr --v=0 --dump-dom file://" + report +
                    "/index.html"
                    " > " +
                    (dir / "dom.html").string() + " 2> " + (dir / "log.txt").string();
  rc = std::system(("timeout 120 " + cmd).c_str());
  REQUIRE(WEXITSTATUS(rc) == 0);
  std::string dom = slurp(dir / "dom.html");
  std::string log = slurp(dir / "log.txt");
  // The page's own script ran and counted every result row.
  std::size_t results = 0;
  for (const auto& s : synack::properties::bundled_scenarios()) results += s.properties.size();
  CHECK_THAT(dom, Catch::Contains("data-results=\"" + std::to_string(results) + "\""));
  for (const char* property : {"no-stale-connection", "server-knows-client-receives", "connects"})
    CHECK_THAT(dom, Catch::Contains(property));
  CHECK_THAT(dom, Catch::Contains(std::to_string(results) + " results, " + std::to_string(results) +
                                  " as expected, 0 unexpected"));
  INFO(log);
  CHECK(log.find("CONSOLE") == std::string::npos);
  CHECK(log.find("Uncaught") == std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("the HTML report shows coverage and every counterexample of --max-errors") {
  const char* browser = "/usr/bin/chromium";
  if (access(browser, X_OK) != 0) {
    WARN("chromium is not installed (apt-get install chromium): browser test skipped");
    return;
  }
  auto dir =
      std::filesystem::temp_directory_path() / ("synack_browser_cov_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string report = (dir / "report").string();
  int rc = std::system((std::string(SYNACK_BINARY) +
                        " check tcp/two-way-handshake --property no-stale-connection --quiet "
                        "--max-errors 3 --coverage --report " +
                        report + " > /dev/null")
                           .c_str());
  REQUIRE(WEXITSTATUS(rc) == 1);
  std::string cmd =
      std::string(browser) +
      " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
      " --disable-background-networking --disable-component-update --disable-sync"
      " --user-data-dir=" +
      (dir / "profile").string() + " --enable-logging=stderr --v=0 --dump-dom file://" + report +
      "/index.html > " + (dir / "dom.html").string() + " 2> " + (dir / "log.txt").string();
  rc = std::system(("timeout 120 " + cmd).c_str());
  REQUIRE(WEXITSTATUS(rc) == 0);
  std::string dom = slurp(dir / "dom.html");
  std::string log = slurp(dir / "log.txt");
  // Laid out on the page: three counterexamples, one coverage section with the 101 rows
  // the two-way handshake never fires, and the inputs no row took.
  CHECK_THAT(dom, Catch::Contains("data-traces=\"3\""));
  CHECK_THAT(dom, Catch::Contains("data-coverage=\"1\""));
  CHECK_THAT(dom, Catch::Contains("data-never-fired=\"101\""));
  CHECK_THAT(dom, Catch::Contains("data-unhandled=\"1\""));
  CHECK_THAT(dom, Catch::Contains("counterexample 3 of 3 (5 steps)"));
  CHECK_THAT(dom, Catch::Contains("machine tcp-endpoint (client, server): 18 of 119 rows fired"));
  INFO(log);
  CHECK(log.find("CONSOLE") == std::string::npos);
  CHECK(log.find("Uncaught") == std::string::npos);
  std::filesystem::remove_all(dir);
}
