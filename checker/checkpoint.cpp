#include "checker/checkpoint.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "checker/errors.hpp"

namespace synack::checker {

namespace {

constexpr char kMagic[8] = {'S', 'Y', 'N', 'A', 'C', 'K', 'C', 'P'};
constexpr std::uint32_t kVersion = 1;
constexpr std::uint64_t kMaxIdentity = std::uint64_t{16} << 20;
constexpr const char* kFile = "checkpoint.synack";
// decided, verdict, state, states, transitions, store bytes
constexpr std::uint64_t kDecisionBytes = 1 + 1 + 4 + 8 + 8 + 8;

// FNV-1a over every byte before the checksum: a torn or edited file does not pass.
struct Checksum {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  void add(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 0x100000001b3ULL;
  }
};

class Writer {
 public:
  Writer(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  template <class T>
  void put(const T& v) {
    bytes(&v, sizeof v);
  }
  void bytes(const void* data, std::size_t n) {
    sum_.add(data, n);
    if (used_ + n > sizeof buffer_) flush();
    if (n > sizeof buffer_) {
      write_all(static_cast<const char*>(data), n);
      return;
    }
    std::memcpy(buffer_ + used_, data, n);
    used_ += n;
  }
  void finish() {
    std::uint64_t h = sum_.h;
    flush();
    write_all(reinterpret_cast<const char*>(&h), sizeof h);
    if (::fsync(fd_) != 0) fail("cannot flush");
  }
  [[noreturn]] void fail(const char* what) const {
    throw InputError(fmt::format("{} {}: {}", what, path_, std::strerror(errno)));
  }

 private:
  void flush() {
    write_all(buffer_, used_);
    used_ = 0;
  }
  void write_all(const char* data, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
      ssize_t n = ::write(fd_, data + done, size - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) fail("cannot write checkpoint");
      done += static_cast<std::size_t>(n);
    }
  }
  int fd_;
  std::string path_;
  Checksum sum_;
  char buffer_[1 << 16];
  std::size_t used_ = 0;
};

class Reader {
 public:
  Reader(std::vector<char> data, std::string path)
      : data_(std::move(data)), path_(std::move(path)) {}
  template <class T>
  T get() {
    T v;
    bytes(&v, sizeof v);
    return v;
  }
  void bytes(void* out, std::size_t n) {
    if (n > data_.size() - at_) bad("it ends early (truncated)");
    std::memcpy(out, data_.data() + at_, n);
    at_ += n;
  }
  std::uint64_t left() const { return data_.size() - at_; }
  // The last 8 bytes are the checksum of all before them.
  bool checksum_ok() const {
    if (data_.size() < sizeof(std::uint64_t)) return false;
    const std::size_t body = data_.size() - sizeof(std::uint64_t);
    Checksum sum;
    sum.add(data_.data(), body);
    std::uint64_t stored;
    std::memcpy(&stored, data_.data() + body, sizeof stored);
    return stored == sum.h;
  }
  [[noreturn]] void bad(const std::string& why) const {
    throw InputError(fmt::format("{} is not a usable checkpoint: {}; start afresh without --resume",
                                 path_, why));
  }

