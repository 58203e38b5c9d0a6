#include "checker/smt/unmoved_actor_lemmas.hpp"

#include "checker/smt/control_state.hpp"

#include <map>
#include <optional>
#include <regex>
#include <string>
#include <utility>

namespace synack::checker::smt {
namespace {

// The presence flags of each channel among the system's variables ("s2r[0].present", ...).
std::vector<std::vector<std::size_t>> channel_flags(const std::vector<SmtVar>& vars,
                                                    std::size_t n) {
  static const std::regex flag(R"((.*)\[[0-9]+\]\.present)");
  std::map<std::string, std::vector<std::size_t>> by_channel;
  std::smatch m;
  for (std::size_t i = 0; i < n; ++i)
    if (std::regex_match(vars[i].name, m, flag)) by_channel[m[1].str()].push_back(i);
  std::vector<std::vector<std::size_t>> out;
  for (auto& [name, flags] : by_channel) out.push_back(std::move(flags));
  return out;
}

// A field of a message in a channel position ("r2s[0].bit"), and the product's flag "the
// saved message at that position was delivered since the save" (fair links only).
struct SavedField {
  std::size_t field, delivered;
};

std::vector<SavedField> saved_message_fields(const std::vector<SmtVar>& vars, std::size_t n) {
  static const std::regex field(R"(((.*)\[[0-9]+\])\.(.*))");
  std::map<std::string, std::size_t> flags;
  for (std::size_t i = n; i < vars.size(); ++i) flags.emplace(vars[i].name, i);
  std::vector<SavedField> out;
  std::smatch m;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::regex_match(vars[i].name, m, field) || m[3].str() == "present") continue;
    auto flag = flags.find("fair.delivered(saved " + m[1].str() + ")");
    if (flag != flags.end()) out.push_back({i, flag->second});
  }
  return out;
}

// The product's flag "the saved message at this channel position was delivered since the
// save", for a presence flag ("s2r[0].present"); none for a link without fair loss.
std::optional<std::size_t> delivered_flag(const std::vector<SmtVar>& vars, std::size_t present,
                                          std::size_t n) {
  const std::string& name = vars[present].name;
  std::string position = name.substr(0, name.size() - std::string(".present").size());
  for (std::size_t i = n; i < vars.size(); ++i)
    if (vars[i].name == "fair.delivered(saved " + position + ")") return i;
  return std::nullopt;
}

// The system's variables by actor: the prefix before the first '.', channels left out.
std::map<std::string, std::vector<std::size_t>> actors(const std::vector<SmtVar>& vars,
                                                       std::size_t n) {
  std::map<std::string, std::vector<std::size_t>> out;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& name = vars[i].name;
    std::size_t dot = name.find('.');
    if (dot == std::string::npos || name.find('[') < dot) continue;
    out[name.substr(0, dot)].push_back(i);
  }
  return out;
}

}  // namespace

// Matching messages are proposed only where the unmoved variable, the field and the
// actor's variable each have at most this many values (a bit, a message counter): with
// TCP's sequence numbers (8 values and up) too, tcp/handshake-loss had 12,660 templates
// (capacity 1), and 4,740 with the fields and variables alone restricted.
constexpr std::int64_t kMatchingValues = 4;

std::vector<Candidate> unmoved_actor_candidates(const LivenessToSafety& product) {
  const auto& vars = product.state_vars();
  const std::size_t n = static_cast<std::size_t>(product.system_state_count());
  const auto channels = channel_flags(vars, n);
  const auto saved_fields = saved_message_fields(vars, n);
  auto copy = [&](std::size_t i) { return product.copy_index(i); };
  std::vector<Candidate> out;
  for (const auto& [actor, members] : actors(vars, n)) {
    // The actor's positions: each value of its control state, or just "saved".
    std::optional<std::size_t> control;
    for (std::size_t i : members)
      if (is_control_state(vars[i])) control = i;
    std::vector<std::pair<std::size_t, std::int64_t>> positions;
    if (control)
      for (std::int64_t v = vars[*control].lo; v <= vars[*control].hi; ++v)
        positions.emplace_back(*control, v);
    else
      positions.emplace_back(product.saved_index(), 1);
    for (std::size_t x : members) {
      if (x == control) continue;
      for (const auto& [g, v] : positions) {
        const std::pair<std::size_t, std::size_t> unmoved{x, copy(x)};
        if (control) out.push_back(guarded_by(exactly(copy(g), v), g, v, {unmoved}));
        for (const auto& flags : channels) {
          Candidate fewer{};
          fewer.kind = Candidate::kFlightCount;
          fewer.sum = flags;
          for (std::size_t f : flags) fewer.minus.push_back(copy(f));
          fewer.lo = -static_cast<std::int64_t>(flags.size());
          fewer.hi = 0;
          out.push_back(guarded_by(fewer, g, v, {unmoved}));
          // One fewer again once the saved message at p is delivered.
          for (std::size_t p = 0; p < flags.size(); ++p) {
            auto delivered = delivered_flag(vars, flags[p], n);
            if (!delivered) continue;
            Candidate gone = fewer;
            gone.sum.push_back(*delivered);
            out.push_back(guarded_by(std::move(gone), g, v, {unmoved}));
          }
        }
        if (vars[x].hi - vars[x].lo >= kMatchingValues) continue;
        for (const SavedField& m : saved_fields)
          for (std::size_t y : members)
            if (y != control && vars[y].lo == vars[m.field].lo && vars[y].hi == vars[m.field].hi &&
                vars[y].hi - vars[y].lo < kMatchingValues)
              out.push_back(
                  guarded_by(exactly(m.delivered, 0), g, v, {unmoved, {copy(m.field), copy(y)}}));
      }
    }
  }
  return out;
}

}  // namespace synack::checker::smt
