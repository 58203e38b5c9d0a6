#include "checker/swarm/findings_words.hpp"

#include <bit>
#include <new>
#include <string>

#include "checker/errors.hpp"

namespace synack::checker {

namespace {

// What a member threw, by kind, so the receiving rank throws the same kind (and the exit
// code is the one a single process gives).
enum class Thrown : std::uint64_t { kNothing, kInput, kInternal, kOutOfMemory, kOther };

class Writer {
 public:
  void word(std::uint64_t w) { words_.push_back(w); }
  void real(double d) { word(std::bit_cast<std::uint64_t>(d)); }
  void text(const std::string& s) {
    word(s.size());
    for (std::size_t i = 0; i < s.size(); i += 8) {
      std::uint64_t w = 0;
      for (std::size_t j = 0; j < 8 && i + j < s.size(); ++j)
        w |= std::uint64_t{static_cast<unsigned char>(s[i + j])} << (8 * j);
      word(w);
    }
  }
  void list(const std::vector<std::size_t>& v) {
    word(v.size());
    for (std::size_t x : v) word(x);
  }
  std::vector<std::uint64_t> take() { return std::move(words_); }

 private:
  std::vector<std::uint64_t> words_;
};

class Reader {
 public:
  explicit Reader(const std::vector<std::uint64_t>& words) : words_(words) {}
  bool done() const { return at_ == words_.size(); }
  std::uint64_t word() {
    if (at_ >= words_.size()) throw InternalError("swarm findings from another rank end early");
    return words_[at_++];
  }
  std::size_t count() {
    std::uint64_t n = word();
    if (n > words_.size() - at_)
      throw InternalError("swarm findings from another rank: a length past their end");
    return static_cast<std::size_t>(n);
  }
  double real() { return std::bit_cast<double>(word()); }
  std::string text() {
    std::uint64_t n = word();
    if (n / 8 > words_.size() - at_)
      throw InternalError("swarm findings from another rank: a text past their end");
    std::string s(static_cast<std::size_t>(n), '\0');
    for (std::size_t i = 0; i < s.size(); i += 8) {
      std::uint64_t w = word();
      for (std::size_t j = 0; j < 8 && i + j < s.size(); ++j)
        s[i + j] = static_cast<char>((w >> (8 * j)) & 0xff);
    }
    return s;
  }
  std::vector<std::size_t> list() {
    std::vector<std::size_t> v(count());
    for (std::size_t& x : v) x = static_cast<std::size_t>(word());
    return v;
  }

 private:
  const std::vector<std::uint64_t>& words_;
  std::size_t at_ = 0;
};

void write_thrown(Writer& w, const std::exception_ptr& error) {
  if (!error) {
    w.word(static_cast<std::uint64_t>(Thrown::kNothing));
    return;
  }
  try {
    std::rethrow_exception(error);
  } catch (const InputError& e) {
    w.word(static_cast<std::uint64_t>(Thrown::kInput));
    w.text(e.what());
  } catch (const InternalError& e) {
    w.word(static_cast<std::uint64_t>(Thrown::kInternal));
    w.text(e.what());
  } catch (const std::bad_alloc&) {
    w.word(static_cast<std::uint64_t>(Thrown::kOutOfMemory));
    w.text("");
  } catch (const std::exception& e) {
    w.word(static_cast<std::uint64_t>(Thrown::kOther));
    w.text(e.what());
  } catch (...) {
    w.word(static_cast<std::uint64_t>(Thrown::kOther));
    w.text("an unknown error");
  }
}

std::exception_ptr read_thrown(Reader& r) {
  const std::uint64_t kind = r.word();
  if (kind == static_cast<std::uint64_t>(Thrown::kNothing)) return nullptr;
  if (kind > static_cast<std::uint64_t>(Thrown::kOther))
    throw InternalError("swarm findings from another rank: an unknown kind of failure");
  std::string what = r.text();
  switch (static_cast<Thrown>(kind)) {
    case Thrown::kInput:
      return std::make_exception_ptr(InputError(what));
    case Thrown::kInternal:
      return std::make_exception_ptr(InternalError(what));
    case Thrown::kOutOfMemory:
      return std::make_exception_ptr(std::bad_alloc());
    default:
      return std::make_exception_ptr(InternalError(what));
  }
}

void write_member(Writer& w, const MemberFindings& f) {
  const MemberReport& m = f.report;
  w.word(m.index);
  w.word(m.seed);
  w.word(m.depth_bound);
  w.word(m.rotates);
  w.word(m.states);
  w.word(m.expansions);
  w.word(m.transitions);
  w.word(m.max_depth);
  w.text(m.stopped_by);
  w.word(m.depth_cut);
  w.real(m.seconds);
  w.real(m.first_find_seconds);
  w.list(m.found_length);
  w.list(m.shortened_length);
  w.word(f.paths.size());
  for (const auto& path : f.paths) {
    w.word(path.has_value());
    if (path) w.list(*path);
  }
  w.word(f.store_bytes);
  w.word(f.step_failure.has_value());
  if (f.step_failure) {
    w.list(f.step_failure->path);
    w.word(f.step_failure->group);
    w.text(f.step_failure->what);
  }
  write_thrown(w, f.error);
}

MemberFindings read_member(Reader& r, std::size_t properties) {
  MemberFindings f;
  MemberReport& m = f.report;
  m.index = static_cast<std::size_t>(r.word());
  m.seed = r.word();
  m.depth_bound = static_cast<std::size_t>(r.word());
  m.rotates = r.word() != 0;
  m.states = r.word();
  m.expansions = r.word();
  m.transitions = r.word();
  m.max_depth = static_cast<std::size_t>(r.word());
  m.stopped_by = r.text();
  m.depth_cut = r.word() != 0;
  m.seconds = r.real();
  m.first_find_seconds = r.real();
  m.found_length = r.list();
  m.shortened_length = r.list();
  if (r.count() != properties)
    throw InternalError("swarm findings from another rank are for another set of properties");
  f.paths.resize(properties);
  for (auto& path : f.paths)
    if (r.word() != 0) path = r.list();
  f.store_bytes = static_cast<std::size_t>(r.word());
  if (r.word() != 0) {
    StepFailure failure;
    failure.path = r.list();
    failure.group = static_cast<std::size_t>(r.word());
    failure.what = r.text();
    f.step_failure = std::move(failure);
  }
  f.error = read_thrown(r);
  return f;
}

}  // namespace

std::vector<std::uint64_t> findings_to_words(const std::vector<MemberFindings>& findings,
                                             const std::vector<std::size_t>& members) {
  Writer w;
  for (std::size_t m : members) write_member(w, findings[m]);
  return w.take();
}

void findings_from_words(const std::vector<std::uint64_t>& words, std::size_t properties,
                         std::vector<MemberFindings>& findings) {
  Reader r(words);
  while (!r.done()) {
    MemberFindings f = read_member(r, properties);
    if (f.report.index >= findings.size())
      throw InternalError("swarm findings from another rank name a member past the swarm");
    findings[f.report.index] = std::move(f);
  }
}

}  // namespace synack::checker
