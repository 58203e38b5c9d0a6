#include "checker/fairness.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/fairness_form.hpp"

namespace synack::checker {

namespace {

// "wf(sender)" -> {"wf", "sender"}; "fair-loss" -> {"fair-loss", ""}.
std::pair<std::string, std::string> split_call(const std::string& text) {
  auto open = text.find('(');
  if (open == std::string::npos) return {text, ""};
  if (text.back() != ')' || open + 2 > text.size() - 1)
    throw InputError(fmt::format("fairness '{}': expected NAME(ARGUMENT), as in wf(sender)", text));
  return {text.substr(0, open), text.substr(open + 1, text.size() - open - 2)};
}

Fairness::Weak weak_constraint(const std::string& text, const std::string& name,
                               const Model& model) {
  Fairness::Weak weak{text, std::vector<bool>(model.group_count(), false)};
  bool any = false;
  for (std::size_t g = 0; g < model.group_count(); ++g) {
    GroupRole role = model.group_role(g);
    bool actor_step =
        (role.kind == GroupRole::kEnv || role.kind == GroupRole::kTick) && role.actor == name;
    if (actor_step || model.group_name(g) == name) {
      // A channel's position groups are refused: the engines keep an unordered channel
      // sorted and skip a position equal to its neighbour, so a position is not a message
      // and weak fairness on one would keep a deliverable message waiting forever.
      if (!actor_step && role.kind != GroupRole::kEnv && role.kind != GroupRole::kTick)
        throw InputError(fmt::format(
            "fairness '{}': weak fairness on a channel position is not offered (equal messages "
            "share one position, so a position is not a message); use fair-loss({}), which is "
            "per message",
            text, role.channel));
      weak.groups[g] = true;
      any = true;
    }
  }
  if (any) return weak;
  std::vector<std::string> actors = model.actor_names();
  bool timed = false;
  for (std::size_t g = 0; g < model.group_count(); ++g)
    timed |= model.group_role(g).kind == GroupRole::kTick;
  if (timed) actors.push_back("clock");
  std::string reason = std::find(actors.begin(), actors.end(), name) != actors.end()
                           ? "that actor has no application calls or timers"
                           : "not an actor or a transition group";
  // wf(client) stands for each of client[0], client[1], ...: offered beside the members.
  std::vector<std::string> arrays;
  for (const std::string& actor : actors)
    if (auto open = actor.find('[');
        open != std::string::npos &&
        std::find(arrays.begin(), arrays.end(), actor.substr(0, open)) == arrays.end())
      arrays.push_back(actor.substr(0, open));
  throw InputError(fmt::format(
      "fairness '{}': {}; actors: {}{} (or a group, as in {})", text, reason,
      fmt::join(actors, ", "),
      arrays.empty() ? "" : fmt::format("; arrays, for each member: {}", fmt::join(arrays, ", ")),
      model.group_count() ? model.group_name(0) : "none"));
}

// The members NAME[0], NAME[1], ... of an array of actors or channels, among `names`.
std::vector<std::string> array_members(const std::vector<std::string>& names,
                                       const std::string& array) {
  std::vector<std::string> out;
  for (const std::string& n : names)
    if (n.size() > array.size() + 2 && n.starts_with(array + "[") && n.back() == ']' &&
        n.find_first_not_of("0123456789", array.size() + 1) == n.size() - 1)
      out.push_back(n);
  return out;
}

}  // namespace

bool Fairness::fair_channel(const std::string& channel) const {
  return std::find(fair_channels.begin(), fair_channels.end(), channel) != fair_channels.end();
}

void check_fairness_form(const std::vector<std::string>& constraints) {
  for (const std::string& text : constraints) {
    auto [kind, argument] = split_call(text);
    if ((kind == "wf" && !argument.empty()) || kind == "fair-loss") continue;
    throw InputError(
        fmt::format("fairness '{}': unknown constraint; valid: wf(ACTOR), wf(ARRAY), wf(GROUP), "
                    "fair-loss, fair-loss(CHANNEL)",
                    text));
  }
}

Fairness resolve_fairness(const std::vector<std::string>& constraints, const Model& model) {
  check_fairness_form(constraints);
  std::vector<std::string> channels;
  for (const auto& ends : model.channel_ends()) channels.push_back(ends.name);
  Fairness fairness;
  for (const std::string& text : constraints) {
    auto [kind, argument] = split_call(text);
    if (kind == "wf" && !argument.empty()) {
      std::vector<std::string> members = array_members(model.actor_names(), argument);
      if (members.empty()) members.push_back(argument);
      // An array stands for each member on its own: wf(rm) is wf(rm[0]), wf(rm[1]), ...
      for (const std::string& m : members)
        fairness.weak.push_back(weak_constraint(
            members.size() > 1 || m != argument ? fmt::format("wf({})", m) : text, m, model));
    } else {  // fair-loss: check_fairness_form lets nothing else through
      std::vector<std::string> members = array_members(channels, argument);
      if (argument.empty()) {
        fairness.fair_channels = channels;
      } else if (std::find(channels.begin(), channels.end(), argument) != channels.end()) {
        fairness.fair_channels.push_back(argument);
      } else if (!members.empty()) {
        fairness.fair_channels.insert(fairness.fair_channels.end(), members.begin(), members.end());
      } else {
        throw InputError(
            fmt::format("fairness '{}': no channel '{}'; channels: {}", text, argument,
                        channels.empty() ? "none" : fmt::format("{}", fmt::join(channels, ", "))));
      }
    }
  }
  if (fairness.weak.size() > 64)
    throw InputError("fairness: at most 64 weak fairness constraints per property");
  return fairness;
}

}  // namespace synack::checker
