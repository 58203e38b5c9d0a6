// The state view: what the explorer page shows of where the walk stands, as JSON. Step
// texts are the text traces' (reports/trace_text.hpp), slot names and values the
// declarations' (Layout), so the page, the terminal and the reports say the same things.
#include <fmt/format.h>

#include "checker/result.hpp"
#include "explore/api.hpp"
#include "reports/trace_text.hpp"

namespace synack::explore {

namespace {

using checker::Value;
using nlohmann::json;

const char* origin_kind(PathOrigin::Kind kind) {
  switch (kind) {
    case PathOrigin::kTrace:
      return "trace";
    case PathOrigin::kSearch:
      return "search";
    default:
      return "walk";
  }
}

// "c2s[0]=SYN seq=0" for every slot that differs between two states, in layout order.
json changes(const checker::Layout& layout, const std::vector<Value>& before,
             const std::vector<Value>& after) {
  json out = json::array();
  for (std::size_t i = 0; i < layout.size(); ++i)
    if (before[i] != after[i])
      out.push_back(fmt::format("{}={}", layout.slot(i).name, layout.slot(i).print(after[i])));
  return out;
}

json path_view(const Session& s) {
  json out = json::array();
  const auto& path = s.path();
  std::optional<std::size_t> cycle = s.origin().cycle_start;
  for (std::size_t i = 0; i < path.size(); ++i) {
    json entry = {{"position", i},
                  {"step", path[i].group ? reports::format_step(path[i].info) : "(initial)"},
                  {"summary", s.model().summary(path[i].state.data())}};
    // Trace step cycle_start + 1 is the first step of a lasso's cycle.
    entry["cycle_begins"] = cycle && i == *cycle + 1;
    out.push_back(std::move(entry));
  }
  return out;
}

json properties_view(const Session& s) {
  json out = json::array();
  for (std::size_t i = 0; i < s.properties().size(); ++i) {
    const checker::PropertySpec& p = s.properties()[i];
    json entry = {{"name", p.name},
                  {"kind", checker::to_string(p.kind)},
                  {"formula", checker::formula(p)},
                  {"description", p.description},
                  {"now", s.property_now(i)}};
    entry["verdict"] = nullptr;
    entry["traces"] = json::array();
    if (i < s.results().size()) {
      const checker::Result& r = s.results()[i];
      entry["verdict"] = checker::verdict_text(r);
      entry["states"] = r.states;
      entry["limit"] = r.limit;  // what cut an inconclusive check short, if anything
      if (r.vacuous) entry["vacuous_premise"] = r.premise;  // holds, asking nothing
      entry["role"] = reports::trace_role(r.kind);
      if (r.several)
        for (const checker::Trace& t : r.traces) entry["traces"].push_back(reports::trace_shape(t));
      else if (r.trace)
        entry["traces"].push_back(reports::trace_shape(*r.trace));
    }
    out.push_back(std::move(entry));
  }
  return out;
}

json steps_view(const Session& s) {
  json out = json::array();
  const checker::Model& model = s.model();
  for (const EnabledStep& step : s.enabled_steps())
    out.push_back({{"group", step.group},
                   {"text", reports::format_step(step.info)},
                   {"actor", step.info.actor},
                   {"summary", model.summary(step.after.data())},
                   {"changes", changes(model.layout(), s.current(), step.after)},
                   {"next", step.next_on_path}});
  return out;
}

}  // namespace

json state_view(const Session& s, const ScenarioTitle& title) {
  const checker::Model& model = s.model();
  const checker::Layout& layout = model.layout();
  const std::vector<Value>& state = s.current();
  const auto& path = s.path();
  const std::vector<Value>& before = s.position() > 0 ? path[s.position() - 1].state : state;

  json view = {{"scenario", title.name},
               {"params", title.params},
               {"description", title.description},
               {"position", s.position()},
               {"path", path_view(s)},
               {"summary", model.summary(state.data())},
               {"properties", properties_view(s)},
               {"steps", steps_view(s)}};
  const PathOrigin& o = s.origin();
  view["origin"] = {{"kind", origin_kind(o.kind)},
                    {"property", o.property},
                    {"role", o.role},
                    {"index", o.index},
                    {"shape", o.shape}};
  view["origin"]["cycle_start"] = o.cycle_start ? json(*o.cycle_start) : json(nullptr);
  json actors = json::array();
  std::vector<std::string> names = model.actor_names(),
                           controls = model.control_states(state.data());
  for (std::size_t i = 0; i < names.size() && i < controls.size(); ++i)
    actors.push_back({{"name", names[i]}, {"state", controls[i]}});
  view["actors"] = std::move(actors);
  json slots = json::array();
  for (std::size_t i = 0; i < layout.size(); ++i)
    slots.push_back({{"name", layout.slot(i).name},
                     {"value", layout.slot(i).print(state[i])},
                     {"changed", before[i] != state[i]}});
  view["slots"] = std::move(slots);
  const PathEntry* ahead = s.next_on_path();
  view["next"] = ahead ? json(reports::format_step(ahead->info)) : json(nullptr);
  view["proper_end"] = model.proper_end(state.data());
  return view;
}

}  // namespace synack::explore
