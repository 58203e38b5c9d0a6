// One generated monitor case (tests/monitor_diff_generator.hpp) run through the explicit
// engine and bmc, each judged against the breadth-first oracle (monitor_diff_oracle.hpp),
// which runs the explicit engine's own steps: the explicit engine's semantics are the
// reference (docs/architecture.md, "Spec monitors"). Returns what disagreed, one line each.
#pragma once

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <z3++.h>

#include "checker/check.hpp"
#include "checker/smt/smt_check.hpp"
#include "checker/smt/system_encoding.hpp"
#include "checker/step_error.hpp"
#include "checker/system.hpp"
#include "machines/arq/arq.hpp"
#include "monitor_diff_generator.hpp"
#include "monitor_diff_oracle.hpp"
#include "synack/scenario.hpp"

namespace synack::testing::monitor_diff {

inline Scenario scenario(const Case& c) {
  ScenarioBuilder b("arq/monitor-diff", "");
  b.channel_params(c.capacity, c.duplicates, true, c.ordered).model([c](Composition& comp) {
    machines::arq::Params p{c.messages, c.seq_bit};
    auto sender = comp.actor("sender", machines::arq::make_sender(p), {"send", "timeout"});
    auto receiver = comp.actor("receiver", machines::arq::make_receiver(p));
    comp.channel("s2r", sender, receiver, comp.channel_policy());
    comp.channel("r2s", receiver, sender, comp.channel_policy());
    for (const MonitorSpec& m : c.monitors) comp.monitor(m);
  });
  for (std::size_t i = 0; i < c.properties.size(); ++i) {
    const std::string name = fmt::format("p{}", i);
    if (c.properties[i].always)
      b.always(name, c.properties[i].expression, "");
    else
      b.sometimes(name, c.properties[i].expression, "");
  }
  return b.build();
}

// The case as C++ to paste into a test when minimising it.
inline std::string describe(const Case& c) {
  std::string out = fmt::format("{} messages{}, channel capacity {}, duplicates {}, {}\n",
                                c.messages, c.seq_bit ? "" : " without the bit", c.capacity,
                                c.duplicates, c.ordered ? "ordered" : "unordered");
  for (const MonitorSpec& m : c.monitors) {
    out += "monitor " + m.name + " {";
    for (const auto& v : m.vars) out += fmt::format(" {} 0..{} from {};", v.name, v.max, v.initial);
    out += " }\n";
    for (const auto& r : m.rules) {
      out += "  when " + r.when + " ->";
      for (const auto& [var, value] : r.set) out += " " + var + " = " + value + ";";
      out += "\n";
    }
  }
  for (const Property& p : c.properties)
    out += (p.always ? "always " : "sometimes ") + p.expression + "\n";
  return out;
}

struct Compared {
  bool skipped = false;  // the explicit state space exceeded the oracle's allowance
  std::vector<std::string> problems;
  // What bmc had to find within the depth: a property's target, an error in its cone.
  std::size_t targets = 0, errors = 0;
};

inline Compared compare(const Case& c, std::size_t depth) {
  constexpr std::size_t kMaxStates = 200'000;
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  Compared out;
  Scenario s = scenario(c);
  auto model = s.build(s.defaults());
  const std::vector<PropertySpec>& props = s.properties;
  Oracle o = explore(*model, props, kMaxStates);
  if (!o.complete) {
    out.skipped = true;
    return out;
  }
  auto problem = [&](std::string text) { out.problems.push_back(std::move(text)); };
  for (const auto& [message, length] : o.errors)
    if (error_slot(message).empty()) problem("an error no monitor raised: " + message);
  std::size_t first_error = kNone;
  for (const auto& [message, length] : o.errors) first_error = std::min(first_error, length);
  std::size_t all_decided = 0;
  for (const auto& t : o.target) all_decided = std::max(all_decided, t.value_or(kNone));

  // The explicit engine, every property at once: it stops at the first error it meets, or
  // once every property is decided (an error at that very depth may come either way).
  try {
    auto results = checker::check_properties(*model, props, {});
    if (first_error < all_decided)
      problem(fmt::format("explicit: no error, but one is {} steps away", first_error));
    for (std::size_t p = 0; p < props.size(); ++p) {
      const bool always = props[p].kind == PropertyKind::kAlways;
      const Verdict found = always ? Verdict::kViolated : Verdict::kHolds;
      const Verdict none = always ? Verdict::kHolds : Verdict::kViolated;
      const checker::Result& r = results[p];
      const std::size_t length = r.trace ? r.trace->steps.size() : kNone;
      if (o.target[p] ? r.verdict != found || length != *o.target[p] : r.verdict != none)
        problem(fmt::format("explicit {}: {} in {} steps, shortest target {}", props[p].name,
                            to_string(r.verdict), length, o.target[p].value_or(kNone)));
    }
  } catch (const StepError& e) {
    auto shortest = o.errors.find(e.what());
    if (e.run.size() != first_error || first_error > all_decided || shortest == o.errors.end() ||
        shortest->second != first_error)
      problem(fmt::format("explicit: error '{}' after {} steps; first error after {}", e.what(),
                          e.run.size(), first_error));
  }

  // bmc reports the shortest of the property's target and an error in the property's
  // cone of influence. An error of a variable outside the cone is only met by following
  // its trace through the explicit interpreter (docs/architecture-z3.md: such variables are
  // neither relied on nor checked), so it may come at any step of that trace: by design,
  // that is all it is held to. Every property in one run (one exploration) unless an error
  // stops it; then each on its own.
  checker::smt::SmtLimits limits;
  limits.max_depth = depth;
  std::vector<std::optional<checker::Result>> bmc(props.size());
  try {
    auto results = checker::smt::check_with_smt(*model, props, checker::smt::Engine::kBmc, limits);
    for (std::size_t p = 0; p < props.size(); ++p) bmc[p] = results.at(p);
  } catch (const std::exception&) {
    // An error, or anything else: each property again on its own, judged (or reported) below.
  }
  const auto& system = dynamic_cast<const checker::System&>(*model);
  z3::context ctx;
  std::optional<checker::smt::SystemEncoding> explored;
  for (std::size_t p = 0; p < props.size(); ++p) {
    std::set<std::string> cone;
    if (!o.errors.empty()) {
      if (!explored) explored.emplace(ctx, system);
      const checker::smt::SystemEncoding encoded(*explored, props[p]);
      for (const auto& v : encoded.state_vars()) cone.insert(v.name);
    }
    std::size_t error = kNone;  // the shortest error in the cone
    for (const auto& [message, length] : o.errors)
      if (cone.count(error_slot(message))) error = std::min(error, length);
    const std::size_t target = o.target[p].value_or(kNone);
    const std::size_t first = std::min(target, error);
    if (first <= depth) ++(target <= error ? out.targets : out.errors);
    const std::string name = props[p].name;
    try {
      if (!bmc[p])
        bmc[p] =
            checker::smt::check_with_smt(*model, {props[p]}, checker::smt::Engine::kBmc, limits)
                .at(0);
      const checker::Result& r = *bmc[p];
      const std::size_t length = r.trace ? r.trace->steps.size() : kNone;
      const bool found = r.verdict == (props[p].kind == PropertyKind::kAlways ? Verdict::kViolated
                                                                              : Verdict::kHolds);
      if (found ? length != target || target > error || target > depth
                : first <= depth || r.depth != depth ||
                      (r.verdict != Verdict::kBoundedHolds && r.verdict != Verdict::kInconclusive))
        problem(fmt::format("bmc {}: {} in {} steps ({}); shortest target {}, error in cone {}",
                            name, to_string(r.verdict), length, r.limit, target, error));
    } catch (const StepError& e) {
      const std::string slot = error_slot(e.what());
      const std::size_t length = e.run.size();
      auto shortest = o.errors.find(e.what());
      const bool known = shortest != o.errors.end() && shortest->second <= length;
      const bool right =
          known && (cone.count(slot) ? length == error && error <= target && error <= depth &&
                                           shortest->second == length
                                     : length <= first && length <= depth);
      if (!right)
        problem(
            fmt::format("bmc {}: error '{}' after {} steps; shortest target {}, error in "
                        "cone {}",
                        name, e.what(), length, target, error));
    } catch (const std::exception& e) {
      problem(fmt::format("bmc {}: {}", name, e.what()));
    }
  }
  return out;
}

}  // namespace synack::testing::monitor_diff
