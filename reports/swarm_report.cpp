#include "reports/swarm_report.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "reports/xml_escape.hpp"

namespace synack::reports {

namespace {

std::string order_text(const checker::MemberReport& m) {
  std::string order = m.index == 0 ? "model" : "shuffled";
  return m.rotates ? order + "+rotating" : order;
}

// Why a member ended, in words: it ran out of something, or its search was done.
std::string ended_text(const checker::MemberReport& m) {
  if (!m.stopped_by.empty()) return m.stopped_by;
  return m.depth_cut ? "searched to its bound" : "saw every reachable state";
}

// Property k's finding: its length, the member that found it, and how much shorter the
// member made it than the path its search took.
std::string finding_text(const SwarmRun& s, std::size_t k) {
  const checker::SwarmReport& rep = s.report;
  const checker::PropertySpec& spec = s.run->properties[k];
  if (!rep.found_by[k]) return fmt::format("{}: none found", spec.name);
  const checker::MemberReport& m = rep.members[*rep.found_by[k]];
  std::string what = spec.kind == checker::PropertyKind::kSometimes ? "witness" : "violation";
  std::string how = m.found_length[k] != m.shortened_length[k]
                        ? fmt::format(" (its search's path: {} steps, shortened to {})",
                                      m.found_length[k], m.shortened_length[k])
                        : "";
  // An assumption the trace leaves (cli/assumptions.hpp) makes the find no finding.
  std::string judged = rep.results[k].verdict == checker::Verdict::kInconclusive
                           ? fmt::format("; not a {}: {}", what, rep.results[k].limit)
                           : "";
  return fmt::format("{}: {} of {} steps, found by member {}{}{}", spec.name, what,
                     rep.results[k].trace->steps.size(), m.index, how, judged);
}

}  // namespace

std::string format_swarm_summary(const SwarmRun& s) {
  const checker::SwarmReport& rep = s.report;
  const checker::SwarmOptions& o = s.options;
  std::size_t shallowest = o.max_depth;
  for (const auto& m : rep.members) shallowest = std::min(shallowest, m.depth_bound);
  std::string out = fmt::format(
      "\nswarm {}: {} member{}, seed {}{}, {} at a time{}, depth bounds {} to {}, up to {} "
      "states each\n",
      s.run->scenario->name, rep.members.size(), rep.members.size() == 1 ? "" : "s", rep.seed,
      s.seed_drawn ? " (drawn at random; --seed repeats it)" : "", rep.threads,
      rep.ranks > 1 ? fmt::format(" on each of {} MPI ranks (member m on rank m mod {})", rep.ranks,
                                  rep.ranks)
                    : "",
      o.max_depth, shallowest, o.member_states);
  std::string distinct = rep.union_states
                             ? fmt::format("{} distinct states in all", *rep.union_states)
                             : fmt::format("over {} distinct states in all (not counted further)",
                                           checker::kMaxUnionStates);
  out += fmt::format("  {} ({} summed over members), deepest {} steps, {:.3f} s", distinct,
                     rep.sum_states, rep.max_depth, rep.seconds);
  if (rep.first_find_seconds >= 0)
    out += fmt::format("; first finding after {:.3f} s", rep.first_find_seconds);
  out += "\n  not a proof: a property without a finding is inconclusive\n";
  if (rep.some_member_complete)
    out +=
        "  a member saw every reachable state (no depth cut-off, no limit): a check without "
        "--swarm finishes and decides every property\n";
  out += fmt::format("\n  {:<6}  {:<16}  {:<17}  {:>5}  {:>10}  {:>10}  {:>7}  {}\n", "member",
                     "seed", "order", "bound", "states", "expanded", "deepest", "ended");
  for (const checker::MemberReport& m : rep.members)
    out += fmt::format("  {:<6}  {:016x}  {:<17}  {:>5}  {:>10}  {:>10}  {:>7}  {}\n", m.index,
                       m.seed, order_text(m), m.depth_bound, m.states, m.expansions, m.max_depth,
                       ended_text(m));
  out += "\n";
  for (std::size_t k = 0; k < rep.results.size(); ++k) out += "  " + finding_text(s, k) + "\n";
  return out;
}

nlohmann::json swarm_json(const SwarmRun& s) {
  const checker::SwarmReport& rep = s.report;
  nlohmann::json members = nlohmann::json::array();
  for (const checker::MemberReport& m : rep.members)
    members.push_back({{"member", m.index},
                       {"seed", m.seed},
                       {"order", order_text(m)},
                       {"depth_bound", m.depth_bound},
                       {"states", m.states},
                       {"expansions", m.expansions},
                       {"transitions", m.transitions},
                       {"deepest", m.max_depth},
                       {"ended", ended_text(m)},
                       {"seconds", m.seconds},
                       {"found_length", m.found_length},
                       {"shortened_length", m.shortened_length}});
  nlohmann::json findings = nlohmann::json::array();
  for (std::size_t k = 0; k < rep.results.size(); ++k) {
    nlohmann::json f = {{"property", rep.results[k].property},
                        {"verdict", checker::verdict_text(rep.results[k])}};
    if (rep.found_by[k]) {
      f["member"] = *rep.found_by[k];
      f["steps"] = rep.results[k].trace->steps.size();
    } else {
      f["member"] = nullptr;
    }
    findings.push_back(std::move(f));
  }
  return {{"scenario", s.run->scenario->name},
          {"members", rep.members.size()},
          {"seed", rep.seed},
          // The same as a string: JSON readers that hold numbers as doubles (JavaScript, jq
          // 1.6) round seeds past 2^53, and a rounded seed does not repeat the run.
          {"seed_text", std::to_string(rep.seed)},
          {"seed_drawn", s.seed_drawn},
          {"threads", rep.threads},
          {"ranks", rep.ranks},
          {"max_depth_bound", s.options.max_depth},
          {"member_states", s.options.member_states},
          {"union_states", rep.union_states ? nlohmann::json(*rep.union_states) : nullptr},
          {"sum_states", rep.sum_states},
          {"deepest", rep.max_depth},
          {"seconds", rep.seconds},
          {"first_finding_seconds",
           rep.first_find_seconds >= 0 ? nlohmann::json(rep.first_find_seconds) : nullptr},
          {"a_member_saw_every_state", rep.some_member_complete},
          {"proof", false},
          {"findings", findings},
          {"member_reports", members}};
}

std::string swarm_html(const SwarmRun& s) {
  std::string text = format_swarm_summary(s);
  text.erase(0, text.find_first_not_of('\n'));
  return fmt::format(
      "<section class=\"swarm\"><h3>{}: what the swarm covered</h3>\n<pre>{}</pre>"
      "</section>\n",
      xml_escape(s.run->scenario->name), xml_escape(text));
}

}  // namespace synack::reports
