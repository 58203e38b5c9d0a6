#include "cli/shared_options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>
#include <thread>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/store/store_kind.hpp"

namespace synack::cli {

namespace {

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// CLI11 reads a whole number with strtoull(text, base 0): "010" would be 8. The digits are
// decimal to a user (as in --set and --sweep), so leading zeros go before CLI11 reads them.
void drop_leading_zeros(std::string& digits) {
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
}

}  // namespace

// Decimal only: strtod would take "0x10" as 16, "1e3" as 1000 and " +5" as 5, each
// another number than most users meant or a typo taken silently.
// CLI::Range lets NaN through (every comparison with NaN is false): digits exclude it.
CLI::Validator finite_between(double lo, double hi) {
  return CLI::Validator(
      [lo, hi](std::string& text) {
        std::size_t dot = text.find('.');
        std::string_view whole = std::string_view(text).substr(0, dot);
        std::string_view fraction = dot == std::string::npos
                                        ? std::string_view("0")
                                        : std::string_view(text).substr(dot + 1);
        double v = all_digits(whole) && all_digits(fraction) ? std::strtod(text.c_str(), nullptr)
                                                             : std::nan("");
        if (!(v >= lo && v <= hi))
          return fmt::format(
              "'{}' is not a number from {} to {} (decimal digits with an optional "
              "fraction, as 2 or 2.5)",
              text, lo, hi);
        return std::string();
      },
      fmt::format("NUMBER in [{}, {}]", lo, hi));
}

CLI::Validator whole_between(std::uint64_t lo, std::uint64_t hi) {
  return CLI::Validator(
      [lo, hi](std::string& text) {
        std::uint64_t v = 0;
        bool ok = all_digits(text);
        if (ok) {
          std::string digits = text;
          drop_leading_zeros(digits);
          auto [end, err] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
          ok = err == std::errc() && v >= lo && v <= hi;
          if (ok) text = digits;
        }
        return ok ? std::string()
                  : fmt::format("'{}' is not a whole number from {} to {} (decimal digits only)",
                                text, lo, hi);
      },
      fmt::format("{}..{}", lo, hi));
}

CLI::Validator non_empty() {
  return CLI::Validator(
      [](std::string& text) {
        return text.empty() ? std::string("must not be empty") : std::string();
      },
      "NONEMPTY");
}

CLI::Validator seed_digits() {
  return CLI::Validator(
      [](std::string& text) {
        std::string digits = text;
        bool ok = all_digits(digits);
        if (ok) drop_leading_zeros(digits);
        ok =
            ok && (digits.size() < 20 || (digits.size() == 20 && digits <= "18446744073709551615"));
        if (!ok)
          return fmt::format("'{}' is not a number from 0 to 2^64-1 (decimal digits only)", text);
        text = digits;
        return std::string();
      },
      "0..2^64-1");
}

void add_threads_option(CLI::App* cmd, unsigned& threads) {
  // Every core by default: the answer is the same with any number of threads.
  threads = std::max(1u, std::thread::hardware_concurrency());
  cmd->add_option("--threads", threads,
                  "threads expanding states in the explicit and liveness engines (default: "
                  "every core; results do not depend on it)")
      ->transform(whole_between(1, 1024));
}

void add_limit_options(CLI::App* cmd, checker::Limits& limits, double& max_memory_mb) {
  cmd->add_option("--max-states", limits.max_states, "stop after N states (inconclusive)")
      ->transform(whole_between(1, 4'000'000'000));
  cmd->add_option("--max-seconds", limits.max_seconds, "stop after S seconds (inconclusive)")
      ->check(finite_between(0.001, 1e7));
  cmd->add_option("--max-memory", max_memory_mb,
                  "stop when the state store exceeds MB (inconclusive)")
      ->check(finite_between(1, 1e7));
  add_threads_option(cmd, limits.threads);
  cmd->add_option_function<std::string>(
         "--store",
         [&limits](const std::string& name) { limits.store = *checker::store_named(name); },
         "how states are stored: plain (default, fastest) or tree (compressed: about a third "
         "of the memory, more CPU; results are the same)")
      ->check(CLI::IsMember({"plain", "tree"}));
}

void add_width_option(CLI::App* cmd, std::size_t& width) {
  cmd->add_option("--width", width,
                  "fit traces to N columns (default 120): longer steps are stacked and wrapped")
      ->transform(whole_between(60, 100000));
}

void quiet_excludes_trace_options(CLI::App* cmd, CLI::Option* quiet) {
  for (const char* name : {"--chart", "--changes", "--width"})
    if (CLI::Option* shaping = cmd->get_option_no_throw(name)) quiet->excludes(shaping);
}

void add_selection_options(CLI::App* cmd, Selection& s) {
  cmd->add_option("--property", s.properties, "check only this property (repeatable)");
  cmd->add_option("--set", s.sets, "set a parameter, KEY=VALUE (repeatable)");
}

void add_adhoc_options(CLI::App* cmd, AdhocOptions& a) {
  cmd->add_option("--always", a.always, "check that EXPR holds in every reachable state")
      ->check(non_empty());
  cmd->add_option("--sometimes", a.sometimes, "check that some reachable state satisfies EXPR")
      ->check(non_empty());
  cmd->add_option("--eventually", a.eventually, "check that every fair run reaches EXPR")
      ->check(non_empty());
  cmd->add_option("--leads-to", a.leads_to,
                  "'P => Q': on every fair run, each P state is followed by a Q state")
      ->check(non_empty());
  cmd->add_option("--fairness", a.fairness,
                  "a fairness constraint for --eventually/--leads-to: wf(ACTOR), "
                  "fair-loss(CHANNEL), ... (repeatable)");
}

// Each ad-hoc property is named by its formula ("always x != 7"), which is what a reader
// of the table, JSON or JUnit wants to see.
std::vector<checker::PropertySpec> adhoc_properties(const AdhocOptions& a) {
  using namespace checker;
  if (!a.fairness.empty() && a.eventually.empty() && a.leads_to.empty())
    throw InputError("--fairness applies to --eventually and --leads-to");
  // Twice, one constraint renamed the property ("under wf(server), wf(server)"), which then
  // matched no baseline entry of the same question.
  for (std::size_t i = 0; i < a.fairness.size(); ++i)
    for (std::size_t k = 0; k < i; ++k)
      if (a.fairness[k] == a.fairness[i])
        throw InputError(
            fmt::format("--fairness {} is given twice; give each constraint once", a.fairness[i]));
  std::vector<PropertySpec> out;
  auto add = [&](PropertySpec spec) {
    spec.name = formula(spec);
    spec.description = "asked on the command line";
    // The same question twice would be two rows of one answer, checked twice.
    for (const PropertySpec& before : out)
      if (before.name == spec.name)
        throw InputError(fmt::format("'{}' is asked twice; give each property once", spec.name));
    out.push_back(std::move(spec));
  };
  // The user states no verdict for a property asked here: none is invented (--expect
  // refuses them, reports show no expectation).
  for (const auto& e : a.always) add({"", PropertyKind::kAlways, e, "", std::nullopt});
  for (const auto& e : a.sometimes) add({"", PropertyKind::kSometimes, e, "", std::nullopt});
  for (const auto& e : a.eventually)
    add(liveness("", PropertyKind::kEventually, e, a.fairness, "", std::nullopt));
  for (const auto& text : a.leads_to) {
    std::size_t arrow = text.find("=>");
    if (arrow == std::string::npos || text.find("=>", arrow + 2) != std::string::npos)
      throw InputError(
          fmt::format("--leads-to '{}': write 'PREMISE => CONSEQUENCE' with one '=>'", text));
    auto trim = [](std::string s) {
      s.erase(0, s.find_first_not_of(" \t"));
      s.erase(s.find_last_not_of(" \t") + 1);
      return s;
    };
    const std::string premise = trim(text.substr(0, arrow)), then = trim(text.substr(arrow + 2));
    // An empty side reached the parser as a property named '' with nothing to parse.
    if (premise.empty() || then.empty())
      throw InputError(fmt::format(
          "--leads-to '{}': the {} is empty; write 'PREMISE => CONSEQUENCE', both expressions",
          text, premise.empty() ? "premise" : "consequence"));
    add(leads_to("", premise, then, a.fairness, "", std::nullopt));
  }
  return out;
}

void check_flags_given_bare(const CLI::App& app) {
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_expected_max() != 0 || opt->count() == 0) continue;  // no flag, or not given
    const std::string name = opt->get_name();
    if (opt->count() > 1)
      throw InputError(fmt::format("{}: given {} times; give it once", name, opt->count()));
    for (const std::string& value : opt->results())
      if (value != "true")
        throw InputError(
            fmt::format("{}: a flag takes no value (give {} alone, or leave it out)", name, name));
  }
  for (const CLI::App* sub : app.get_subcommands()) check_flags_given_bare(*sub);
}

}  // namespace synack::cli
