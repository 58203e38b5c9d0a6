#include "checker/result.hpp"

#include <fmt/format.h>

namespace synack::checker {

namespace {
constexpr std::size_t kPerAllocation = 16;  // glibc's malloc header, rounded
std::size_t heap_bytes(const std::string& s) {
  return s.capacity() > 15 ? s.capacity() + 1 + kPerAllocation : 0;  // beyond the inline buffer
}
std::size_t heap_bytes(const std::vector<std::string>& v) {
  std::size_t bytes = v.capacity() ? v.capacity() * sizeof(std::string) + kPerAllocation : 0;
  for (const std::string& s : v) bytes += heap_bytes(s);
  return bytes;
}
}  // namespace

std::size_t trace_step_bytes(const TraceStep& step) {
  const StepInfo& i = step.info;
  return sizeof(TraceStep) + step.state.capacity() * sizeof(Value) + kPerAllocation +
         heap_bytes(i.actor) + heap_bytes(i.event) + heap_bytes(i.message) + heap_bytes(i.outcome) +
         heap_bytes(i.sent) + heap_bytes(i.channel) + heap_bytes(i.sent_on) +
         heap_bytes(i.sent_to) + heap_bytes(i.layered);
}

std::string verdict_text(const Result& r) {
  switch (r.verdict) {
    case Verdict::kBoundedHolds:
      return fmt::format("holds up to depth {}", r.depth);
    case Verdict::kUnsupported:
      return "unsupported by " + r.engine;
    default:
      return to_string(r.verdict);
  }
}

void close_undecided(Result& r, bool exhausted, const std::string& limit) {
  if (exhausted) {
    r.verdict = r.kind == PropertyKind::kSometimes ? Verdict::kViolated : Verdict::kHolds;
  } else {
    r.verdict = Verdict::kInconclusive;
    r.limit = limit;
  }
}

}  // namespace synack::checker
