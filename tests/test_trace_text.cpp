// Text traces fit a terminal: a trace whose one-line-per-step table would run past the
// width (120 columns by default, `--width N`) is stacked, each step's layers' detail and
// state on wrapped continuation lines, with nothing left out.
#include <catch2/catch.hpp>

#include <sstream>

#include "cli_run.hpp"
#include "reports/text_wrap.hpp"

using synack::reports::wrap_text;
using synack::testing::Run;
using synack::testing::run_synack;

namespace {

std::size_t longest_line(const std::string& text) {
  std::istringstream in(text);
  std::size_t longest = 0;
  for (std::string line; std::getline(in, line);) longest = std::max(longest, line.size());
  return longest;
}

}  // namespace

TEST_CASE("wrap_text breaks at spaces onto indented continuation lines") {
  CHECK(wrap_text("  = ", "a=1 b=2 c=3", "    ", 12) == "  = a=1 b=2\n    c=3\n");
  CHECK(wrap_text("  = ", "a=1 b=2 c=3", "    ", 80) == "  = a=1 b=2 c=3\n");
  // Runs of spaces are one break; nothing trails a line.
  CHECK(wrap_text("", "one  two   three", "  ", 9) == "one two\n  three\n");
  // A word longer than a whole line is cut where the line ends.
  CHECK(wrap_text("> ", "abcdefghijkl xy", "  ", 6) == "> abcd\n  efgh\n  ijkl\n  xy\n");
  CHECK(wrap_text("    finally: ", "", "  ", 40) == "    finally: \n");
}
