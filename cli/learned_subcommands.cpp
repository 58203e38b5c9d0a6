// The command-line declarations of `learned` and `diff` (cli/learned_commands.hpp), kept
// beside run_cli.cpp's so that the learned-model commands are one file to read.
#include <CLI/CLI.hpp>

#include "checker/errors.hpp"
#include "cli/learned_commands.hpp"

namespace synack::cli {

namespace {

// An empty file name would silently write nothing.
const CLI::Validator kNonEmptyName(
    [](std::string& text) {
      return text.empty() ? std::string("must not be empty") : std::string();
    },
    "NONEMPTY");

}  // namespace

void add_learned_commands(CLI::App& app, LearnedCommands& c) {
  c.learned_cmd = app.add_subcommand(
      "learned", "load learned Mealy machines (DOT) and report what each one is");
  c.learned_cmd->add_option("files", c.learned.files, "learned models, .dot")->required();

  c.diff_cmd = app.add_subcommand(
      "diff", "behavioural difference of two learned models, or of a folder of versions");
  c.diff_cmd->add_option("a", c.diff.a, "the first model (.dot)");
  c.diff_cmd->add_option("b", c.diff.b, "the second model (.dot)");
  c.diff_cmd
      ->add_option("--versions", c.diff.versions,
                   "a folder of VERSION/PROTOCOL.dot: behaviour classes in release order")
      ->check(kNonEmptyName);
  c.diff_cmd
      ->add_option("--protocol", c.diff.protocol,
                   "with --versions: the file read in each version folder (default TLS10)")
      ->check(kNonEmptyName);
  c.diff_cmd->add_option("--rename", c.diff.renames,
                         "A_INPUT=B_INPUT: the second model's name for an input (repeatable)");
  c.diff_cmd->add_flag("--common-alphabet", c.diff.common_alphabet,
                       "two models of different inputs: compare only the inputs both have, "
                       "and say which were left out of each");
  c.diff_cmd->add_option("--json", c.diff.json_file, "also write the result as JSON to FILE")
      ->check(kNonEmptyName);
}

int run_learned_commands(const LearnedCommands& c, std::ostream& out) {
  if (c.learned_cmd && *c.learned_cmd) return run_learned(c.learned, out);
  if (c.diff_cmd && *c.diff_cmd) return run_diff(c.diff, out);
  return -1;
}

}  // namespace synack::cli
