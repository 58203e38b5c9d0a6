#include "checker/unhandled.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/state_store.hpp"
#include "checker/symmetry/symmetric_model.hpp"

namespace synack::checker {

// The list is of states reached from one initial state: a value left open for the Z3
// engines would be listed at the one value initial_state() happens to hold.
void require_one_initial_state(const Model& model) {
  if (auto open = model.open_initial_slots(); !open.empty())
    throw InputError(fmt::format(
        "--unhandled and --coverage explore from one initial state, and {} starts at a value "
        "left open: pin it (tcp.isn=pinned)",
        model.layout().slot(open.front()).name));
}

UnhandledReport unhandled_inputs(const Model& model, const Limits& limits) {
  const Layout& layout = model.layout();
  require_one_initial_state(model);
  const auto start = std::chrono::steady_clock::now();
  // It runs after the check, with --max-seconds again from its own start; an interrupt
  // stops it as it stops the engines.
  auto out_of_time = [&] {
    if (limits.interrupt_requested()) return true;
    if (limits.max_seconds <= 0) return false;
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >=
           limits.max_seconds;
  };
  StateStore store(layout, limits.store);
  std::vector<std::uint64_t> packed(layout.words());
  std::vector<Value> state(layout.size()), next(layout.size());
  std::vector<std::string> actors = model.actor_names();
  std::vector<std::size_t> deliveries;
  for (std::size_t g = 0; g < model.group_count(); ++g)
    if (model.group_role(g).kind == GroupRole::kDeliver) deliveries.push_back(g);

  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, UnhandledInput> found;
  std::map<Key, std::uint32_t> last_state;  // count each state once per input
  UnhandledReport report;
  report.representatives = dynamic_cast<const SymmetricModel*>(&model) != nullptr;
  std::vector<Value> initial = model.initial_state();
  layout.pack(initial.data(), packed.data());
  store.insert(packed.data(), StateStore::kNoParent);
  for (std::uint32_t i = 0; i < store.size(); ++i) {
    if (i % 1024 == 0 && out_of_time()) {
      report.complete = false;
      break;
    }
    store.unpack(i, layout, state.data());
    std::vector<std::string> controls = model.control_states(state.data());
    for (std::size_t g : deliveries) {
      StepInfo info = model.describe(g, state.data());
      if (info.outcome != "discarded") continue;
      auto at = std::find(actors.begin(), actors.end(), info.actor);
      std::string control =
          at != actors.end() ? controls.at(static_cast<std::size_t>(at - actors.begin())) : "";
      Key key{info.actor, control, info.event};
      auto [it, fresh] = found.try_emplace(key);
      if (fresh) it->second = {info.actor, control, info.event, info.message, 0};
      auto [seen, first] = last_state.try_emplace(key, i);
      if (first || seen->second != i) ++it->second.states;
      seen->second = i;
    }
    for (std::size_t g = 0; g < model.group_count(); ++g) {
      if (!model.apply(g, state.data(), next.data())) continue;
      layout.pack(next.data(), packed.data());
      if (store.size() >= limits.max_states || store.bytes() > limits.max_memory_bytes) {
        report.complete = false;
        break;
      }
      if (!store.insert(packed.data(), i)) {
        report.complete = false;
        break;
      }
    }
    if (!report.complete) break;
  }
  report.states = store.size();
  for (auto& [key, input] : found) report.inputs.push_back(std::move(input));
  return report;
}

}  // namespace synack::checker
