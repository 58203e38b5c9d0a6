#include "checker/simulate.hpp"

#include <algorithm>
#include <random>
#include <stdexcept>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/expr.hpp"
#include "checker/step_error.hpp"
#include "checker/trace.hpp"

namespace synack::checker {

namespace {

struct Watched {
  const PropertySpec* spec = nullptr;
  std::optional<Expr> expr;       // none: liveness, or deadlock-free with the declared ends
  std::vector<std::size_t> best;  // groups of the shortest path found so far, if kept
  std::uint64_t shortest = 0;     // its length
  bool found = false;
};

// The steps of a path as a trace: the states again (apply is deterministic) and what each
// step did, in words.
Trace trace_of(const Model& model, const std::vector<std::size_t>& groups) {
  Trace trace;
  trace.initial = model.initial_state();
  std::vector<Value> current = trace.initial;
  for (std::size_t g : groups) {
    TraceStep step;
    step.group = g;
    step.info = model.describe(g, current.data());
    step.state.resize(current.size());
    if (!model.apply(g, current.data(), step.state.data()))
      throw InternalError("a simulated step is not enabled when the path is taken again");
    current = step.state;
    trace.steps.push_back(std::move(step));
  }
  return trace;
}

// What trace_of(model, groups) would hold: the path taken again, each step described and
// counted, then dropped.
std::size_t trace_bytes(const Model& model, const std::vector<std::size_t>& groups) {
  std::vector<Value> current = model.initial_state();
  std::size_t bytes = 0;
  TraceStep step;
  for (std::size_t g : groups) {
    step.group = g;
    step.info = model.describe(g, current.data());
    step.state.resize(current.size());
    if (!model.apply(g, current.data(), step.state.data()))
      throw InternalError("a simulated step is not enabled when the path is taken again");
    current.swap(step.state);
    bytes += trace_step_bytes(step);
  }
  return bytes;
}

class Walker {
 public:
  Walker(const Model& model, const std::vector<PropertySpec>& specs,
         const SimulationOptions& options)
      : model_(model), options_(options), rng_(options.seed) {
    if (auto open = model.open_initial_slots(); !open.empty())
      throw InputError(fmt::format(
          "{} starts at a value left open for the Z3 engines; a simulation starts from one "
          "initial state: pin it (tcp.isn=pinned)",
          model.layout().slot(open.front()).name));
    for (const PropertySpec& spec : specs) {
      Watched w;
      w.spec = &spec;
      bool declared_ends = spec.kind == PropertyKind::kDeadlockFree && spec.expression.empty();
      if (!is_liveness(spec.kind) && !declared_ends)
        w.expr = Expr::parse(spec.expression, model.layout());
      watched_.push_back(std::move(w));
    }
    report_.properties.resize(specs.size());
    for (std::size_t k = 0; k < specs.size(); ++k)
      report_.properties[k].checked = !is_liveness(specs[k].kind);
    const std::size_t slots = model.layout().size();
    successors_.resize(slots * model.group_count());
    report_.group_steps.assign(model.group_count(), 0);
    if (!options.weights.empty() && options.weights.size() != model.group_count())
      throw std::logic_error("simulate: one weight per transition group expected");
  }

  SimulationReport run() {
    for (std::uint64_t r = 1; r <= options_.runs; ++r) {
      if (options_.interrupted && options_.interrupted->load(std::memory_order_relaxed)) {
        report_.interrupted = true;
        break;
      }
      walk(r);
      ++report_.runs;
    }
    std::size_t budget = options_.max_memory_bytes;
    for (std::size_t k = 0; k < watched_.size(); ++k) {
      SimulatedProperty& property = report_.properties[k];
      property.shortest = watched_[k].shortest;
      if (!watched_[k].found) continue;
      if (watched_[k].shortest > options_.max_trace_steps) {
        property.not_built = fmt::format("longer than --max-trace {}", options_.max_trace_steps);
        continue;
      }
      const std::size_t bytes = trace_bytes(model_, watched_[k].best);
      if (bytes > budget) {
        property.not_built =
            fmt::format("its {} steps would take {} MB, more than the {} MB of --max-memory left",
                        watched_[k].best.size(), bytes >> 20, budget >> 20);
        continue;
      }
      budget -= bytes;
      Trace trace = trace_of(model_, watched_[k].best);
      verify_by_replay(model_, trace);
      property.trace = std::move(trace);
    }
    return std::move(report_);
  }

