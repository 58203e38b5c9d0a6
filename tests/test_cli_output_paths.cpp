// Where an output goes: standard output, which must be written like any file, and a path
// that is a symbolic link (to a file, to nowhere yet, to one of this process's open files).
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli_run.hpp"

using synack::testing::Run;
using synack::testing::run_synack;
using synack::testing::slurp;

// Standard output is an output too: a table written to a full disk or a closed descriptor
// was exit 0 (the verdict's), with nothing said.
TEST_CASE("outputs: a failed write to standard output is one line and exit 2") {
  auto err = std::filesystem::temp_directory_path() /
             ("synack_stdout_" + std::to_string(getpid()) + ".err");
  auto run = [&](const std::string& args, const std::string& stdout_to) {
    const std::string cmd =
        std::string(SYNACK_BINARY) + " " + args + " " + stdout_to + " 2>" + err.string();
    const int status = std::system(cmd.c_str());
    return Run{WIFEXITED(status) ? WEXITSTATUS(status) : -1, "", slurp(err)};
  };
  Run full = run("check tcp/two-way-handshake --property connects", ">/dev/full");
  CHECK(full.exit_code == 2);
  CHECK(full.err == "synack: cannot write to standard output: No space left on device\n");
  Run closed = run("check tcp/two-way-handshake --property connects", ">&-");
  CHECK(closed.exit_code == 2);
  CHECK(closed.err == "synack: cannot write to standard output: Bad file descriptor\n");
  Run listed = run("list --json", ">/dev/full");
  CHECK(listed.exit_code == 2);
  CHECK(listed.err.rfind("synack: cannot write to standard output", 0) == 0);
  // Written whole, the same run is its verdict's exit code.
  Run fine = run("check tcp/two-way-handshake --property connects", ">/dev/null");
  CHECK(fine.exit_code == 0);
  CHECK(fine.err.empty());
  std::filesystem::remove(err);
}

