#include "cli/output_file.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <utility>

#include <fmt/format.h>

#include "checker/errors.hpp"

namespace synack::cli {

namespace {

std::string reason() {
  return std::strerror(errno);
}

bool is_special(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

// Opens a special file (a device, a pipe) for writing. Without a reader, opening a named
// pipe would wait for one forever: it is opened without waiting, and refused then (ENXIO);
// once open, writes wait as usual. -1 (errno set) on failure.
int open_special(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return -1;
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0) {
    int saved = errno;
    ::close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}

bool is_fifo(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISFIFO(st.st_mode);
}

std::string open_reason(const std::string& path) {
  return errno == ENXIO && is_fifo(path) ? std::string("a named pipe that no process reads")
                                         : reason();
}

std::string directory_of(const std::string& path) {
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  return dir.empty() ? std::string(".") : dir.string();
}

// Writes all of `content` to `fd`; false (errno set) on the first failed write.
bool write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// The same path, or two paths to one file (a link, ./x and x), whether it exists yet or not.
bool same_file(const std::string& a, const std::string& b) {
  namespace fs = std::filesystem;
  std::error_code ea, eb, ec;
  if (a == b || fs::equivalent(a, b, ec)) return true;
  // Absolute first: weakly_canonical leaves a path none of whose leading parts exist
  // (x.json) relative, and makes one whose do (./x.json) absolute.
  fs::path ca = fs::weakly_canonical(fs::absolute(a, ea), ea);
  fs::path cb = fs::weakly_canonical(fs::absolute(b, eb), eb);
  return !ea && !eb && ca == cb;
}

// A link of /proc/PID/fd or /dev/fd names an open file of a process (/dev/stdout leads
// there), not a place: what it reads as is the path that file had when it was opened.
bool is_descriptor_link(const std::filesystem::path& at) {
  const std::string text = at.lexically_normal().string();
  return text.rfind("/proc/", 0) == 0 || text.rfind("/dev/fd/", 0) == 0;
}

// Where a symbolic link at `path` leads (through every link on the way), else `path`.
// A link that leads nowhere yet is followed too: the output is created where it points.
// `descriptor`: the way passed through a descriptor's link (the path is returned as is).
std::string link_target(const std::string& path, bool& descriptor) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path at = path;
  descriptor = false;
  // As many links as the system follows in one path (a loop: the constructor's stat
  // refuses it).
  for (int hops = 0; hops < 40 && fs::is_symlink(at, ec); ++hops) {
    if (is_descriptor_link(at)) {
      descriptor = true;
      return path;
    }
    fs::path next = fs::read_symlink(at, ec);
    if (ec) return path;
    at = next.is_absolute() ? next : at.parent_path() / next;
  }
  return at.string();
}

// The permissions a new output gets: those of the file it replaces, else what the user's
// umask gives any new file (mkstemp makes the file private).
mode_t mode_for(const std::string& replaced) {
  struct stat st {};
  if (::stat(replaced.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return st.st_mode & 0777;
  mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

// SIGINT, SIGTERM and SIGHUP held back while it lives: a command that does not catch them
// (diff, learned, conform) is ended by one only after the temporary file is renamed over
// the output or removed, not between, where it would leave the temporary file behind.
class SignalsHeld {
 public:
  SignalsHeld() {
    sigset_t held;
    sigemptyset(&held);
    for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&held, s);
    active_ = ::pthread_sigmask(SIG_BLOCK, &held, &before_) == 0;
  }
  ~SignalsHeld() {
    if (active_) ::pthread_sigmask(SIG_SETMASK, &before_, nullptr);
  }
  SignalsHeld(const SignalsHeld&) = delete;
  SignalsHeld& operator=(const SignalsHeld&) = delete;

 private:
  sigset_t before_{};
  bool active_ = false;
};

}  // namespace

// "-" reads as standard output to most tools; here it was a file named "-" in the current
// directory, made without a word. Refused, naming what works instead.
void refuse_dash(const std::string& option, const std::string& path, std::string_view kind) {
  if (path == "-")
    throw InputError(fmt::format(
        "{} -: '-' is not taken for standard output here (it would be a {} named '-'); give a "
        "{}{}",
        option, kind, kind, kind == "file" ? ", or /dev/stdout for a pipe or a terminal" : ""));
}

OutputFile::OutputFile(std::string option, std::string path)
    : option_(std::move(option)), path_(std::move(path)) {
  refuse_dash(option_, path_, "file");
  bool descriptor = false;
  target_ = link_target(path_, descriptor);
  if (path_.empty()) return;
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0 && errno != ENOENT)
    throw InputError(fmt::format("{} {}: cannot write: {}", option_, path_, reason()));
  if (S_ISDIR(st.st_mode))
    throw InputError(fmt::format("{} {}: is a directory; give a file", option_, path_));
  // `--json /dev/stdout >> log` renamed the JSON over log.txt: the log and the table lost.
  // A pipe or a terminal behind it is written in place below, as any special file.
  if (descriptor && S_ISREG(st.st_mode))
    throw InputError(fmt::format(
        "{} {}: names a file this process has open (standard output redirected to a file?); "
        "give that file's own name",
        option_, path_));
  // A named pipe is not opened to try it: closing it again would end its reader's input
  // before anything was written (commit opens it, and refuses it if nobody reads).
  if (is_fifo(path_)) return;
  if (is_special(path_)) {
    int fd = open_special(path_);
    if (fd < 0)
      throw InputError(fmt::format("{} {}: cannot write: {}", option_, path_, open_reason(path_)));
    ::close(fd);
    return;
  }
  require_writable_directory(option_ + " " + path_, directory_of(target_));
}

OutputFile::OutputFile(std::string option, std::string path, std::string directory) {
  refuse_dash(option, directory, "directory");
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(directory, ec)) {
    *this = OutputFile(std::move(option), std::move(path));
    return;
  }
  // The nearest part of the path that exists must be a directory this process can
  // write in; create_directories would fail on anything else.
  fs::path existing = fs::absolute(directory, ec);
  while (!fs::exists(fs::symlink_status(existing, ec)) && existing.has_relative_path())
    existing = existing.parent_path();
  const std::string what = fmt::format("{} {}", option, directory);
  if (!fs::is_directory(existing, ec))
    throw InputError(fmt::format("{}: cannot create the directory: {} is not a directory", what,
                                 existing.string()));
  require_writable_directory(what, existing.string());
  // What mkdir would say of a name too long, said now and not after the run.
  const long name_max = ::pathconf(existing.c_str(), _PC_NAME_MAX);
  fs::path made = existing;
  for (const fs::path& part : fs::absolute(directory, ec).lexically_relative(existing)) {
    if (part.empty() || part == ".") continue;
    if (name_max > 0 && part.string().size() > static_cast<std::size_t>(name_max))
      throw InputError(
          fmt::format("{}: cannot create the directory: {} is a name of {} bytes, "
                      "longer than the {} this file system takes",
                      what, part.string(), part.string().size(), name_max));
    made /= part;
    creates_.push_back(made.lexically_normal().string());
  }
  if ((made / fs::path(path).filename()).string().size() >= PATH_MAX)
    throw InputError(
        fmt::format("{}: cannot create the directory: {}", what, std::strerror(ENAMETOOLONG)));
  option_ = std::move(option);
  path_ = std::move(path);
  target_ = path_;
  create_ = std::move(directory);
}

void require_writable_directory(const std::string& what, const std::string& dir) {
  std::string probe = dir + "/.synack-probe-XXXXXX";
  int fd = ::mkstemp(probe.data());
  if (fd < 0) throw InputError(fmt::format("{}: cannot write in {}: {}", what, dir, reason()));
  ::close(fd);
  ::unlink(probe.c_str());
}

void OutputFile::commit(std::string_view content) const {
  if (path_.empty()) return;
  auto fail = [&](const std::string& what) {
    return InputError(fmt::format("{} {}: {}: {}", option_, path_, what, reason()));
  };
  if (!create_.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(create_, ec);
    if (ec)
      throw InputError(
          fmt::format("{} {}: cannot create the directory: {}", option_, create_, ec.message()));
  }
  if (is_special(path_)) {
    int fd = open_special(path_);
    if (fd < 0)
      throw InputError(fmt::format("{} {}: cannot open: {}", option_, path_, open_reason(path_)));
    bool ok = write_all(fd, content);
    int saved = errno;
    if (::close(fd) != 0 && ok) throw fail("cannot close");
    errno = saved;
    if (!ok) throw fail("cannot write");
    return;
  }
  const SignalsHeld held;
  // Beside it, under a short name: the output's own name may be as long as a name can be.
  std::string temp = directory_of(target_) + "/.synack-XXXXXX";
  int fd = ::mkstemp(temp.data());
  if (fd < 0) throw fail("cannot create a temporary file beside it");
  bool ok = write_all(fd, content) && ::fsync(fd) == 0;
  int saved = errno;
  bool closed = ::close(fd) == 0;
  if (!ok || !closed) {
    errno = ok ? errno : saved;
    ::unlink(temp.c_str());
    throw fail("cannot write");
  }
  ::chmod(temp.c_str(), mode_for(target_));
  if (::rename(temp.c_str(), target_.c_str()) != 0) {
    saved = errno;
    ::unlink(temp.c_str());
    errno = saved;
    throw fail("cannot replace it");
  }
}

OutputFile report_output(const std::string& dir) {
  if (dir.empty()) return OutputFile("--report", "");
  return OutputFile("--report", (std::filesystem::path(dir) / "index.html").string(), dir);
}

void check_distinct_outputs(const std::vector<const OutputFile*>& outputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i)
    for (std::size_t j = i + 1; j < outputs.size(); ++j) {
      const OutputFile& a = *outputs[i];
      const OutputFile& b = *outputs[j];
      if (!a.enabled() || !b.enabled()) continue;
      if (same_file(a.target(), b.target()))
        throw InputError(fmt::format("{} {} and {} {} name the same file; give each its own",
                                     a.option(), a.path(), b.option(), b.path()));
      // `--report out --json out`: the JSON became a file named out, and the report then
      // could not make its directory there, after the run.
      for (const auto& [file, dir] : {std::pair{&a, &b}, std::pair{&b, &a}})
        for (const std::string& made : dir->creates())
          if (same_file(file->target(), made))
            throw InputError(
                fmt::format("{} {} names the directory {} {} would create; give each its own place",
                            file->option(), file->path(), dir->option(), made));
    }
}

void check_outputs_spare_inputs(const std::vector<const OutputFile*>& outputs,
                                const std::vector<InputFile>& inputs) {
  for (const OutputFile* output : outputs)
    for (const InputFile& input : inputs)
      if (output->enabled() && !input.path.empty() &&
          (same_file(output->path(), input.path) || same_file(output->target(), input.path)))
        throw InputError(fmt::format("{} {}: is {}, which this run {}; give another file",
                                     output->option(), output->path(), input.what,
                                     input.written ? "writes" : "reads"));
}

}  // namespace synack::cli
