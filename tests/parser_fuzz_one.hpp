// What the parser fuzz tests do with one input, per parser of user input: property
// expressions, `--set` and `--sweep` values, baseline files. Each input must parse (and
// then be used: evaluated, compared) or be refused with one InputError; anything else (another
// exception, a crash, a sanitizer report) is a finding. Shared by the in-suite run
// (test_parser_fuzz.cpp) and the libFuzzer targets (fuzz/fuzz_parser.cpp, scripts/fuzz.sh).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checker/errors.hpp"
#include "checker/expr.hpp"
#include "cli/sweep_spec.hpp"
#include "properties/params.hpp"
#include "reports/baseline.hpp"

namespace synack::test {

// A layout like a two-actor protocol's, plus an array of three members for quantifiers.
inline checker::Layout fuzz_layout() {
  checker::Layout layout;
  const std::vector<std::string> states = {"CLOSED", "LISTEN", "SYN-SENT", "ESTABLISHED"};
  for (const char* actor : {"client", "server", "rm[0]", "rm[1]", "rm[2]"}) {
    layout.add({std::string(actor) + ".state", 3, states, {}});
    layout.add({std::string(actor) + ".iss", 1'000'000, {}, {}});
  }
  layout.add({"c2s[0]", 7, {}, {}});
  return layout;
}

inline void fuzz_expression(const std::string& text) {
  static const checker::Layout layout = fuzz_layout();
  checker::Expr e = checker::Expr::parse(text, layout);
  std::vector<checker::Value> low(layout.size(), 0), high(layout.size());
  for (std::size_t i = 0; i < layout.size(); ++i) high[i] = layout.slot(i).max;
  e.eval(low.data());
  e.eval(high.data());
  for (std::size_t slot : e.slots_read())
    if (slot >= layout.size()) throw InternalError("an expression reads a slot that is not there");
}

// `--set KEY=VALUE` against each kind of parameter, and `--sweep KEY=A..B`.
inline void fuzz_set(const std::string& text) {
  static const std::vector<properties::ParamSpec> specs = {
      {"tcp.time_wait", 2, 0, 6, false, "ticks", {}, {}},
      {"channel.lossy", 1, 0, 1, true, "loses", {}, {}},
      {"tcp.isn", 0, 0, 2, false, "isn", {"zero", "clock", "random"}, {}},
      {"wide", 0, -2147483647 - 1, 2147483647, false, "all of int", {}, {}}};
  try {
    cli::Sweep sweep = cli::parse_sweep(text);
    if (sweep.count() < 1 || sweep.count() > 65) throw InternalError("a sweep of bad length");
  } catch (const InputError&) {
  }
  properties::Assignment a = properties::parse_assignment(text);
  for (const auto& spec : specs) {
    try {
      int v = properties::parse_value(spec, a.value);
      if (v < spec.min || v > spec.max) throw InternalError("a value outside its range");
      spec.format(v);
    } catch (const InputError&) {
    }
  }
}

inline void fuzz_baseline(const std::string& text) {
  nlohmann::json baseline = reports::parse_baseline(text, "fuzz.json");
  reports::compare_with_baseline(baseline, {}).format();
}

// The target's name as scripts/fuzz.sh and the corpus directories spell it.
inline void fuzz_one(const std::string& target, const std::string& text) {
  if (target == "expr") return fuzz_expression(text);
  if (target == "set") return fuzz_set(text);
  if (target == "baseline") return fuzz_baseline(text);
  throw std::logic_error("no fuzz target " + target);
}

}  // namespace synack::test
