#include "checker/result.hpp"

#include <fmt/format.h>

namespace synack::checker {

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
