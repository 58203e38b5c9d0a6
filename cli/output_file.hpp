// An output file (--json, --junit, --report, baseline save, diagram -o) that is replaced
// only by its complete new content: a run that fails, is interrupted, or finds the disk
// full leaves the previous file as it was, and says why in one line (exit 2).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace synack::cli {

class OutputFile {
 public:
  // Checks now, before a long run, that `path` can be written: a file in its directory
  // can be created (and is removed again). Throws InputError naming `option`, the path
  // and the OS's reason. An empty path makes an OutputFile that writes nothing.
  OutputFile(std::string option, std::string path);
  // The same for a file in `directory`, which may not exist yet: it is created by
  // commit(), not now, so that a run refused by a later check leaves nothing behind. Now
  // it is only checked that it could be: its nearest existing ancestor is a directory
  // this process can write in.
  OutputFile(std::string option, std::string path, std::string directory);

  bool enabled() const { return !path_.empty(); }
  const std::string& option() const { return option_; }
  const std::string& path() const { return path_; }
  // The file commit replaces (path(), or where a symbolic link there leads).
  const std::string& target() const { return target_; }
  // The directories commit creates first, outermost first (the second constructor).
  const std::vector<std::string>& creates() const { return creates_; }

  // Writes `content` to a temporary file beside the path, checks every write and the
  // close, and renames it over the path (over the file a symbolic link leads to; the
  // file it replaces keeps its permissions). A path that is not a regular file (a device,
  // a pipe) is written in place, every write checked. Throws InputError on failure.
  void commit(std::string_view content) const;
  // commit(make()), calling `make` only when there is a file to write: a report's content
  // may cost far more than the run (a JSON document of long traces, about 9 KB a step, was
  // built and thrown away without --json).
  template <typename Make>
  void commit_made(Make&& make) const {
    if (enabled()) commit(make());
  }

 private:
  std::string option_;
  std::string path_;
  // The file commit replaces: path_, or where path_ leads if it is a symbolic link (the
  // link stays a link to the new content).
  std::string target_;
  // A directory commit creates first (the second constructor), else empty, and every
  // directory that makes, outermost first.
  std::string create_;
  std::vector<std::string> creates_;
};

// --report DIR's page, DIR/index.html; DIR is created when the page is written, and
// checked now (before a long run) that it can be; an empty DIR writes nothing. Throws
// InputError when DIR cannot be created.
OutputFile report_output(const std::string& dir);

// Throws InputError when `path` is "-": most tools read it as standard output, and here it
// would be a file or a directory (`kind`) named "-", made without a word.
void refuse_dash(const std::string& option, const std::string& path, std::string_view kind);

// Throws InputError when two options name the same file.
void check_distinct_outputs(const std::vector<const OutputFile*>& outputs);

// Creates a file in `dir` and removes it again: whether this run can write there, found
// before a long run. Throws InputError: "`what`: cannot write in `dir`: the OS's reason".
void require_writable_directory(const std::string& what, const std::string& dir);

// A file the command reads: what the user calls it ("--baseline", "model A") and its path;
// `written`: a file the run also keeps writing on its own (a checkpoint).
struct InputFile {
  std::string what;
  std::string path;
  bool written = false;
};
// Throws InputError when an output names a file the command reads: the run would replace
// what it read (check --baseline B --json B lost the baseline to the results; check
// --props P --json P the property file).
void check_outputs_spare_inputs(const std::vector<const OutputFile*>& outputs,
                                const std::vector<InputFile>& inputs);

}  // namespace synack::cli
