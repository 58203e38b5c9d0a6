// What a scenario claims: a named property of one of three kinds, with the verdict the
// scenario's author expects (used by `--expect` and by the tests).
#pragma once

#include <string>

namespace synack::checker {

enum class PropertyKind {
  kAlways,        // invariant: the expression holds in every reachable state
  kSometimes,     // reachability: some reachable state satisfies the expression
  kDeadlockFree,  // every reachable state has a successor or satisfies the end expression
};

enum class Verdict { kHolds, kViolated, kInconclusive };

struct PropertySpec {
  std::string name;
  PropertyKind kind = PropertyKind::kAlways;
  // For always/sometimes: the expression. For deadlock-free: the proper end states
  // (a state with no successor that satisfies it is not a deadlock); "false" if none.
  std::string expression;
  std::string description;
  Verdict expected = Verdict::kHolds;
};

const char* to_string(PropertyKind kind);
const char* to_string(Verdict verdict);

}  // namespace synack::checker