// An output named through a symbolic link was replaced by a regular file (the link's
// target kept its old content), and a private output became readable by all (0644).
TEST_CASE("outputs: a symbolic link is written through; the replaced file keeps its mode") {
  auto own = std::filesystem::temp_directory_path() / ("synack_link_" + std::to_string(getpid()));
  std::filesystem::remove_all(own);
  std::filesystem::create_directories(own / "sub");
  { std::ofstream(own / "real.json") << "previous\n"; }
  ::chmod((own / "real.json").c_str(), 0600);
  std::filesystem::create_symlink("real.json", own / "link.json");
  std::filesystem::create_symlink("sub/later.json", own / "dangling.json");
  Run linked = run_synack("check tcp/two-way-handshake --property connects --quiet --json " +
                          (own / "link.json").string());
  CHECK(linked.exit_code == 0);
  CHECK(std::filesystem::is_symlink(own / "link.json"));
  CHECK_THAT(slurp(own / "real.json"), Catch::Contains("\"property\": \"connects\""));
  struct stat st {};
  REQUIRE(::stat((own / "real.json").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  Run dangling = run_synack("check tcp/two-way-handshake --property connects --quiet --json " +
                            (own / "dangling.json").string());
  CHECK(dangling.exit_code == 0);
  CHECK(std::filesystem::is_symlink(own / "dangling.json"));
  CHECK_THAT(slurp(own / "sub/later.json"), Catch::Contains("\"property\": \"connects\""));
  // Through a descriptor's link to a regular file (`--json /dev/stdout >> log`), the log
  // was replaced by the JSON; two links to one file were two outputs.
  { std::ofstream(own / "log.txt") << "precious\n"; }
  const std::string cmd =
      std::string(SYNACK_BINARY) +
      " check tcp/two-way-handshake --property connects --json /dev/stdout >> " +
      (own / "log.txt").string() + " 2>" + (own / "err").string();
  const int status = std::system(cmd.c_str());
  CHECK(WEXITSTATUS(status) == 2);
  CHECK(slurp(own / "log.txt") == "precious\n");
  CHECK(slurp(own / "err") ==
        "synack: --json /dev/stdout: names a file this process has open (standard output "
        "redirected to a file?); give that file's own name\n");
  std::filesystem::create_symlink("same.json", own / "l1");
  std::filesystem::create_symlink("same.json", own / "l2");
  Run twice = run_synack("check tcp/two-way-handshake --quiet --json " + (own / "l1").string() +
                         " --junit " + (own / "l2").string());
  CHECK(twice.exit_code == 2);
  CHECK_THAT(twice.err, Catch::EndsWith("name the same file; give each its own\n"));
  std::filesystem::remove_all(own);
}

// --report DIR was created when the options were read, so a run refused by a later check
// (an unknown property, a bad engine option) left an empty directory behind.
TEST_CASE("outputs: --report DIR is created only when its page is written") {
  auto own =
      std::filesystem::temp_directory_path() / ("synack_report_dir_" + std::to_string(getpid()));
  std::filesystem::remove_all(own);
  std::filesystem::create_directories(own);
  const auto dir = own / "new" / "report";
  Run refused =
      run_synack("check tcp/two-way-handshake --property nosuch --report " + dir.string());
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("--property nosuch: unknown property") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(own / "new"));
  Run written = run_synack("check tcp/two-way-handshake --property connects --quiet --report " +
                           dir.string());
  CHECK(written.exit_code == 0);
  CHECK(std::filesystem::file_size(dir / "index.html") > 0);
  // Where it cannot be created is still found before the run: a file in the way.
  { std::ofstream(own / "file") << "x\n"; }
  Run blocked = run_synack("check tcp/two-way-handshake --property connects --report " +
                           (own / "file" / "report").string());
  CHECK(blocked.exit_code == 2);
  CHECK(blocked.out.empty());
  CHECK(blocked.err == "synack: --report " + (own / "file" / "report").string() +
                           ": cannot create the directory: " + (own / "file").string() +
                           " is not a directory\n");
  // So are a name too long for the file system (mkdir failed after the run) and a file
  // another output writes where the directory would go (the JSON was written there, then
  // the report failed).
  Run long_name = run_synack("check tcp/two-way-handshake --property connects --report " +
                             (own / std::string(300, 'a') / "r").string());
  CHECK(long_name.exit_code == 2);
  CHECK(long_name.out.empty());
  CHECK_THAT(long_name.err, Catch::Contains("is a name of 300 bytes, longer than the 255 this "
                                            "file system takes"));
  Run clash = run_synack("check tcp/two-way-handshake --property connects --report " +
                         (own / "same").string() + " --json " + (own / "same").string());
  CHECK(clash.exit_code == 2);
  CHECK(clash.out.empty());
  CHECK(clash.err == "synack: --json " + (own / "same").string() + " names the directory " +
                         "--report " + (own / "same").string() +
                         " would create; give each its own place\n");
  CHECK_FALSE(std::filesystem::exists(own / "same"));
  std::filesystem::remove_all(own);
}

// "-" reads as standard output to most tools; synack made a file named "-" of it, without
// a word, and a later --report - then failed on that file.
TEST_CASE("outputs: '-' is refused as a file name, saying what to give instead") {
  const std::string file_hint =
      ": '-' is not taken for standard output here (it would be a file named '-'); give a "
      "file, or /dev/stdout for a pipe or a terminal\n";
  for (const auto& [args, option] :
       {std::pair{"check tcp/two-way-handshake --property connects --json -", "--json"},
        std::pair{"check tcp/two-way-handshake --property connects --junit -", "--junit"},
        std::pair{"simulate tcp/two-way-handshake --json -", "--json"},
        std::pair{"baseline save - tcp/two-way-handshake", "baseline save"},
        std::pair{"diagram tcp/two-way-handshake -o -", "-o"}}) {
    INFO(args);
    Run r = run_synack(args);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == std::string("synack: ") + option + " -" + file_hint);
  }
  Run report = run_synack("check tcp/two-way-handshake --property connects --report -");
  CHECK(report.exit_code == 2);
  CHECK(report.err ==
        "synack: --report -: '-' is not taken for standard output here (it would be a "
        "directory named '-'); give a directory\n");
  CHECK_FALSE(std::filesystem::exists("-"));
}

TEST_CASE("outputs: --checkpoint - is refused too, as a directory's name") {
  Run r = run_synack("check tcp/three-way-handshake --checkpoint - --max-states 200");
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "synack: --checkpoint -: '-' is not taken for standard output here (it would be a "
        "directory named '-'); give a directory\n");
  CHECK_FALSE(std::filesystem::exists("-"));
}
