// The commands over learned Mealy machines (learned/): `synack learned FILE...` reports
// what each model is, `synack diff A B` and `synack diff --versions DIR` compare them.
// Plain functions over option structs, as cli/commands.hpp's; exit codes as documented
// there, with diff's as diff(1)'s: 0 equivalent, 1 different, 2 bad input.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace synack {
struct Catalog;
}

namespace synack::cli {

struct LearnedOptions {
  std::vector<std::string> files;
};

struct DiffOptions {
  std::string a, b;                  // two models
  std::string versions;              // or a folder VERSION/PROTOCOL.dot
  std::string protocol;              // with --versions; empty: TLS10
  std::vector<std::string> renames;  // A_INPUT=B_INPUT, for two models
  bool common_alphabet = false;      // two models: compare the inputs both have
  std::string json_file;
};

// 0 when every file loads (the report says what each model is); InputError otherwise.
int run_learned(const LearnedOptions& options, std::ostream& out);
// 0 equivalent (every consecutive version alike), 1 they differ.
int run_diff(const DiffOptions& options, std::ostream& out);

// `synack conform MODEL.dot --spec MACHINE --map MAP` (cli/run_conform.cpp): is the learned
// model's behaviour included in the spec machine's? 0 included (the whole product
// explored), 1 a non-conforming input sequence, 3 the product was larger than --max-states.
struct ConformOptions {
  std::string model, spec, map;
  std::size_t max_states = 1u << 20;
  std::size_t findings = 1;  // distinct differences to report, each with its shortest witness
  std::string json_file;     // --json: the verdict, the counts and every witness
};
CLI::App* add_conform_command(CLI::App& app, ConformOptions& options);
int run_conform(const Catalog& catalog, const ConformOptions& options, std::ostream& out);

// Declares `learned` and `diff` on the command line; run_learned_commands runs the one
// given, if any (returns -1 when neither was).
struct LearnedCommands {
  LearnedOptions learned;
  DiffOptions diff;
  CLI::App* learned_cmd = nullptr;
  CLI::App* diff_cmd = nullptr;
};
void add_learned_commands(CLI::App& app, LearnedCommands& commands);
int run_learned_commands(const LearnedCommands& commands, std::ostream& out);

}  // namespace synack::cli
