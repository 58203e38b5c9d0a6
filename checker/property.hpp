// What a scenario claims: a named property, with the verdict the scenario's author
// expects (used by `--expect` and by the tests). A user's own rule (a props file's, or
// --always ... on the command line) states no verdict, and none is invented for it.
//
// Safety kinds (always, sometimes, deadlock-free) are decided by breadth-first search;
// liveness kinds (eventually, leads-to, always-eventually) on the whole reachable state
// graph, under the fairness the property states (checker/fairness.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace synack::checker {

enum class PropertyKind {
  kAlways,            // invariant: the expression holds in every reachable state
  kSometimes,         // reachability: some reachable state satisfies the expression
  kDeadlockFree,      // every reachable state has a successor or is a proper end state
  kEventually,        // every fair run reaches a state satisfying the expression
  kLeadsTo,           // on every fair run, each state satisfying it is followed by `consequence`
  kAlwaysEventually,  // every fair run satisfies the expression infinitely often
};

enum class Verdict {
  kHolds,
  kViolated,
  kInconclusive,
  kBoundedHolds,  // bmc: no violation within the depth searched ("holds up to depth K")
  kUnsupported,   // the engine cannot encode the model or property (the reason says why)
};

struct PropertySpec {
  std::string name;
  PropertyKind kind = PropertyKind::kAlways;
  // For always/sometimes/eventually/always-eventually: the expression. For leads-to:
  // the premise. For deadlock-free: the proper end states (a state with no successor
  // that satisfies it is not a deadlock); empty to use the ends the machines declare.
  std::string expression;
  std::string description;
  // The verdict its author states: bundled scenarios and learned families state one, a
  // user's rule (props file, --always ...) none, so reports show no expectation for it
  // rather than an "UNEXPECTED" violation of a claim nobody made.
  std::optional<Verdict> expected = Verdict::kHolds;
  std::string consequence{};            // leads-to only
  std::vector<std::string> fairness{};  // liveness only: "wf(sender)", "fair-loss(c2s)", ...
};

// A leads-to property, which has more fields than the others: premise ~> consequence.
PropertySpec leads_to(std::string name, std::string premise, std::string consequence,
                      std::vector<std::string> fairness, std::string description,
                      std::optional<Verdict> expected);
// An eventually or always-eventually property.
PropertySpec liveness(std::string name, PropertyKind kind, std::string expression,
                      std::vector<std::string> fairness, std::string description,
                      std::optional<Verdict> expected);

bool is_liveness(PropertyKind kind);
const char* to_string(PropertyKind kind);
const char* to_string(Verdict verdict);
// Whether a verdict is the one stated: true or false against a stated verdict; a rule
// that states none is judged as without --expect, where only "holds" passes.
bool as_expected(const PropertySpec& spec, Verdict verdict);
// The property as one line: "always x != 7", "P leads-to Q under wf(sender)".
std::string formula(const PropertySpec& spec);

}  // namespace synack::checker
