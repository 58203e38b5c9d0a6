#include "checker/checkpoint_io.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "checker/errors.hpp"

namespace synack::checker {

void CheckpointWriter::bytes(const void* data, std::size_t n) {
  if (n == 0) return;  // an empty vector's data() may be null, which memcpy may not take
  sum_.add(data, n);
  if (used_ + n > sizeof buffer_) flush();
  if (n > sizeof buffer_) {
    write_all(static_cast<const char*>(data), n);
    return;
  }
  std::memcpy(buffer_ + used_, data, n);
  used_ += n;
}

void CheckpointWriter::finish() {
  std::uint64_t h = sum_.h;
  flush();
  write_all(reinterpret_cast<const char*>(&h), sizeof h);
  if (::fsync(fd_) != 0) fail("cannot flush");
}

void CheckpointWriter::fail(const char* what) const {
  throw InputError(fmt::format("{} {}: {}", what, path_, std::strerror(errno)));
}

void CheckpointWriter::flush() {
  write_all(buffer_, used_);
  used_ = 0;
}

void CheckpointWriter::write_all(const char* data, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    ssize_t n = ::write(fd_, data + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("cannot write checkpoint");
    done += static_cast<std::size_t>(n);
  }
}

namespace {

// Removes what killed runs left beside `path`: PATH.tmp-PID of a process no longer alive
// here. Each is as large as a checkpoint, and every run killed mid-write leaves one; none
// can become a checkpoint (only its own writer renames it). One of a live process (another
// run given the same directory) is left alone. Best effort: a temporary that cannot be
// removed costs disk, not the search.
void remove_dead_temporaries(const std::filesystem::path& path) {
  const std::string prefix = path.filename().string() + ".tmp-";
  std::error_code ec;
  for (std::filesystem::directory_iterator it(path.parent_path(), ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string digits = name.substr(prefix.size());
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
      continue;
    const auto pid = static_cast<pid_t>(std::stol(digits));
    if (pid > 0 && pid != ::getpid() && ::kill(pid, 0) != 0 && errno == ESRCH)
      ::unlink(it->path().c_str());
  }
}

}  // namespace

void write_checkpoint_file(const std::filesystem::path& path, const char (&magic)[8],
                           std::uint32_t version,
                           const std::function<void(CheckpointWriter&)>& body) {
  const std::string tmp = fmt::format("{}.tmp-{}", path.string(), ::getpid());
  // A new file of our own: what is there under that name (left by a killed run of the
  // same pid, or a link planted to have another file overwritten) is removed, not opened.
  ::unlink(tmp.c_str());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0)
    throw InputError(fmt::format("cannot write checkpoint {}: {}", tmp, std::strerror(errno)));
  try {
    CheckpointWriter w(fd, tmp);
    w.bytes(magic, sizeof magic);
    w.put(version);
    body(w);
    w.finish();
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  if (::close(fd) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    throw InputError(fmt::format("cannot write checkpoint {}: {}", tmp, std::strerror(e)));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    throw InputError(
        fmt::format("cannot replace checkpoint {}: {}", path.string(), std::strerror(e)));
  }
  remove_dead_temporaries(path);
}

CheckpointReader::CheckpointReader(const std::filesystem::path& path, const char (&magic)[8],
                                   std::uint32_t version)
    : path_(path.string()) {
  // Read whole, a directory threw from the stream (exit 4), a device without end (a link
  // to /dev/zero) filled the memory and a pipe waited for a writer. Checked before the
  // open, which would wait on a pipe.
  std::error_code ec;
  const std::filesystem::file_status status = std::filesystem::status(path, ec);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
    bad("it is not a regular file");
  std::ifstream in(path_, std::ios::binary);
  if (!in)
    throw InputError(
        fmt::format("no checkpoint to resume: cannot read {}: {}", path_, std::strerror(errno)));
  // The magic before the rest, and the size against the memory it would take: a file of
  // a terabyte (sparse, or a checkpoint with one appended) was read for minutes, then
  // called the user's lack of memory.
  char head[sizeof magic] = {};
  in.read(head, sizeof head);
  if (in.gcount() == static_cast<std::streamsize>(sizeof head) &&
      std::memcmp(head, magic, sizeof magic) != 0)
    bad("it is not a synack checkpoint");
  const auto size = static_cast<std::uint64_t>(std::filesystem::file_size(path, ec));
  if (ec) bad("its size cannot be read: " + ec.message());
  const auto memory = static_cast<std::uint64_t>(::sysconf(_SC_PHYS_PAGES)) *
                      static_cast<std::uint64_t>(::sysconf(_SC_PAGE_SIZE));
  if (memory > 0 && size > memory)
    bad(fmt::format("it is {} bytes, more than this machine's memory ({} bytes)", size, memory));
  in.clear();
  in.seekg(0);
  data_.resize(static_cast<std::size_t>(size));
  in.read(data_.data(), static_cast<std::streamsize>(data_.size()));
  data_.resize(static_cast<std::size_t>(in.gcount()));
  // What a file that grew meanwhile holds beyond is not this checkpoint's.
  if (in.peek() != std::ifstream::traits_type::eof()) bad("it changed while being read");
  if (left() < sizeof magic + sizeof(std::uint64_t)) bad("it is too short");
  // The checksum first: every later read may then trust the lengths it finds.
  const std::size_t body = data_.size() - sizeof(std::uint64_t);
  Checksum sum;
  sum.add(data_.data(), body);
  std::uint64_t stored;
  std::memcpy(&stored, data_.data() + body, sizeof stored);
  if (stored != sum.h) bad("its checksum does not match (a torn or edited file)");
  char found[sizeof magic];
  bytes(found, sizeof found);
  if (std::memcmp(found, magic, sizeof magic) != 0) bad("it is not a synack checkpoint");
  auto found_version = get<std::uint32_t>();
  if (found_version != version)
    bad(fmt::format("format version {}, this synack reads version {}", found_version, version));
}

void CheckpointReader::bytes(void* out, std::size_t n) {
  if (n == 0) return;  // as in CheckpointWriter::bytes
  if (n > data_.size() - at_) bad("it ends early (truncated)");
  std::memcpy(out, data_.data() + at_, n);
  at_ += n;
}

void CheckpointReader::bad(const std::string& why) const {
  throw InputError(
      fmt::format("{} is not a usable checkpoint: {}; start afresh without --resume", path_, why));
}

}  // namespace synack::checker
