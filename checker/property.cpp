#include "checker/property.hpp"

namespace synack::checker {

const char* to_string(PropertyKind kind) {
  switch (kind) {
    case PropertyKind::kAlways:
      return "always";
    case PropertyKind::kSometimes:
      return "sometimes";
    case PropertyKind::kDeadlockFree:
      return "deadlock-free";
  }
  return "?";
}

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::kHolds:
      return "holds";
    case Verdict::kViolated:
      return "violated";
    case Verdict::kInconclusive:
      return "inconclusive";
  }
  return "?";
}

}  // namespace synack::checker
