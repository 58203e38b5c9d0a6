#include "checker/swarm/swarm.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/step_error.hpp"
#include "checker/successors.hpp"
#include "checker/swarm/findings_words.hpp"
#include "checker/swarm/member_search.hpp"
#include "checker/swarm/state_union.hpp"
#include "checker/trace.hpp"
#include "checker/worker_pool.hpp"

namespace synack::checker {

namespace {

// The run a path of groups stands for, described step by step. A symmetry-reduced model
// steps between representatives: the trace is the real run they stand for, as the
// explicit engine's traces are (checker/trace.cpp).
Trace real_run_trace(const Model& model, const std::vector<std::size_t>& groups) {
  std::vector<std::vector<Value>> states{model.initial_state()};
  for (std::size_t g : groups) {
    std::vector<Value> next(states.back().size());
    if (!model.apply(g, states.back().data(), next.data()))
      throw InternalError("a step a swarm member took is not enabled when its path is taken again");
    states.push_back(std::move(next));
  }
  std::optional<std::vector<std::size_t>> real = model.real_run(states);
  Trace trace;
  trace.initial = std::move(states.front());
  for (std::size_t k = 0; k < groups.size(); ++k) {
    TraceStep step;
    step.group = real ? (*real)[k] : groups[k];
    const std::vector<Value>& before = k == 0 ? trace.initial : trace.steps.back().state;
    step.info = model.describe(step.group, before.data());
    step.state = std::move(states[k + 1]);
    trace.steps.push_back(std::move(step));
  }
  return trace;
}

// The members this process runs: every one, or under MPI every size()-th from its rank.
std::vector<std::size_t> own_members(const SwarmOptions& options) {
  std::vector<std::size_t> own;
  const int ranks = options.peers ? options.peers->size() : 1;
  const int rank = options.peers ? options.peers->rank() : 0;
  for (std::size_t m = static_cast<std::size_t>(rank); m < options.members;
       m += static_cast<std::size_t>(ranks))
    own.push_back(m);
  return own;
}

std::vector<MemberFindings> run_members(const Model& model, const Targets& targets,
                                        const SwarmOptions& options, unsigned threads,
                                        SwarmClock::time_point start, StateUnion& visited) {
  std::vector<MemberFindings> findings(options.members);
  const std::vector<std::size_t> own = own_members(options);
  std::atomic<std::size_t> next{0};
  std::mutex progress;
  std::size_t done = 0;
  auto work = [&] {
    for (std::size_t i = next++; i < own.size(); i = next++) {
      const std::size_t m = own[i];
      MemberPlan plan = plan_member(options.seed, m, model.group_count(), options.max_depth);
      findings[m] = search_member(model, targets, plan, options, start);
      visited.add(findings[m].hashes);
      std::vector<std::uint64_t>().swap(findings[m].hashes);
      std::lock_guard lock(progress);
      ++done;
      if (options.member_done) options.member_done(done);
    }
  };
  std::vector<std::thread> pool;
  try {
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  } catch (const std::system_error& e) {
    // Threads started finish the member they are on and take no other.
    next = own.size();
    for (std::thread& t : pool) t.join();
    refuse_threads(threads, static_cast<unsigned>(pool.size()) + 1, e);
  } catch (...) {  // out of memory adding one: joined as above, then exit 3 as such
    next = own.size();
    for (std::thread& t : pool) t.join();
    throw;
  }
  work();
  for (std::thread& t : pool) t.join();
  // Under MPI every rank hands every other what its members found: all then merge the
  // same findings, as one process would.
  if (options.peers) {
    const auto all = options.peers->gather(findings_to_words(findings, own));
    for (std::size_t r = 0; r < all.size(); ++r)
      if (static_cast<int>(r) != options.peers->rank())
        findings_from_words(all[r], targets.size(), findings);
  }
  return findings;
}

// Members fail in member order, whatever order the threads met the failures in; a step
// that leaves a declared range is reported on the shortest run any member found to it.
void rethrow_failures(const Model& model, const std::vector<MemberFindings>& findings) {
  for (const MemberFindings& f : findings)
    if (f.error) std::rethrow_exception(f.error);
  const StepFailure* shortest = nullptr;
  for (const MemberFindings& f : findings)
    if (f.step_failure && (!shortest || f.step_failure->path.size() < shortest->path.size()))
      shortest = &*f.step_failure;
  if (shortest)
    throw_step_error(model, real_run_trace(model, shortest->path), shortest->group,
                     InputError(shortest->what), "swarm");
}

}  // namespace

SwarmReport run_swarm(const Model& model, const std::vector<PropertySpec>& properties,
                      const SwarmOptions& options) {
  if (auto open = model.open_initial_slots(); !open.empty())
    throw InputError(fmt::format(
        "{} starts at a value left open for the Z3 engines; a swarm starts from one initial "
        "state: pin it (tcp.isn=pinned)",
        model.layout().slot(open.front()).name));
  if (options.members == 0) throw InputError("--swarm: give at least one member");
  Targets targets(model, properties);
  const auto start = SwarmClock::now();
  SwarmReport report;
  report.seed = options.seed;
  report.ranks = options.peers ? options.peers->size() : 1;
  report.threads = static_cast<unsigned>(
      std::min<std::size_t>(expansion_threads(model, options.threads),
                            std::max<std::size_t>(1, own_members(options).size())));
  StateUnion visited(kMaxUnionStates);
  std::vector<MemberFindings> findings =
      run_members(model, targets, options, report.threads, start, visited);
  rethrow_failures(model, findings);

  report.union_states =
      options.peers ? options.peers->count_distinct(visited.take_distinct(), kMaxUnionStates)
                    : visited.size();
  std::uint64_t transitions = 0;
  std::size_t store_bytes = 0;
  for (MemberFindings& f : findings) {
    report.sum_states += f.report.states;
    transitions += f.report.transitions;
    store_bytes = std::max(store_bytes, f.store_bytes);
    report.max_depth = std::max(report.max_depth, f.report.max_depth);
    report.some_member_complete |= f.report.stopped_by.empty() && !f.report.depth_cut;
    double first = f.report.first_find_seconds;
    if (first >= 0 && (report.first_find_seconds < 0 || first < report.first_find_seconds))
      report.first_find_seconds = first;
    report.members.push_back(std::move(f.report));
  }

  report.found_by.resize(properties.size());
  for (std::size_t k = 0; k < properties.size(); ++k) {
    const PropertySpec& spec = properties[k];
    // The shortest finding, the lowest member among equally short ones: the same on every
    // run, whichever member finished first.
    const std::vector<std::size_t>* best = nullptr;
    for (std::size_t m = 0; m < findings.size(); ++m) {
      const auto& path = findings[m].paths[k];
      if (path && (!best || path->size() < best->size())) {
        best = &*path;
        report.found_by[k] = m;
      }
    }
    Result r;
    r.property = spec.name;
    r.kind = spec.kind;
    r.engine = "swarm";
    r.states = report.union_states.value_or(report.sum_states);
    r.transitions = transitions;
    r.store_bytes = store_bytes;
    r.store = store_name(options.store);
    r.depth = report.max_depth;
    if (best) {
      r.trace = real_run_trace(model, *best);
      verify_by_replay(model, *r.trace);
      r.depth = r.trace->steps.size();
      // A witness proves a sometimes; a violation disproves an always or a deadlock freedom.
      r.verdict = spec.kind == PropertyKind::kSometimes ? Verdict::kHolds : Verdict::kViolated;
    } else {
      r.verdict = Verdict::kInconclusive;
      r.limit = kSwarmNotAProof;
    }
    report.results.push_back(std::move(r));
  }
  report.seconds = std::chrono::duration<double>(SwarmClock::now() - start).count();
  for (Result& r : report.results) r.seconds = report.seconds;
  return report;
}

}  // namespace synack::checker
