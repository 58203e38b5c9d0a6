// The file handling every checkpoint format shares (checker/checkpoint, the distributed
// search's per-rank checkpoints): a file replaced atomically (written to a temporary file
// beside it, flushed to disk, renamed over the old one, so a crash mid-write leaves the
// previous one), a magic and a format version up front, and an FNV-1a checksum of every
// byte at the end, so that a torn, truncated or edited file is refused, never trusted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace synack::checker {

struct Checksum {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  void add(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 0x100000001b3ULL;
  }
};

class CheckpointWriter {
 public:
  CheckpointWriter(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  template <class T>
  void put(const T& v) {
    bytes(&v, sizeof v);
  }
  template <class T>
  void put_all(const std::vector<T>& v) {
    bytes(v.data(), v.size() * sizeof(T));
  }
  void bytes(const void* data, std::size_t n);
  // Appends the checksum and flushes the file to disk.
  void finish();
  // InputError naming the file and the OS's reason (errno).
  [[noreturn]] void fail(const char* what) const;

 private:
  void flush();
  void write_all(const char* data, std::size_t size);
  int fd_;
  std::string path_;
  Checksum sum_;
  char buffer_[1 << 16];
  std::size_t used_ = 0;
};

// Writes `path` through `body` (the magic, version and checksum around it) and replaces
// the old file only once the new one is whole on disk. InputError on any failure, the
// old file left as it was.
void write_checkpoint_file(const std::filesystem::path& path, const char (&magic)[8],
                           std::uint32_t version,
                           const std::function<void(CheckpointWriter&)>& body);

class CheckpointReader {
 public:
  // Reads the whole file and checks its checksum, magic and version. InputError "no
  // checkpoint to resume: cannot read PATH" when it cannot be read, "PATH is not a usable
  // checkpoint: WHY; start afresh without --resume" when it is not intact.
  CheckpointReader(const std::filesystem::path& path, const char (&magic)[8],
                   std::uint32_t version);
  template <class T>
  T get() {
    T v;
    bytes(&v, sizeof v);
    return v;
  }
  // `count` values, after checking that the file holds that many before its checksum.
  template <class T>
  std::vector<T> get_all(std::uint64_t count) {
    if (left() < sizeof(std::uint64_t) || count > (left() - sizeof(std::uint64_t)) / sizeof(T))
      bad("its sizes do not add up");
    std::vector<T> v(count);
    bytes(v.data(), count * sizeof(T));
    return v;
  }
  void bytes(void* out, std::size_t n);
  // Bytes not read yet, the checksum's 8 included.
  std::uint64_t left() const { return data_.size() - at_; }
  const std::string& path() const { return path_; }
  [[noreturn]] void bad(const std::string& why) const;

 private:
  std::vector<char> data_;
  std::size_t at_ = 0;
  std::string path_;
};

}  // namespace synack::checker