 private:
  void walk(std::uint64_t run) {
    const std::size_t slots = model_.layout().size();
    std::vector<Value> current = model_.initial_state();
    path_.clear();
    length_ = 0;
    hit_.assign(watched_.size(), false);
    check_state(current.data(), run);
    std::vector<std::size_t> enabled;
    for (std::uint64_t step = 0;; ++step) {
      enabled.clear();
      for (std::size_t g = 0; g < model_.group_count(); ++g)
        if (apply(g, current.data(), &successors_[enabled.size() * slots])) enabled.push_back(g);
      if (enabled.empty()) {
        ++report_.dead_ends;
        check_dead_end(current.data(), run);
        return;
      }
      if (step == options_.steps) return;
      std::optional<std::size_t> pick = choose(enabled);
      if (!pick) {
        ++report_.zero_weight_ends;
        return;
      }
      std::copy_n(&successors_[*pick * slots], slots, current.data());
      // Past max_trace_steps no trace will be built from this run: its length is enough.
      if (++length_ <= options_.max_trace_steps) path_.push_back(enabled[*pick]);
      ++report_.group_steps[enabled[*pick]];
      ++report_.steps;
      check_state(current.data(), run);
    }
  }

  // A user's mistake in a machine (a variable out of range, a guard that throws) is
  // reported with the run that leads there, as the explicit engine reports it, when the
  // run is all kept (up to max_trace_steps).
  bool apply(std::size_t g, const Value* from, Value* to) {
    try {
      return model_.apply(g, from, to);
    } catch (const StepError&) {
      throw;
    } catch (const InputError& e) {
      if (path_.size() != length_) throw;
      throw_step_error(model_, trace_of(model_, path_), g, e, "simulate");
    }
  }

  // An index into `enabled`: uniformly, or in proportion to the weights (in millionths,
  // integers, so the same seed picks the same on every platform); none when every
  // enabled group weighs 0.
  std::optional<std::size_t> choose(const std::vector<std::size_t>& enabled) {
    if (options_.weights.empty()) return static_cast<std::size_t>(rng_() % enabled.size());
    std::uint64_t total = 0;
    for (std::size_t g : enabled) total += options_.weights[g];
    if (total == 0) return std::nullopt;
    std::uint64_t point = rng_() % total;
    for (std::size_t i = 0;; ++i) {
      if (point < options_.weights[enabled[i]]) return i;
      point -= options_.weights[enabled[i]];
    }
  }

  void check_state(const Value* state, std::uint64_t run) {
    for (std::size_t k = 0; k < watched_.size(); ++k) {
      const Watched& w = watched_[k];
      PropertyKind kind = w.spec->kind;
      if (kind != PropertyKind::kAlways && kind != PropertyKind::kSometimes) continue;
      if ((kind == PropertyKind::kAlways) != w.expr->holds(state)) record(k, run);
    }
  }

  void check_dead_end(const Value* state, std::uint64_t run) {
    for (std::size_t k = 0; k < watched_.size(); ++k) {
      const Watched& w = watched_[k];
      if (w.spec->kind != PropertyKind::kDeadlockFree) continue;
      if (!(w.expr ? w.expr->holds(state) : model_.proper_end(state))) record(k, run);
    }
  }

  // The first time in this run: count the run, and keep the path if it is the shortest.
  void record(std::size_t k, std::uint64_t run) {
    if (hit_[k]) return;
    hit_[k] = true;
    ++report_.properties[k].runs_hit;
    Watched& w = watched_[k];
    if (w.found && w.shortest <= length_) return;
    w.found = true;
    w.shortest = length_;
    if (length_ <= options_.max_trace_steps)
      w.best = path_;
    else
      w.best.clear();
    report_.properties[k].found_in_run = run;
  }

  const Model& model_;
  const SimulationOptions& options_;
  std::mt19937_64 rng_;
  std::vector<Watched> watched_;
  std::vector<Value> successors_;  // one state per group, the enabled ones first
  std::vector<std::size_t> path_;  // groups taken in the current run, up to max_trace_steps
  std::uint64_t length_ = 0;       // steps taken in the current run
  std::vector<bool> hit_;          // per property: already counted in the current run
  SimulationReport report_;
};

}  // namespace

SimulationReport simulate(const Model& model, const std::vector<PropertySpec>& properties,
                          const SimulationOptions& options) {
  Walker walker(model, properties, options);
  return walker.run();
}

}  // namespace synack::checker
