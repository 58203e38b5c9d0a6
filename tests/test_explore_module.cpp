// The explorer's web server is a module loaded only by `synack explore`
// (explore/http_module.hpp): found where the build put it, and refused in one line when it
// is missing, broken, or another version's.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>

#include "checker/errors.hpp"
#include "explore/http_module.hpp"
#include "temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using synack::InputError;
using synack::explore::http_module_places;
using synack::explore::load_http_module;

std::string missing_module_line(const std::vector<fs::path>& places) {
  try {
    load_http_module(places);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(loaded)";
}

}  // namespace

TEST_CASE("the web server module is found where this build made it, and serves", "[explore]") {
  const std::vector<fs::path> places = http_module_places();
  REQUIRE(!places.empty());
  CHECK(places.front() == fs::read_symlink("/proc/self/exe").parent_path() / "synack-http.so");
  CHECK(std::count(places.begin(), places.end(), fs::path(SYNACK_TEST_HTTP_MODULE)) == 1);
  synack::explore::HttpOpen* open = load_http_module(places);
  REQUIRE(open != nullptr);
  std::unique_ptr<synack::explore::HttpServer> server(open(0));
  CHECK(server->port() > 0);
  // A port taken is refused in one line, by an InputError thrown inside the module.
  try {
    std::unique_ptr<synack::explore::HttpServer> again(open(server->port()));
    FAIL("a second server bound the same port");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) ==
          "--port " + std::to_string(server->port()) +
              ": cannot listen on 127.0.0.1:" + std::to_string(server->port()) +
              " (the port is in use); choose another port, or --port 0 for any free one");
  }
}

TEST_CASE("a missing web server module names every place looked in", "[explore]") {
  CHECK(missing_module_line(
            {"/nonexistent/a/synack-http.so", "/nonexistent/b/../c/synack-http.so"}) ==
        "explore: this synack's web server (synack-http.so) is missing; looked in "
        "/nonexistent/a/synack-http.so, /nonexistent/c/synack-http.so; rebuild or reinstall "
        "synack, or set SYNACK_HTTP_MODULE to where it is (LIBDIR/synack/synack-http.so of an "
        "install)");
}

TEST_CASE("a web server module that is not one, or another version's, is refused", "[explore]") {
  synack::testing::TempDir dir("explore_module");
  const fs::path text = dir.path / "synack-http.so";
  std::ofstream(text) << "not a shared object\n";
  // The first place that is a file is the one loaded: a broken one is not skipped.
  const std::string broken =
      missing_module_line({dir.path / "absent.so", text, SYNACK_TEST_HTTP_MODULE});
  CHECK(broken.starts_with("explore: cannot load the web server " + text.string() + " ("));
  CHECK(broken.ends_with("); install what it names, or reinstall synack"));
  CHECK(broken.find(text.string()) == broken.rfind(text.string()));  // named once
  CHECK(missing_module_line({SYNACK_TEST_STALE_HTTP_MODULE}) ==
        "explore: the web server " + std::string(SYNACK_TEST_STALE_HTTP_MODULE) +
            " is from another version of synack (it has no synack_http_open_1); rebuild or "
            "reinstall synack");
}

TEST_CASE("a web server module anyone may write is not loaded", "[explore]") {
  synack::testing::TempDir dir("explore_module");
  const fs::path copy = dir.path / "synack-http.so";
  fs::copy_file(SYNACK_TEST_HTTP_MODULE, copy);
  fs::permissions(copy, fs::perms::others_write, fs::perm_options::add);
  CHECK(missing_module_line({copy}) ==
        "explore: the web server " + copy.string() +
            " is not loaded: anyone may write it; reinstall synack, or give "
            "it the permissions of synack's own files");
  // Group-writable, as a user's own build makes it under Debian's umask 002, is loaded.
  fs::permissions(copy, fs::perms::others_write, fs::perm_options::remove);
  fs::permissions(copy, fs::perms::group_write, fs::perm_options::add);
  CHECK(load_http_module({copy}) != nullptr);
}

TEST_CASE("SYNACK_HTTP_MODULE names the web server module first", "[explore]") {
  synack::testing::TempDir dir("explore_module");
  const fs::path chosen = dir.path / "elsewhere.so";
  REQUIRE(::setenv("SYNACK_HTTP_MODULE", chosen.c_str(), 1) == 0);
  const std::vector<fs::path> places = http_module_places();
  ::unsetenv("SYNACK_HTTP_MODULE");
  REQUIRE(!places.empty());
  CHECK(places.front() == chosen);
  CHECK(http_module_places().front() != chosen);
  // Named but not there: the others are looked in, and the line says how to name it.
  const std::string missing = missing_module_line({chosen});
  CHECK(missing == "explore: this synack's web server (synack-http.so) is missing; looked in " +
                       chosen.string() +
                       "; rebuild or reinstall synack, or set SYNACK_HTTP_MODULE to where it "
                       "is (LIBDIR/synack/synack-http.so of an install)");
}