 private:
  std::vector<char> data_;
  std::size_t at_ = 0;
  std::string path_;
};

}  // namespace

void write_checkpoint(const std::filesystem::path& dir, const CheckpointData& data) {
  const std::filesystem::path final_path = dir / kFile;
  const std::string tmp = (dir / fmt::format("{}.tmp-{}", kFile, ::getpid())).string();
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    throw InputError(fmt::format("cannot write checkpoint {}: {}", tmp, std::strerror(errno)));
  try {
    Writer w(fd, tmp);
    w.bytes(kMagic, sizeof kMagic);
    w.put(kVersion);
    w.put(static_cast<std::uint64_t>(data.identity.size()));
    w.bytes(data.identity.data(), data.identity.size());
    w.put(data.words);
    w.put(static_cast<std::uint64_t>(data.parents.size()));
    w.put(data.next_parent);
    w.put(data.depth);
    w.put(data.level_end);
    w.put(data.transitions);
    w.put(static_cast<std::uint64_t>(data.decisions.size()));
    for (const CheckpointDecision& d : data.decisions) {
      w.put(static_cast<std::uint8_t>(d.decided));
      w.put(static_cast<std::uint8_t>(d.verdict));
      w.put(d.state);
      w.put(d.states);
      w.put(d.transitions);
      w.put(d.store_bytes);
    }
    w.bytes(data.states.data(), data.states.size() * sizeof(std::uint64_t));
    w.bytes(data.parents.data(), data.parents.size() * sizeof(std::uint32_t));
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
  if (::rename(tmp.c_str(), final_path.c_str()) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    throw InputError(
        fmt::format("cannot replace checkpoint {}: {}", final_path.string(), std::strerror(e)));
  }
}

CheckpointData read_checkpoint(const std::filesystem::path& dir, const std::string& identity) {
  const std::string path = (dir / kFile).string();
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(
        fmt::format("no checkpoint to resume: cannot read {}: {}", path, std::strerror(errno)));
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Reader r(std::move(bytes), path);
  if (r.left() < sizeof kMagic + sizeof(std::uint64_t)) r.bad("it is too short");
  // The checksum first: every later read may then trust the lengths it finds.
  if (!r.checksum_ok()) r.bad("its checksum does not match (a torn or edited file)");
  char magic[sizeof kMagic];
  r.bytes(magic, sizeof magic);
  if (std::memcmp(magic, kMagic, sizeof kMagic) != 0) r.bad("it is not a synack checkpoint");
  auto version = r.get<std::uint32_t>();
  if (version != kVersion)
    r.bad(fmt::format("format version {}, this synack reads version {}", version, kVersion));
  CheckpointData d;
  auto identity_size = r.get<std::uint64_t>();
  if (identity_size > kMaxIdentity || identity_size > r.left()) r.bad("its header is damaged");
  d.identity.resize(identity_size);
  r.bytes(d.identity.data(), identity_size);
  if (d.identity != identity)
    throw InputError(fmt::format(
        "{} is a checkpoint of another question (another scenario, parameter, property or "
        "synack version); resume with the same command line, or start afresh without --resume",
        path));
  d.words = r.get<std::uint64_t>();
  auto count = r.get<std::uint64_t>();
  d.next_parent = r.get<std::uint64_t>();
  d.depth = r.get<std::uint64_t>();
  d.level_end = r.get<std::uint64_t>();
  d.transitions = r.get<std::uint64_t>();
  auto properties = r.get<std::uint64_t>();
  if (properties > r.left() / kDecisionBytes) r.bad("its header is damaged");
  for (std::uint64_t k = 0; k < properties; ++k) {
    CheckpointDecision c;
    c.decided = r.get<std::uint8_t>() != 0;
    c.verdict = static_cast<Verdict>(r.get<std::uint8_t>());
    c.state = r.get<std::uint32_t>();
    c.states = r.get<std::uint64_t>();
    c.transitions = r.get<std::uint64_t>();
    c.store_bytes = r.get<std::uint64_t>();
    if (c.decided && c.state >= count) r.bad("a decision names a state it does not hold");
    d.decisions.push_back(c);
  }
  // What is left must be exactly the states, the parents and the checksum.
  const std::uint64_t per_state = d.words * sizeof(std::uint64_t) + sizeof(std::uint32_t);
  if (d.words == 0 || d.words > 1024 || count == 0 || count > 0xffffffffULL ||
      count > (r.left() - sizeof(std::uint64_t)) / per_state ||
      count * per_state != r.left() - sizeof(std::uint64_t) || d.next_parent > count ||
      d.level_end > count)
    r.bad("its sizes do not add up");
  d.states.resize(count * d.words);
  r.bytes(d.states.data(), d.states.size() * sizeof(std::uint64_t));
  d.parents.resize(count);
  r.bytes(d.parents.data(), d.parents.size() * sizeof(std::uint32_t));
  return d;
}

}  // namespace synack::checker
