// `synack learned FILE...`: what each learned model is, as loaded.
#include <ostream>

#include <fmt/format.h>

#include "cli/learned_commands.hpp"
#include "learned/analysis.hpp"
#include "learned/dot_reader.hpp"

namespace synack::cli {

namespace {

// At most this many (state, input) pairs or states are named; the rest are counted.
constexpr std::size_t kListed = 8;

std::string pairs(const learned::MealyMachine& m,
                  const std::vector<std::pair<std::size_t, std::size_t>>& list) {
  std::string s;
  for (std::size_t k = 0; k < list.size() && k < kListed; ++k)
    s +=
        fmt::format("{}({}, {})", k ? ", " : "", m.states[list[k].first], m.inputs[list[k].second]);
  if (list.size() > kListed) s += fmt::format(", and {} more", list.size() - kListed);
  return s;
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

int run_learned(const LearnedOptions& o, std::ostream& out) {
  for (const auto& file : o.files) {
    learned::MealyMachine m = learned::read_dot_file(file);
    learned::Analysis a = learned::analyse(m);
    out << fmt::format("{}\n", file);
    out << fmt::format("  {}, {}, {}, {}; initial state {}\n", plural(a.states, "state", "states"),
                       plural(a.transitions, "transition", "transitions"),
                       plural(a.inputs, "input", "inputs"), plural(a.outputs, "output", "outputs"),
                       m.states[m.initial]);
    if (a.deterministic())
      out << "  deterministic:   yes\n";
    else
      out << fmt::format("  deterministic:   no, several transitions for {}\n",
                         pairs(m, a.nondeterministic));
    if (a.input_complete())
      out << "  input-complete:  yes\n";
    else
      out << fmt::format("  input-complete:  no, {} without a transition: {}\n",
                         plural(a.missing.size(), "(state, input)", "(state, input) pairs"),
                         pairs(m, a.missing));
    if (!a.deterministic())
      out << "  minimal:         not computed (nondeterministic)\n";
    else if (a.minimal())
      out << "  minimal:         yes\n";
    else
      out << fmt::format("  minimal:         no, the minimal machine has {} of {} states\n",
                         a.minimal_states, a.states);
    std::string unreachable;
    for (std::size_t k = 0; k < a.unreachable.size() && k < kListed; ++k)
      unreachable += (k ? ", " : "") + m.states[a.unreachable[k]];
    if (a.unreachable.size() > kListed)
      unreachable += fmt::format(", and {} more", a.unreachable.size() - kListed);
    out << fmt::format("  unreachable:     {}\n", a.unreachable.empty() ? "none" : unreachable);
  }
  return 0;
}

}  // namespace synack::cli
