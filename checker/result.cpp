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

}  // namespace synack::checker
