#include "checker/property.hpp"

#include <fmt/format.h>

namespace synack::checker {

PropertySpec leads_to(std::string name, std::string premise, std::string consequence,
                      std::vector<std::string> fairness, std::string description,
                      std::optional<Verdict> expected) {
  PropertySpec p{std::move(name), PropertyKind::kLeadsTo, std::move(premise),
                 std::move(description), expected};
  p.consequence = std::move(consequence);
  p.fairness = std::move(fairness);
  return p;
}

PropertySpec liveness(std::string name, PropertyKind kind, std::string expression,
                      std::vector<std::string> fairness, std::string description,
                      std::optional<Verdict> expected) {
  PropertySpec p{std::move(name), kind, std::move(expression), std::move(description), expected};
  p.fairness = std::move(fairness);
  return p;
}

bool is_liveness(PropertyKind kind) {
  return kind == PropertyKind::kEventually || kind == PropertyKind::kLeadsTo ||
         kind == PropertyKind::kAlwaysEventually;
}

const char* to_string(PropertyKind kind) {
  switch (kind) {
    case PropertyKind::kAlways:
      return "always";
    case PropertyKind::kSometimes:
      return "sometimes";
    case PropertyKind::kDeadlockFree:
      return "deadlock-free";
    case PropertyKind::kEventually:
      return "eventually";
    case PropertyKind::kLeadsTo:
      return "leads-to";
    case PropertyKind::kAlwaysEventually:
      return "always-eventually";
  }
  return "?";
}

bool as_expected(const PropertySpec& spec, Verdict verdict) {
  return verdict == spec.expected.value_or(Verdict::kHolds);
}

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::kHolds:
      return "holds";
    case Verdict::kViolated:
      return "violated";
    case Verdict::kInconclusive:
      return "inconclusive";
    case Verdict::kBoundedHolds:
      return "holds up to depth";
    case Verdict::kUnsupported:
      return "unsupported";
  }
  return "?";
}

std::string formula(const PropertySpec& spec) {
  std::string f;
  switch (spec.kind) {
    case PropertyKind::kDeadlockFree:
      f = spec.expression.empty() ? "deadlock-free (ends the machines declare)"
                                  : "deadlock-free (ends: " + spec.expression + ")";
      break;
    case PropertyKind::kLeadsTo:
      f = fmt::format("({}) leads-to ({})", spec.expression, spec.consequence);
      break;
    default:
      f = fmt::format("{} {}", to_string(spec.kind), spec.expression);
  }
  if (is_liveness(spec.kind))
    f += spec.fairness.empty() ? " without fairness"
                               : fmt::format(" under {}", fmt::join(spec.fairness, ", "));
  return f;
}

}  // namespace synack::checker
